/**
 * Python's reading of text as numbers (`int()`, `float()`), its `round()`
 * and `%`, `urllib`'s `quote` and `html.unescape`, for the filters and
 * operators that nunjucks gives JavaScript's meaning: `parseInt("12abc")` is
 * 12 where Python's `int()` fails, `Math.round(2.5)` is 3 where `round()`
 * gives 2, `encodeURIComponent` keeps `!'()*` and escapes `/`.
 */

/** Python's `str.isspace()` characters at the ends of a number's text: `int(" 7 ")` is 7. */
const SPACE = /^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g;

const PREFIXES: Readonly<Record<string, number>> = { x: 16, o: 8, b: 2 };

/** Python's `int(text, base)`; `undefined` where Python raises `ValueError`. */
export function parseIntLikePython(text: string, base: number): number | undefined {
  if (!Number.isInteger(base) || base === 1 || base < 0 || base > 36) return undefined;
  let digits = text.replace(SPACE, "");
  let sign = 1;
  if (digits.startsWith("-") || digits.startsWith("+")) {
    if (digits.startsWith("-")) sign = -1;
    digits = digits.slice(1);
  }
  const prefix = /^0([xob])/i.exec(digits)?.[1]?.toLowerCase();
  let radix = base;
  if (prefix !== undefined && (base === 0 || PREFIXES[prefix] === base)) {
    radix = PREFIXES[prefix] ?? base;
    // Python allows one underscore after the prefix: int("0x_1f", 16).
    digits = digits.slice(2).replace(/^_/, "");
  } else if (base === 0) {
    // Without a prefix, base 0 reads decimal, where a leading zero is ambiguous (Python 3 refuses "010").
    if (/^0+_?[1-9]/.test(digits)) return undefined;
    radix = 10;
  }
  const digit = `[${"0123456789abcdefghijklmnopqrstuvwxyz".slice(0, radix)}]`;
  if (!new RegExp(`^${digit}(?:_?${digit})*$`, "i").test(digits)) return undefined;
  const value = sign * parseInt(digits.replaceAll("_", ""), radix);
  // -0 prints as 0 in Python.
  return value === 0 ? 0 : value;
}

const FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:e[+-]?\d(?:_?\d)*)?$/i;
const SPECIAL_FLOAT = /^([+-]?)(inf|infinity|nan)$/i;

/** Python's `float(text)`; `undefined` where Python raises `ValueError`. */
export function parseFloatLikePython(text: string): number | undefined {
  const trimmed = text.replace(SPACE, "");
  const special = SPECIAL_FLOAT.exec(trimmed);
  if (special) return special[2]?.toLowerCase() === "nan" ? NaN : special[1] === "-" ? -Infinity : Infinity;
  return FLOAT.test(trimmed) ? Number(trimmed.replaceAll("_", "")) : undefined;
}

/**
 * Jinja's `int` filter: Python's `int(value, base)` for text (`int(value)`
 * for anything else), then `int(float(value))` ignoring the base, then
 * `fallback`: `"3.9"|int` is 3, `"12abc"|int` the default.
 */
export function jinjaInt(value: unknown, fallback: unknown, base: number): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) || 0 : fallback;
  if (typeof value !== "string" && !(value instanceof String)) return fallback;
  const whole = parseIntLikePython(String(value), base);
  if (whole !== undefined) return whole;
  const real = parseFloatLikePython(String(value));
  // Python's int(float("inf")) raises; Jinja's filter gives its default for a failed conversion.
  return real !== undefined && Number.isFinite(real) ? Math.trunc(real) || 0 : fallback;
}

/** Jinja's `float` filter: Python's `float(value)`, or `fallback` where it fails. */
export function jinjaFloat(value: unknown, fallback: unknown): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  if (typeof value !== "string" && !(value instanceof String)) return fallback;
  return parseFloatLikePython(String(value)) ?? fallback;
}

/**
 * Jinja's `url_quote`: the UTF-8 bytes percent-escaped except letters,
 * digits and `_.-~`, as Python's `quote`; `/` kept in a path, and in a query
 * string (`forQuery`) `/` escaped too and a space written `+`.
 */
export function urlQuote(text: string, forQuery: boolean): string {
  // encodeURIComponent keeps !'()* that Python's quote escapes.
  const quoted = encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return forQuery ? quoted.replaceAll("%20", "+") : quoted.replaceAll("%2F", "/");
}

/**
 * The named references `unescapeHtml` reads: those HTML escaping writes and
 * the punctuation and symbols pages commonly spell as entities.
 */
