import { buildRule, buildUrl, encodePath, encodeSegment, presentValues } from "./build.js";
import type { ConverterDefinition } from "./converters.js";
import { FlagonError } from "./errors.js";
import { Matcher, SLASH_REQUIRED, Search } from "./matcher.js";
import { methodBit } from "./methods.js";
import { Rule, SharedPieces, type SignedConverter } from "./rule.js";
import type { BuildOptions, ConverterFactory, ConverterSpec, MatchResult, Resolution, RuleOptions } from "./types.js";

export interface RouterOptions {
  /** Rules ending in `/` redirect their slash-less URL to the slashed one (default true). */
  strictSlashes?: boolean;
  /** `//` in a URL redirects to the merged URL when that is what matches (default true). */
  mergeSlashes?: boolean;
}

const NOT_FOUND: MatchResult = Object.freeze({ kind: "notFound" });

/** A rule without variables and, once asked for, its answer to `match()` (valid for one generation of the table). */
type StaticEntry = { readonly rule: Rule; answer: MatchResult | undefined; generation: number };

/**
 * A raw path can reach the router through `fetch()` holding characters a Location header
 * cannot carry (a NUL, a space, raw non-ASCII): those are percent-encoded, the rest is kept
 * exactly as the client sent it.
 */
function asLocation(url: string): string {
  if (!/[^\x21-\x7e]/.test(url)) return url;
  return url.replace(/[\ud800-\udbff][\udc00-\udfff]|[^\x21-\x7e]/g, (char) => encodeURIComponent(char.toWellFormed()));
}

/** A 308 redirect whose status does not take part in comparisons of the result (API.md shows `{ kind, location }`). */
function redirectTo308(location: string): MatchResult {
  const result = { kind: "redirect", location: asLocation(location) } as { kind: "redirect"; location: string; status: 308 };
  Object.defineProperty(result, "status", { value: 308, enumerable: false });
  return result;
}
const NO_METHOD = "\0";

/**
 * Werkzeug's URL map without HTTP: add rules, match a method and path, build URLs back.
 *
 * @example
 * const router = new Router();
 * router.add("/post/<int:post_id>", { endpoint: "show_post" });
 * router.match("GET", "/post/42"); // { kind: "match", endpoint: "show_post", values: { post_id: 42 } }
 * router.build("show_post", { post_id: 7, page: 2 }); // "/post/7?page=2"
 */
export class Router {
  readonly #options: { strictSlashes: boolean; mergeSlashes: boolean };
  readonly #converters = new Map<string, ConverterDefinition>();
  readonly #madeConverters = new Map<string, SignedConverter>();
  readonly #lookup = { definition: (name: string) => this.#converters.get(name), made: this.#madeConverters, shared: new SharedPieces() };
  readonly #matcher = new Matcher();
  readonly #rules: Rule[] = [];
  /** Rules without variables by their exact path: most requests are answered by one map lookup. */
  readonly #staticRules = new Map<string, StaticEntry[]>();
  /** Bumped by every `add()`: a static answer cached before then may have changed (a sibling with defaults). */
  #generation = 0;
  /**
   * Two words per length those paths have: a bit per last character, then a bit per second
   * character (codes modulo 32). A path that no static path matches on all three skips hashing
   * it for the map. Length alone let most dynamic hits through, and hashing them was 9 % of a
   * one-parameter lookup (github-routes oneParam, 2026-11-25). Typed: cheaper than `Set.has`.
   */
  #staticShapes = new Uint32Array(0);
  /**
   * Rules by endpoint, for building URLs, and the rules with a sibling of the same endpoint
   * that has defaults (only they may redirect to a canonical URL). Both are filled from
   * `#rules` when first needed after an `add()`: matching needs them only once some rule has
   * defaults, and indexing every rule as it was added was about a tenth of a 10,000-rule build
   * (2026-11-25).
   */
  readonly #byEndpoint = new Map<string, Rule[]>();
  readonly #mayRedirectToDefaults = new Set<Rule>();
  /** How many of `#rules` are in the two above. */
  #indexed = 0;
  #anyDefaults = false;
  /** The lookup state reused between lookups, and whether a walk is running (a converter may match again). */
  readonly #search = new Search();
  #walking = false;

