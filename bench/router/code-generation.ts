/**
 * Counts the code a router generates at run time, from strings: `Function`
 * (with or without `new`), its async and generator siblings, and `eval`.
 * Runtimes such as Workers refuse all of these, so flagon's speed goal
 * compares it only with routers that do without them.
 *
 * Not covered: `node:vm` (Node-only) and `WebAssembly` (compiles bytes, not
 * strings); none of the measured routers import either.
 */

/** How many functions or evals were made, by the constructor that made them. */
export type CodeCounts = Record<string, number>;

export interface CodeWatch {
  readonly counts: Readonly<CodeCounts>;
  /** Puts the real constructors back, so timed code runs untouched. */
  restore(): void;
}

/** One function of each kind; their prototypes' `constructor` is how code reaches the non-global constructors. */
const SAMPLES: readonly (readonly [string, object])[] = [
  ["Function", function () {}],
  ["AsyncFunction", async function () {}],
  ["GeneratorFunction", function* () {}],
  ["AsyncGeneratorFunction", async function* () {}],
];

export function watchCodeGeneration(): CodeWatch {
  const counts: CodeCounts = {};
  const undo: (() => void)[] = [];

  const swap = (owner: object, key: string, value: unknown): void => {
    const original = Object.getOwnPropertyDescriptor(owner, key);
    if (!original) throw new Error(`nothing to watch at ${key}`);
    Object.defineProperty(owner, key, { ...original, value });
    undo.push(() => Object.defineProperty(owner, key, original));
  };
  const counting = (real: (...args: unknown[]) => unknown, kind: string): unknown =>
    new Proxy(real, {
      construct(target, args, newTarget) {
        counts[kind] = (counts[kind] ?? 0) + 1;
        return Reflect.construct(target, args, newTarget) as object;
      },
      apply(target, self, args) {
        counts[kind] = (counts[kind] ?? 0) + 1;
        return Reflect.apply(target, self, args);
      },
    });

  for (const [kind, sample] of SAMPLES) {
    const prototype = Object.getPrototypeOf(sample) as { constructor: (...args: unknown[]) => unknown };
    const proxy = counting(prototype.constructor, kind);
    swap(prototype, "constructor", proxy);
    // Same proxy, so `fn.constructor === Function` still holds for code that checks.
    if (kind === "Function") swap(globalThis, "Function", proxy);
  }
  // A direct `eval(...)` in sloppy code becomes an indirect one while watched
  // (it no longer sees local variables); it is still counted.
  swap(globalThis, "eval", counting(globalThis.eval as (...args: unknown[]) => unknown, "eval"));

  return {
    counts,
    restore() {
      for (const put of undo.reverse()) put();
      undo.length = 0;
    },
  };
}

/** Total of all kinds. */
export const totalCode = (counts: Readonly<CodeCounts>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** "1,324 functions", "2 evals" or "57 functions, 2 evals". */
export function describeCode(counts: Readonly<CodeCounts>): string {
  const evals = counts.eval ?? 0;
  const functions = totalCode(counts) - evals;
  const plural = (n: number, word: string): string => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
  return [functions ? plural(functions, "function") : "", evals ? plural(evals, "eval") : ""].filter(Boolean).join(", ");
}
