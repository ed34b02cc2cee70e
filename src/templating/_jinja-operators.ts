/**
 * Jinja's `~`, `+`, `*`, `%` and `in` where JavaScript's operators mean
 * something else: `~` joins what `{{ }}` would print, `+` joins lists, `*`
 * repeats text and lists, `%` formats text as Python's, `in` looks inside
 * safe strings. With a safe string (Jinja's
 * `Markup`) on either side, the other side is escaped and the result stays
 * safe, so joining markup to text neither escapes the markup a second time
 * nor lets the text in unescaped. The compiler calls these for every
 * `~ + * %` in a template; numbers still add, multiply and take the remainder.
 */
import type { Markup } from "./_markup.js";
import { percentFormat } from "./_python-format.js";
import { isPlainObject } from "./_python-values.js";

/** Runtime helpers, named as the compiled templates call them. */
export interface JinjaOperators {
  jinjaConcat(left: unknown, right: unknown, escaping: unknown): unknown;
  jinjaAdd(left: unknown, right: unknown): unknown;
  jinjaMul(left: unknown, right: unknown): unknown;
  jinjaMod(left: unknown, right: unknown): unknown;
  /** nunjucks' own name for `in`, replaced. */
  inOperator(key: unknown, container: unknown): boolean;
}

/** What `{{ value }}` prints before escaping: nothing for none and undefined. */
function printed(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}

function isText(value: unknown): value is string | String {
  return typeof value === "string" || value instanceof String;
}

/** `count` copies of a text or list one after the other, as Python's `x * n`; none for a count below one. */
function repeat<T extends string | readonly unknown[]>(value: T, count: number): T {
  if (typeof value === "string") return value.repeat(Math.max(0, count)) as T;
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) items.push(...(value as readonly unknown[]));
  return items as unknown as T;
}

/** `nunjucksIn` is nunjucks' `in`, which the returned one calls for all but safe strings. */
export function jinjaOperators(markup: Markup, nunjucksIn: (key: unknown, container: unknown) => boolean): JinjaOperators {
  const eitherSafe = (left: unknown, right: unknown): boolean => markup.isSafe(left) || markup.isSafe(right);
  /** `text * count` keeping the text's safety. */
  const repeatText = (text: string | String, count: number): unknown =>
    markup.isSafe(text) ? markup.markSafe(repeat(String(text), count)) : repeat(String(text), count);

  return {
    /** `a ~ b`. `escaping` is the page's autoescape: without it Jinja joins plain text, safe or not. */
    jinjaConcat(left, right, escaping) {
      if (escaping && eitherSafe(left, right)) return markup.markSafe(markup.printed(left) + markup.printed(right));
      return printed(left) + printed(right);
    },

    /** `a + b`: lists concatenate; text with a safe string is markup whatever the autoescape, as `Markup.__add__`. */
    jinjaAdd(left, right) {
      if (Array.isArray(left) && Array.isArray(right)) return left.concat(right);
      if (isText(left) && isText(right) && eitherSafe(left, right)) return markup.markSafe(markup.printed(left) + markup.printed(right));
      return (left as number) + (right as number);
    },

    /** `a * b`: a text or list times a whole number repeats it. */
    jinjaMul(left, right) {
      if (Number.isInteger(right)) {
        if (isText(left)) return repeatText(left, right as number);
        if (Array.isArray(left)) return repeat(left, right as number);
      }
      if (Number.isInteger(left)) {
        if (isText(right)) return repeatText(right, left as number);
        if (Array.isArray(right)) return repeat(right, left as number);
      }
      return (left as number) * (right as number);
    },

    /**
     * `text % values`, as Python's: a list is the arguments (Jinja's tuple), a
     * dict fills `%(name)s` fields, anything else is the one argument. A safe
     * format string escapes what it fills in and stays safe.
     */
    jinjaMod(left, right) {
      if (!isText(left)) return (left as number) % (right as number);
      const template = String(left);
      const values = Array.isArray(right) ? right : isPlainObject(right) && template.includes("%(") ? right : [right];
      if (!markup.isSafe(left)) return percentFormat(template, values);
      return markup.markSafe(percentFormat(template, values, markup.field));
    },

    /** `'b' in text` looks in a safe string's text too (nunjucks took it for an object with keys). */
    inOperator(key, container) {
      return markup.isSafe(container) ? String(container).includes(String(key)) : nunjucksIn(key, container);
    },
  };
}
