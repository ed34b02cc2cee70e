import { BUILT_IN_CONVERTERS, compilePattern, escapeRegex, instantiate, type Converter, type ConverterDefinition } from "./converters.js";
import { RuleSyntaxError } from "./errors.js";
import { TEXT_IN_PATH, type Search } from "./matcher.js";
import { DEFAULT_METHODS, sharedMethods } from "./methods.js";
import type { ConverterArg, RedirectTarget, RuleOptions } from "./types.js";
import { fillFor, type Fill } from "./values.js";
import type { Weighting } from "./weighting.js";

/**
 * One `/`-separated piece of a rule. A static part is its decoded text; a dynamic part is
 * either a single converter filling the segment (`single`), a regex over the segment
 * (`segment`), or, once a converter may span slashes, a regex over the rest of the path (`final`).
 */
export type RulePart =
  | { readonly kind: "static"; readonly text: string }
  | {
      readonly kind: "single" | "segment" | "final";
      /** Identifies equal parts so rules share states in the matcher. */
      readonly key: string;
      readonly converters: readonly Converter[];
      /** The only converter of a `single` or whole-rest part, read without indexing. */
      readonly converter: Converter | undefined;
      /** Anchored regex with one named group `v0`, `v1`... per converter (absent for `single`). */
      readonly pattern: RegExp | undefined;
      /** A `final` part whose rule ends in `/`: the match may stop before that slash to redirect. */
      readonly suffixed: boolean;
      /** A `final` part that is one converter taking the whole rest of the path (`/static/<path:p>`). */
      readonly wholeRest: boolean;
      /**
       * The longest text this part's regex is run on. Several converters in one regex can
       * backtrack polynomially (`<a>-<b>-<c>`, `<path:a>/<path:b>`); this keeps one lookup
       * within about a million regex steps, whatever the URL.
       */
      readonly maxInput: number;
      readonly weight: Weighting;
    };

/** How a rule is written back into a URL: static text and variables in order. */
export type TraceItem = { readonly variable: false; readonly text: string } | { readonly variable: true; readonly name: string };

const NO_NAMES: ReadonlySet<string> = new Set();
const NO_CONVERTERS: ReadonlyMap<string, Converter> = new Map();
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONVERTER_SYNTAX = /^(?:([A-Za-z_][A-Za-z0-9_]*)(?:\((.*)\))?:)?([A-Za-z_][A-Za-z0-9_]*)$/s;

/** A URL rule parsed once: its parts for matching, its trace for building, its options. */
export class Rule {
  // Declared, not defined: the constructor sets each field once. Defining them all as
  // `undefined` first took 5 % of building a rule before the code is optimized, which is where
  // most rules of a build are made (10,000-rule build, 2026-11-25).
  declare readonly rule: string;
  declare readonly endpoint: string;
  declare readonly methods: readonly string[];
  declare readonly methodSet: ReadonlySet<string>;
  /** The standard methods of `methods` as `methodBit` bits. */
  declare readonly methodMask: number;
  declare readonly automaticOptions: boolean;
  declare readonly arguments: ReadonlySet<string>;
  declare readonly defaults: Readonly<Record<string, unknown>> | undefined;
  declare readonly strictSlashes: boolean;
  declare readonly mergeSlashes: boolean;
  declare readonly redirectTo: RedirectTarget | undefined;
  declare readonly buildOnly: boolean;
  declare readonly payload: unknown;
  declare readonly isLeaf: boolean;
  declare readonly parts: readonly RulePart[];
  /** Variable names in the order the matcher meets them. */
  declare readonly variables: readonly string[];
  declare readonly converters: ReadonlyMap<string, Converter>;
  /** For a rule without variables, the exact path it matches (slashes merged when the rule merges them). */
  declare readonly staticPath: string | undefined;
  /** True when the rule has no variable at all. */
  declare readonly isStatic: boolean;

