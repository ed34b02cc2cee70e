import { ValidationError } from "./errors.js";
import type { ConverterArg, ConverterFactory, ConverterSpec } from "./types.js";

/** Returned by `Converter.parse` when the text is refused; matching moves on to the next candidate. */
export const NO_MATCH: unique symbol = Symbol("flagon.noMatch");
export type Parsed = unknown;

/** A converter bound to one variable of one rule, as the matcher and the builder use it. */
export interface Converter {
  readonly name: string;
  /** Pattern for one value inside a larger regex (no anchors). */
  readonly regex: string;
  /**
   * The pattern inside one segment shared with static text, when it differs: there the text
   * holds no real `/`, only a decoded `%2F` that belongs to the value (`/m/<int:a>-<v>`).
   */
  readonly segmentRegex?: string;
  readonly weight: number;
  readonly partIsolating: boolean;
  /** Converts text that already matched `regex`; `NO_MATCH` refuses it. */
  parse(raw: string): Parsed;
  /** Checks and converts a whole path segment in one step (the common case, kept regex-free for built-ins). */
  matchSegment(raw: string): Parsed;
  /** The value as URL text, before percent-encoding; throws `ValidationError` to refuse. */
  toUrl(value: unknown): string;
  /**
   * `INLINE_TEXT` (any non-empty segment), `INLINE_DIGITS` (unsigned int, no bounds) or
   * `INLINE_CHOICES` (one of `choices`) lets the matcher check a segment in place, without
   * calling the converter; `INLINE_NONE` calls `matchSegment`.
   */
  readonly inline: Inline;
  /** For `INLINE_CHOICES`: the texts the segment must equal. */
  readonly choices?: readonly string[];
}

export const INLINE_NONE = 0;
export const INLINE_TEXT = 1;
export const INLINE_DIGITS = 2;
export const INLINE_CHOICES = 3;
export type Inline = typeof INLINE_NONE | typeof INLINE_TEXT | typeof INLINE_DIGITS | typeof INLINE_CHOICES;

const REGEX_FLAGS = "su";

/** Compiles a pattern with Unicode semantics (lengths count code points), falling back for legacy syntax. */
export function compilePattern(source: string): RegExp {
  try {
    return new RegExp(source, REGEX_FLAGS);
  } catch {
    return new RegExp(source, "s");
  }
}

/**
 * Refuses a pattern with a quantified group that itself holds an unbounded quantifier
 * (`(a+)+`, `(\\w*)*`): such patterns backtrack exponentially on a crafted URL. A group that
 * starts with a separator its repetitions cannot match (`[a-z]+(?:\\+[a-z]+)*`) is accepted:
 * each repetition then has only one way to begin.
 */
export function assertLinearPattern(name: string, regex: string): void {
  const groups: { start: number; unbounded: boolean }[] = [];
  let unbounded = false;
  for (let i = 0; i < regex.length; i++) {
    const char = regex[i]!;
    if (char === "\\") {
      i++;
    } else if (char === "[") {
      while (i < regex.length && regex[i] !== "]") i += regex[i] === "\\" ? 2 : 1;
    } else if (char === "(") {
      groups.push({ start: i + 1, unbounded });
      unbounded = false;
    } else if (char === ")") {
      const inner: boolean = unbounded;
      const group = groups.pop();
      unbounded = group?.unbounded ?? false;
      const next = regex[i + 1];
      const quantified = next === "*" || next === "+" || (next === "{" && /^\{\d*,\d*\}/.test(regex.slice(i + 1)));
      if (quantified && inner && !startsWithSeparator(regex.slice(group?.start ?? 0, i))) {
        throw new TypeError(
          `the regex of converter '${name}' nests unbounded repetitions ('${regex}'), which can take exponential time on a crafted URL; ` +
            "rewrite it, or pass nestedQuantifiers: true if it cannot backtrack",
        );
      }
      unbounded ||= inner || quantified;
    } else if (char === "*" || char === "+" || (char === "{" && /^\{\d+,\}/.test(regex.slice(i)))) {
      unbounded = true;
    }
  }
}