const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", shy: "\u00ad",
  copy: "©", reg: "®", trade: "™", hellip: "…", mdash: "—", ndash: "–", minus: "−",
  lsquo: "‘", rsquo: "’", sbquo: "‚", ldquo: "“", rdquo: "”", bdquo: "„", laquo: "«", raquo: "»",
  lsaquo: "‹", rsaquo: "›", middot: "·", bull: "•", dagger: "†", Dagger: "‡", prime: "′", Prime: "″",
  euro: "€", pound: "£", yen: "¥", cent: "¢", curren: "¤", sect: "§", para: "¶", deg: "°",
  plusmn: "±", times: "×", divide: "÷", micro: "µ", frac12: "½", frac14: "¼", frac34: "¾",
  sup1: "¹", sup2: "²", sup3: "³", iexcl: "¡", iquest: "¿", ordf: "ª", ordm: "º", not: "¬",
  larr: "←", rarr: "→", uarr: "↑", darr: "↓", harr: "↔", hearts: "♥", check: "✓",
  ensp: "\u2002", emsp: "\u2003", thinsp: "\u2009", zwnj: "\u200c", zwj: "\u200d",
};

/**
 * Character references read back to text, as markupsafe's `unescape`
 * (Python's `html.unescape`): numeric ones all, named ones from `ENTITIES`;
 * another named reference is left as written.
 */
export function unescapeHtml(text: string): string {
  return text.replace(/&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));?/g, (whole, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) {
      // Python also reads a few legacy names without their semicolon (`&amp`); here a name needs it.
      const char = Object.hasOwn(ENTITIES, name) ? ENTITIES[name] : undefined;
      return char !== undefined && whole.endsWith(";") ? char : whole;
    }
    const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? "", 16);
    // As html.unescape: no character for 0, a surrogate or past Unicode's end.
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
    return String.fromCodePoint(code);
  });
}

/** `value`'s magnitude as stored, `mantissa * 2 ** exponent`, read from its IEEE 754 bits. */
function binaryParts(value: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  // A subnormal has no implicit leading 1 and the smallest exponent.
  return biased === 0 ? { mantissa: fraction, exponent: -1074 } : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/**
 * Python's `round(value, ndigits)` on a float: the value as stored rounded to
 * `ndigits` decimals (tens, hundreds... when negative), a tie going to the
 * even neighbour. `2.5` rounds to 2, and `2.675` (stored as 2.67499...) to
 * 2.67 at two decimals, where JavaScript's `Math.round(x * 100) / 100`
 * moved ties up and read the product's rounding error.
 */
export function pythonRound(value: number, ndigits: number): number {
  if (!Number.isFinite(value) || !Number.isInteger(ndigits)) return value;
  const sign = value < 0 ? -1 : 1;
  if (ndigits < 0) {
    // A multiple of 10 ** -ndigits: the whole part decides, exactly, and the fraction only breaks a tie upwards.
    const unit = 10n ** BigInt(-ndigits);
    const whole = BigInt(Math.trunc(Math.abs(value)));
    const fractional = Math.abs(value) % 1 !== 0;
    let quotient = whole / unit;
    const twice = 2n * (whole % unit);
    if (twice > unit || (twice === unit && (fractional || quotient % 2n === 1n))) quotient += 1n;
    return sign * Number(quotient * unit);
  }
  if (Number.isInteger(value) || ndigits > 100) return value;
  // value * 10 ** ndigits is a tie exactly when twice it is an odd integer.
  const { mantissa, exponent } = binaryParts(value);
  const shift = -(exponent + 1);
  const twice = mantissa * 10n ** BigInt(ndigits);
  if (shift >= 0 && twice % (1n << BigInt(shift)) === 0n && (twice >> BigInt(shift)) % 2n === 1n) {
    const below = ((twice >> BigInt(shift)) - 1n) / 2n;
    const even = below % 2n === 0n ? below : below + 1n;
    return (sign * Number(even)) / 10 ** ndigits;
  }
  // Not a tie: toFixed rounds the value as stored to the nearest, as Python's correctly rounded repr does.
  return sign * Number(Math.abs(value).toFixed(ndigits));
}

/** Python's `%` on numbers: the result takes the divisor's sign (`-7 % 3` is 2), where JavaScript's takes the dividend's. */
export function pythonModulo(left: number, right: number): number {
  const remainder = left % right;
  return remainder !== 0 && right < 0 !== remainder < 0 ? remainder + right : remainder;
}
