import { INLINE_CHOICES, INLINE_DIGITS, INLINE_TEXT, NO_MATCH } from "./converters.js";
import { DuplicateRuleError } from "./errors.js";
import { methodBit } from "./methods.js";
import type { Rule, RulePart } from "./rule.js";
import { compareWeighting } from "./weighting.js";

type DynamicPart = Exclude<RulePart, { kind: "static" }>;

/** A static text to the state it leads to. */
type Transition = { readonly text: string; readonly state: State };
/**
 * How the walk checks a dynamic part, read from the edge itself: the part's kind and its
 * converter's `inline` are on objects of several shapes, and reading them cost a few ns per
 * level (github-routes threeParams, 2026-11-25).
 */
const enum Check {
  /** Any non-empty segment, kept as text. */
  Text,
  /** Unsigned decimal digits, read as a number in place. */
  Digits,
  /** One of a few texts (`any(a, b)`), compared in place: the value is the choice itself, no slice. */
  Choices,
  /** The converter's `matchSegment` on the segment. */
  Converter,
  /** A regex over the segment (static text and converters sharing it). */
  SegmentRegex,
  /** A regex or converter over the rest of the path. */
  Rest,
}

type Edge = {
  readonly part: DynamicPart;
  readonly state: State;
  readonly check: Check;
  readonly choices: readonly string[];
  /** `choices` as character codes, compared in place. */
  readonly choiceCodes: readonly (readonly number[])[];
};

function checkOf(part: DynamicPart): Check {
  if (part.kind === "final") return Check.Rest;
  if (part.kind === "segment") return Check.SegmentRegex;
  const inline = part.converter!.inline;
  if (inline === INLINE_CHOICES) return Check.Choices;
  return inline === INLINE_TEXT ? Check.Text : inline === INLINE_DIGITS ? Check.Digits : Check.Converter;
}

const NO_TRANSITIONS: readonly Transition[] = Object.freeze([]);
const NO_EDGES: readonly Edge[] = Object.freeze([]);
const NO_RULES: readonly Rule[] = Object.freeze([]);
const NO_CHOICES: readonly string[] = Object.freeze([]);
const NO_CHOICE_CODES: readonly (readonly number[])[] = Object.freeze([]);
const NO_TEXTS = new Uint16Array(0);
const NO_STATES: readonly State[] = Object.freeze([]);
/** Past this many texts the transitions are kept in a map while rules are added. */
const MAX_LISTED_TEXTS = 8;
/**
 * From this many texts on, grouping by first character beats checking each in place: a state
 * like `/repos/<owner>/<repo>/issues/<int>/` with 7 texts checked each on every miss
 * (github-routes miss, 2026-11-25).
 */
const MIN_GROUPED_TEXTS = 3;

function codesOf(text: string): number[] {
  const codes = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return codes;
}

/** One array of codes per distinct choice in a tree: large tables repeat the same `any(...)` thousands of times. */
class Codes {
  readonly #byText = new Map<string, readonly number[]>();

  of(text: string): readonly number[] {
    let codes = this.#byText.get(text);
    if (codes === undefined) this.#byText.set(text, (codes = codesOf(text)));
    return codes;
  }
}

/**
 * A node of the compiled matcher: static transitions by exact segment, dynamic ones by weight.
 * While rules are added, few static transitions are a list and many a map; once sorted, up to
 * `MAX_INDEXED_TEXTS` of them are also written into `texts` for the walk to compare in place,
 * which avoids slicing and hashing the segment (the largest cost of a lookup in the profile of
 * `/repos/<int:id>`, 2026-11-24). Empty collections are shared, which keeps a 10,000-rule
 * table small.
 */
