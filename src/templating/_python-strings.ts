/**
 * Python's `str` methods, which Jinja templates call on strings
 * (`name.startswith('a')`, `title.split()`, `'{} items'.format(n)`). Where a
 * JavaScript method has the same name (`replace`, `split`) it behaves
 * differently, so templates get Python's.
 */
import { bindArguments, splitKeywords } from "./_keywords.js";
import type { Markup } from "./_markup.js";
import { strFormat } from "./_python-format.js";
import { pyStr, toList } from "./_python-values.js";

type Method = (text: string, args: readonly unknown[]) => unknown;

/** A method taking the Python parameters `names`, given as its arguments in that order. */
function method(name: string, names: readonly string[], body: (text: string, ...args: unknown[]) => unknown): Method {
  return (text, args) => body(text, ...bindArguments(name, names, args));
}

const METHODS: Readonly<Record<string, Method>> = {
  startswith: method("startswith", ["prefix", "start", "end"], (text, prefix, start, end) =>
    affixes(prefix, "startswith").some((p) => region(text, start, end).startsWith(p)),
  ),
  endswith: method("endswith", ["suffix", "start", "end"], (text, suffix, start, end) =>
    affixes(suffix, "endswith").some((s) => region(text, start, end).endsWith(s)),
  ),
  strip: method("strip", ["chars"], (text, chars) => strip(text, chars, true, true)),
  lstrip: method("lstrip", ["chars"], (text, chars) => strip(text, chars, true, false)),
  rstrip: method("rstrip", ["chars"], (text, chars) => strip(text, chars, false, true)),
  lower: method("lower", [], (text) => text.toLowerCase()),
  upper: method("upper", [], (text) => text.toUpperCase()),
  // As Python: every run of letters starts upper-case ("they're" → "They'Re").
  title: method("title", [], (text) => text.replace(/\p{L}+/gu, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())),
  capitalize: method("capitalize", [], (text) => text.charAt(0).toUpperCase() + text.slice(1).toLowerCase()),
  split: method("split", ["sep", "maxsplit"], (text, sep, maxsplit) => split(text, sep, maxsplit)),
  replace: method("replace", ["old", "new", "count"], (text, old, replacement, count) =>
    replace(text, textArgument(old, "replace"), textArgument(replacement, "replace"), count),
  ),
  join: method("join", ["iterable"], (text, iterable) => toList(iterable).map(pyStr).join(text)),
  format: (text, args) => {
    const { keywords, positional } = splitKeywords(args);
    return strFormat(text, positional, keywords);
  },
  count: method("count", ["sub", "start", "end"], (text, sub, start, end) => {
    const part = region(text, start, end);
    const needle = textArgument(sub, "count");
    return needle === "" ? part.length + 1 : part.split(needle).length - 1;
  }),
  find: method("find", ["sub", "start", "end"], (text, sub, start, end) => {
    const from = index(start, text.length, 0);
    const found = region(text, start, end).indexOf(textArgument(sub, "find"));
    return found < 0 ? -1 : found + from;
  }),
  isdigit: method("isdigit", [], (text) => /^\p{Nd}+$/u.test(text)),
  isalpha: method("isalpha", [], (text) => /^\p{L}+$/u.test(text)),
  isalnum: method("isalnum", [], (text) => /^[\p{L}\p{N}]+$/u.test(text)),
  zfill: method("zfill", ["width"], (text, width) => {
    const sign = text.startsWith("-") || text.startsWith("+") ? text.charAt(0) : "";
    return sign + text.slice(sign.length).padStart(Number(width) - sign.length, "0");
  }),
};

/** The names templates can call on a string, for the docs and tests. */
export const PYTHON_STRING_METHODS: readonly string[] = Object.keys(METHODS);

/** Python's `str.<name>` bound to `text`, or `undefined` when Python has no such method here. */
export function pythonStringMethod(text: string, name: string): ((...args: unknown[]) => unknown) | undefined {
  const found = Object.prototype.hasOwnProperty.call(METHODS, name) ? METHODS[name] : undefined;
  return found === undefined ? undefined : (...args: unknown[]) => found(text, args);
}

/**
 * Methods whose arguments a safe string's method sees as given, as
 * markupsafe's: they only test or search (`split` gives parts of the safe
 * string itself). Every other method gets its string arguments escaped.
 */
const READS_ARGUMENTS = new Set(["startswith", "endswith", "count", "find", "split"]);

/**
 * Python's `str.<name>` bound to a safe string's `text`, as Jinja's `Markup`:
 * what goes into the text is escaped first (the fields of `format`, the items
 * of `join`, `replace`'s `old` and `new`, `strip`'s characters), then a text
 * result is safe and `split` gives safe parts.
 */
