/**
 * Jinja's filters that nunjucks lacks (`format`, `map`, `unique`, `min`,
 * `max`, `items`, `filesizeformat`, `xmlattr`, `attr`, `wordwrap`, `pprint`), Jinja's `groupby`
 * (nunjucks' returns an object, not `(grouper, list)` pairs), Jinja's `select`,
 * `reject`, `selectattr` and `rejectattr` (nunjucks' pass a test one argument,
 * and its `selectattr` takes no test), `upper`,
 * `lower` and `reverse` that keep a safe string safe, `replace`, `truncate`
 * and `join` that escape what they put into a safe string, `list`, `first`,
 * `last` and `urlencode` that read a safe string's text, and keyword
 * arguments for nunjucks' own filters: it takes `sort(attribute='name')`'s
 * keywords as one object in the first parameter's place.
 */
import type Nunjucks from "nunjucks";
import { bindArguments, splitKeywords } from "./_keywords.js";
import { jinjaTruthy } from "./_jinja-syntax.js";
import { markupOf } from "./_markup.js";
import { percentFormat } from "./_python-format.js";
import { pformat } from "./_python-pprint.js";
import { wordwrap } from "./_python-textwrap.js";
import { codePoints, firstCodePoints, isPlainObject, isText, printed, pyEquals, pyRepr, pyStr, toList } from "./_python-values.js";

/** What a filter's `this` is: nunjucks calls filters with the render's context. */
interface FilterThis {
  env: {
    opts: { autoescape: boolean };
    getFilter(name: string): (this: FilterThis, ...args: unknown[]) => unknown;
    tests: Readonly<Record<string, (this: FilterThis, value: unknown, ...args: unknown[]) => unknown>>;
  };
}

export type Filter = (this: FilterThis, value: unknown, ...args: unknown[]) => unknown;

/**
 * Jinja's parameter names of nunjucks' built-in filters, whose positional
 * parameters already come in Jinja's order. (`int` takes keywords itself.)
 */
const BUILTIN_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  batch: ["linecount", "fill_with"],
  center: ["width"],
  default: ["default_value", "boolean"],
  d: ["default_value", "boolean"],
  dictsort: ["case_sensitive", "by"],
  indent: ["width", "first"],
  join: ["d", "attribute"],
  replace: ["old", "new", "count"],
  round: ["precision", "method"],
  slice: ["slices", "fill_with"],
  sort: ["reverse", "case_sensitive", "attribute"],
  sum: ["attribute", "start"],
  tojson: ["indent"],
  truncate: ["length", "killwords", "end", "leeway"],
  urlize: ["trim_url_limit", "nofollow"],
};

/**
 * Wraps a built-in filter so `join(', ', attribute='name')` reaches it as
 * `join(', ', 'name')`; calls without keywords go straight through.
 */
export function withKeywordArguments(name: string, filter: Filter): Filter {
  const names = BUILTIN_PARAMETERS[name];
  if (names === undefined) return filter;
  return function (this: FilterThis, value: unknown, ...args: unknown[]): unknown {
    const last = args[args.length - 1];
    if (typeof last !== "object" || last === null || !Object.prototype.hasOwnProperty.call(last, "__keywords")) return filter.call(this, value, ...args);
    return filter.call(this, value, ...bindArguments(name, names, args));
  };
}

/** Jinja's attribute getter: `"address.city"` walks attributes, `"0"` indexes a list; a missing value gives `fallback`. */
function attributeGetter(attribute: unknown, fallback?: unknown): (item: unknown) => unknown {
  const parts = typeof attribute === "number" ? [attribute] : String(attribute).split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return (item) => {
    let value = item;
    for (const part of parts) {
      if (value === null || value === undefined) break;
      value = value instanceof Map ? value.get(part) : (value as Record<string | number, unknown>)[part];
    }
    return value === undefined ? fallback : value;
  };
}

/** The key `unique`, `min` and `max` compare by: the attribute, lower-cased unless `case_sensitive`. */
function compareKey(caseSensitive: unknown, attribute: unknown): (item: unknown) => unknown {
  const get = attribute === null || attribute === undefined ? (item: unknown) => item : attributeGetter(attribute);
  return (item) => {
    const value = get(item);
    const text = typeof value === "string" || value instanceof String ? value.toString() : undefined;
    return text !== undefined && !jinjaTruthy(caseSensitive) ? text.toLowerCase() : value;
  };
}