class State {
  staticList: readonly Transition[] = NO_TRANSITIONS;
  staticMap: Map<string, State> | undefined = undefined;
  /**
   * The static texts as character codes in one typed array, in groups by first character:
   * first the index where each group starts, then each group as its number of texts followed,
   * per text, by its length, its index in `textStates` and its codes. The walk reads a state's
   * texts from one block of memory instead of following a list, a transition and an array of
   * codes for each: mixed batch 1.02–1.13× faster in nine runs of `npm run bench:ab` (2026-12-07).
   * Reading a code from an array also costs about 30 % less than `charCodeAt` on a string
   * (micro-benchmark of a 13-character text, 2026-11-25).
   */
  texts: Uint16Array = NO_TEXTS;
  textStates: readonly State[] = NO_STATES;
  /**
   * With three texts or more, `firstSlots[slot]` is one more than the number of the group of
   * texts starting there (0: none). The slot is the character's code below 128, 128 for the
   * rest, and 47 (`/`, which no segment text starts with) for the empty text. Outside slot 128
   * the first character is then known to be equal, and compared once, not per text. A byte
   * per slot keeps this at about 130 bytes a state. Fewer texts are one group, number 1.
   */
  firstSlots: Uint8Array | undefined = undefined;
  /** Whether the walk compares the texts in place; if not, it looks the segment up in `staticMap`. */
  textsInPlace = true;
  /**
   * The next state when this one has no texts and its one dynamic edge is a plain text
   * variable (`/repos/<owner>/<repo>`): the walk then scans the segment and steps on, skipping
   * the texts and the edge dispatch (`npm run bench:ab`, 2026-12-07: mixed batch 0.99–1.05× in five
   * runs, one and three params 1.03–1.07×, `path` hit 1.07–1.08×).
   */
  soleText: State | undefined = undefined;
  dynamic: readonly Edge[] = NO_EDGES;
  rules: readonly Rule[] = NO_RULES;
  /** `rules` without build-only ones, set when sorted: what a path ending here may match. */
  endRules: readonly Rule[] = NO_RULES;
  /** `endRules` of the child reached by one more, empty segment: the trailing-slash twin. */
  slashRules: readonly Rule[] = NO_RULES;

  staticChild(text: string): State | undefined {
    if (this.staticMap) return this.staticMap.get(text);
    const list = this.staticList;
    for (let i = 0; i < list.length; i++) if (list[i]!.text === text) return list[i]!.state;
    return undefined;
  }

  addStatic(text: string, state: State): void {
    if (this.staticMap) {
      this.staticMap.set(text, state);
    } else if (this.staticList.length < MAX_LISTED_TEXTS) {
      this.staticList = this.staticList.concat({ text, state });
    } else {
      this.staticMap = new Map(this.staticList.map((t) => [t.text, t.state]));
      this.staticMap.set(text, state);
      this.staticList = NO_TRANSITIONS;
    }
  }
}

/**
 * What one lookup carries through the tree. The router reuses one between lookups (matching is
 * synchronous), which saves two allocations a lookup; a converter that matches again while a
 * walk runs gets a fresh one.
 */
export class Search {
  method = "";
  /** `methodBit(method)`: 0 for a method without a bit, looked up in each rule's set. */
  bit = 0;
  /** Methods of rules whose path matched but whose methods did not (for 405). */
  allowed: Set<string> | undefined = undefined;
  /**
   * Converted values, in the order the rule declares its variables: the first `count` count.
   * A count rather than `values.length = mark` on backtracking: setting an array's length is a
   * runtime call, 20 % of a one-parameter lookup in the profile (github-routes oneParam, 2026-11-24).
   */
  values: unknown[] = [];
  count = 0;
  /**
   * Where a plain text value lies in the path, two numbers per value, for values left as
   * `TEXT_IN_PATH`: they are sliced only once a rule matched, so a miss slices nothing
   * (github-routes miss 1.13× faster, hits unchanged, 2026-11-25).
   */
  spans: number[] = [];
  /**
   * Whether the walk met an empty segment before the end (a `//`), or a part over the rest of
   * the path refused text holding one: only then may the path with merged slashes match.
   * Scanning every missed path for `//` instead cost 40 ns (github-routes miss, 2026-11-25).
   */
  sawDoubleSlash = false;

  reset(method: string): this {
    this.method = method;
    this.bit = methodBit(method);
    this.allowed = undefined;
    this.count = 0;
    this.sawDoubleSlash = false;
    return this;
  }
}

