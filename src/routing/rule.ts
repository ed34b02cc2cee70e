import { BUILT_IN_CONVERTERS, compilePattern, escapeRegex, instantiate, type Converter, type ConverterDefinition } from "./converters.js";
import { RuleSyntaxError } from "./errors.js";
import type { ConverterArg, RedirectTarget, RuleOptions } from "./types.js";

/**
 * How specific a part is, compared as Werkzeug compares its weighting tuples: more static
 * pieces first, longer static text first, then more converters, then lighter converters.
 */
export interface Weighting {
  readonly staticCount: number;
  readonly staticLengths: readonly number[];
  readonly converterCount: number;
  readonly converterWeights: readonly number[];
}

export function compareWeighting(a: Weighting, b: Weighting): number {
  return (
    b.staticCount - a.staticCount ||
    compareLists(a.staticLengths.map((n) => -n), b.staticLengths.map((n) => -n)) ||
    b.converterCount - a.converterCount ||
    compareLists(a.converterWeights, b.converterWeights)
  );
}

function compareLists(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = a[i]! - b[i]!;
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

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

const DEFAULT_METHODS = ["GET"];
const NO_NAMES: ReadonlySet<string> = new Set();
const NO_CONVERTERS: ReadonlyMap<string, Converter> = new Map();
type SharedMethods = { list: readonly string[]; set: ReadonlySet<string>; mask: number; automaticOptions: boolean };
const methodSets = new Map<string, SharedMethods>();

/**
 * A bit per standard method, so a lookup tests a rule's methods with one `&` instead of a
 * `Set` lookup per visited rule (github-routes oneParam, 2026-11-24: about 10 ns a rule).
 * Other methods have no bit (0) and are looked up in `methodSet`.
 */
export function methodBit(method: string): number {
  switch (method) {
    case "GET":
      return 1;
    case "HEAD":
      return 2;
    case "POST":
      return 4;
    case "PUT":
      return 8;
    case "DELETE":
      return 16;
    case "PATCH":
      return 32;
    case "OPTIONS":
      return 64;
    default:
      return 0;
  }
}

/**
 * Rules with the same methods share one list and one set: most tables have a handful of method
 * sets. Keyed by the methods as written, so most rules skip building a set (10,000-rule build).
 */
function sharedMethods(written: readonly string[], provideAutomaticOptions: boolean): SharedMethods {
  const key = (provideAutomaticOptions ? "+" : "-") + written.join(",");
  let shared = methodSets.get(key);
  if (!shared) {
    const methods = new Set(written.map((m) => m.toUpperCase()));
    if (methods.has("GET")) methods.add("HEAD");
    const automaticOptions = provideAutomaticOptions && !methods.has("OPTIONS");
    if (automaticOptions) methods.add("OPTIONS");
    const list = [...methods].sort();
    let mask = 0;
    for (const method of list) mask |= methodBit(method);
    methodSets.set(key, (shared = { list: Object.freeze(list), set: methods, mask, automaticOptions }));
  }
  return shared;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONVERTER_SYNTAX = /^(?:([A-Za-z_][A-Za-z0-9_]*)(?:\((.*)\))?:)?([A-Za-z_][A-Za-z0-9_]*)$/s;

/** A URL rule parsed once: its parts for matching, its trace for building, its options. */
export class Rule {
  readonly rule: string;
  readonly endpoint: string;
  readonly methods: readonly string[];
  readonly methodSet: ReadonlySet<string>;
  /** The standard methods of `methods` as `methodBit` bits. */
  readonly methodMask: number;
  readonly automaticOptions: boolean;
  readonly arguments: ReadonlySet<string>;
  readonly defaults: Readonly<Record<string, unknown>> | undefined;
  readonly strictSlashes: boolean;
  readonly mergeSlashes: boolean;
  readonly redirectTo: RedirectTarget | undefined;
  readonly buildOnly: boolean;
  readonly payload: unknown;
  readonly isLeaf: boolean;
  readonly parts: readonly RulePart[];
  readonly trace: readonly TraceItem[];
  /** Variable names in the order the matcher meets them. */
  readonly variables: readonly string[];
  readonly converters: ReadonlyMap<string, Converter>;
  /** For a rule without variables, the exact path it matches (slashes merged when the rule merges them). */
  readonly staticPath: string | undefined;
  /** True when the rule has no variable at all. */
  readonly isStatic: boolean;

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

    const source = this.mergeSlashes && rule.includes("//") ? rule.replace(/\/{2,}/g, "/") : rule;
    const parsed = parseRule(source, rule, lookup);
    this.parts = parsed.parts;
    this.trace = parsed.trace;
    this.variables = parsed.variables;
    this.converters = parsed.converters.size === 0 ? NO_CONVERTERS : parsed.converters;
    this.isStatic = parsed.variables.length === 0;
    if (this.isStatic) this.staticPath = source;
    this.arguments = argumentsOf(parsed.variables, options.defaults);
  }

  toString(): string {
    return this.rule;
  }

  /** Whether the rule accepts a method whose `methodBit` is `bit`. */
  accepts(method: string, bit: number): boolean {
    return bit !== 0 ? (this.methodMask & bit) !== 0 : this.methodSet.has(method);
  }
}

/** The variables and the defaulted names: what building needs. */
function argumentsOf(variables: readonly string[], defaults: RuleOptions["defaults"]): ReadonlySet<string> {
  if (defaults !== undefined) {
    const defaulted = Object.keys(defaults);
    if (defaulted.length > 0) return new Set([...variables, ...defaulted]);
  }
  return variables.length === 0 ? NO_NAMES : new Set(variables);
}

interface ParsedRule {
  parts: RulePart[];
  trace: TraceItem[];
  variables: string[];
  converters: Map<string, Converter>;
}

/** `separator` marks a `/` inside a part that spans slashes: it carries no weight, as in Werkzeug. */
type Piece = { static: string; separator?: true } | { name: string; converter: SignedConverter };
export type SignedConverter = Converter & { readonly signature: string };

/** Where a rule finds its converters: custom definitions, and converters already made for the same arguments. */
export interface ConverterLookup {
  definition(name: string): ConverterDefinition | undefined;
  /** Converters are stateless, so variables with the same converter and arguments share one (10,000 rules build 3× faster). */
  readonly made: Map<string, SignedConverter>;
}

function parseRule(source: string, rule: string, lookup: ConverterLookup): ParsedRule {
  const trace: TraceItem[] = [];
  const variables: string[] = [];
  const converters = new Map<string, Converter>();
  // Split into segments after the leading slash; a variable's brackets never contain `/` except inside quoted args.
  const segments: Piece[][] = [[]];
  // The trace is the rule's text cut at its variables: static text runs from `traceStart` to the next `<`.
  let traceStart = 0;
  let pos = 1;
  while (pos < source.length) {
    const char = source.charCodeAt(pos);
    if (char === SLASH) {
      segments.push([]);
      pos++;
    } else if (char === OPEN) {
      const end = findClosingBracket(source, pos);
      if (end < 0) throw new RuleSyntaxError(rule, `unclosed '<' at position ${pos}`);
      const { name, converter } = parseVariable(source.slice(pos + 1, end), rule, lookup);
      if (converters.has(name)) throw new RuleSyntaxError(rule, `variable '${name}' appears twice`);
      converters.set(name, converter);
      variables.push(name);
      if (traceStart < pos) trace.push({ variable: false, text: source.slice(traceStart, pos) });
      trace.push({ variable: true, name });
      traceStart = end + 1;
      segments[segments.length - 1]!.push({ name, converter });
      pos = end + 1;
    } else {
      let end = pos;
      let stray = false;
      for (let c = char; end < source.length && c !== SLASH && c !== OPEN; c = source.charCodeAt(++end)) stray ||= c === CLOSE;
      const text = source.slice(pos, end);
      if (stray) throw new RuleSyntaxError(rule, `stray '>' in '${text}'`);
      segments[segments.length - 1]!.push({ static: text });
      pos = end;
    }
  }
  if (traceStart < source.length) trace.push({ variable: false, text: source.slice(traceStart) });
  return { parts: buildParts(segments, rule), trace, variables, converters };
}

const SLASH = 47;
const OPEN = 60;
const CLOSE = 62;

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

function parseVariable(inside: string, rule: string, lookup: ConverterLookup): { name: string; converter: SignedConverter } {
  const syntax = CONVERTER_SYNTAX.exec(inside.trim());
  if (!syntax) throw new RuleSyntaxError(rule, `cannot read variable '<${inside}>'; write <name>, <converter:name> or <converter(args):name>`);
  const converterName = syntax[1] ?? "default";
  const name = internalized(syntax[3]!);
  if (!VARIABLE_NAME.test(name)) throw new RuleSyntaxError(rule, `invalid variable name '${name}'`);
  const signature = `${converterName}(${syntax[2] ?? ""})`;
  const made = lookup.made.get(signature);
  if (made) return { name, converter: made };
  let args: ConverterArg[] = [];
  let kwargs: Record<string, ConverterArg> = {};
  if (syntax[2] !== undefined) {
    try {
      ({ args, kwargs } = parseConverterArgs(syntax[2]));
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
    else throw new RuleSyntaxError(rule, `unknown converter '${converterName}' for variable '${name}'; add it with addConverter("${converterName}", ...)`);
  } catch (error) {
    if (error instanceof RuleSyntaxError) throw error;
    throw new RuleSyntaxError(rule, (error as Error).message, { cause: error });
  }
  lookup.made.set(signature, converter);
  return { name, converter };
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
    if ("static" in piece) {
      if (!piece.separator) staticLengths.push(piece.static.length);
    }
    else converterWeights.push(piece.converter.weight);
  }
  return { staticCount: staticLengths.length, staticLengths, converterCount: converterWeights.length, converterWeights };
}

function buildParts(segments: Piece[][], rule: string): RulePart[] {
  const parts: RulePart[] = [];
  for (let i = 0; i < segments.length; i++) {
    const pieces = segments[i]!;
    const spansSlashes = pieces.some((p) => "converter" in p && !p.converter.partIsolating);
    if (spansSlashes) {
      // As Werkzeug: from the first converter that may span slashes, the rest of the rule is one regex.
      const rest = segments.slice(i);
      const suffixed = rest.length > 1 && rest[rest.length - 1]!.length === 0;
      const body = suffixed ? rest.slice(0, -1) : rest;
      const flat = body.flatMap((segment, j): Piece[] => (j === 0 ? segment : [{ static: "/", separator: true }, ...segment]));
      const converters = flat.filter((p): p is Extract<Piece, { converter: SignedConverter }> => "converter" in p).map((p) => p.converter);
      const source = regexSource(flat, false) + (suffixed ? "(?<!/)(?<slash>/?)" : "");
      const wholeRest = !suffixed && flat.length === 1;
      parts.push({ kind: "final", key: partKey(suffixed ? "final/" : "final", flat), converters, converter: wholeRest ? converters[0] : undefined, pattern: compile(source, rule), suffixed, wholeRest, maxInput: inputBudget(converters.length), weight: weighOf(flat) });
      if (suffixed) parts.push({ kind: "static", text: "" });
      return parts;
    }
    const only = pieces.length === 1 ? pieces[0]! : undefined;
    if (pieces.every((p) => "static" in p)) {
      parts.push({ kind: "static", text: pieces.map((p) => (p as { static: string }).static).join("") });
    } else if (only && "converter" in only) {
      parts.push({ kind: "single", key: `single:${only.converter.signature}`, converters: [only.converter], converter: only.converter, pattern: undefined, suffixed: false, wholeRest: false, maxInput: Infinity, weight: weighOf(pieces) });
    } else {
      const converters = pieces.filter((p): p is Extract<Piece, { converter: SignedConverter }> => "converter" in p).map((p) => p.converter);
      const source = regexSource(pieces, true);
      parts.push({ kind: "segment", key: partKey("segment", pieces), converters, converter: undefined, pattern: compile(source, rule), suffixed: false, wholeRest: false, maxInput: inputBudget(converters.length), weight: weighOf(pieces) });
    }
  }
  return parts;
}

const REGEX_STEP_BUDGET_LOG2 = 20;

function inputBudget(converterCount: number): number {
  return converterCount <= 1 ? Infinity : Math.floor(2 ** (REGEX_STEP_BUDGET_LOG2 / converterCount));
}

function partKey(kind: string, pieces: readonly Piece[]): string {
  return kind + ":" + pieces.map((p) => ("static" in p ? JSON.stringify(p.static) : `<${p.converter.signature}>`)).join("");
}

function regexSource(pieces: readonly Piece[], withinSegment: boolean): string {
  let index = 0;
  const patternOf = (c: Converter): string => (withinSegment ? (c.segmentRegex ?? c.regex) : c.regex);
  return pieces.map((p) => ("static" in p ? escapeRegex(p.static) : `(?<v${index++}>${patternOf(p.converter)})`)).join("");
}

function compile(source: string, rule: string): RegExp {
  try {
    return compilePattern(`^${source}$`);
  } catch (error) {
    throw new RuleSyntaxError(rule, `a converter's regex does not compile: ${(error as Error).message}`, { cause: error });
  }
}
