/**
 * Python's string formatting as Jinja templates use it: `%`-formatting (the
 * `format` filter) and `str.format` (the string method), with values shown
 * as Python's `str()` and `repr()` show them.
 */
import { pyRepr, pyStr } from "./_python-values.js";

/** A parsed format spec: `str.format`'s `[[fill]align][sign][#][0][width][grouping][.precision][type]`. */
interface Spec {
  fill: string;
  align: string;
  sign: string;
  alternate: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number | undefined;
  type: string;
}

const FORMAT_SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGosxX%])?$/s;
/**
 * Called with each formatted field: the value formatted (after `!r`/`%r`
 * conversion) and its text; returns the text to insert. A safe format string
 * escapes here, as Jinja's `Markup` does.
 */
export type FieldHook = (value: unknown, text: string) => string;

/** One `%` conversion: `%(key)#05.2f` is key "key", flags "#0", width "5", precision "2", type "f". */
interface PercentField {
  key: string | undefined;
  flags: string;
  width: string | undefined;
  precision: string | undefined;
  type: string;
  /** Index just past the conversion. */
  end: number;
}

const PERCENT_FLAGS = "#0 +-";

/**
 * Reads the conversion starting at the `%` at `start`. Hand-written, not a
 * regex: with `\(([^)]*)\)` every `%(` lacking its `)` rescanned the rest of
 * the string (2.3 s for `"%(".repeat(50000)`, measured 2026-12-07). Here an
 * unclosed key fails at once, so no text is scanned twice.
 */
function percentField(template: string, start: number): PercentField {
  let i = start + 1;
  let key: string | undefined;
  if (template.charAt(i) === "(") {
    // As Python: the key runs to the matching `)`, so `%(a(b))s` names "a(b)".
    let depth = 1;
    let j = i + 1;
    for (; j < template.length && depth > 0; j++) {
      const c = template.charAt(j);
      if (c === "(") depth++;
      else if (c === ")") depth--;
    }
    if (depth > 0) throw new TypeError(`format: incomplete format key after ${JSON.stringify(template.slice(start, start + 20))}`);
    key = template.slice(i + 1, j - 1);
    i = j;
  }
  const flagsStart = i;
  while (i < template.length && PERCENT_FLAGS.includes(template.charAt(i))) i++;
  const flags = template.slice(flagsStart, i);
  const number = (): string | undefined => {
    if (template.charAt(i) === "*") return template.charAt(i++);
    const from = i;
    while (i < template.length && template.charAt(i) >= "0" && template.charAt(i) <= "9") i++;
    return i > from ? template.slice(from, i) : undefined;
  };
  const width = number();
  let precision: string | undefined;
  if (template.charAt(i) === ".") {
    i++;
    // As Python: `%.f` is precision 0.
    precision = number() ?? "0";
  }
  const type = template.charAt(i);
  return { key, flags, width, precision, type, end: type === "" ? i : i + 1 };
}

/**
 * Python's `template % values`: `%s %d %i %f %.2f %r %x %e %g %c %%`, flags
 * `-+ 0#`, widths, and `%(name)s` with a mapping.
 */