export function markupStringMethod(text: string, name: string, markup: Markup): ((...args: unknown[]) => unknown) | undefined {
  const found = Object.prototype.hasOwnProperty.call(METHODS, name) ? METHODS[name] : undefined;
  if (found === undefined) return undefined;
  return (...args: unknown[]): unknown => {
    let result: unknown;
    if (name === "format") {
      const { keywords, positional } = splitKeywords(args);
      result = strFormat(text, positional, keywords, markup.field);
    } else if (name === "join") {
      const [iterable] = bindArguments("join", ["iterable"], args);
      result = toList(iterable).map(markup.text).join(text);
    } else if (READS_ARGUMENTS.has(name)) {
      result = found(text, args);
    } else {
      const { keywords, positional } = splitKeywords(args);
      const escaped = positional.map(markup.argument);
      if (Object.keys(keywords).length > 0) {
        escaped.push({ ...Object.fromEntries(Object.entries(keywords).map(([key, value]) => [key, markup.argument(value)])), __keywords: true });
      }
      result = found(text, escaped);
    }
    if (typeof result === "string") return markup.markSafe(result);
    return Array.isArray(result) ? result.map((part: unknown) => (typeof part === "string" ? markup.markSafe(part) : part)) : result;
  };
}

function textArgument(value: unknown, name: string): string {
  if (typeof value === "string" || value instanceof String) return value.toString();
  throw new TypeError(`${name}() needs a string argument, got ${value === null || value === undefined ? "None" : typeof value}`);
}

/** `prefix` or a tuple (list) of prefixes, as `startswith(('http:', 'https:'))`. */
function affixes(value: unknown, name: string): string[] {
  return Array.isArray(value) ? value.map((item) => textArgument(item, name)) : [textArgument(value, name)];
}

/** A Python slice index: negative counts from the end, `None` means `fallback`. */
function index(value: unknown, length: number, fallback: number): number {
  if (value === null || value === undefined) return fallback;
  const i = Math.trunc(Number(value));
  return i < 0 ? Math.max(0, length + i) : Math.min(i, length);
}

/** `text[start:end]`, as the optional arguments of `startswith`, `count` and `find` select it. */
function region(text: string, start: unknown, end: unknown): string {
  return text.slice(index(start, text.length, 0), index(end, text.length, text.length));
}

function strip(text: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars === null || chars === undefined) {
    const trimmed = left ? text.trimStart() : text;
    return right ? trimmed.trimEnd() : trimmed;
  }
  const set = new Set(textArgument(chars, "strip"));
  let start = 0;
  let end = text.length;
  while (left && start < end && set.has(text.charAt(start))) start++;
  while (right && end > start && set.has(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}

/** Python's split: without a separator, on runs of whitespace with none at the ends. */
function split(text: string, sep: unknown, maxsplit: unknown): string[] {
  const limit = maxsplit === null || maxsplit === undefined || Number(maxsplit) < 0 ? Infinity : Number(maxsplit);
  const parts: string[] = [];
  if (sep === null || sep === undefined) {
    let rest = text.trimStart();
    while (rest !== "") {
      const gap = parts.length < limit ? /\s+/u.exec(rest) : null;
      if (gap === null) {
        parts.push(rest);
        break;
      }
      parts.push(rest.slice(0, gap.index));
      rest = rest.slice(gap.index + gap[0].length);
    }
    return parts;
  }
  const separator = textArgument(sep, "split");
  if (separator === "") throw new TypeError("split(): empty separator");
  let start = 0;
  for (let i = text.indexOf(separator); i >= 0 && parts.length < limit; i = text.indexOf(separator, start)) {
    parts.push(text.slice(start, i));
    start = i + separator.length;
  }
  parts.push(text.slice(start));
  return parts;
}

/** Python's replace: every occurrence, or the first `count`. */
function replace(text: string, old: string, replacement: string, count: unknown): string {
  const limit = count === null || count === undefined || Number(count) < 0 ? Infinity : Number(count);
  // A function, so `$&` in the replacement is not a JavaScript replacement pattern.
  if (limit === Infinity) return text.replaceAll(old, () => replacement);
  let out = "";
  let start = 0;
  for (let n = 0; n < limit && start <= text.length; n++) {
    const i = text.indexOf(old, start);
    if (i < 0) break;
    out += text.slice(start, i) + replacement;
    // An empty `old` matches between every character, as in Python: "ab".replace("", "-") is "-a-b-".
    if (old === "") {
      out += text.charAt(i);
      start = i + 1;
    } else {
      start = i + old.length;
    }
  }
  return out + text.slice(start);
}