/** Whether a group's body begins with one mandatory literal character that the rest of the body cannot match. */
function startsWithSeparator(body: string): boolean {
  const content = body.replace(/^\?(?::|<[A-Za-z_]\w*>)/, "");
  const literal = /^(?:\\([^A-Za-z0-9])|([^\\[\](){}.*+?^$|]))(?![*+?{])/.exec(content);
  if (!literal) return false;
  const separator = literal[1] ?? literal[2]!;
  const rest = content.slice(literal[0].length);
  try {
    return !new RegExp(`^(?:${rest})+$`, "s").test(separator.repeat(3)) && !new RegExp(rest, "s").test(separator);
  } catch {
    return false;
  }
}

/** The pattern of a converter that gives none: one non-empty segment, as Werkzeug's `BaseConverter`. */
const SEGMENT_REGEX = "[^/]+";

function fromSpec(name: string, spec: ConverterSpec): Converter {
  const regex = spec.regex ?? SEGMENT_REGEX;
  if (typeof regex !== "string") throw new TypeError(`the regex of converter '${name}' must be a string, not ${typeof regex}`);
  if (!spec.nestedQuantifiers) assertLinearPattern(name, regex);
  const toValue = spec.toValue;
  const parse = toValue
    ? (raw: string): Parsed => {
        try {
          return toValue(raw);
        } catch (error) {
          if (error instanceof ValidationError) return NO_MATCH;
          throw error;
        }
      }
    : (raw: string): Parsed => raw;
  const whole = compilePattern(`^(?:${regex})$`);
  return {
    name,
    regex,
    weight: spec.weight ?? 100,
    partIsolating: spec.partIsolating ?? !regex.includes("/"),
    parse,
    matchSegment: (raw) => (whole.test(raw) ? parse(raw) : NO_MATCH),
    toUrl: spec.toUrl ? (value) => spec.toUrl!(value) : (value) => String(value),
    inline: INLINE_NONE,
  };
}

export type ConverterDefinition = ConverterSpec | ConverterFactory;

/** Instantiates a converter definition for one variable, with the arguments written in the rule. */
export function instantiate(
  name: string,
  definition: ConverterDefinition,
  args: readonly ConverterArg[],
  kwargs: Readonly<Record<string, ConverterArg>>,
): Converter {
  if (typeof definition === "function") return fromSpec(name, definition(args, kwargs));
  if (args.length > 0 || Object.keys(kwargs).length > 0) {
    throw new TypeError(`converter '${name}' takes no arguments`);
  }
  return fromSpec(name, definition);
}

type Kwargs = Readonly<Record<string, ConverterArg>>;

function takeArgs(converter: string, names: readonly string[], args: readonly ConverterArg[], kwargs: Kwargs) {
  if (args.length > names.length) {
    throw new TypeError(`converter '${converter}' takes at most ${names.length} positional arguments`);
  }
  const taken: Record<string, ConverterArg> = {};
  args.forEach((value, i) => (taken[names[i]!] = value));
  for (const [key, value] of Object.entries(kwargs)) {
    if (!names.includes(key)) {
      throw new TypeError(`converter '${converter}' has no argument '${key}' (it takes ${names.join(", ")})`);
    }
    taken[key] = value;
  }
  return taken;
}

function optionalNumber(converter: string, key: string, value: ConverterArg | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number") throw new TypeError(`converter '${converter}' needs a number for '${key}'`);
  return value;
}

function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff) length++;
  }
  return length;
}