export function percentFormat(template: string, values: readonly unknown[] | Readonly<Record<string, unknown>>, fieldHook?: FieldHook): string {
  let next = 0;
  let result = "";
  let copied = 0;
  for (let at = template.indexOf("%"); at >= 0; at = template.indexOf("%", copied)) {
    const { key, flags, width, precision, type, end } = percentField(template, at);
    result += template.slice(copied, at);
    copied = end;
    if (type === "%") {
      result += "%";
      continue;
    }
    if (width === "*" || precision === "*") throw new TypeError(`format: '*' widths are not supported (in ${JSON.stringify(template)})`);
    if (type === "" || !"sridufFeEgGxXoca".includes(type)) {
      throw new TypeError(`format: unsupported format character ${JSON.stringify(type)} in ${JSON.stringify(template)}`);
    }
    let value: unknown;
    if (key !== undefined) {
      if (Array.isArray(values)) throw new TypeError(`format: ${JSON.stringify(template.slice(at, end))} needs keyword arguments, e.g. format(${key}=...)`);
      value = (values as Readonly<Record<string, unknown>>)[key];
      if (value === undefined) throw new TypeError(`format: no value for '${key}'`);
    } else {
      const list = Array.isArray(values) ? values : [values];
      if (next >= list.length) throw new TypeError("format: not enough arguments for format string");
      value = list[next++];
    }
    const numeric = !"srac".includes(type);
    const minus = flags.includes("-");
    const zero = flags.includes("0") && numeric && !minus;
    const shown = type === "r" || type === "a" ? pyRepr(value) : value;
    const text = applySpec(shown, {
      fill: zero ? "0" : " ",
      // As Python's %: right-aligned unless `-`, strings included.
      align: minus ? "<" : zero ? "=" : ">",
      sign: flags.includes("+") ? "+" : flags.includes(" ") ? " " : "",
      alternate: flags.includes("#"),
      zero: false,
      width: width === undefined ? 0 : Number(width),
      grouping: "",
      precision: precision === undefined ? undefined : Number(precision),
      type: type === "i" || type === "u" ? "d" : type === "r" || type === "a" ? "s" : type,
    });
    result += fieldHook === undefined ? text : fieldHook(shown, text);
  }
  if (Array.isArray(values) && next < values.length) throw new TypeError("format: not all arguments converted during string formatting");
  return result + template.slice(copied);
}

/** Python's `str.format`: `{}`, `{0}`, `{name}`, `{0.attr}`, `{0[key]}`, `!r`/`!s` and a format spec after `:`. */
export function strFormat(template: string, args: readonly unknown[], keywords: Readonly<Record<string, unknown>>, fieldHook?: FieldHook): string {
  let auto = 0;
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}|[{}]/g, (whole, field: string | undefined) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    if (field === undefined) throw new TypeError(`format: single '${whole}' in format string ${JSON.stringify(template)}; double it to print it`);
    const parts = /^([^.[!:]*)((?:\.[^.[!:]+|\[[^\]]*\])*)(?:!([rsa]))?(?::(.*))?$/s.exec(field);
    if (parts === null) throw new TypeError(`format: invalid replacement field ${JSON.stringify(whole)}`);
    const [, name = "", path = "", conversion, spec = ""] = parts;
    let value: unknown;
    if (name === "" || /^\d+$/.test(name)) {
      const index = name === "" ? auto++ : Number(name);
      if (index >= args.length) throw new TypeError(`format: replacement index ${index} out of range for ${args.length} positional arguments`);
      value = args[index];
    } else {
      if (!Object.prototype.hasOwnProperty.call(keywords, name)) throw new TypeError(`format: no keyword argument '${name}'`);
      value = keywords[name];
    }
    for (const [, attribute, item] of path.matchAll(/\.([^.[]+)|\[([^\]]*)\]/g)) {
      const step = attribute ?? (/^\d+$/.test(item ?? "") ? Number(item) : item ?? "");
      value = value === null || value === undefined ? undefined : (value as Record<string | number, unknown>)[step];
    }
    if (conversion !== undefined) value = conversion === "s" ? pyStr(value) : pyRepr(value);
    const parsed = FORMAT_SPEC.exec(spec);
    if (parsed === null) throw new TypeError(`format: invalid format spec ${JSON.stringify(spec)}`);
    const [, fill = " ", align = "", sign = "", alternate, zero, width, grouping = "", precision, type = ""] = parsed;
    const text = applySpec(value, {
      fill, align, sign, grouping, type,
      alternate: alternate !== undefined,
      zero: zero !== undefined,
      width: width === undefined ? 0 : Number(width),
      precision: precision === undefined ? undefined : Number(precision),
    });
    return fieldHook === undefined ? text : fieldHook(value, text);
  });
}