  constructor(options: RouterOptions = {}) {
    this.#options = { strictSlashes: options.strictSlashes ?? true, mergeSlashes: options.mergeSlashes ?? true };
  }

  /** Makes `<name:...>` usable in rules added from now on. */
  addConverter(name: string, definition: ConverterSpec | ConverterFactory): void {
    this.#converters.set(name, definition);
    for (const signature of this.#madeConverters.keys()) {
      if (signature.startsWith(name + "(")) this.#madeConverters.delete(signature);
    }
  }

  /** Parses and adds a rule; syntax errors and duplicates throw here, not at the first request. */
  add(rule: string, options: RuleOptions): Rule {
    const parsed = new Rule(rule, options, this.#lookup, this.#options);
    this.#matcher.add(parsed);
    this.#rules.push(parsed);
    this.#added(parsed);
    return parsed;
  }

  /**
   * Replaces a rule with the same rule string under new options, in its place: building tries
   * it in the same order, `rules()` lists it where the old one was. How a build-only rule starts
   * matching once its owner has something to serve it with (`payload`); a duplicate throws as in `add()`.
   */
  replace(old: Rule, options: RuleOptions): Rule {
    const index = this.#rules.indexOf(old);
    if (index === -1) {
      throw new FlagonError("FLAGON_UNKNOWN_RULE", `replace(): rule '${old.rule}' of endpoint '${old.endpoint}' is not in this router; add() it first.`);
    }
    const parsed = new Rule(old.rule, options, this.#lookup, this.#options);
    this.#matcher.replace(old, parsed);
    this.#rules[index] = parsed;
    const key = old.staticPath;
    if (key !== undefined) {
      const kept = (this.#staticRules.get(key) ?? []).filter((entry) => entry.rule !== old);
      if (kept.length === 0) this.#staticRules.delete(key);
      else this.#staticRules.set(key, kept);
    }
    // Indexed again from the start on the next build: the old rule may sit in any endpoint's list.
    this.#byEndpoint.clear();
    this.#mayRedirectToDefaults.clear();
    this.#indexed = 0;
    this.#added(parsed);
    // Among the rules of one static path the first added answers first, as in the walk:
    // the replacement takes the old rule's turn there too, not the last one.
    const bucket = parsed.staticPath === undefined ? undefined : this.#staticRules.get(parsed.staticPath);
    bucket?.sort((a, b) => this.#rules.indexOf(a.rule) - this.#rules.indexOf(b.rule));
    return parsed;
  }

  /** Indexes a rule just put in `#rules` for the static lookup and marks cached answers stale. */
  #added(parsed: Rule): void {
    this.#generation++;
    // A path holding `%` is decoded before it is compared: such rules are found by the walk.
    if (parsed.staticPath !== undefined && !parsed.buildOnly && !parsed.staticPath.includes("%")) {
      const key = parsed.staticPath;
      const at = key.length * 2;
      if (at >= this.#staticShapes.length) {
        const grown = new Uint32Array(at + 2);
        grown.set(this.#staticShapes);
        this.#staticShapes = grown;
      }
      this.#staticShapes[at]! |= charBit(key, key.length - 1);
      this.#staticShapes[at + 1]! |= charBit(key, secondIndex(key));
      // A one-element literal rather than `[]` and a push, which would reserve room for 17
      // (about 150 bytes a rule in the 10,000-rule build, 2026-11-25).
      const entry: StaticEntry = { rule: parsed, answer: undefined, generation: 0 };
      const bucket = this.#staticRules.get(key);
      if (bucket) bucket.push(entry);
      else this.#staticRules.set(key, [entry]);
    }
    if (parsed.defaults !== undefined) this.#anyDefaults = true;
  }

  /** `#byEndpoint`, with every rule added so far in it. */
  #endpoints(): Map<string, Rule[]> {
    for (; this.#indexed < this.#rules.length; this.#indexed++) {
      const rule = this.#rules[this.#indexed]!;
      let forEndpoint = this.#byEndpoint.get(rule.endpoint);
      if (forEndpoint) forEndpoint.push(rule);
      else this.#byEndpoint.set(rule.endpoint, (forEndpoint = [rule]));
      // As Werkzeug: rules with more arguments, then more defaults, are tried first when building.
      if (forEndpoint.length > 1) forEndpoint.sort((a, b) => b.arguments.size - a.arguments.size || size(b.defaults) - size(a.defaults));
      if (forEndpoint.length > 1 && forEndpoint.some((sibling) => sibling.defaults)) {
        for (const sibling of forEndpoint) this.#mayRedirectToDefaults.add(sibling);
      }
    }
    return this.#byEndpoint;
  }

  /** Finds the rule for a method and a raw (still percent-encoded) path; never throws on a miss. */
  match(method: string, path: string, query?: string): MatchResult {
    return this.#find(method, path, query, false);
  }

  /** `match()` whose match also carries the rule: how an app finds the view it stored in the rule's payload. */
  resolve(method: string, path: string, query?: string): Resolution {
    return this.#find(method, path, query, true) as Resolution;
  }

  #find(method: string, path: string, query: string | undefined, withRule: boolean): MatchResult {
    // No static path in the map holds `%`, so it is looked up before the path is checked for one.
    const shapes = this.#staticShapes;
    const at = path.length * 2;
    if (
      at < shapes.length &&
      at !== 0 &&
      (shapes[at]! & charBit(path, path.length - 1)) !== 0 &&
      (shapes[at + 1]! & charBit(path, secondIndex(path))) !== 0
    ) {
      const bucket = this.#staticRules.get(path);
      if (bucket !== undefined) {
        const bit = methodBit(method);
        for (let i = 0; i < bucket.length; i++) {
          const entry = bucket[i]!;
          if (entry.rule.accepts(method, bit)) return withRule ? this.#matched(entry.rule, {}, method, query, true) : this.#staticAnswer(entry, method, query);
        }
      }
    }
    const decode = path.indexOf("%") !== -1;
    if (path.charCodeAt(0) !== 47) return NOT_FOUND;
    if (decode && !isWellEncoded(path)) {
      return { kind: "badRequest", message: `The URL path '${path}' has an invalid percent-encoding.` };
    }
    const outer = this.#walking;
    const search = outer ? new Search() : this.#search;
    this.#walking = true;
    try {
      search.reset(method);
      const found = this.#matcher.walk(path, decode, search);
      if (found !== undefined && found !== SLASH_REQUIRED) {
        return this.#matched(found, found.valuesOf(search, path), method, query, withRule);
      }
      let location: string | undefined;
      if (found === SLASH_REQUIRED) {
        location = path + "/";
      } else if (search.sawDoubleSlash) {
        const merged = path.replace(/\/{2,}/g, "/");
        search.count = 0;
        const retry = this.#matcher.walk(merged, decode, search);
        if (retry === SLASH_REQUIRED) location = merged + "/";
        else if (retry !== undefined && retry.mergeSlashes) location = merged;
      }
      if (location !== undefined) return redirectTo308(withQuery(location, query));
      if (search.allowed) return { kind: "methodNotAllowed", allowed: [...search.allowed].sort() };
      return NOT_FOUND;
    } finally {
      this.#walking = outer;
    }
  }

  /** Every method some rule accepts for this path: what `Allow` lists for OPTIONS and 405. */
  allowedMethods(path: string): string[] {
    const decode = path.indexOf("%") !== -1;
    if (path.charCodeAt(0) !== 47 || (decode && !isWellEncoded(path))) return [];
    const search = new Search().reset(NO_METHOD);
    this.#matcher.walk(path, decode, search);
    return search.allowed ? [...search.allowed].sort() : [];
  }

  /** Builds the URL of an endpoint; values that are not rule arguments become the query string. */
  build(endpoint: string, values: Readonly<Record<string, unknown>> = {}, options: BuildOptions = {}): string {
    const byEndpoint = this.#endpoints();
    return buildUrl(endpoint, byEndpoint.get(endpoint), values, options, () => byEndpoint.keys());
  }

  hasEndpoint(endpoint: string): boolean {
    return this.#endpoints().has(endpoint);
  }

  /** The rules in registration order. */
  rules(): readonly Rule[] {
    return this.#rules;
  }

  /**
   * `match()`'s answer for a rule without variables: the same frozen object for every lookup,
   * as `NOT_FOUND` is, unless a redirect or defaults make it depend on the request. Without its
   * two allocations, and with the `%` scan moved after the lookup, a static hit went from about
   * 27 to 20 ns (github-routes static, 2026-11-25).
   */
  #staticAnswer(entry: StaticEntry, method: string, query: string | undefined): MatchResult {
    if (entry.answer !== undefined && entry.generation === this.#generation) return entry.answer;
    const answer = this.#matched(entry.rule, {}, method, query, false);
    const { rule } = entry;
    if (answer.kind === "match" && rule.defaults === undefined && !this.#mayRedirectToDefaults.has(rule)) {
      Object.freeze(answer.values);
      entry.answer = Object.freeze(answer);
      entry.generation = this.#generation;
    }
    return answer;
  }

  #matched(rule: Rule, values: Record<string, unknown>, method: string, query: string | undefined, withRule: boolean): MatchResult {
    if (rule.defaults !== undefined) Object.assign(values, rule.defaults);
    if (this.#anyDefaults && this.#indexed < this.#rules.length) this.#endpoints();
    // Most tables have no such rule: then no `Set` lookup per match.
    const canonical =
      this.#mayRedirectToDefaults.size !== 0 && this.#mayRedirectToDefaults.has(rule) ? this.#canonicalUrl(rule, values, method) : undefined;
    if (canonical !== undefined) return redirectTo308(withQuery(canonical, query));
    if (rule.redirectTo !== undefined) return redirectTo308(redirectTarget(rule, values));
    // Two literal shapes, so neither path pays for the other (the app's carries the rule).
    return withRule ? ({ kind: "match", endpoint: rule.endpoint, values, rule } as MatchResult) : { kind: "match", endpoint: rule.endpoint, values };
  }

  /**
   * As Werkzeug's redirect_defaults: when a rule of the same endpoint, tried before this one
   * for building, has defaults that the matched values equal, its URL is the canonical one.
   */
  #canonicalUrl(rule: Rule, values: Record<string, unknown>, method: string): string | undefined {
    for (const other of this.#byEndpoint.get(rule.endpoint)!) {
      if (other === rule) return undefined;
      if (other.buildOnly || !other.defaults || !other.methodSet.has(method) || !sameArguments(other, rule)) continue;
      const outcome = buildRule(other, presentValues(values), false);
      if ("url" in outcome) return outcome.url;
    }
    return undefined;
  }
}

/**
 * Where the second character is, or the first for `/`: a read past the end of a string gives
 * NaN through a slow path, which made `/` the slowest static hit (26 against 20 ns, 2026-11-25).
 */
function secondIndex(path: string): number {
  return path.length > 1 ? 1 : 0;
}

/** A bit for the character at `index` (its code modulo 32). */
function charBit(path: string, index: number): number {
  return 1 << (path.charCodeAt(index) & 31);
}

function size(record: Readonly<Record<string, unknown>> | undefined): number {
  return record ? Object.keys(record).length : 0;
}

function sameArguments(a: Rule, b: Rule): boolean {
  if (a.arguments.size !== b.arguments.size) return false;
  for (const name of a.arguments) if (!b.arguments.has(name)) return false;
  return true;
}

function withQuery(location: string, query: string | undefined): string {
  return query ? `${location}?${query}` : location;
}

function redirectTarget(rule: Rule, values: Record<string, unknown>): string {
  const target = rule.redirectTo!;
  const url =
    typeof target === "function"
      ? target(values)
      : target.replace(/<(?:[^>:]*:)?([^>]+)>/g, (_, name: string) => {
          const converter = rule.converters.get(name);
          const text = converter ? converter.toUrl(values[name]) : String(values[name] ?? "");
          return converter && !converter.partIsolating ? encodePath(text) : encodeSegment(text);
        });
  // As Werkzeug, a target without a scheme or leading slash is relative to the application root.
  return /^[a-z][a-z0-9+.-]*:|^\//i.test(url) ? url : "/" + url;
}

/**
 * Whether every `%` starts a valid escape of UTF-8 text. Segments are decoded one by one
 * during the walk; checking once here keeps that walk free of exceptions.
 */
function isWellEncoded(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