  constructor(
    rule: string,
    options: RuleOptions,
    lookup: ConverterLookup,
    routerDefaults: { strictSlashes: boolean; mergeSlashes: boolean },
  ) {
    if (!rule.startsWith("/")) throw new RuleSyntaxError(rule, "a rule must start with a slash");
    this.rule = rule;
    this.endpoint = options.endpoint;
    const shared = sharedMethods(options.methods ?? DEFAULT_METHODS, options.provideAutomaticOptions ?? true);
    this.automaticOptions = shared.automaticOptions;
    ({ list: this.methods, set: this.methodSet, mask: this.methodMask } = shared);
    this.staticPath = undefined;
    this.defaults = options.defaults;
    this.strictSlashes = options.strictSlashes ?? routerDefaults.strictSlashes;
    this.mergeSlashes = options.mergeSlashes ?? routerDefaults.mergeSlashes;
    this.redirectTo = options.redirectTo;
    this.buildOnly = options.buildOnly ?? false;
    this.payload = options.payload;
    this.isLeaf = !rule.endsWith("/");

    const source = sourceOf(rule, this.mergeSlashes);
    const parsed = parseRule(source, rule, lookup);
    this.parts = parsed.parts;
    this.variables = parsed.variables.names;
    this.converters = parsed.variables.converters;
    this.isStatic = this.variables.length === 0;
    if (this.isStatic) this.staticPath = source;
    this.arguments = argumentsOf(parsed.variables, options.defaults);
  }

  #trace: readonly TraceItem[] | undefined = undefined;

