/**
 * Shapes shared by the routing case tables; plain data so the same tables run
 * through the bare `Router` (test/routing) and through an app (test/app).
 */

/** One rule as registered; a bare string means `{ rule: s, endpoint: s }`. */
export interface RuleSpec {
  rule: string;
  endpoint: string;
  methods?: readonly string[];
  strictSlashes?: boolean;
  mergeSlashes?: boolean;
  defaults?: Readonly<Record<string, unknown>>;
  redirectTo?: string | ((values: Record<string, unknown>) => string);
  provideAutomaticOptions?: boolean;
  buildOnly?: boolean;
}

export type RuleInput = string | RuleSpec;

/** Options given to the router (or the app) as a whole. */
export interface RouterSettings {
  strictSlashes?: boolean;
  mergeSlashes?: boolean;
}

/** What a request must produce; `values` omitted means no values at all. */
export type MatchExpect =
  | { kind: "match"; endpoint: string; values?: Readonly<Record<string, unknown>> }
  | { kind: "redirect"; location: string }
  | { kind: "methodNotAllowed"; allowed: readonly string[] }
  | { kind: "notFound" }
  | { kind: "badRequest" };

export interface MatchCase {
  rules: readonly RuleInput[];
  router?: RouterSettings;
  /** Default "GET". */
  method?: string;
  /** Raw, still percent-encoded path. */
  path: string;
  /** Raw query string without "?". */
  query?: string;
  expect: MatchExpect;
  /** The behaviour being pinned, as a clause ("static segments beat converters"). */
  why?: string;
}

export type BuildCase = {
  rules: readonly RuleInput[];
  endpoint: string;
  values?: Readonly<Record<string, unknown>>;
  method?: string;
  appendUnknown?: boolean;
  why?: string;
} & (
  | { expect: string }
  /** A `BuildError` whose message names the endpoint and each of `mentions`. */
  | { error: { mentions: readonly string[] } }
);

export interface RegistrationErrorCase {
  rules: readonly RuleInput[];
  /** Which kind of mistake: both must throw a `FlagonError` at registration. */
  error: "syntax" | "duplicate";
  /** Substrings the message must contain (the offending rule, the converter...). */
  mentions: readonly string[];
  why?: string;
}

/** Rules that must all register without error (the counterpart of RegistrationErrorCase). */
export interface RegistrationOkCase {
  rules: readonly RuleInput[];
  why: string;
}

export function ruleSpec(input: RuleInput): RuleSpec {
  return typeof input === "string" ? { rule: input, endpoint: input } : input;
}

/** The HTTP response an app must give for an expectation (status, Location, Allow). */
export function httpExpectation(expect: MatchExpect): { status: number; location?: string; allow?: string } {
  switch (expect.kind) {
    case "match":
      return { status: 200 };
    case "redirect":
      return { status: 308, location: expect.location };
    case "methodNotAllowed":
      return { status: 405, allow: expect.allowed.join(", ") };
    case "notFound":
      return { status: 404 };
    case "badRequest":
      return { status: 400 };
  }
}

export function describeRules(rules: readonly RuleInput[]): string {
  return rules
    .map((r) => {
      const s = ruleSpec(r);
      const extra: string[] = [];
      if (s.methods) extra.push(s.methods.join("|"));
      if (s.strictSlashes !== undefined) extra.push(`strictSlashes=${s.strictSlashes}`);
      if (s.mergeSlashes !== undefined) extra.push(`mergeSlashes=${s.mergeSlashes}`);
      if (s.defaults) extra.push(`defaults=${JSON.stringify(s.defaults)}`);
      if (s.redirectTo !== undefined) extra.push(`redirectTo=${typeof s.redirectTo === "string" ? s.redirectTo : "fn"}`);
      if (s.provideAutomaticOptions === false) extra.push("no auto OPTIONS");
      if (s.buildOnly) extra.push("buildOnly");
      const ep = s.endpoint === s.rule ? "" : ` as ${s.endpoint}`;
      return `${s.rule}${ep}${extra.length ? ` [${extra.join(", ")}]` : ""}`;
    })
    .join(", ");
}

export function describeExpect(expect: MatchExpect): string {
  switch (expect.kind) {
    case "match":
      return `matches ${expect.endpoint}${expect.values ? ` with ${JSON.stringify(expect.values)}` : ""}`;
    case "redirect":
      return `redirects (308) to ${expect.location}`;
    case "methodNotAllowed":
      return `is 405 allowing ${expect.allowed.join(", ")}`;
    case "notFound":
      return "is 404";
    case "badRequest":
      return "is 400";
  }
}

/** A sentence naming the request, the outcome and the rules, for test titles. */
export function matchTitle(c: MatchCase): string {
  const target = `${c.method ?? "GET"} ${c.path}${c.query !== undefined ? `?${c.query}` : ""}`;
  const settings = c.router ? ` (router ${JSON.stringify(c.router)})` : "";
  const why = c.why ? `: ${c.why}` : "";
  return `${target} ${describeExpect(c.expect)} given ${describeRules(c.rules)}${settings}${why}.`;
}
