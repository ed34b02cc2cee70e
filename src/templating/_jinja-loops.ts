/**
 * What `{% for %}` needs at run time to loop as Jinja's: over a dict's keys,
 * over the items a trailing `if` keeps, and with `loop.cycle`,
 * `loop.changed`, `loop.previtem`, `loop.nextitem` and `loop.depth`. The
 * compiler (`_jinja-syntax.ts`) emits the calls.
 */
import { isPlainObject, toList } from "./_python-values.js";

/**
 * The loop's items: a dict's or `Map`'s keys for one name, their
 * `(key, value)` pairs for two or more; anything else as nunjucks iterates it.
 */
export function jinjaIterable(value: unknown, pairs: boolean): unknown {
  if (value instanceof Map) return pairs ? [...value.entries()] : [...value.keys()];
  if (isPlainObject(value)) return pairs ? Object.entries(value) : Object.keys(value);
  return value;
}

/** `{% for x in items if keep(x) %}`: the items kept, so `loop.index`, `loop.length` and `{% else %}` count only them. */
export function jinjaLoopFilter(value: unknown, pairs: boolean, keep: (item: unknown) => boolean): unknown[] {
  return toList(jinjaIterable(value, pairs)).filter(keep);
}

/** `loop.cycle('odd', 'even')` at the `index0`th item. */
export function jinjaCycle(index0: number): (...values: unknown[]) => unknown {
  return (...values) => values[index0 % values.length];
}

/** `loop.changed(value, ...)`: true the first time and whenever the values differ from the last call's. */
export function jinjaChanged(): (...values: unknown[]) => boolean {
  let last: unknown[] | undefined;
  return (...values) => {
    const changed = last === undefined || last.length !== values.length || values.some((value, i) => value !== last![i]);
    last = values;
    return changed;
  };
}

/** `{% set a, b = pair %}`: the pair's items, as many as there are names. */
export function jinjaUnpack(value: unknown, count: number): unknown[] {
  const items = toList(value);
  if (items.length !== count) {
    throw new TypeError(`set: ${items.length < count ? "not enough" : "too many"} values to unpack (expected ${count}, got ${items.length})`);
  }
  return items;
}