/** A value still in the path, at `Search.spans`: what the caller slices once a rule matched. */
export const TEXT_IN_PATH: unique symbol = Symbol("flagon.textInPath");

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
  readonly #codes = new Codes();
  #sorted = true;

  add(rule: Rule): void {
    this.#place(rule, undefined);
  }

  /**
   * Puts `rule` where `old` was among the rules of its path, or after them when its path differs
   * (a converter redefined since): the order of a path's rules decides which one a lookup meets first.
   */
  replace(old: Rule, rule: Rule): void {
    const from = this.#stateOf(old);
    if (this.#place(rule, old) !== from) from.rules = from.rules.filter((r) => r !== old);
  }

  /** Adds `rule` to its path's rules (in the place of `replacing`, when that is one of them) and returns its state. */
  #place(rule: Rule, replacing: Rule | undefined): State {
    const state = this.#stateOf(rule);
    for (let i = 0; i < state.rules.length; i++) {
      const existing = state.rules[i]!;
      if (existing === replacing || existing.endpoint === rule.endpoint || existing.buildOnly || rule.buildOnly) continue;
      const shared = declaredMethods(rule).filter((method) => declaredMethods(existing).includes(method));
      if (shared.length > 0) throw new DuplicateRuleError(rule.rule, existing.endpoint, rule.endpoint, shared);
    }
    const at = replacing === undefined ? -1 : state.rules.indexOf(replacing);
    state.rules = at === -1 ? state.rules.concat(rule) : state.rules.map((r, i) => (i === at ? rule : r));
    // Any new transition or rule invalidates the sorted edges, groups and end rules.
    this.#sorted = false;
    return state;
  }

  /** The state a rule's path ends in, made on the way if it is new. */
  #stateOf(rule: Rule): State {
    let state = this.#root;
    // Index loops and `concat`: most of a large build runs before the engine optimises it, where
    // `for…of` allocates per step and a spread reserves room for 17 (10,000-rule build, 2026-11-25).
    const parts = rule.parts;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.kind === "static") {
        let next = state.staticChild(part.text);
        if (!next) state.addStatic(part.text, (next = new State()));
        state = next;
      } else {
        let edge = edgeFor(state.dynamic, part.key);
        if (!edge) {
          const choices = part.converter?.choices ?? NO_CHOICES;
          const choiceCodes = choices.length === 0 ? NO_CHOICE_CODES : choices.map((choice) => this.#codes.of(choice));
          edge = { part, state: new State(), check: checkOf(part), choices, choiceCodes };
          state.dynamic = state.dynamic.concat(edge);
        }
        state = edge.state;
      }
    }
    return state;
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

function edgeFor(edges: readonly Edge[], key: string): Edge | undefined {
  for (let i = 0; i < edges.length; i++) if (edges[i]!.part.key === key) return edges[i];
  return undefined;
}

function declaredMethods(rule: Rule): string[] {
  return rule.methods.filter((method) => !(method === "OPTIONS" && rule.automaticOptions) && !(method === "HEAD" && rule.methodSet.has("GET")));
}

const MAX_INDEXED_TEXTS = 64;
const SLASH = 47;
/** The slot of texts whose first character is not ASCII. */
const OTHER_FIRST = 128;

function firstSlot(code: number): number {
  return code < OTHER_FIRST ? code : OTHER_FIRST;
}

function sortState(state: State): void {
  state.endRules = matchable(state.rules);
  state.slashRules = matchable(state.staticChild("")?.rules ?? NO_RULES);
  indexTexts(state);
  // Array.prototype.sort is stable: equal weights keep registration order, as in Werkzeug.
  if (state.dynamic.length > 1) state.dynamic = [...state.dynamic].sort((a, b) => compareWeighting(a.part.weight, b.part.weight));
  const hasTexts = state.staticList.length > 0 || state.staticMap !== undefined;
  state.soleText = !hasTexts && state.dynamic.length === 1 && state.dynamic[0]!.check === Check.Text ? state.dynamic[0]!.state : undefined;
  for (let i = 0; i < state.staticList.length; i++) sortState(state.staticList[i]!.state);
  if (state.staticMap) for (const next of state.staticMap.values()) sortState(next);
  for (let i = 0; i < state.dynamic.length; i++) sortState(state.dynamic[i]!.state);
}

