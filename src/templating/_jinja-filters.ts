/**
 * Jinja's filters that nunjucks lacks (`format`, `map`, `unique`, `min`,
 * `max`, `items`, `filesizeformat`, `xmlattr`, `attr`, `wordwrap`, `pprint`), Jinja's `groupby`
 * (nunjucks' returns an object, not `(grouper, list)` pairs), Jinja's `select`,
 * `reject`, `selectattr` and `rejectattr` (nunjucks' pass a test one argument,
 * and its `selectattr` takes no test), `upper`,
 * `lower` and `reverse` that keep a safe string safe, `replace`, `truncate`
 * and `join` that escape what they put into a safe string, `list`, `first`
 * and `last` that read a safe string's text, `int`, `float`, `trim`,
 * `striptags` and `urlencode` that read text as Python does, and keyword
 * arguments for nunjucks' own filters: it takes `sort(attribute='name')`'s
 * keywords as one object in the first parameter's place.
 */
import type Nunjucks from "nunjucks";
import { bindArguments, splitKeywords } from "./_keywords.js";
import { jinjaTruthy } from "./_jinja-syntax.js";
import { markupOf } from "./_markup.js";
import { jinjaFloat, jinjaInt, pythonRound, unescapeHtml, urlQuote } from "./_python-conversions.js";
import { percentFormat } from "./_python-format.js";
import { pformat } from "./_python-pprint.js";
import { pythonStringMethod } from "./_python-strings.js";
import { wordwrap } from "./_python-textwrap.js";
import { codePoints, firstCodePoints, isPlainObject, isText, printed, pyEquals, pyOrder, pyRepr, pyStr, toList } from "./_python-values.js";

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
 * parameters already come in Jinja's order.
 */
const BUILTIN_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  batch: ["linecount", "fill_with"],
  center: ["width"],
  default: ["default_value", "boolean"],
  d: ["default_value", "boolean"],
  join: ["d", "attribute"],
  replace: ["old", "new", "count"],
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
 * `text` without each `open`...`close` span, as the regular expression
 * `open.*?close` removes them, in one pass: once no `close` follows, none
 * can end a later span, where the expression would rescan the rest from
 * each `open` (a page of unclosed `<`).
 */
