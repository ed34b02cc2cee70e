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
 * Parses `a=1&b=2&a=3` (no leading `?`); `+` is a space; escapes are decoded as Python's
 * `unquote` decodes them (see `unquote`), so a bad escape never fails the request.
 * More than `maxParameters` pairs is a 400, raised before the extra pairs are decoded.
 */
export function parseQueryString(query: string, source = "query string", maxParameters: number | null = null): MultiDict<string> {
  const dict = new MultiDict<string>(undefined, source);
  if (query.length === 0) return dict;
  let start = 0;
  let count = 0;
  // The next "=" at or after `start`, found again only once passed: searching afresh for each pair
  // scanned to the end of the text whenever there was none, so 250,000 bare keys (a 500 KB form)
  // took a second of CPU.
  let eq = -2;
  while (start <= query.length) {
    let end = query.indexOf("&", start);
    if (end === -1) end = query.length;
    if (end > start) {
      if (maxParameters !== null && ++count > maxParameters) throw new TooManyParameters(maxParameters);
      if (eq !== -1 && eq < start) eq = query.indexOf("=", start);
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
    // Valid escapes of valid UTF-8, the usual case: decodeURIComponent gives what unquote gives.
    return decodeURIComponent(spaced);
  } catch {
    return unquote(spaced);
  }
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1; // a-f, A-F
}

/**
 * Python's `urllib.parse.unquote(text, errors="werkzeug.url_quote")`, as Werkzeug's `parse_qsl`
 * applies it to each name and value: every valid `%XX` is decoded, an invalid `%` stays as
 * written, and bytes that are not UTF-8 are written back as `%XX`, so nothing the client sent
 * is lost. As Python, each run of ASCII characters is decoded as one byte string; a character
 * beyond ASCII is kept and ends the run, so an escaped sequence split by one is decoded in two
 * parts.
 */
function unquote(text: string): string {
  let out = "";
  let run: number[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    out += utf8Requoting(run);
    run = [];
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) {
      flush();
      out += text[i];
      continue;
    }
    if (code === 37 /* % */ && i + 2 < text.length) {
      const high = hexValue(text.charCodeAt(i + 1));
      const low = hexValue(text.charCodeAt(i + 2));
      if (high !== -1 && low !== -1) {
        run.push(high * 16 + low);
        i += 2;
        continue;
      }
    }
    run.push(code);
  }
  flush();
  return out;
}

/**
 * Decodes UTF-8, writing each byte of an invalid sequence as `%XX`. A sequence is invalid up to
 * its longest valid beginning (Unicode's "maximal subpart", which Python's decoder reports too):
 * `E0 A4 25` is `%E0%A4%`, and a surrogate's `ED A0 80` is three bytes, each invalid.
 */
function utf8Requoting(bytes: readonly number[]): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      out += String.fromCharCode(lead);
      i++;
      continue;
    }
    const size = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    let point = size === 2 ? lead & 0x1f : size === 3 ? lead & 0x0f : lead & 0x07;
    let valid = 1;
    while (size > 0 && valid < size && i + valid < bytes.length) {
      const next = bytes[i + valid]!;
      // The second byte's range depends on the lead: no overlong forms, surrogates or points past U+10FFFF.
      const [low, high] = valid > 1 ? [0x80, 0xbf] : lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      if (next < low || next > high) break;
      point = (point << 6) | (next & 0x3f);
      valid++;
    }
    if (size > 0 && valid === size) {
      out += String.fromCodePoint(point);
    } else {
      for (let k = 0; k < Math.max(valid, 1); k++) out += `%${bytes[i + k]!.toString(16).toUpperCase().padStart(2, "0")}`;
    }
    i += Math.max(valid, 1);
  }
  return out;
}
