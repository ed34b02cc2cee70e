/**
 * Template values as Python sees them: `str()` and `repr()` (so `None`
 * prints as `None`, not `null`), and iteration (a dict iterates its keys).
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
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return Number.isNaN(value) ? "nan" : Number.isFinite(value) ? String(value) : value > 0 ? "inf" : "-inf";
  if (typeof value === "string" || value instanceof String) return quote(value.toString());
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (isPlainObject(value)) return `{${Object.entries(value).map(([key, item]) => `${quote(key)}: ${pyRepr(item)}`).join(", ")}}`;
  return String(value);
}

function quote(text: string): string {
  // As Python: single quotes unless the text holds a single quote and no double quote.
  const mark = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text.replace(/[\\\n\r\t]/g, (c) => ({ "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] ?? c);
  return mark + (mark === "'" ? escaped.replaceAll("'", "\\'") : escaped) + mark;
}

/** A string, or a safe string (nunjucks' `SafeString`, a String object). */
export function isText(value: unknown): value is string | String {
  return typeof value === "string" || value instanceof String;
}

/** What `{{ value }}` prints before escaping: nothing for none and undefined. */
export function printed(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
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