/** The first item whose key wins against every other (Python's `min`/`max` keep the first of equals). */
function extreme(name: string, value: unknown, args: unknown[], wins: (a: never, b: never) => boolean): unknown {
  const [caseSensitive, attribute] = bindArguments(name, ["case_sensitive", "attribute"], args);
  const key = compareKey(caseSensitive, attribute);
  let best: { item: unknown; key: unknown } | undefined;
  for (const item of toList(value)) {
    const itemKey = key(item);
    if (best === undefined || wins(itemKey as never, best.key as never)) best = { item, key: itemKey };
  }
  return best?.item;
}

/**
 * Jinja's `select` and `reject`, or with `byAttribute` `selectattr` and
 * `rejectattr`: the items whose value, or attribute, passes the named test
 * (`keep` true) or fails it; with no test, the value's truth.
 */
function selectByTest(filter: string, keep: boolean, byAttribute: boolean): Filter {
  return function (value, ...args) {
    // As Jinja: from nothing, nothing is selected and no test is looked up, so an unknown name fails only with items.
    if (!jinjaTruthy(value)) return [];
    const { keywords, positional } = splitKeywords(args);
    if (byAttribute && positional.length === 0) throw new TypeError(`${filter}: missing parameter for attribute name`);
    const read = byAttribute ? attributeGetter(positional[0]) : (item: unknown) => item;
    const [name, ...rest] = byAttribute ? positional.slice(1) : positional;
    const passes = positional.length > (byAttribute ? 1 : 0) ? namedTest(this, filter, name, rest, keywords) : jinjaTruthy;
    return toList(value).filter((item) => passes(read(item)) === keep);
  };
}

/**
 * The environment's test, given the arguments as `value is name(...)` gives
 * them (keywords in a last object); its result is taken for its truth, as
 * Jinja's `select` takes it.
 */
function namedTest(context: FilterThis, filter: string, name: unknown, args: unknown[], keywords: Record<string, unknown>): (value: unknown) => boolean {
  const { tests } = context.env;
  const test = Object.hasOwn(tests, String(name)) ? tests[String(name)] : undefined;
  if (test === undefined) throw new Error(`${filter}: no test named ${pyRepr(name)}; name one of Jinja's tests or add it with app.templateTest()`);
  const testArgs = Object.keys(keywords).length > 0 ? [...args, { ...keywords, __keywords: true }] : args;
  return (value) => jinjaTruthy(test.call(context, value, ...testArgs));
}

/** A mapping's pairs: a dict's, a Map's, or any collection's `entries()` (flagon's `MultiDict`). */
function pairs(value: unknown, filter: string): [unknown, unknown][] {
  if (value === null || value === undefined) return [];
  if (value instanceof Map) return [...(value as Map<unknown, unknown>).entries()];
  if (isPlainObject(value)) return Object.entries(value);
  const entries = (value as { entries?: unknown }).entries;
  if (!Array.isArray(value) && typeof entries === "function") return [...(entries.call(value) as Iterable<[unknown, unknown]>)];
  throw new TypeError(`${filter}: can only get item pairs from a mapping, got ${pyRepr(value)}`);
}

/**
 * The filters to add to each environment, built with nunjucks' `SafeString`
 * and escaping; `builtin` holds nunjucks' own filters, which some of these wrap.
 */
