import type { Rule } from "./rule.js";

/** What a converter turns a URL piece into, or refuses. */
export interface ConverterSpec {
  /**
   * Pattern for one value: no anchors, no capturing groups (use `(?:...)`). Default `[^/]+`, one
   * non-empty segment, as Werkzeug's `BaseConverter`: a converter that only turns the text into a
   * value (Flask's `ListConverter` splitting on commas) needs none.
   */
  regex?: string;
  /** Lower sorts first: int/float 50, string/any/uuid 100, path 200. */
  weight?: number;
  /** False when the value may span `/` (as `path`); by default, true unless `regex` contains `/`. */
  partIsolating?: boolean;
  /**
   * Accept a regex with a repeated group that holds a repetition (`(a+)+`), refused by default:
   * such regexes backtrack exponentially on a crafted URL. A group that starts with a separator
   * its body cannot match (`[a-z]+(?:-[a-z]+)*`) is accepted without it.
   */
  nestedQuantifiers?: boolean;
  /** Turns the matched (percent-decoded) text into the value; throw `ValidationError` to refuse. */
  toValue?(raw: string): unknown;
  /** Turns a value into URL text (before percent-encoding); throw `ValidationError` to refuse. */
  toUrl?(value: unknown): string;
}

/** A converter factory: called once per rule with the arguments written in the rule. */
export type ConverterFactory = (args: readonly ConverterArg[], kwargs: Readonly<Record<string, ConverterArg>>) => ConverterSpec;
export type ConverterArg = string | number | boolean | null;

export type RedirectTarget = string | ((values: Record<string, unknown>) => string);

export interface RuleOptions {
  endpoint: string;
  /** Default `["GET"]`; `HEAD` is added when `GET` is present. */
  methods?: readonly string[];
  strictSlashes?: boolean;
  mergeSlashes?: boolean;
  /** Values passed to the view when the rule matches; also used when building. */
  defaults?: Readonly<Record<string, unknown>>;
  /** Matching this rule redirects (308) to the target, a rule string with `<name>` placeholders or a function. */
  redirectTo?: RedirectTarget;
  /** Add `OPTIONS` to the rule's methods (default true). */
  provideAutomaticOptions?: boolean;
  buildOnly?: boolean;
  /** Anything the owner wants back on a match (the app keeps its view here). */
  payload?: unknown;
}

/**
 * What `router.match()` answers: exactly the shapes API.md shows, so a result compares equal to
 * `{ kind: "match", endpoint, values }`. A redirect also has a non-enumerable `status` (308).
 */
export type MatchResult =
  | { kind: "match"; endpoint: string; values: Record<string, unknown> }
  | { kind: "redirect"; location: string; readonly status: 308 }
  | { kind: "methodNotAllowed"; allowed: string[] }
  | { kind: "notFound" }
  | { kind: "badRequest"; message: string };

export interface BuildOptions {
  /** Only rules that accept this method are considered. */
  method?: string;
  /** Values that are not rule arguments go to the query string (default true). */
  appendUnknown?: boolean;
}

/** `router.resolve()`'s answer: a match also carries its rule (the app reads the view from it). */
export type Resolution = Exclude<MatchResult, { kind: "match" }> | { kind: "match"; endpoint: string; values: Record<string, unknown>; rule: Rule };