  /**
   * How the rule is written back into a URL, cut from the rule on its first build: most rules of
   * a large table are never built, and the trace was a third of what a rule kept (10,000-rule
   * build, 2026-11-25).
   */
  get trace(): readonly TraceItem[] {
    return (this.#trace ??= traceOf(sourceOf(this.rule, this.mergeSlashes), this.variables));
  }

  toString(): string {
    return this.rule;
  }

  #fill: Fill | undefined = undefined;

  /**
   * The values object of a match of this rule. Plain text values are sliced from the path only
   * now, once the walk found its rule (see `Search.spans`).
   */
  valuesOf(search: Search, path: string): Record<string, unknown> {
    const names = this.variables;
    const values = search.values;
    for (let i = 0; i < names.length; i++) {
      if (values[i] === TEXT_IN_PATH) values[i] = path.slice(search.spans[i * 2], search.spans[i * 2 + 1]);
    }
    return (this.#fill ??= fillFor(names))(names, values);
  }

  /** Whether the rule accepts a method whose `methodBit` is `bit`. */
  accepts(method: string, bit: number): boolean {
    return bit !== 0 ? (this.methodMask & bit) !== 0 : this.methodSet.has(method);
  }
}

/** The rule as matched: with `//` merged when the rule merges slashes. */
function sourceOf(rule: string, mergeSlashes: boolean): string {
  return mergeSlashes && rule.includes("//") ? rule.replace(/\/{2,}/g, "/") : rule;
}

/** The rule's text cut at its variables, whose brackets parsing has already checked. */
function traceOf(source: string, variables: readonly string[]): TraceItem[] {
  const trace: TraceItem[] = [];
  let start = 0;
  for (const name of variables) {
    // Static text holds no `<`: the next one opens the next variable.
    const open = source.indexOf("<", start);
    if (open > start) trace.push({ variable: false, text: source.slice(start, open) });
    trace.push({ variable: true, name });
    start = findClosingBracket(source, open) + 1;
  }
  if (start < source.length) trace.push({ variable: false, text: source.slice(start) });
  return trace;
}

/** The variables and the defaulted names: what building needs. */
function argumentsOf(variables: VariableList, defaults: RuleOptions["defaults"]): ReadonlySet<string> {
  if (defaults !== undefined) {
    const defaulted = Object.keys(defaults);
    if (defaulted.length > 0) return new Set([...variables.names, ...defaulted]);
  }
  return variables.nameSet;
}

type StaticPart = Extract<RulePart, { kind: "static" }>;
type DynamicPart = Exclude<RulePart, { kind: "static" }>;
type SinglePart = DynamicPart & { readonly kind: "single"; readonly converter: SignedConverter };
export type SignedConverter = Converter & { readonly signature: string };

/**
 * A rule's pieces in order, `SEPARATOR` between its segments. A static text is the static part
 * of its segment and a variable the `single` part of its converter, as they are when they fill
 * the segment, which most do: then the piece is the part.
 */
type Piece = StaticPart | SinglePart;

/**
 * The `/` between segments; inside a part that spans slashes it carries no weight, as in Werkzeug.
 * Not frozen, like the empty segment: all static parts keep one shape for the matcher.
 */
const SEPARATOR: StaticPart = { kind: "static", text: "/" };
const EMPTY_SEGMENT: StaticPart = { kind: "static", text: "" };

/** A variable as written between `<` and `>`, read once per router. */
interface VariableSyntax {
  readonly written: string;
  readonly name: string;
  readonly converterName: string;
  /** The text between the converter's parentheses, when it has them. */
  readonly args: string | undefined;
  /** The converter with its arguments as written (`int(min=1)`): variables with one signature share a converter. */
  readonly signature: string;
}

/**
 * A rule's variables in order with their converters. Rules with the same variables share one
 * list, one map and one set, which most rules of a table do (`<int:id>`).
 */
class VariableList {
  readonly names: readonly string[];
  readonly converters: ReadonlyMap<string, Converter>;
  readonly nameSet: ReadonlySet<string>;
  #longer: Map<VariableSyntax, VariableList> | undefined = undefined;

  constructor(names: readonly string[], converters: ReadonlyMap<string, Converter>) {
    this.names = names;
    this.converters = converters;
    this.nameSet = names.length === 0 ? NO_NAMES : new Set(names);
  }

  /** This list and one more variable. A converter made again (after `addConverter`) makes a new list. */
  with(variable: VariableSyntax, converter: SignedConverter): VariableList {
    this.#longer ??= new Map();
    let longer = this.#longer.get(variable);
    if (longer === undefined || longer.converters.get(variable.name) !== converter) {
      longer = new VariableList([...this.names, variable.name], new Map([...this.converters, [variable.name, converter]]));
      this.#longer.set(variable, longer);
    }
    return longer;
  }
}

/**
 * What the rules of one router parse once and share: variables as written, static parts by
 * their text, single-converter parts by their converter, and lists of variables. A table
 * repeats a few of each: sharing them, the rules of the 10,000-rule build keep 700 bytes each
 * instead of 1,560, and adding them takes 160 ms instead of 300 (2026-11-25).
 */
export class SharedPieces {
  readonly variables = new Map<string, VariableSyntax>();
  readonly statics = new Map<string, StaticPart>();
  /** Keyed by the converter object: one made again after `addConverter` gets its own part. */
  readonly singles = new Map<SignedConverter, SinglePart>();
  readonly noVariables = new VariableList(Object.freeze([]), NO_CONVERTERS);
  /**
   * The array a rule collects its pieces in, reused: a new one for each rule was a third of what
   * parsing allocated (10,000-rule build, 2026-11-25: rules built 15 % faster). It is taken while
   * in use, so a converter factory that adds a rule meanwhile gets an array of its own.
   */
  spare: Piece[] | undefined = [];

  staticPart(text: string): StaticPart {
    let part = this.statics.get(text);
    if (part === undefined) this.statics.set(text, (part = { kind: "static", text }));
    return part;
  }

  singlePart(converter: SignedConverter): SinglePart {
    let part = this.singles.get(converter);
    if (part === undefined) {
      const weight = { staticCount: 0, staticLengths: [], converterCount: 1, converterWeights: [converter.weight] };
      part = { kind: "single", key: `single:${converter.signature}`, converters: [converter], converter, pattern: undefined, suffixed: false, wholeRest: false, maxInput: Infinity, weight };
      this.singles.set(converter, part);
    }
    return part;
  }
}

interface ParsedRule {
  parts: RulePart[];
  variables: VariableList;
}

/** Where a rule finds its converters: custom definitions, converters already made for the same arguments, pieces other rules parsed. */
export interface ConverterLookup {
  definition(name: string): ConverterDefinition | undefined;
  /** Converters are stateless, so variables with the same converter and arguments share one (10,000 rules build 3× faster). */
  readonly made: Map<string, SignedConverter>;
  readonly shared: SharedPieces;
}

function parseRule(source: string, rule: string, lookup: ConverterLookup): ParsedRule {
  const shared = lookup.shared;
  const pieces = shared.spare ?? [];
  shared.spare = undefined;
  let count = 0;
  let segments = 1;
  // Whether each segment so far is one piece, none spanning slashes: then the pieces are the parts.
  let lone = true;
  let inSegment = 0;
  let variables = shared.noVariables;
  // Text is searched with `indexOf`, as fast before the code is optimized as after: most rules
  // of a build are parsed before (10,000-rule build, 2026-11-25). `open` is the next `<`.
  let open = source.indexOf("<", 1);
  let pos = 1;
  while (pos < source.length) {
    if (source.charCodeAt(pos) === SLASH) {
      pieces[count++] = SEPARATOR;
      lone &&= inSegment === 1;
      inSegment = 0;
      segments++;
      pos++;
    } else if (pos === open) {
      const variable = variableAt(source, pos, rule, shared);
      const converter = converterOf(variable, rule, lookup);
      if (variables.converters.has(variable.name)) throw new RuleSyntaxError(rule, `variable '${variable.name}' appears twice`);
      variables = variables.with(variable, converter);
      pieces[count++] = shared.singlePart(converter);
      inSegment++;
      lone &&= converter.partIsolating;
      pos += variable.written.length + 2;
      open = source.indexOf("<", pos);
    } else {
      let end = source.indexOf("/", pos);
      if (end === -1) end = source.length;
      if (open !== -1 && open < end) end = open;
      const text = source.slice(pos, end);
      if (text.includes(">")) throw new RuleSyntaxError(rule, `stray '>' in '${text}'`);
      pieces[count++] = shared.staticPart(text);
      inSegment++;
      pos = end;
    }
  }
  lone &&= inSegment === 1;
  const parts = lone ? loneParts(pieces, segments) : buildParts(pieces, count, segments, rule);
  shared.spare = pieces;
  return { parts, variables };
}

const SLASH = 47;

function findClosingBracket(source: string, from: number): number {
  let quote: string | null = null;
  for (let i = from + 1; i < source.length; i++) {
    const char = source[i]!;
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === ">") {
      return i;
    } else if (char === "<" || char === "/") {
      return -1;
    }
  }
  return -1;
}

/**
 * The variables of a rule, or of a blueprint's prefix, by name: the name of each one's
 * converter, `"default"` when none is written.
 */
export function variablesOf(rule: string): Map<string, string> {
  const found = new Map<string, string>();
  const shared = new SharedPieces();
  for (let open = rule.indexOf("<"); open !== -1; ) {
    const variable = variableAt(rule, open, rule, shared);
    found.set(variable.name, variable.converterName);
    open = rule.indexOf("<", open + variable.written.length + 2);
  }
  return found;
}

/** The variable whose `<` is at `open`. */
function variableAt(source: string, open: number, rule: string, shared: SharedPieces): VariableSyntax {
  // Texts met before were cut at their closing bracket: when the text up to the first `>` is
  // one of them, that `>` closes it again.
  const close = source.indexOf(">", open);
  const known = close === -1 ? undefined : shared.variables.get(source.slice(open + 1, close));
  if (known !== undefined) return known;
  const end = findClosingBracket(source, open);
  if (end < 0) throw new RuleSyntaxError(rule, `unclosed '<' at position ${open}`);
  const written = source.slice(open + 1, end);
  let variable = shared.variables.get(written);
  if (variable === undefined) {
    const syntax = CONVERTER_SYNTAX.exec(written.trim());
    if (!syntax) throw new RuleSyntaxError(rule, `cannot read variable '<${written}>'; write <name>, <converter:name> or <converter(args):name>`);
    const name = internalized(syntax[3]!);
    if (!VARIABLE_NAME.test(name)) throw new RuleSyntaxError(rule, `invalid variable name '${name}'`);
    const converterName = syntax[1] ?? "default";
    const args = syntax[2];
    variable = { written, name, converterName, args, signature: `${converterName}(${args ?? ""})` };
    shared.variables.set(written, variable);
  }
  return variable;
}

function converterOf(variable: VariableSyntax, rule: string, lookup: ConverterLookup): SignedConverter {
  const { converterName, signature } = variable;
  const made = lookup.made.get(signature);
  if (made) return made;
  let args: ConverterArg[] = [];
  let kwargs: Record<string, ConverterArg> = {};
  if (variable.args !== undefined) {
    try {
      ({ args, kwargs } = parseConverterArgs(variable.args));
    } catch (error) {
      throw new RuleSyntaxError(rule, `bad arguments for converter '${converterName}': ${(error as Error).message}`, { cause: error });
    }
  }
  const builtIn = BUILT_IN_CONVERTERS.get(converterName);
  const custom = lookup.definition(converterName);
  let converter: SignedConverter;
  try {
    if (custom) converter = { ...instantiate(converterName, custom, args, kwargs), signature };
    else if (builtIn) converter = { ...builtIn(args, kwargs), signature };
    else throw new RuleSyntaxError(rule, `unknown converter '${converterName}' for variable '${variable.name}'; add it with addConverter("${converterName}", ...)`);
  } catch (error) {
    if (error instanceof RuleSyntaxError) throw error;
    throw new RuleSyntaxError(rule, (error as Error).message, { cause: error });
  }
  lookup.made.set(signature, converter);
  return converter;
}

/**
 * The same text as a property key: the matcher stores values under these names, and a store
 * with a key that is not yet a property key looks it up in the engine's string table each time
 * (a third of a three-variable lookup, github-routes threeParams, 2026-11-24).
 */
function internalized(name: string): string {
  return Object.keys({ [name]: true })[0]!;
}

const ARGUMENT = /\s*(?:([A-Za-z_]\w*)\s*=\s*)?("[^"]*"|'[^']*'|[^,'"]+?)\s*(?:,|$)/y;

