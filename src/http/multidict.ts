/**
 * A map that keeps every value of a repeated key, as query strings and forms
 * carry them (Werkzeug's MultiDict).
 */
import { BadRequest } from "./exceptions.js";

/** Keys with one or more values; `get` returns the first. */
export class MultiDict<V = string> implements Iterable<[string, V]> {
  readonly #values = new Map<string, V[]>();
  readonly #source: string;

  /** `source` names the dict in `require()` errors ("form", "query string"). */
  constructor(entries?: Iterable<readonly [string, V]>, source = "request") {
    this.#source = source;
    if (entries !== undefined) {
      for (const [key, value] of entries) this.append(key, value);
    }
  }

  /** Adds a value after the existing ones. */
  append(key: string, value: V): void {
    const list = this.#values.get(key);
    if (list === undefined) this.#values.set(key, [value]);
    else list.push(value);
  }

  /** Replaces every value of `key` with `value`. */
  set(key: string, value: V): void {
    this.#values.set(key, [value]);
  }

  /**
   * The first value of `key`; with `type`, the converted value, or `defaultValue`
   * when the conversion throws or returns NaN (as Werkzeug's `type=int`).
   */
  get(key: string): V | undefined;
  get<D>(key: string, defaultValue: D): V | D;
  get<T, D = undefined>(key: string, defaultValue: D, type: (value: V) => T): T | D;
  get<T, D>(key: string, defaultValue?: D, type?: (value: V) => T): V | T | D | undefined {
    const list = this.#values.get(key);
    if (list === undefined) return defaultValue;
    const first = list[0] as V;
    if (type === undefined) return first;
    try {
      const converted = type(first);
      return typeof converted === "number" && Number.isNaN(converted) ? defaultValue : converted;
    } catch {
      return defaultValue;
    }
  }

  /** Every value of `key`, in order (empty when absent). */
  getAll(key: string): V[] {
    return this.#values.get(key)?.slice() ?? [];
  }

  has(key: string): boolean {
    return this.#values.has(key);
  }

  delete(key: string): boolean {
    return this.#values.delete(key);
  }

  /** The first value of `key`, or a 400 Bad Request naming the missing key. */
  require(key: string): V {
    const list = this.#values.get(key);
    if (list === undefined) {
      throw new BadRequest(`The ${this.#source} is missing the required key '${key}'.`);
    }
    return list[0] as V;
  }

  get size(): number {
    return this.#values.size;
  }

  keys(): IterableIterator<string> {
    return this.#values.keys();
  }

  /** Pairs of key and value; a repeated key appears once per value. */
  *entries(): IterableIterator<[string, V]> {
    for (const [key, list] of this.#values) {
      for (const value of list) yield [key, value];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /** A plain object of first values, or of all values with `{ flat: false }`. */
  toObject(): Record<string, V>;
  toObject(options: { flat: false }): Record<string, V[]>;
  toObject(options?: { flat: boolean }): Record<string, V | V[]> {
    const out: Record<string, V | V[]> = Object.create(null) as Record<string, V | V[]>;
    const flat = options?.flat !== false;
    for (const [key, list] of this.#values) out[key] = flat ? (list[0] as V) : list.slice();
    return out;
  }

  toJSON(): Record<string, V | V[]> {
    // No prototype: a "__proto__" key stays a plain key instead of replacing the object's prototype.
    const out: Record<string, V | V[]> = Object.create(null) as Record<string, V | V[]>;
    for (const [key, list] of this.#values) out[key] = list.length === 1 ? (list[0] as V) : list.slice();
    return out;
  }
}

/** Raised when a query string has more pairs than `MAX_QUERY_PARAMETERS`. */
export class TooManyParameters extends BadRequest {
  constructor(limit: number) {
    super(`The query string has more than ${limit} parameters (MAX_QUERY_PARAMETERS).`);
  }
}

/**
 * Parses `a=1&b=2&a=3` (no leading `?`); `+` is a space; malformed
 * percent-escapes are kept as written rather than failing the request.
 * More than `maxParameters` pairs is a 400, raised before the extra pairs are decoded.
 */
export function parseQueryString(query: string, source = "query string", maxParameters: number | null = null): MultiDict<string> {
  const dict = new MultiDict<string>(undefined, source);
  if (query.length === 0) return dict;
  let start = 0;
  let count = 0;
  while (start <= query.length) {
    let end = query.indexOf("&", start);
    if (end === -1) end = query.length;
    if (end > start) {
      if (maxParameters !== null && ++count > maxParameters) throw new TooManyParameters(maxParameters);
      const eq = query.indexOf("=", start);
      const hasValue = eq !== -1 && eq < end;
      const key = decodeComponent(query.slice(start, hasValue ? eq : end));
      const value = hasValue ? decodeComponent(query.slice(eq + 1, end)) : "";
      dict.append(key, value);
    }
    start = end + 1;
  }
  return dict;
}

function decodeComponent(text: string): string {
  const spaced = text.includes("+") ? text.replace(/\+/g, " ") : text;
  if (!spaced.includes("%")) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
