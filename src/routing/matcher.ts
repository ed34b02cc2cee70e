import { NO_MATCH } from "./converters.js";
import { DuplicateRuleError } from "./errors.js";
import { compareWeighting, type Rule, type RulePart } from "./rule.js";

type DynamicPart = Exclude<RulePart, { kind: "static" }>;

/** A node of the compiled matcher: static transitions by exact segment, dynamic ones by weight. */
class State {
  static: Map<string, State> | undefined;
  readonly dynamic: { part: DynamicPart; state: State }[] = [];
  readonly rules: Rule[] = [];
}

/** What one lookup carries through the tree; the matcher itself stays stateless between lookups. */
export interface Search {
  method: string;
  /** Methods of rules whose path matched but whose methods did not (for 405). */
  allowed: Set<string> | undefined;
  /** Converted values, in the order the rule declares its variables. */
  values: unknown[];
}

/** Returned when the path matches a rule only with a trailing slash added (strict slashes). */
export const SLASH_REQUIRED: unique symbol = Symbol("flagon.slashRequired");
export type WalkResult = Rule | typeof SLASH_REQUIRED | undefined;

const TRAILING_SLASH: readonly string[] = [""];

function collect(search: Search, rule: Rule): void {
  search.allowed ??= new Set();
  for (const method of rule.methods) search.allowed.add(method);
}

/**
 * The rule tree, walked as Werkzeug's state machine walks it: static transitions first,
 * then dynamic ones from the heaviest weighting down, backtracking on failure. Converters run
 * during the walk, so a value a converter refuses (`int(max=5)` given 7) lets a later rule match.
 */
export class Matcher {
  readonly #root = new State();
  #sorted = true;

  add(rule: Rule): void {
    let state = this.#root;
    for (const part of rule.parts) {
      if (part.kind === "static") {
        state.static ??= new Map();
        let next = state.static.get(part.text);
        if (!next) state.static.set(part.text, (next = new State()));
        state = next;
      } else {
        let edge = state.dynamic.find((candidate) => candidate.part.key === part.key);
        if (!edge) {
          edge = { part, state: new State() };
          state.dynamic.push(edge);
          this.#sorted = false;
        }
        state = edge.state;
      }
    }
    for (const existing of state.rules) {
      if (existing.endpoint === rule.endpoint || existing.buildOnly || rule.buildOnly) continue;
      const shared = declaredMethods(rule).filter((method) => declaredMethods(existing).includes(method));
      if (shared.length > 0) throw new DuplicateRuleError(rule.rule, existing.endpoint, rule.endpoint, shared);
    }
    state.rules.push(rule);
  }

  /** Walks the decoded segments of a path (the part after the leading `/`, split on `/`). */
  walk(segments: readonly string[], search: Search): WalkResult {
    if (!this.#sorted) {
      sortState(this.#root);
      this.#sorted = true;
    }
    return walk(this.#root, segments, 0, search);
  }
}

function declaredMethods(rule: Rule): string[] {
  return rule.methods.filter((method) => !(method === "OPTIONS" && rule.automaticOptions) && !(method === "HEAD" && rule.methodSet.has("GET")));
}

function sortState(state: State): void {
  // Array.prototype.sort is stable: equal weights keep registration order, as in Werkzeug.
  state.dynamic.sort((a, b) => compareWeighting(a.part.weight, b.part.weight));
  if (state.static) for (const next of state.static.values()) sortState(next);
  for (const edge of state.dynamic) sortState(edge.state);
}

function walk(state: State, segments: readonly string[], index: number, search: Search): WalkResult {
  if (index === segments.length) return atEnd(state, search);
  const segment = segments[index]!;
  const next = state.static?.get(segment);
  if (next) {
    const found = walk(next, segments, index + 1, search);
    if (found) return found;
  }
  const { dynamic } = state;
  for (let i = 0; i < dynamic.length; i++) {
    const { part, state: target } = dynamic[i]!;
    const mark = search.values.length;
    let found: WalkResult;
    if (part.kind === "single") {
      const value = part.converters[0]!.matchSegment(segment);
      if (value === NO_MATCH) continue;
      search.values.push(value);
      found = walk(target, segments, index + 1, search);
    } else if (part.kind === "segment") {
      const match = part.pattern!.exec(segment);
      if (!match || !pushGroups(part, match, search.values)) {
        search.values.length = mark;
        continue;
      }
      found = walk(target, segments, index + 1, search);
    } else {
      const rest = index === segments.length - 1 ? segment : segments.slice(index).join("/");
      const match = part.pattern!.exec(rest);
      if (!match || !pushGroups(part, match, search.values)) {
        search.values.length = mark;
        continue;
      }
      found =
        part.suffixed && match.groups!["slash"] === "/"
          ? walk(target, TRAILING_SLASH, 0, search)
          : walk(target, segments, segments.length, search);
    }
    if (found) return found;
    search.values.length = mark;
  }
  // A last empty segment is a trailing slash, which rules without strict slashes accept.
  if (index === segments.length - 1 && segment === "") {
    for (const rule of state.rules) {
      if (rule.strictSlashes || rule.buildOnly) continue;
      if (rule.methodSet.has(search.method)) return rule;
      collect(search, rule);
    }
  }
  return undefined;
}

function atEnd(state: State, search: Search): WalkResult {
  for (const rule of state.rules) {
    if (rule.buildOnly) continue;
    if (rule.methodSet.has(search.method)) return rule;
    collect(search, rule);
  }
  const slashed = state.static?.get("");
  if (slashed) {
    for (const rule of slashed.rules) {
      if (!rule.buildOnly && rule.methodSet.has(search.method)) return rule.strictSlashes ? SLASH_REQUIRED : rule;
    }
  }
  return undefined;
}

function pushGroups(part: DynamicPart, match: RegExpExecArray, values: unknown[]): boolean {
  const groups = match.groups!;
  const { converters } = part;
  for (let i = 0; i < converters.length; i++) {
    const value = converters[i]!.parse(groups[`v${i}`]!);
    if (value === NO_MATCH) return false;
    values.push(value);
  }
  return true;
}
