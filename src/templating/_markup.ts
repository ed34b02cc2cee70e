/**
 * Jinja's `Markup` rules over nunjucks' `SafeString`: whatever is put into a
 * safe string is escaped first, unless it is safe itself, so the result can
 * stay safe. Used by safe strings' Python methods, by the filters that
 * build a safe result from their arguments (`format`, `replace`, `truncate`,
 * `join`) and by the operators `~ + * %`.
 */
import type Nunjucks from "nunjucks";
import { printed, pyStr } from "./_python-values.js";

/** How to build a safe string from parts that may not be safe. */
export interface Markup {
  /** Whether `value` is a safe string (nunjucks' `SafeString`, Jinja's `Markup`). */
  isSafe(value: unknown): boolean;
  /** `text` with `& " ' < >` escaped, as nunjucks escapes printed values. */
  escape(text: string): string;
  /** `text` marked safe. */
  markSafe(text: string): unknown;
  /** The text a value adds to markup, as markupsafe's `escape(str(value))`: a safe string's own, anything else escaped. */
  text(value: unknown): string;
  /** The text a value adds to markup as `{{ }}` prints it: a safe string's own, none and undefined nothing, anything else escaped. */
  printed(value: unknown): string;
  /**
   * An argument about to go into a safe string: a safe string as its text, a
   * string or any other object escaped; numbers, booleans and none as given.
   */
  argument(value: unknown): unknown;
  /** A field of a safe format string: `text` (the formatted `value`) escaped unless `value` is safe. */
  field(value: unknown, text: string): string;
}

/** The `Markup` rules with this nunjucks' `SafeString` and escaping. */
export function markupOf(nunjucks: typeof Nunjucks): Markup {
  const { SafeString } = nunjucks.runtime;
  const { escape } = (nunjucks as unknown as { lib: { escape(text: string): string } }).lib;
  const isSafe = (value: unknown): boolean => value instanceof SafeString;
  return {
    isSafe,
    escape,
    markSafe: (text) => new SafeString(text),
    text: (value) => (isSafe(value) ? String(value) : escape(pyStr(value))),
    printed: (value) => (isSafe(value) ? String(value) : escape(printed(value))),
    argument: (value) => {
      if (isSafe(value)) return String(value);
      if (typeof value === "string") return escape(value);
      // An object prints through its toString(), which may hold markup.
      return typeof value === "object" && value !== null ? escape(String(value)) : value;
    },
    field: (value, text) => (isSafe(value) ? text : escape(text)),
  };
}
