import { NO_MATCH } from "./converters.js";
import { DuplicateRuleError } from "./errors.js";
import { compareWeighting, type Rule, type RulePart } from "./rule.js";

type DynamicPart = Exclude<RulePart, { kind: "static" }>;

type Transition = { readonly text: string; readonly state: State };
type Edge = { readonly part: DynamicPart; readonly state: State };

const NO_TRANSITIONS: readonly Transition[] = Object.freeze([]);
const NO_EDGES: readonly Edge[] = Object.freeze([]);
const NO_RULES: readonly Rule[] = Object.freeze([]);
/** Past this many texts one hash beats comparing each in place. */
const MAX_LISTED_TEXTS = 8;

/**
 * A node of the compiled matcher: static transitions by exact segment, dynamic ones by weight.
 * Few static transitions are a list compared in place, which avoids slicing and hashing the
 * segment (the largest cost of a lookup in the profile of `/repos/<int:id>`, 2026-11-24);
 * many are a map. Empty collections are shared, which keeps a 10,000-rule table small.
 */
class State {
  staticList: readonly Transition[] = NO_TRANSITIONS;
  staticMap: Map<string, State> | undefined = undefined;
  /**
   * Many transitions grouped by their first character (its code modulo 128, the empty text
   * in slot 0), so a lookup compares a few in place. Only states with many texts have one.
   */
  staticByFirst: (readonly Transition[] | undefined)[] | undefined = undefined;
  dynamic: readonly Edge[] = NO_EDGES;
  rules: readonly Rule[] = NO_RULES;

  staticChild(text: string): State | undefined {
    if (this.staticMap) return this.staticMap.get(text);
    for (const transition of this.staticList) if (transition.text === text) return transition.state;
    return undefined;
  }