/** Reads converter arguments as Werkzeug writes them: `4, min=1, signed=True, "a b"`. */
export function parseConverterArgs(text: string): { args: ConverterArg[]; kwargs: Record<string, ConverterArg> } {
  const args: ConverterArg[] = [];
  const kwargs: Record<string, ConverterArg> = {};
  if (text.trim() === "") return { args, kwargs };
  ARGUMENT.lastIndex = 0;
  while (ARGUMENT.lastIndex < text.length) {
    const start = ARGUMENT.lastIndex;
    const match = ARGUMENT.exec(text);
    if (!match || match[0].length === 0) throw new Error(`cannot read '${text.slice(start)}'`);
    const value = toArgument(match[2]!);
    if (match[1]) {
      if (match[1] in kwargs) throw new Error(`argument '${match[1]}' given twice`);
      kwargs[match[1]] = value;
    } else {
      if (Object.keys(kwargs).length > 0) throw new Error("positional argument after a keyword argument");
      args.push(value);
    }
  }
  return { args, kwargs };
}

function toArgument(raw: string): ConverterArg {
  const quoted = /^(["'])(.*)\1$/s.exec(raw);
  if (quoted) return quoted[2]!;
  if (raw === "True" || raw === "true") return true;
  if (raw === "False" || raw === "false") return false;
  if (raw === "None" || raw === "null") return null;
  if (/^-?\d+(?:\.\d+)?$/.test(raw)) return Number(raw);
  if (/^[\w.-]+$/.test(raw)) return raw;
  throw new Error(`cannot read argument '${raw}'`);
}

function weighOf(pieces: readonly Piece[]): Weighting {
  const staticLengths: number[] = [];
  const converterWeights: number[] = [];
  for (const piece of pieces) {
    if (piece.kind !== "static") converterWeights.push(piece.converter.weight);
    else if (piece !== SEPARATOR) staticLengths.push(piece.text.length);
  }
  return { staticCount: staticLengths.length, staticLengths, converterCount: converterWeights.length, converterWeights };
}

/**
 * The parts of a rule whose segments are one piece each, between separators. Most rules are:
 * skipping `buildParts` for them built rules 10 % faster (10,000-rule build, 2026-11-25).
 */
function loneParts(pieces: readonly Piece[], segments: number): RulePart[] {
  const parts = new Array<RulePart>(segments);
  for (let i = 0; i < segments; i++) parts[i] = pieces[2 * i]!;
  return parts;
}

/** Parts from the first `length` pieces, which make `segments` segments. */
function buildParts(pieces: readonly Piece[], length: number, segments: number, rule: string): RulePart[] {
  // A part a segment at most: an array of that length, where `push` would reserve room for 17
  // (110 bytes a rule in the 10,000-rule build, 2026-11-25).
  const parts = new Array<RulePart>(segments);
  let count = 0;
  for (let start = 0; ; ) {
    let end = start;
    let spansSlashes = false;
    for (; end < length && pieces[end] !== SEPARATOR; end++) {
      const piece = pieces[end]!;
      spansSlashes ||= piece.kind !== "static" && !piece.converter.partIsolating;
    }
    if (spansSlashes) {
      // As Werkzeug: from the first converter that may span slashes, the rest of the rule is one regex.
      const suffixed = pieces[length - 1] === SEPARATOR;
      const flat = pieces.slice(start, suffixed ? length - 1 : length);
      const converters = convertersOf(flat);
      const source = regexSource(flat, false) + (suffixed ? "(?<!/)(?<slash>/?)" : "");
      const wholeRest = !suffixed && flat.length === 1;
      parts[count++] = { kind: "final", key: partKey(suffixed ? "final/" : "final", flat), converters, converter: wholeRest ? converters[0] : undefined, pattern: compile(source, rule), suffixed, wholeRest, maxInput: inputBudget(converters.length), weight: weighOf(flat) };
      if (suffixed) parts[count++] = EMPTY_SEGMENT;
      parts.length = count;
      return parts;
    }
    // Static text never stops within a segment but at a variable, so a segment of several pieces has a variable.
    if (end - start === 1) {
      parts[count++] = pieces[start]!;
    } else if (end === start) {
      parts[count++] = EMPTY_SEGMENT;
    } else {
      const within = pieces.slice(start, end);
      const converters = convertersOf(within);
      const source = regexSource(within, true);
      parts[count++] = { kind: "segment", key: partKey("segment", within), converters, converter: undefined, pattern: compile(source, rule), suffixed: false, wholeRest: false, maxInput: inputBudget(converters.length), weight: weighOf(within) };
    }
    if (end === length) return parts;
    start = end + 1;
  }
}

function convertersOf(pieces: readonly Piece[]): SignedConverter[] {
  const converters: SignedConverter[] = [];
  for (const piece of pieces) if (piece.kind !== "static") converters.push(piece.converter);
  return converters;
}

const REGEX_STEP_BUDGET_LOG2 = 20;

function inputBudget(converterCount: number): number {
  return converterCount <= 1 ? Infinity : Math.floor(2 ** (REGEX_STEP_BUDGET_LOG2 / converterCount));
}

function partKey(kind: string, pieces: readonly Piece[]): string {
  return kind + ":" + pieces.map((p) => (p.kind === "static" ? JSON.stringify(p.text) : `<${p.converter.signature}>`)).join("");
}

function regexSource(pieces: readonly Piece[], withinSegment: boolean): string {
  let index = 0;
  const patternOf = (c: Converter): string => (withinSegment ? (c.segmentRegex ?? c.regex) : c.regex);
  return pieces.map((p) => (p.kind === "static" ? escapeRegex(p.text) : `(?<v${index++}>${patternOf(p.converter)})`)).join("");
}

function compile(source: string, rule: string): RegExp {
  try {
    return compilePattern(`^${source}$`);
  } catch (error) {
    throw new RuleSyntaxError(rule, `a converter's regex does not compile: ${(error as Error).message}`, { cause: error });
  }
}
