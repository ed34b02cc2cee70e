/**
 * How specific a part is, compared as Werkzeug compares its weighting tuples: more static
 * pieces first, longer static text first, then more converters, then lighter converters.
 */
export interface Weighting {
  readonly staticCount: number;
  readonly staticLengths: readonly number[];
  readonly converterCount: number;
  readonly converterWeights: readonly number[];
}

export function compareWeighting(a: Weighting, b: Weighting): number {
  return (
    b.staticCount - a.staticCount ||
    compareLists(a.staticLengths.map((n) => -n), b.staticLengths.map((n) => -n)) ||
    b.converterCount - a.converterCount ||
    compareLists(a.converterWeights, b.converterWeights)
  );
}

function compareLists(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = a[i]! - b[i]!;
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}