export function jinjaFilters(nunjucks: typeof Nunjucks, builtin: Readonly<Record<string, Filter>>): Record<string, Filter> {
  const { SafeString } = nunjucks.runtime;
  const markup = markupOf(nunjucks);
  const { escape } = markup;
  const sameSafety = (source: unknown, text: string): unknown => (source instanceof SafeString ? new SafeString(text) : text);
  const builtinFilter = (name: string): Filter => {
    const filter = builtin[name];
    if (filter === undefined) throw new Error(`nunjucks has no ${name} filter; flagon's templates need nunjucks 3.2`);
    return filter;
  };
  const replace = builtinFilter("replace");
  const urlencode = builtinFilter("urlencode");
  const reverse = builtinFilter("reverse");

  return {
    /** `"%s - %s"|format(a, b)`, `"%(n)d items"|format(n=3)`: Python's `%`. */
    format(value, ...args) {
      const { keywords, positional } = splitKeywords(args);
      const named = Object.keys(keywords).length > 0;
      if (named && positional.length > 0) throw new TypeError("format: can't handle positional and keyword arguments at the same time");
      // As Jinja: a safe (Markup) format string escapes each field it fills, unless the value is safe, and stays safe.
      // A plain one gives plain text, escaped as a whole when printed.
      const safe = markup.isSafe(value);
      const text = percentFormat(pyStr(value), named ? keywords : positional, safe ? markup.field : undefined);
      return safe ? new SafeString(text) : text;
    },

    /**
     * nunjucks' `replace`, but on a safe string `old` and `new` are escaped
     * first, as Jinja's `do_replace`: the result stays safe, so what goes into it must be.
     */
    replace(value, old, replacement, ...rest) {
      if (!markup.isSafe(value)) return replace.call(this, value, old, replacement, ...rest);
      return replace.call(this, value, markup.argument(old), markup.argument(replacement), ...rest);
    },

    /**
     * Jinja's `truncate`: text up to `length + leeway` characters is kept
     * whole; longer text is cut so that it ends with `end` within `length`,
     * at the last space unless `killwords`. With a safe string on either
     * side, the other is escaped and the result is safe (Jinja's `Markup`).
     */
    truncate(value, length = 255, killwords = false, end = "...", leeway = 5) {
      const text = value === undefined || value === null ? "" : String(value);
      const ending = String(end ?? "");
      const size = Number(length);
      if (size < codePoints(ending)) throw new TypeError(`truncate: expected length >= ${codePoints(ending)}, got ${size}`);
      if (Number(leeway) < 0) throw new TypeError(`truncate: expected leeway >= 0, got ${Number(leeway)}`);
      if (codePoints(text) <= size + Number(leeway)) return value ?? "";
      let cut = firstCodePoints(text, size - codePoints(ending));
      if (!jinjaTruthy(killwords)) {
        const space = cut.lastIndexOf(" ");
        if (space >= 0) cut = cut.slice(0, space);
      }
      if (!markup.isSafe(value) && !markup.isSafe(end)) return cut + ending;
      return new SafeString((markup.isSafe(value) ? cut : escape(cut)) + markup.printed(end));
    },

    /** `map('upper')` applies a filter to each item; `map(attribute='name', default='?')` picks an attribute. */
    map(value, ...args) {
      const { keywords, positional } = splitKeywords(args);
      const items = toList(value);
      if (positional.length === 0) {
        if (!("attribute" in keywords)) throw new TypeError("map: give a filter name, map('upper'), or an attribute, map(attribute='name')");
        return items.map(attributeGetter(keywords["attribute"], keywords["default"]));
      }
      const [name, ...rest] = positional;
      const filter = this.env.getFilter(String(name));
      const filterArgs = Object.keys(keywords).length > 0 ? [...rest, { ...keywords, __keywords: true }] : rest;
      return items.map((item) => filter.call(this, item, ...filterArgs));
    },

    /** Items without repeats, first one kept; strings compared case-insensitively unless `case_sensitive=true`. */
    unique(value, ...args) {
      const [caseSensitive, attribute] = bindArguments("unique", ["case_sensitive", "attribute"], args);
      const key = compareKey(caseSensitive, attribute);
      const seen = new Set<unknown>();
      return toList(value).filter((item) => {
        const itemKey = key(item);
        if (seen.has(itemKey)) return false;
        seen.add(itemKey);
        return true;
      });
    },

    max(value, ...args) {
      return extreme("max", value, args, (a, b) => a > b);
    },

    min(value, ...args) {
      return extreme("min", value, args, (a, b) => a < b);
    },

    /** `for key, value in mapping|items`. */
    items(value) {
      return pairs(value, "items");
    },

    /** `1000|filesizeformat` is "1.0 kB"; with `binary=true` powers of 1024: "1.0 KiB". */
    filesizeformat(value, ...args) {
      const [binary] = bindArguments("filesizeformat", ["binary"], args);
      const bytes = Number(value);
      if (Number.isNaN(bytes)) throw new TypeError(`filesizeformat: ${pyRepr(value)} is not a number`);
      const base = jinjaTruthy(binary) ? 1024 : 1000;
      const prefixes = base === 1024 ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"] : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
      if (bytes === 1) return "1 Byte";
      if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
      // As Jinja: the first unit the size is below, the largest one past that.
      let i = 0;
      while (i < prefixes.length - 1 && bytes >= base ** (i + 2)) i++;
      return percentFormat("%.1f %s", [(base * bytes) / base ** (i + 2), prefixes[i]]);
    },

    /** `{'class': 'x', 'id': none}|xmlattr` is ` class="x"`: escaped, none and undefined left out. */
    xmlattr(value, ...args) {
      const [autospace = true] = bindArguments("xmlattr", ["autospace"], args);
      const attributes: string[] = [];
      for (const [key, item] of pairs(value, "xmlattr")) {
        if (item === null || item === undefined) continue;
        const name = String(key);
        if (/[\s/>=]/.test(name)) throw new TypeError(`xmlattr: invalid character in attribute name ${pyRepr(name)}`);
        attributes.push(`${escape(name)}="${markup.text(item)}"`);
      }
      const text = attributes.join(" ");
      return new SafeString(jinjaTruthy(autospace) && text !== "" ? ` ${text}` : text);
    },

    /**
     * Groups sorted by the attribute, as Jinja: each group is `[grouper, list]`
     * with `.grouper` and `.list`, so `for city, users in ...|groupby('city')` and `group.grouper` both work.
     */
    groupby(value, ...args) {
      const [attribute, fallback, caseSensitive] = bindArguments("groupby", ["attribute", "default", "case_sensitive"], args);
      const key = compareKey(caseSensitive, attribute);
      const original = attributeGetter(attribute, fallback);
      const sorted = toList(value).map((item) => ({ item, key: key(item) ?? fallback }));
      sorted.sort((a, b) => ((a.key as never) < (b.key as never) ? -1 : (a.key as never) > (b.key as never) ? 1 : 0));
      const groups: { key: unknown; group: unknown[] & { grouper: unknown; list: unknown[] } }[] = [];
      for (const { item, key: itemKey } of sorted) {
        const last = groups[groups.length - 1];
        if (last !== undefined && Object.is(last.key, itemKey)) {
          last.group.list.push(item);
        } else {
          // As Jinja: the group is named by its first item's value, not the lower-cased key.
          const grouper = original(item);
          const list = [item];
          groups.push({ key: itemKey, group: Object.assign([grouper, list], { grouper, list }) });
        }
      }
      return groups.map(({ group }) => group);
    },

    /** As Jinja's `Markup.upper()`: a safe string stays safe (nunjucks' returned text, escaped again). */
    upper(value) {
      return sameSafety(value, String(value ?? "").toUpperCase());
    },

    lower(value) {
      return sameSafety(value, String(value ?? "").toLowerCase());
    },

    /**
     * As Jinja's: in an escaped page, when the separator or an item is safe,
     * the others are escaped and the result is safe, so safe items print as
     * markup; otherwise plain text, as `{{ }}` prints each item.
     */
    join(value, separator, attribute) {
      const items = attribute === undefined || attribute === null ? toList(value) : toList(value).map(attributeGetter(attribute));
      const sep = separator ?? "";
      if (this.env.opts.autoescape && (markup.isSafe(sep) || items.some(markup.isSafe))) {
        return new SafeString(items.map(markup.printed).join(markup.printed(sep)));
      }
      return items.map(printed).join(String(sep));
    },

    /** As Jinja's: a dict's keys, a string's characters (a safe string's too), any iterable's items. */
    list(value) {
      return [...toList(value)];
    },

    first(value) {
      return toList(value)[0];
    },

    last(value) {
      return toList(value).at(-1);
    },

    /** A string reversed by characters, a safe one staying safe; lists as nunjucks reverses them. */
    reverse(value) {
      return isText(value) ? sameSafety(value, [...String(value)].reverse().join("")) : reverse.call(this, value);
    },

    urlencode(value) {
      return urlencode.call(this, markup.isSafe(value) ? String(value) : value);
    },

    /**
     * Each line of the text wrapped at `width` characters as Python's `textwrap`
     * wraps it, joined by `wrapstring` (a newline). As Jinja's, the result is
     * text: a safe string's markup is escaped when printed.
     */
    wordwrap(value, ...args) {
      const [width = 79, breakLongWords = true, wrapstring, breakOnHyphens = true] = bindArguments(
        "wordwrap",
        ["width", "break_long_words", "wrapstring", "break_on_hyphens"],
        args,
      );
      const text = value === undefined || value === null ? "" : String(value);
      const joint = wrapstring === undefined || wrapstring === null ? "\n" : pyStr(wrapstring);
      // As textwrap, which tests `break_on_hyphens is True`.
      return wordwrap(text, Number(width), jinjaTruthy(breakLongWords), joint, breakOnHyphens === true);
    },

    /** Python's `pprint.pformat()`: `repr()` with dicts' keys sorted, one item a line past 80 columns. */
    pprint(value) {
      return pformat(value);
    },

    /** `numbers|select('odd')`, `numbers|select('divisibleby', 3)`, `values|select` (the true ones). */
    select: selectByTest("select", true, false),

    reject: selectByTest("reject", false, false),

    /** `users|selectattr('is_active')`, `users|selectattr('age', 'gt', 30)`, `users|selectattr('address.city', 'eq', 'Oslo')`. */
    selectattr: selectByTest("selectattr", true, true),

    rejectattr: selectByTest("rejectattr", false, true),

    /** `obj|attr('name')`. */
    attr(value, name) {
      return value === null || value === undefined ? undefined : (value as Record<string, unknown>)[String(name)];
    },
  };
}

