/**
 * Template values as Python sees them: `str()` and `repr()` (so `None`
 * prints as `None`, not `null`), `==`, and iteration (a dict iterates its keys).
 */

/** Python's `str()`: strings as they are, `None`, `True`, `[1, 'a']`, `{'k': 'v'}`. */
export function pyStr(value: unknown): string {
  if (typeof value === "string") return value;
  // nunjucks' SafeString (Jinja's Markup) is a String object.
  if (value instanceof String) return value.toString();
  return pyRepr(value);
}

/** Python's `repr()`: strings quoted, containers with their items' repr. */
export function pyRepr(value: unknown): string {
  return reprOf(value, false, new Set());
}

/** `repr()` with each dict's keys sorted, as `pprint` writes dicts. */
export function pyReprSorted(value: unknown): string {
  return reprOf(value, true, new Set());
}

/**
 * `within` holds the containers being written around this value: one met again
 * is written `[...]` or `{...}`, as Python writes a list that holds itself.
 */
function reprOf(value: unknown, sorted: boolean, within: Set<object>): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return Number.isNaN(value) ? "nan" : Number.isFinite(value) ? String(value) : value > 0 ? "inf" : "-inf";
  if (typeof value === "string" || value instanceof String) return quote(value.toString());
  // A function's source is the app's code, not a value to show: Python writes `<function name at 0x…>`.
  if (typeof value === "function") return `<function ${value.name || "<anonymous>"}>`;
  if (typeof value !== "object" || hasOwnText(value)) return String(value);
  const open = Array.isArray(value) ? "[" : "{";
  if (within.has(value)) return `${open}...${open === "[" ? "]" : "}"}`;
  within.add(value);
  const item = (entry: unknown): string => reprOf(entry, sorted, within);
  try {
    if (Array.isArray(value)) return `[${value.map(item).join(", ")}]`;
    if (value instanceof Set) return value.size === 0 ? "set()" : `{${[...value].map(item).join(", ")}}`;
    const pairs = dictPairs(value);
    if (pairs === undefined) return String(value);
    if (sorted) pairs.sort(([a], [b]) => pyOrder(a, b));
    return `{${pairs.map(([key, entry]) => `${typeof key === "string" ? quote(key) : item(key)}: ${item(entry)}`).join(", ")}}`;
  } finally {
    within.delete(value);
  }
}

/** A dict's (a plain object's or a `Map`'s) key-value pairs; `undefined` for any other object. */
function dictPairs(value: object): [unknown, unknown][] | undefined {
  if (value instanceof Map) return [...(value as Map<unknown, unknown>).entries()];
  return isPlainObject(value) ? Object.entries(value) : undefined;
}

/** An object that says how it prints (a `toString()` of its own, as `self` has), not a dict to write out. */
function hasOwnText(value: object): boolean {
  const { toString } = value as { toString?: unknown };
  return typeof toString === "function" && toString !== Object.prototype.toString && isPlainObject(value);
}

function quote(text: string): string {
  // As Python: single quotes unless the text holds a single quote and no double quote.
  const mark = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text.replace(
    /[\\\x00-\x1f\x7f]/g,
    (c) => ({ "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
  return mark + (mark === "'" ? escaped.replaceAll("'", "\\'") : escaped) + mark;
}

/** The order of `sorted()` for values `<` compares alike in Python and JavaScript (numbers, strings). */
export function pyOrder(a: unknown, b: unknown): number {
  return (a as never) < (b as never) ? -1 : (a as never) > (b as never) ? 1 : 0;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The length of `text` as Python counts it, in code points. Spreading every
 * string into an array to count cost `truncate` about 1 µs a call; only text
 * holding a surrogate pair needs it.
 */
export function codePoints(text: string): number {
  return SURROGATE.test(text) ? [...text].length : text.length;
}

/** The first `count` code points of `text`. */
export function firstCodePoints(text: string, count: number): string {
  return SURROGATE.test(text) ? [...text].slice(0, count).join("") : text.slice(0, count);
}

/** A string, or a safe string (nunjucks' `SafeString`, a String object). */
export function isText(value: unknown): value is string | String {
  return typeof value === "string" || value instanceof String;
}

/** What `{{ value }}` prints before escaping, as Jinja's: Python's `str()`, and nothing for an undefined value. */
export function printed(value: unknown): string {
  if (typeof value === "string") return value;
  return value === undefined ? "" : pyStr(value);
}

/**
 * Python's `a == b`: lists, dicts and sets equal by their items, a number never
 * equals its text (`1 == '1'` is false), `True == 1`, and a safe string equals
 * its text. Other objects are equal only to themselves, a `Date` to the same
 * instant. `none` equals an undefined value, unlike Jinja's `Undefined`: data
 * from JavaScript leaves out (undefined) what Python's holds as `None`, as
 * `dict.get()` gives.
 */
export function pyEquals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left === null || left === undefined || right === null || right === undefined) return (left ?? null) === (right ?? null);
  if (typeof left !== "object" || typeof right !== "object") {
    if (isNumeric(left) && isNumeric(right)) return Number(left) === Number(right);
    // Or a safe string on one side.
    return isText(left) && isText(right) && String(left) === String(right);
  }
  if (Array.isArray(left)) return Array.isArray(right) && left.length === right.length && left.every((item, i) => pyEquals(item, right[i]));
  if (left instanceof String) return right instanceof String && String(left) === String(right);
  if (left instanceof Date) return right instanceof Date && left.getTime() === right.getTime();
  if (left instanceof Set) return right instanceof Set && left.size === right.size && [...left].every((item) => right.has(item));
  const leftPairs = dictPairs(left);
  const rightPairs = leftPairs && dictPairs(right);
  if (leftPairs === undefined || rightPairs === undefined || leftPairs.length !== rightPairs.length) return false;
  const lookup = right instanceof Map ? (right as Map<unknown, unknown>) : new Map(rightPairs);
  return leftPairs.every(([key, item]) => lookup.has(key) && pyEquals(item, lookup.get(key)));
}

/** A number, or a boolean, which Python counts as 0 or 1. */
function isNumeric(value: unknown): value is number | boolean {
  return typeof value === "number" || typeof value === "boolean";
}

/** An object literal (or a null-prototype map such as the session's view): a dict to Jinja. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The items a Jinja `for` would see: a dict's and a Map's keys, a string's characters, nothing for none. */
export function toList(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === "string" || value instanceof String) return [...value.toString()];
  if (value instanceof Map) return [...value.keys()];
  if (typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function") return [...(value as Iterable<unknown>)];
  if (typeof value === "object") return Object.keys(value);
  throw new TypeError(`${pyRepr(value)} is not iterable`);
}