function applySpec(value: unknown, spec: Spec): string {
  const { type } = spec;
  if (type === "s" || (type === "" && typeof value !== "number")) {
    const text = pyStr(value);
    return pad(spec.precision === undefined ? text : text.slice(0, spec.precision), "", spec, false);
  }
  if (type === "c") return pad(typeof value === "number" ? String.fromCodePoint(value) : pyStr(value), "", spec, false);
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(`format: '${type}' needs a number, got ${pyRepr(value)}`);
  }
  const number = Number(value);
  const sign = number < 0 || Object.is(number, -0) ? "-" : spec.sign === "-" ? "" : spec.sign;
  const abs = Math.abs(number);
  let prefix = "";
  let body: string;
  if (!Number.isFinite(abs)) {
    body = Number.isNaN(abs) ? "nan" : "inf";
    if (/^[FEG]$/.test(type)) body = body.toUpperCase();
  } else {
    switch (type) {
      case "d":
        body = integerText(abs, 10);
        break;
      case "x":
      case "X":
      case "o":
      case "b": {
        body = integerText(abs, type === "o" ? 8 : type === "b" ? 2 : 16);
        if (type === "X") body = body.toUpperCase();
        if (spec.alternate) prefix = type === "X" ? "0X" : `0${type}`;
        break;
      }
      case "f":
      case "F":
        body = toFixedEven(abs, spec.precision ?? 6);
        break;
      case "%":
        body = `${toFixedEven(abs * 100, spec.precision ?? 6)}%`;
        break;
      case "e":
      case "E":
        body = exponential(abs, spec.precision ?? 6);
        if (type === "E") body = body.toUpperCase();
        break;
      case "g":
      case "G":
        body = general(abs, spec.precision, spec.alternate);
        if (type === "G") body = body.toUpperCase();
        break;
      default:
        body = spec.precision === undefined ? String(abs) : general(abs, spec.precision, false);
    }
  }
  if (spec.grouping !== "" && !/^[xXob]$/.test(type)) {
    body = body.replace(/^\d+/, (digits) => digits.replace(/\B(?=(\d{3})+$)/g, spec.grouping));
  }
  return pad(body, sign + prefix, spec, true);
}

function pad(body: string, lead: string, spec: Spec, numeric: boolean): string {
  const align = spec.align || (spec.zero ? (numeric ? "=" : "<") : numeric ? ">" : "<");
  const fill = spec.align === "" && spec.zero ? "0" : spec.fill;
  const missing = spec.width - lead.length - body.length;
  if (missing <= 0) return lead + body;
  switch (align) {
    case "<":
      return lead + body + fill.repeat(missing);
    case "^":
      return fill.repeat(Math.floor(missing / 2)) + lead + body + fill.repeat(Math.ceil(missing / 2));
    case "=":
      return lead + fill.repeat(missing) + body;
    default:
      return fill.repeat(missing) + lead + body;
  }
}

function integerText(abs: number, radix: number): string {
  const whole = Math.trunc(abs);
  // Past 2^53 String() switches to exponent notation; BigInt prints every digit as Python does.
  return Number.isSafeInteger(whole) ? whole.toString(radix) : BigInt(whole).toString(radix);
}

/**
 * `abs.toFixed(digits)`, but an exact tie rounds to even as Python does:
 * JavaScript rounds 1.25 to "1.3" where Python's `%.1f` gives "1.2".
 */
function toFixedEven(abs: number, digits: number): string {
  const text = abs.toFixed(digits);
  if (abs >= 1e21 || digits >= 100) return text;
  // toFixed(100) is exact for every double that can be a tie at this many digits.
  const exact = abs.toFixed(100);
  const point = exact.indexOf(".");
  const rest = exact.slice(point + 1 + digits);
  if (!/^50*$/.test(rest)) return text;
  const kept = exact.slice(0, point + (digits > 0 ? 1 + digits : 0));
  return Number(kept.at(-1)) % 2 === 0 ? kept : text;
}

function exponential(abs: number, digits: number): string {
  const [mantissa = "", exponent = "0"] = abs.toExponential(digits).split("e");
  const power = Number(exponent);
  // Python writes at least two exponent digits: 1.5e+02, not 1.5e+2.
  return `${mantissa}e${power < 0 ? "-" : "+"}${String(Math.abs(power)).padStart(2, "0")}`;
}

/** Python's `g`: fixed or exponent notation by the exponent, trailing zeros dropped unless `#`. */
function general(abs: number, precision: number | undefined, alternate: boolean): string {
  const digits = precision === undefined ? 6 : Math.max(precision, 1);
  const power = abs === 0 ? 0 : Number(abs.toExponential(digits - 1).split("e")[1]);
  const text = power >= -4 && power < digits ? toFixedEven(abs, digits - 1 - power) : exponential(abs, digits - 1);
  if (alternate) return text;
  const [mantissa = "", exponent] = text.split("e");
  const trimmed = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
}