function makeString(args: readonly ConverterArg[], kwargs: Kwargs): Converter {
  const taken = takeArgs("string", ["minlength", "maxlength", "length"], args, kwargs);
  const exact = optionalNumber("string", "length", taken["length"]);
  const min = exact ?? optionalNumber("string", "minlength", taken["minlength"]) ?? 1;
  const max = exact ?? optionalNumber("string", "maxlength", taken["maxlength"]);
  const regex = exact !== undefined ? `[^/]{${exact}}` : `[^/]{${min},${max ?? ""}}`;
  const plain = min <= 1 && max === undefined;
  const check = (raw: string): Parsed => {
    if (plain) return raw.length > 0 ? raw : NO_MATCH;
    const length = codePointLength(raw);
    return length >= min && (max === undefined || length <= max) ? raw : NO_MATCH;
  };
  return {
    name: "string",
    regex,
    segmentRegex: exact !== undefined ? `.{${exact}}` : `.{${min},${max ?? ""}}`,
    weight: 100,
    partIsolating: true,
    parse: check,
    // A whole segment was split on raw `/`, so a decoded `%2F` inside it belongs to the value.
    matchSegment: check,
    toUrl: (value) => String(value),
    inline: plain ? INLINE_TEXT : INLINE_NONE,
  };
}

/** The value of ASCII digits from `from` on, computed while checking them (cheaper than `Number()` on a slice). */
function digitsValue(raw: string, from: number): number | undefined {
  if (from >= raw.length) return undefined;
  let value = 0;
  for (let i = from; i < raw.length; i++) {
    const digit = raw.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value;
}

function outside(value: number, min: number | undefined, max: number | undefined): boolean {
  return (min !== undefined && value < min) || (max !== undefined && value > max);
}

/** int and float: weight 50, one segment, an optional leading `-` when signed (as Werkzeug's NumberConverter). */
function numberConverter(name: string, digits: string, signed: boolean, parse: (raw: string) => Parsed, toUrl: (value: unknown) => string, inline: Inline): Converter {
  return { name, regex: signed ? `-?${digits}` : digits, weight: 50, partIsolating: true, parse, matchSegment: parse, toUrl, inline };
}

function makeInt(args: readonly ConverterArg[], kwargs: Kwargs): Converter {
  const taken = takeArgs("int", ["fixed_digits", "min", "max", "signed"], args, kwargs);
  const fixedDigits = optionalNumber("int", "fixed_digits", taken["fixed_digits"]) ?? 0;
  const min = optionalNumber("int", "min", taken["min"]);
  const max = optionalNumber("int", "max", taken["max"]);
  const signed = taken["signed"] === true;
  const parse = (raw: string): Parsed => {
    const negative = signed && raw.charCodeAt(0) === 45;
    if (fixedDigits && raw.length !== fixedDigits) return NO_MATCH;
    const magnitude = digitsValue(raw, negative ? 1 : 0);
    // Beyond 2^53 a JavaScript number would silently change the value: refuse rather than alter it.
    if (magnitude === undefined || !Number.isSafeInteger(magnitude)) return NO_MATCH;
    const value = negative && magnitude !== 0 ? -magnitude : magnitude;
    return outside(value, min, max) ? NO_MATCH : value;
  };
  return numberConverter("int", "\\d+", signed, parse, (value) => {
    const number = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== "number" && typeof number !== "bigint") throw new ValidationError("not an integer");
    if (typeof number === "number" && !Number.isInteger(number)) throw new ValidationError("not an integer");
    if (!signed && number < 0) throw new ValidationError("negative value for an unsigned int");
    const text = String(number);
    if (!fixedDigits) return text;
    return text.startsWith("-") ? "-" + text.slice(1).padStart(fixedDigits, "0") : text.padStart(fixedDigits, "0");
  }, !signed && !fixedDigits && min === undefined && max === undefined ? INLINE_DIGITS : INLINE_NONE);
}

const FLOAT_PATTERN = /^\d+\.\d+$/;

function makeFloat(args: readonly ConverterArg[], kwargs: Kwargs): Converter {
  const taken = takeArgs("float", ["min", "max", "signed"], args, kwargs);
  const min = optionalNumber("float", "min", taken["min"]);
  const max = optionalNumber("float", "max", taken["max"]);
  const signed = taken["signed"] === true;
  const parse = (raw: string): Parsed => {
    const negative = signed && raw.charCodeAt(0) === 45;
    if (!FLOAT_PATTERN.test(negative ? raw.slice(1) : raw)) return NO_MATCH;
    const value = Number(raw);
    return outside(value, min, max) ? NO_MATCH : value;
  };
  return numberConverter("float", "\\d+\\.\\d+", signed, parse, (value) => {
    const number = typeof value === "string" ? Number(value) : value;
    if (typeof number !== "number" || !Number.isFinite(number)) throw new ValidationError("not a number");
    if (!signed && number < 0) throw new ValidationError("negative value for an unsigned float");
    return plainDecimal(number);
  }, INLINE_NONE);
}