function removeBetween(text: string, open: string, close: string): string {
  let kept = "";
  let from = 0;
  for (;;) {
    const start = text.indexOf(open, from);
    const end = start < 0 ? -1 : text.indexOf(close, start + open.length);
    if (end < 0) return kept + text.slice(from);
    kept += text.slice(from, start);
    from = end + close.length;
  }
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
  const reverse = builtinFilter("reverse");
  const safe = builtinFilter("safe");
  const escapeValue: Filter = (value) => (markup.isSafe(value) ? value : new SafeString(markup.printed(value)));

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

    /**
     * Jinja's `urlencode`: text quoted as Python's `quote` (keeping `/`); a
     * dict's items or a list's pairs as a query string, `+` for a space.
     * nunjucks' kept `!'()*` and escaped `/`.
     */
    urlencode(value) {
      if (isText(value) || typeof value !== "object" || value === null) return urlQuote(printed(value), false);
      const items = Array.isArray(value) ? value.map((item) => toList(item) as [unknown, unknown]) : pairs(value, "urlencode");
      return items.map(([key, item]) => `${urlQuote(printed(key), true)}=${urlQuote(printed(item), true)}`).join("&");
    },

    /**
     * Jinja's `title`: each word upper-cased at its start and lower-cased
     * after, a word starting after a space, a hyphen or one of `({[<`;
     * nunjucks' split on spaces only (`Hello-world`).
     */
    title(value) {
      const words = printed(value).split(/([-\s({[<]+)/);
      return sameSafety(value, words.map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()).join(""));
    },

    /**
     * Jinja's `indent(width=4, first=false, blank=false)`: blank lines are
     * left empty unless `blank`, and `width` may be the text to indent with;
     * nunjucks' indented every line and read a width of 0 as 4.
     */
    indent(value, ...args) {
      const [width = 4, first = false, blank = false] = bindArguments("indent", ["width", "first", "blank"], args);
      const text = typeof width === "string" || markup.isSafe(width) ? String(width) : " ".repeat(Math.max(0, Number(width)));
      // Into a safe string, the indention goes escaped (unless safe itself), so the result can stay safe.
      const indention = markup.isSafe(value) && !markup.isSafe(width) ? escape(text) : text;
      // Python's splitlines() after adding "\n": a final newline stays, each line end reads as one.
      const lines = `${printed(value)}\n`.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/).slice(0, -1);
      const rest = lines.slice(1).map((line) => (line === "" && !jinjaTruthy(blank) ? line : indention + line));
      const indented = [lines[0] ?? "", ...rest].join("\n");
      return sameSafety(value, jinjaTruthy(first) ? indention + indented : indented);
    },

    /** Jinja's `dictsort(case_sensitive=false, by='key', reverse=false)`: a dict's (or `Map`'s) pairs, sorted. */
    dictsort(value, ...args) {
      const [caseSensitive, by = "key", reverse] = bindArguments("dictsort", ["case_sensitive", "by", "reverse"], args);
      if (by !== "key" && by !== "value") throw new TypeError('dictsort: You can only sort by either "key" or "value"');
      const key = compareKey(caseSensitive, by === "key" ? 0 : 1);
      const direction = jinjaTruthy(reverse) ? -1 : 1;
      // Array.prototype.sort is stable, and so is Python's sorted(reverse=True): equal keys keep their order.
      return pairs(value, "dictsort").sort((a, b) => direction * pyOrder(key(a), key(b)));
    },

    /**
     * Jinja's `round(precision=0, method='common')`: Python's `round()`,
     * ties to even (`2.5|round` is 2); `ceil` and `floor` as `math.ceil`
     * and `math.floor` at that precision. nunjucks' moved ties up.
     */
    round(value, ...args) {
      const [precision = 0, method = "common"] = bindArguments("round", ["precision", "method"], args);
      if (method !== "common" && method !== "ceil" && method !== "floor") throw new TypeError("round: method must be common, ceil or floor");
      const number = Number(value);
      if (method === "common") return pythonRound(number, Number(precision));
      const scale = 10 ** Number(precision);
      return (method === "ceil" ? Math.ceil(number * scale) : Math.floor(number * scale)) / scale;
    },

    /**
     * `escape`/`e`: a safe string as it is, anything else printed as `{{ }}`
     * prints it (`None`, `True`, `[1, 2]`) and escaped, as markupsafe's
     * `escape(str(value))`; nunjucks' printed JavaScript's text (`true`, `1,2`).
     */
    escape: escapeValue,
    e: escapeValue,

    /** `forceescape`: escaped even when safe, the value's text as `{{ }}` prints it. */
    forceescape(value) {
      return new SafeString(escape(printed(value)));
    },

    /** `safe`: Jinja's `Markup(value)`, the value's text as `{{ }}` prints it, marked safe; nunjucks' left a non-string as it was. */
    safe(value) {
      // nunjucks' markSafe of a function makes what the function returns safe.
      if (typeof value === "function") return safe.call(this, value);
      return markup.isSafe(value) ? value : new SafeString(printed(value));
    },

    /** Python's `int()` with Jinja's fallbacks (`"3.9"` is 3); nunjucks' parseInt read `"12abc"` as 12 and had no default 0. */
    int(value, ...args) {
      const [fallback = 0, base = 10] = bindArguments("int", ["default", "base"], args);
      return jinjaInt(value, fallback, Number(base));
    },

    /** Python's `float()`, default 0.0; nunjucks' parseFloat read `"12abc"` as 12 and had no default. */
    float(value, ...args) {
      const [fallback = 0] = bindArguments("float", ["default"], args);
      return jinjaFloat(value, fallback);
    },

    /** Python's `str.strip(chars)`; nunjucks' ignored `chars`. A safe string stays safe. */
    trim(value, ...args) {
      const [chars] = bindArguments("trim", ["chars"], args);
      return sameSafety(value, pythonStringMethod(printed(value), "strip")?.(...(chars === undefined ? [] : [chars])) as string);
    },

    /**
     * markupsafe's `striptags`: comments and tags out, whitespace collapsed,
     * then character references read back, so `&amp;` is printed once
     * escaped, not twice. The result is text.
     */
    striptags(value) {
      const stripped = removeBetween(removeBetween(printed(value), "<!--", "-->"), "<", ">");
      return unescapeHtml(stripped.split(/\s+/).filter(Boolean).join(" "));
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
