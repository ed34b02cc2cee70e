/** Keyword arguments as nunjucks passes them: `f(a, b=1)` arrives as `f(a, { b: 1, __keywords: true })`. */

/** Splits the trailing keywords object from the positional arguments. */
export function splitKeywords(args: readonly unknown[]): { keywords: Record<string, unknown>; positional: unknown[] } {
  const last = args[args.length - 1];
  if (typeof last === "object" && last !== null && Object.prototype.hasOwnProperty.call(last, "__keywords")) {
    const { __keywords: _, ...keywords } = last as Record<string, unknown>;
    return { keywords, positional: args.slice(0, -1) };
  }
  return { keywords: {}, positional: [...args] };
}

/**
 * The arguments of a call in the order of `names`, positional first and then
 * by keyword, as Python binds `f(1, b=2)`; a missing one is `undefined`.
 */
export function bindArguments(callee: string, names: readonly string[], args: readonly unknown[]): unknown[] {
  const { keywords, positional } = splitKeywords(args);
  if (positional.length > names.length) {
    throw new TypeError(`${callee}() takes at most ${names.length} argument${names.length === 1 ? "" : "s"} (${positional.length} given)`);
  }
  const bound = names.map((name, i) => (i < positional.length ? positional[i] : keywords[name]));
  for (const name of Object.keys(keywords)) {
    if (!names.includes(name)) throw new TypeError(`${callee}() got an unexpected keyword argument '${name}'`);
  }
  return bound;
}
