/**
 * `Accept`, `Accept-Language` and `Accept-Encoding` as Werkzeug parses and matches them, for
 * content negotiation in a view: `request.acceptMimetypes.bestMatch(["application/json",
 * "text/html"])`, `request.acceptLanguages.bestMatch(["en", "fr"], "en")`.
 */

import { FlagonError } from "../routing/errors.js";

/** One value the client accepts, and its quality (0 to 1; 0 means "not this"). */
export type AcceptItem = readonly [value: string, quality: number];

/** A quality as RFC 9110 writes one: 0 to 1 with up to three decimals. Others drop their item, as Werkzeug does. */
const QUALITY = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * A parsed `Accept-*` header: its values ordered most specific first, then by quality, as
 * Werkzeug orders them (items equal in both keep the client's order). Iterating gives
 * `[value, quality]` pairs. This class matches values exactly, ignoring case, with `*`
 * matching anything: `Accept-Encoding`. `MimeAccept` and `LanguageAccept` match as their
 * headers need.
 */
export class Accept implements Iterable<AcceptItem> {
  readonly #items: readonly AcceptItem[];

  constructor(items: Iterable<AcceptItem> = []) {
    const indexed = [...items].map((item, index) => ({ item, specificity: this.specificity(item[0]), index }));
    indexed.sort((a, b) => compareSpecificity(b.specificity, a.specificity) || b.item[1] - a.item[1] || a.index - b.index);
    this.#items = indexed.map(({ item }) => item);
  }

  /** Parses a header value; an absent or empty header accepts nothing. */
  static fromHeader<T extends Accept>(this: new (items: Iterable<AcceptItem>) => T, header: string | undefined): T {
    return new this(header ? parseAcceptHeader(header) : []);
  }

  get length(): number {
    return this.#items.length;
  }

  [Symbol.iterator](): Iterator<AcceptItem> {
    return this.#items[Symbol.iterator]();
  }

  /** The values alone, in order. */
  values(): string[] {
    return this.#items.map(([value]) => value);
  }

  /** The quality of the first accepted value that `value` matches; 0 when none does. */
  quality(value: string): number {
    return this.#firstMatch(value)?.[1] ?? 0;
  }

  /** Whether some accepted value matches `value`, whatever its quality (Werkzeug's `value in accept`). */
  has(value: string): boolean {
    return this.#firstMatch(value) !== undefined;
  }

  /** The index of the first accepted value that `value` matches, or -1. */
  find(value: string): number {
    return this.#items.findIndex(([accepted]) => this.matches(value, accepted));
  }

  /**
   * Of the values the app can give, the one the client ranks best: highest quality first,
   * then the most specific accepted value that matched; on a tie the first of `within`. A value
   * the client refused (`q=0`) is never picked; `fallback` when none is acceptable.
   */
  bestMatch(within: Iterable<string>): string | undefined;
  bestMatch(within: Iterable<string>, fallback: string): string;
  bestMatch(within: Iterable<string>, fallback?: string): string | undefined {
    let result = fallback;
    let bestQuality = -1;
    let bestSpecificity: readonly number[] = [-1];
    for (const offered of within) {
      const match = this.#firstMatch(offered);
      if (match === undefined) continue;
      const [accepted, quality] = match;
      if (quality <= 0 || quality < bestQuality) continue;
      const specificity = this.specificity(accepted);
      if (quality > bestQuality || compareSpecificity(specificity, bestSpecificity) > 0) {
        result = offered;
        bestQuality = quality;
        bestSpecificity = specificity;
      }
    }
    return result;
  }

  /** The first value in order (the most specific, then the best quality), or undefined when none. */
  get best(): string | undefined {
    return this.#items[0]?.[0];
  }

  /** The header again, as Werkzeug writes it: `gzip,br;q=0.5`. */
  toString(): string {
    return this.#items.map(([value, quality]) => (quality === 1 ? value : `${value};q=${quality}`)).join(",");
  }

  /** How specific an accepted value is, compared element by element: more is tried first. */
  protected specificity(value: string): readonly number[] {
    return [value === "*" ? 0 : 1];
  }

  /** Whether the app's `offered` value is what the client's `accepted` value asks for. */
  protected matches(offered: string, accepted: string): boolean {
    return accepted === "*" || accepted.toLowerCase() === offered.toLowerCase();
  }

  #firstMatch(offered: string): AcceptItem | undefined {
    for (const item of this.#items) if (this.matches(offered, item[0])) return item;
    return undefined;
  }
}

/** Raised when the app offers a media type that is not `type/subtype`: a mistake in the code, not the request. */
export class InvalidMimetypeError extends FlagonError {
  constructor(mimetype: string) {
    super("FLAGON_INVALID_MIMETYPE", `invalid mimetype '${mimetype}': an offered media type must be 'type/subtype' (or '*/*')`);
  }
}

/**
 * The parts of a media type: `text/html; level=1` → `["text", "html", "level=1"]`. Split on one
 * character, then trimmed: a pattern that takes the spaces around `;` with it backtracks over
 * every run of them, and 16 KB of spaces in a header took 300 ms a request.
 */
function splitMime(value: string): string[] {
  return value.split(/[/;]/).map((part) => part.trim());
}

/** Type, subtype and sorted parameters, in lower case. */
function mimeParts(value: string): string[] {
  const [type = "", sub = "", ...params] = splitMime(value.toLowerCase());
  return [type, sub, ...params.sort()];
}

/** The `Accept` header: media types, where `text/*` and `*\/*` match a family or anything. */
export class MimeAccept extends Accept {
  /** True when the client accepts `text/html`. */
  get acceptHtml(): boolean {
    return this.has("text/html");
  }

  /** True when the client accepts `application/json`. */
  get acceptJson(): boolean {
    return this.has("application/json");
  }

  protected override specificity(value: string): readonly number[] {
    return splitMime(value).map((part) => (part === "*" ? 0 : 1));
  }

  protected override matches(offered: string, accepted: string): boolean {
    // A client's value without a slash, or `*/html`, matches nothing.
    if (!accepted.includes("/")) return false;
    const [acceptedType, acceptedSub, ...acceptedParams] = mimeParts(accepted);
    if (acceptedType === "*" && acceptedSub !== "*") return false;
    if (!offered.includes("/")) throw new InvalidMimetypeError(offered);
    const [offeredType, offeredSub, ...offeredParams] = mimeParts(offered);
    if (offeredType === "*" && offeredSub !== "*") throw new InvalidMimetypeError(offered);
    if ((acceptedType === "*" && acceptedSub === "*") || (offeredType === "*" && offeredSub === "*")) return true;
    if (acceptedType !== offeredType) return false;
    if (acceptedSub === "*" || offeredSub === "*") return true;
    return acceptedSub === offeredSub && acceptedParams.join(";") === offeredParams.join(";");
  }
}

/** A language tag split into its subtags, in lower case: `en_US` and `en-us` are the same. */
function languageParts(tag: string): string {
  return tag.toLowerCase().replace(/_/g, "-");
}

/** The primary subtag: `en` of `en-US`. */
function primaryLanguage(tag: string): string {
  return tag.split(/[_-]/, 1)[0]!;
}

/** The `Accept-Language` header: `en-US` and `en_us` are one tag, and a primary tag is a fallback. */
export class LanguageAccept extends Accept {
  protected override matches(offered: string, accepted: string): boolean {
    return accepted === "*" || languageParts(offered) === languageParts(accepted);
  }

  /**
   * As `Accept.bestMatch`, then, when no tag matches exactly, by primary tag: a client that
   * accepts `en-US` gets the app's `en`, and one that accepts `en` gets the app's `en-GB`.
   */
  override bestMatch(within: Iterable<string>): string | undefined;
  override bestMatch(within: Iterable<string>, fallback: string): string;
  override bestMatch(within: Iterable<string>, fallback?: string): string | undefined {
    const offered = [...within];
    const exact = super.bestMatch(offered);
    if (exact !== undefined) return exact;
    const byPrimary = new Accept([...this].map(([tag, quality]) => [primaryLanguage(tag), quality] as const)).bestMatch(offered);
    if (byPrimary !== undefined) return byPrimary;
    const primary = super.bestMatch(offered.map(primaryLanguage));
    if (primary !== undefined) return offered.find((tag) => tag.startsWith(primary))!;
    return fallback;
  }
}

/**
 * The items of an `Accept-*` header: comma-separated values, each with `;`-separated
 * parameters of which `q` is the quality. Commas inside quoted parameters do not separate.
 * Parameters other than `q` stay on the value, written `value; key=val`.
 */
export function parseAcceptHeader(header: string): AcceptItem[] {
  const items: AcceptItem[] = [];
  for (const element of splitOutsideQuotes(header, ",")) {
    const [rawValue = "", ...rawParams] = splitOutsideQuotes(element, ";");
    const value = rawValue.trim();
    if (value === "") continue;
    let quality = 1;
    let refused = false;
    const kept: string[] = [];
    for (const param of rawParams) {
      const equals = param.indexOf("=");
      const key = (equals === -1 ? param : param.slice(0, equals)).trim().toLowerCase();
      if (key === "") continue;
      const raw = equals === -1 ? "" : param.slice(equals + 1).trim();
      if (key === "q") {
        if (QUALITY.test(raw)) quality = Number(raw);
        else refused = true;
      } else {
        kept.push(equals === -1 ? key : `${key}=${raw}`);
      }
    }
    if (refused) continue;
    items.push([kept.length === 0 ? value : `${value}; ${kept.join("; ")}`, quality]);
  }
  return items;
}

/** `text` split at each `separator` that is not inside a double-quoted string. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  if (!text.includes('"')) return text.split(separator);
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\\" && quoted) i++;
    else if (char === '"') quoted = !quoted;
    else if (char === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Compares specificities element by element, a longer one winning a tie, as Python compares tuples. */
function compareSpecificity(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