/**
 * The shortest text that reads back as the same number, written without an exponent and
 * always with a fraction, so the float converter (`digits.digits`) matches it again. Werkzeug
 * rounds to ten decimals instead; flagon keeps `urlFor` and matching exact inverses.
 */
export function plainDecimal(number: number): string {
  const shortest = String(Math.abs(number));
  const e = shortest.indexOf("e");
  let text = shortest;
  if (e !== -1) {
    const dot = shortest.indexOf(".");
    const digits = shortest.slice(0, e).replace(".", "");
    const point = (dot === -1 ? e : dot) + Number(shortest.slice(e + 1));
    if (point <= 0) text = "0." + "0".repeat(-point) + digits;
    else if (point >= digits.length) text = digits + "0".repeat(point - digits.length);
    else text = digits.slice(0, point) + "." + digits.slice(point);
  }
  if (!text.includes(".")) text += ".0";
  return number < 0 ? "-" + text : text;
}

function makePath(args: readonly ConverterArg[], kwargs: Kwargs): Converter {
  takeArgs("path", [], args, kwargs);
  return {
    name: "path",
    // As Werkzeug: lazy, so the first of two `path` converters takes as little as it can.
    regex: "[^/].*?",
    weight: 200,
    partIsolating: false,
    parse: (raw) => raw,
    matchSegment: (raw) => (raw.length > 0 && raw.charCodeAt(0) !== 47 ? raw : NO_MATCH),
    toUrl: (value) => String(value),
    inline: INLINE_NONE,
  };
}

const UUID_PATTERN = /^[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;

function makeUuid(args: readonly ConverterArg[], kwargs: Kwargs): Converter {
  takeArgs("uuid", [], args, kwargs);
  const parse = (raw: string): Parsed => (UUID_PATTERN.test(raw) ? raw.toLowerCase() : NO_MATCH);
  return {
    name: "uuid",
    regex: "[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}",
    weight: 100,
    partIsolating: true,
    parse,
    matchSegment: parse,
    toUrl: (value) => {
      const text = String(value);
      if (!UUID_PATTERN.test(text)) throw new ValidationError("not a UUID");
      return text.toLowerCase();
    },
    inline: INLINE_NONE,
  };
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function makeAny(args: readonly ConverterArg[], kwargs: Kwargs): Converter {
  if (Object.keys(kwargs).length > 0) throw new TypeError("converter 'any' takes only positional choices");
  if (args.length === 0) throw new TypeError("converter 'any' needs at least one choice, as in any(a, b)");
  const choices = new Set(args.map(String));
  const parse = (raw: string): Parsed => (choices.has(raw) ? raw : NO_MATCH);
  return {
    name: "any",
    regex: `(?:${[...choices].map(escapeRegex).join("|")})`,
    weight: 100,
    partIsolating: true,
    parse,
    matchSegment: parse,
    toUrl: (value) => {
      const text = String(value);
      if (!choices.has(text)) throw new ValidationError(`not one of ${[...choices].join(", ")}`);
      return text;
    },
    inline: INLINE_CHOICES,
    choices: [...choices],
  };
}

type BuiltIn = (args: readonly ConverterArg[], kwargs: Kwargs) => Converter;

/** The converters every router knows, by the names rules use. */
export const BUILT_IN_CONVERTERS: ReadonlyMap<string, BuiltIn> = new Map<string, BuiltIn>([
  ["default", makeString],
  ["string", makeString],
  ["int", makeInt],
  ["float", makeFloat],
  ["path", makePath],
  ["uuid", makeUuid],
  ["any", makeAny],
]);

