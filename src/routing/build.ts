import { BuildError, ValidationError } from "./errors.js";
import type { Rule } from "./rule.js";
import type { BuildOptions } from "./types.js";

// As Werkzeug, these stay readable in a path (the WHATWG path-segment set); `/` too except inside one segment.
const PATH_SAFE = /%(?:24|26|2B|2C|2F|3A|3B|3D|40)/g;
const SEGMENT_SAFE = /%(?:24|26|2B|2C|3A|3B|3D|40)/g;
const QUERY_SAFE = /%(?:24|2C|2F|3A|3B|3F|40)/g;

function encodeWith(text: string, safe: RegExp): string {
  return encodeURIComponent(text.toWellFormed()).replace(safe, decodeURIComponent);
}

/** Percent-encodes path text, keeping `/` and the characters a path segment may hold. */
export const encodePath = (text: string): string => encodeWith(text, PATH_SAFE);
/** Percent-encodes one segment's value: a `/` inside it becomes `%2F`, so matching gives it back whole. */
export const encodeSegment = (text: string): string => encodeWith(text, SEGMENT_SAFE);
/** Query keys and values are form-encoded, as Werkzeug writes them: a space becomes `+`. */
export const encodeQueryPart = (text: string): string => encodeWith(text, QUERY_SAFE).replace(/%20/g, "+");

/** Drops `null` and `undefined` values, as Werkzeug drops `None`. */
export function presentValues(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const present: Record<string, unknown> = {};
  for (const key in values) {
    const value = values[key];
    if (value !== undefined && value !== null) present[key] = value;
  }
  return present;
}

/** Writes extra values as a query string (`?a=1&a=2`), arrays as repeated keys, in the given order. */
export function encodeQuery(values: Readonly<Record<string, unknown>>, skip: ReadonlySet<string>): string {
  let query = "";
  for (const key in values) {
    if (skip.has(key)) continue;
    const value = values[key];
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item === undefined || item === null) continue;
      query += (query ? "&" : "?") + encodeQueryPart(key) + "=" + encodeQueryPart(String(item));
    }
  }
  return query;
}

type Outcome = { url: string } | { missing: string[] } | { refused: string } | { conflict: string };

/** Whether the values suit the rule (every argument given or defaulted, defaults not contradicted), and its URL. */
export function buildRule(rule: Rule, values: Readonly<Record<string, unknown>>, appendUnknown: boolean): Outcome {
  const defaults = rule.defaults;
  const missing: string[] = [];
  for (const name of rule.arguments) {
    if (!Object.hasOwn(values, name) && !(defaults && Object.hasOwn(defaults, name))) missing.push(name);
  }
  if (missing.length > 0) return { missing };
  if (defaults) {
    for (const key in defaults) {
      if (Object.hasOwn(values, key) && values[key] !== defaults[key]) return { conflict: key };
    }
  }
  let path = "";
  for (const item of rule.trace) {
    if (!item.variable) {
      path += encodePath(item.text);
      continue;
    }
    const converter = rule.converters.get(item.name)!;
    const value = defaults && Object.hasOwn(defaults, item.name) ? defaults[item.name] : values[item.name];
    let text: string;
    try {
      text = converter.toUrl(value);
    } catch (error) {
      if (error instanceof ValidationError) return { refused: item.name };
      throw error;
    }
    path += converter.partIsolating ? encodeSegment(text) : encodePath(text);
  }
  return { url: appendUnknown ? path + encodeQuery(values, rule.arguments) : path };
}

/** Builds a URL from the first suitable rule of an endpoint, or explains why none is. */
export function buildUrl(
  endpoint: string,
  rules: readonly Rule[] | undefined,
  values: Readonly<Record<string, unknown>>,
  options: BuildOptions,
  knownEndpoints: () => Iterable<string>,
): string {
  if (!rules) throw new BuildError(endpoint, unknownEndpoint(endpoint, knownEndpoints()), values, options.method);
  const present = presentValues(values);
  const method = options.method?.toUpperCase();
  let best: Exclude<Outcome, { url: string }> | undefined;
  for (const rule of rules) {
    if (method !== undefined && !rule.methodSet.has(method)) continue;
    const outcome = buildRule(rule, present, options.appendUnknown ?? true);
    if ("url" in outcome) return outcome.url;
    if (!best || ("missing" in best && (!("missing" in outcome) || outcome.missing.length < best.missing.length))) best = outcome;
  }
  if (!best) throw new BuildError(endpoint, `no rule for this endpoint accepts method '${method}'`, values, method);
  throw new BuildError(endpoint, explain(best, present), values, method);
}

function explain(outcome: Exclude<Outcome, { url: string }>, values: Readonly<Record<string, unknown>>): string {
  if ("missing" in outcome) {
    const names = outcome.missing.map((name) => `'${name}'`).join(", ");
    return outcome.missing.length === 1 ? `missing value for ${names}` : `missing values for ${names}`;
  }
  if ("refused" in outcome) return `value ${JSON.stringify(values[outcome.refused])} for '${outcome.refused}' is refused by its converter`;
  return `value for '${outcome.conflict}' differs from the rule's default`;
}

function unknownEndpoint(endpoint: string, known: Iterable<string>): string {
  const close = [...known].filter((name) => distance(name, endpoint) <= Math.max(2, endpoint.length / 4));
  const hint = close.length > 0 ? ` Did you mean ${close.slice(0, 3).map((name) => `'${name}'`).join(" or ")}?` : "";
  return `no rule has this endpoint.${hint}`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