/** Writes the state's static texts into `texts` and `firstSlots`, as `State` describes them. */
function indexTexts(state: State): void {
  state.texts = NO_TEXTS;
  state.textStates = NO_STATES;
  state.firstSlots = undefined;
  // Past a few dozen texts a group may hold hundreds (`/api/g0` … `/api/g1999`): one hash beats
  // comparing them in place (bench/router scaling, 10,000 rules, 2026-11-24).
  const count = state.staticMap ? state.staticMap.size : state.staticList.length;
  state.textsInPlace = count <= MAX_INDEXED_TEXTS;
  if (count === 0 || !state.textsInPlace) return;
  const transitions = state.staticMap ? [...state.staticMap].map(([text, next]) => ({ text, state: next })) : state.staticList;
  let groups: readonly (readonly Transition[])[] = [transitions];
  if (transitions.length >= MIN_GROUPED_TEXTS) {
    const slots = new Uint8Array(OTHER_FIRST + 1);
    const byFirst: Transition[][] = [];
    for (const transition of transitions) {
      const slot = firstSlot(transition.text.length === 0 ? SLASH : transition.text.charCodeAt(0));
      if (slots[slot] === 0) slots[slot] = byFirst.push([]);
      byFirst[slots[slot]! - 1]!.push(transition);
    }
    state.firstSlots = slots;
    groups = byFirst;
  }
  let size = groups.length;
  for (const group of groups) size += 1 + group.reduce((sum, transition) => sum + 2 + transition.text.length, 0);
  // Lengths and places in the array must fit its 16 bits: a state with texts that long uses the map.
  if (size > 0xffff) {
    state.textsInPlace = false;
    state.firstSlots = undefined;
    return;
  }
  const texts = new Uint16Array(size);
  const states: State[] = [];
  let at = groups.length;
  for (let g = 0; g < groups.length; g++) {
    texts[g] = at;
    texts[at++] = groups[g]!.length;
    for (const transition of groups[g]!) {
      texts[at++] = transition.text.length;
      texts[at++] = states.push(transition.state) - 1;
      for (let i = 0; i < transition.text.length; i++) texts[at++] = transition.text.charCodeAt(i);
    }
  }
  state.texts = texts;
  state.textStates = states;
}

/** The rules a path may match: all but build-only ones, the same array when there are none. */
function matchable(rules: readonly Rule[]): readonly Rule[] {
  for (let i = 0; i < rules.length; i++) if (rules[i]!.buildOnly) return rules.filter((rule) => !rule.buildOnly);
  return rules;
}