/** As Python's `islower()` and `isupper()`: the text has a cased letter, and none of the other case. */
function inOneCase(text: string, letterCase: "lower" | "upper"): boolean {
  const same = letterCase === "lower" ? text.toLowerCase() : text.toUpperCase();
  const other = letterCase === "lower" ? text.toUpperCase() : text.toLowerCase();
  return text === same && text !== other;
}

type Test = (this: FilterThis & { env: { filters: Record<string, unknown>; tests: Record<string, unknown> } }, value: unknown, ...args: unknown[]) => boolean;

/**
 * Jinja's tests that nunjucks lacks (`none` and the operators' names `==`, `>`... among them, for
 * `select('>', 2)`), `string` that takes a safe string for one, as Jinja's `Markup` is a `str`,
 * `eq`, `equalto` and `ne` that compare as `==` does (`sameas` stays identity), and `lower` and
 * `upper` that read any value's text, as Jinja's `str(value).islower()`, where nunjucks' failed on a number.
 */
export function jinjaTests(nunjucks: typeof Nunjucks): Record<string, Test> {
  const { inOperator } = nunjucks.runtime as unknown as { inOperator(key: unknown, container: unknown): boolean };
  return {
    string: (value) => isText(value),
    // `x is none` compiles to nunjucks' `null` test; `select('none')` names it as Jinja does.
    none: (value) => value === null,
    boolean: (value) => typeof value === "boolean",
    true: (value) => value === true,
    false: (value) => value === false,
    // A JavaScript number does not say whether it was written `1` or `1.0`: whole numbers are integers.
    integer: (value) => Number.isInteger(value),
    float: (value) => typeof value === "number" && !Number.isInteger(value),
    // Python's `%` takes the sign of the divisor, so `-3 is odd` holds; JavaScript's gave -1.
    odd: (value) => (((value as number) % 2) + 2) % 2 === 1,
    // A Python bool is a Number, so Jinja's `true is number` holds.
    number: (value) => typeof value === "number" || typeof value === "boolean",
    sequence: (value) => isText(value) || Array.isArray(value) || isPlainObject(value) || value instanceof Map,
    in: (value, container) => inOperator(value, container),
    eq: (value, other) => pyEquals(value, other),
    equalto: (value, other) => pyEquals(value, other),
    ne: (value, other) => !pyEquals(value, other),
    "==": (value, other) => pyEquals(value, other),
    "!=": (value, other) => !pyEquals(value, other),
    ">": (value, other) => (value as number) > (other as number),
    ">=": (value, other) => (value as number) >= (other as number),
    "<": (value, other) => (value as number) < (other as number),
    "<=": (value, other) => (value as number) <= (other as number),
    lower: (value) => inOneCase(printed(value), "lower"),
    upper: (value) => inOneCase(printed(value), "upper"),
    filter(value) {
      return typeof value === "string" && Object.prototype.hasOwnProperty.call(this.env.filters, value);
    },
    test(value) {
      return typeof value === "string" && Object.prototype.hasOwnProperty.call(this.env.tests, value);
    },
  };
}