  addStatic(text: string, state: State): void {
    if (this.staticMap) {
      this.staticMap.set(text, state);
    } else if (this.staticList.length < MAX_LISTED_TEXTS) {
      this.staticList = [...this.staticList, { text, state }];
    } else {
      this.staticMap = new Map(this.staticList.map((t) => [t.text, t.state]));
      this.staticMap.set(text, state);
      this.staticList = NO_TRANSITIONS;
    }
  }
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
        let next = state.staticChild(part.text);
        if (!next) state.addStatic(part.text, (next = new State()));
        state = next;
      } else {
        let edge = state.dynamic.find((candidate) => candidate.part.key === part.key);
        if (!edge) {
          edge = { part, state: new State() };
          state.dynamic = [...state.dynamic, edge];
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
    state.rules = [...state.rules, rule];
  }

  /**
   * Walks a path (starting with `/`) segment by segment, without splitting it into an array:
   * `decode` says whether segments need percent-decoding (the caller checked the encoding).
   */
  walk(path: string, decode: boolean, search: Search): WalkResult {
    if (!this.#sorted) {
      sortState(this.#root);
      this.#sorted = true;
    }
    return walk(this.#root, path, 1, decode, search);
  }
}

function declaredMethods(rule: Rule): string[] {
  return rule.methods.filter((method) => !(method === "OPTIONS" && rule.automaticOptions) && !(method === "HEAD" && rule.methodSet.has("GET")));
}

function sortState(state: State): void {
  state.staticByFirst = undefined;
  if (state.staticMap) {
    const byFirst: Transition[][] = [];
    for (let i = 0; i < 128; i++) byFirst.push([]);
    for (const [text, next] of state.staticMap) byFirst[text.length === 0 ? 0 : text.charCodeAt(0) & 127]!.push({ text, state: next });
    state.staticByFirst = byFirst.map((group) => (group.length === 0 ? undefined : group));
  }
  // Array.prototype.sort is stable: equal weights keep registration order, as in Werkzeug.
  if (state.dynamic.length > 1) state.dynamic = [...state.dynamic].sort((a, b) => compareWeighting(a.part.weight, b.part.weight));
  for (const transition of state.staticList) sortState(transition.state);
  if (state.staticMap) for (const next of state.staticMap.values()) sortState(next);
  for (const edge of state.dynamic) sortState(edge.state);
}

// `start` is where the next segment begins; past the end of the path there is no segment left.
function walk(state: State, path: string, start: number, decode: boolean, search: Search): WalkResult {
  if (start > path.length) return atEnd(state, search);
  // A loop the JIT inlines beats the indexOf builtin on segments this short (profile, 2026-11-24).
  let end = start;
  while (end < path.length && path.charCodeAt(end) !== 47) end++;
  const next = end + 1;
  const dynamic = state.dynamic;
  let segment: string | undefined;
  let child: State | undefined;
  if (!decode) {
    // Static transitions are compared in place: no slice, no hash (the largest cost of a lookup
    // in the profiles of /repos/<int:id> and of misses, 2026-11-24).
    const length = end - start;
    const candidates =
      state.staticByFirst === undefined ? state.staticList : state.staticByFirst[length === 0 ? 0 : path.charCodeAt(start) & 127];
    if (candidates !== undefined) {
      for (let i = 0; i < candidates.length; i++) {
        const transition = candidates[i]!;
        if (transition.text.length === length && sameText(path, start, transition.text)) {
          child = transition.state;
          break;
        }
      }
    }
  } else {
    const raw = path.slice(start, end);
    segment = raw.indexOf("%") !== -1 ? decodeURIComponent(raw) : raw;
    child = state.staticChild(segment);
  }
  if (child !== undefined) {
    const found = walk(child, path, next, decode, search);
    if (found) return found;
  }
  if (dynamic.length === 0) return end === path.length && start === end ? trailingSlash(state, search) : undefined;
  segment ??= path.slice(start, end);
  for (let i = 0; i < dynamic.length; i++) {
    const { part, state: target } = dynamic[i]!;
    const mark = search.values.length;
    let found: WalkResult;
    if (part.kind === "single") {
      const value = part.converter!.matchSegment(segment);
      if (value === NO_MATCH) continue;
      search.values.push(value);
      found = walk(target, path, next, decode, search);
    } else if (part.kind === "segment") {
      if (segment.length > part.maxInput) continue;
      const match = part.pattern!.exec(segment);
      if (!match || !pushGroups(part, match, search.values)) {
        search.values.length = mark;
        continue;
      }
      found = walk(target, path, next, decode, search);
    } else {
      // Decoding the whole rest equals decoding each segment and joining them with `/`.
      const rest = end === path.length ? segment : decode ? decodeURIComponent(path.slice(start)) : path.slice(start);
      if (part.wholeRest) {
        // One converter over the whole rest needs no regex run (a third of a `/static/<path:p>` lookup).
        const value = part.converter!.matchSegment(rest);
        if (value === NO_MATCH) continue;
        search.values.push(value);
        found = walk(target, path, path.length + 1, decode, search);
        if (found) return found;
        search.values.length = mark;
        continue;
      }
      if (rest.length > part.maxInput) continue;
      const match = part.pattern!.exec(rest);
      if (!match || !pushGroups(part, match, search.values)) {
        search.values.length = mark;
        continue;
      }
      found =
        part.suffixed && match.groups!["slash"] === "/"
          ? walk(target, "/", 1, false, search)
          : walk(target, path, path.length + 1, decode, search);
    }
    if (found) return found;
    search.values.length = mark;
  }
  return end === path.length && segment === "" ? trailingSlash(state, search) : undefined;
}

/** Whether `text` stands in `path` at `start` (a char loop: cheaper than startsWith for short texts). */
function sameText(path: string, start: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (path.charCodeAt(start + i) !== text.charCodeAt(i)) return false;
  return true;
}

/** A last empty segment is a trailing slash, which rules without strict slashes accept. */
function trailingSlash(state: State, search: Search): WalkResult {
  for (const rule of state.rules) {
    if (rule.strictSlashes || rule.buildOnly) continue;
    if (rule.methodSet.has(search.method)) return rule;
    collect(search, rule);
  }
  return undefined;
}

function atEnd(state: State, search: Search): WalkResult {
  for (const rule of state.rules) {
    if (rule.buildOnly) continue;
    if (rule.methodSet.has(search.method)) return rule;
    collect(search, rule);
  }
  const slashed = state.staticChild("");
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