// `start` is where the next segment begins; past the end of the path there is no segment left.
function walk(state: State, path: string, start: number, decode: boolean, search: Search): WalkResult {
  const length = path.length;
  // Where a state offers one way on, the walk loops instead of recursing: it recurses only
  // where it may have to come back (github-routes threeParams, 2026-11-24).
  walking: for (;;) {
    if (start > length) return atEnd(state, search);
    const sole = state.soleText;
    // What the general case below does for such a state, in the same order.
    if (sole !== undefined && !decode) {
      let stop = start;
      while (stop < length && path.charCodeAt(stop) !== 47) stop++;
      if (stop === start) {
        if (start < length) search.sawDoubleSlash = true;
        return stop === length ? trailingSlash(state, search) : undefined;
      }
      keepInPath(search, start, stop);
      state = sole;
      start = stop + 1;
      continue;
    }
    // Values pushed by a failed branch, however deep, are dropped back to this mark.
    const mark = search.count;
    let end = start;
    let segment: string | undefined;
    if (!decode && state.textsInPlace) {
      // Static texts are compared in place, each checked to end where the segment ends: no
      // slice, no hash, and no scan for the next `/` unless a dynamic part needs the segment.
      // Each scan and compare of a character costs 1.5–2.5 ns (profiles of github-routes
      // threeParams, 2026-11-24/25: they were 30 % of a lookup when done twice).
      const first = start < length ? path.charCodeAt(start) : 47;
      if (first === 47 && start < length) search.sawDoubleSlash = true;
      const texts = state.texts;
      // Where the texts to compare begin in `texts` (-1: none), and from which of their
      // characters: the second, where the first character picked the group.
      let at = texts.length === 0 ? -1 : texts[0]!;
      let from = 0;
      if (state.firstSlots !== undefined) {
        const slot = firstSlot(first);
        const group = state.firstSlots[slot]!;
        at = group === 0 ? -1 : texts[group - 1]!;
        if (slot !== OTHER_FIRST) from = 1;
      }
      const count = at < 0 ? 0 : texts[at]!;
      for (let i = 0, text = at + 1; i < count; i++, text += 2 + texts[text]!) {
        const stop = textEnd(path, start, texts, text, from);
        if (stop >= 0) {
          const child = state.textStates[texts[text + 1]!]!;
          if (start < length && state.dynamic.length === 0) {
            state = child;
            start = stop + 1;
            continue walking;
          }
          const found = walk(child, path, stop + 1, decode, search);
          if (found !== undefined) return found;
          search.count = mark;
          // The text matched up to the segment's end: no need to scan for it again.
          end = stop;
          break;
        }
      }
      if (state.dynamic.length === 0) return start === length ? trailingSlash(state, search) : undefined;
      if (end === start) while (end < length && path.charCodeAt(end) !== 47) end++;
    } else {
      while (end < length && path.charCodeAt(end) !== 47) end++;
      if (end === start && start < length) search.sawDoubleSlash = true;
      const raw = path.slice(start, end);
      segment = raw.indexOf("%") !== -1 ? decodeURIComponent(raw) : raw;
      const child = state.staticChild(segment);
      if (child !== undefined) {
        if (start < length && state.dynamic.length === 0) {
          state = child;
          start = end + 1;
          continue walking;
        }
        const found = walk(child, path, end + 1, decode, search);
        if (found !== undefined) return found;
        search.count = mark;
      }
    }
    const next = end + 1;
    const dynamic = state.dynamic;
    for (let i = 0; i < dynamic.length; i++) {
      const edge = dynamic[i]!;
      const check = edge.check;
      const values = search.values;
      let found: WalkResult;
      if (check <= Check.Converter) {
        // The plain string and int converters are checked here rather than called: one call and,
        // for ints, one slice less per variable (github-routes threeParams, 2026-11-24).
        if (check === Check.Text) {
          if (end === start) continue;
          if (segment === undefined) {
            keepInPath(search, start, end);
          } else {
            values[search.count++] = segment;
          }
        } else if (check === Check.Digits && !decode) {
          const value = digitsAt(path, start, end);
          if (value < 0) continue;
          values[search.count++] = value;
        } else if (check === Check.Choices && !decode) {
          const choice = choiceAt(path, start, end, edge);
          if (choice === undefined) continue;
          values[search.count++] = choice;
        } else {
          segment ??= path.slice(start, end);
          const value = edge.part.converter!.matchSegment(segment);
          if (value === NO_MATCH) continue;
          values[search.count++] = value;
        }
        // After the last edge only an empty segment could still match (a trailing slash).
        if (i === dynamic.length - 1 && end !== start) {
          state = edge.state;
          start = next;
          continue walking;
        }
        found = walk(edge.state, path, next, decode, search);
      } else if (check === Check.SegmentRegex) {
        const part = edge.part;
        segment ??= path.slice(start, end);
        if (segment.length > part.maxInput) continue;
        const match = part.pattern!.exec(segment);
        if (!match || !pushGroups(part, match, search)) {
          search.count = mark;
          continue;
        }
        found = walk(edge.state, path, next, decode, search);
      } else {
        // Decoding the whole rest equals decoding each segment and joining them with `/`.
        const rest =
          end === length ? (segment ??= path.slice(start, end)) : decode ? decodeURIComponent(path.slice(start)) : path.slice(start);
        found = walkRest(edge.state, edge.part, rest, search);
        // With its slashes merged the rest might have matched: only then is a redirect worth a second walk.
        if (found === undefined && rest.includes("//")) search.sawDoubleSlash = true;
      }
      if (found !== undefined) return found;
      search.count = mark;
    }
    return end === length && start === end ? trailingSlash(state, search) : undefined;
  }
}

/** A part over the rest of the path (`<path:p>` and what follows it in its rule), then the end of the walk. */
function walkRest(state: State, part: DynamicPart, rest: string, search: Search): WalkResult {
  if (part.wholeRest) {
    // One converter over the whole rest needs no regex run (a third of a `/static/<path:p>` lookup).
    const value = part.converter!.matchSegment(rest);
    if (value === NO_MATCH) return undefined;
    search.values[search.count++] = value;
    return atEnd(state, search);
  }
  if (rest.length > part.maxInput) return undefined;
  const match = part.pattern!.exec(rest);
  if (!match || !pushGroups(part, match, search)) return undefined;
  return part.suffixed && match.groups!["slash"] === "/" ? walk(state, "/", 1, false, search) : atEnd(state, search);
}

/** Adds the text value `path[start, end)` as a span, sliced only once a rule matched. */
function keepInPath(search: Search, start: number, end: number): void {
  search.spans[search.count * 2] = start;
  search.spans[search.count * 2 + 1] = end;
  search.values[search.count++] = TEXT_IN_PATH;
}

/** The value of the unsigned decimal integer `path[start, end)`, or -1 when it is not one or not exactly representable. */
function digitsAt(path: string, start: number, end: number): number {
  if (end === start) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = path.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  // Beyond 2^53 a JavaScript number would silently change the value: refuse it, as the int converter does.
  return end - start < 16 || Number.isSafeInteger(value) ? value : -1;
}

/** The choice that `path[start, end)` spells, if any. */
function choiceAt(path: string, start: number, end: number, edge: Edge): string | undefined {
  const codes = edge.choiceCodes;
  for (let i = 0; i < codes.length; i++) {
    if (codes[i]!.length === end - start && sameCodes(path, start, codes[i]!, 0)) return edge.choices[i];
  }
  return undefined;
}

/** Whether `path` holds the text of `codes` at `start`, comparing from `codes[from]` on. */
function sameCodes(path: string, start: number, codes: readonly number[], from: number): boolean {
  for (let i = from; i < codes.length; i++) if (path.charCodeAt(start + i) !== codes[i]) return false;
  return true;
}

/**
 * Where the segment starting at `start` ends when it is exactly the text at `texts[text]`
 * (its length, then its state, then its codes), or -1. The character after the text is
 * checked first: it refuses most texts of another length in one comparison. A loop: cheaper
 * than `startsWith` on texts this short (profile, 2026-11-24).
 */
function textEnd(path: string, start: number, texts: Uint16Array, text: number, from: number): number {
  const size = texts[text]!;
  const stop = start + size;
  if (stop > path.length || (stop < path.length && path.charCodeAt(stop) !== 47)) return -1;
  for (let i = from; i < size; i++) if (path.charCodeAt(start + i) !== texts[text + 2 + i]) return -1;
  return stop;
}

/** A last empty segment is a trailing slash, which rules without strict slashes accept. */
function trailingSlash(state: State, search: Search): WalkResult {
  const rules = state.endRules;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (rule.strictSlashes) continue;
    if (rule.accepts(search.method, search.bit)) return rule;
    collect(search, rule);
  }
  return undefined;
}

function atEnd(state: State, search: Search): WalkResult {
  const rules = state.endRules;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (rule.accepts(search.method, search.bit)) return rule;
    collect(search, rule);
  }
  const slashed = state.slashRules;
  for (let i = 0; i < slashed.length; i++) {
    const rule = slashed[i]!;
    if (rule.accepts(search.method, search.bit)) return rule.strictSlashes ? SLASH_REQUIRED : rule;
  }
  return undefined;
}

function pushGroups(part: DynamicPart, match: RegExpExecArray, search: Search): boolean {
  const groups = match.groups!;
  const { converters } = part;
  for (let i = 0; i < converters.length; i++) {
    const value = converters[i]!.parse(groups[`v${i}`]!);
    if (value === NO_MATCH) return false;
    search.values[search.count++] = value;
  }
  return true;
}
