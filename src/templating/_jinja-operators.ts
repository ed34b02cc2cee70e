/**
 * Jinja's operators and tuples where nunjucks compiles JavaScript's:
 * - `~` joins what `{{ }}` would print, `+` joins lists, `*` repeats text
 *   and lists, `%` formats text as Python's, `in` looks inside safe strings.
 *   With a safe string (Jinja's `Markup`) on either side, the other side is
 *   escaped and the result stays safe, so joining markup to text neither
 *   escapes the markup a second time nor lets the text in unescaped. Numbers
 *   still add, multiply and take the remainder.
 * - `==` and `!=` are Python's (`1 == '1'` is false, lists and dicts equal
 *   by their items), and so is `in` on a list, a `Map` or a `Set`.
 * - `a < b < c` is `a < b and b < c`.
 * - `(1, 2)` is a tuple, and `{% set a, b = 1, 2 %}` unpacks one.
 */
import type { Markup } from "./_markup.js";
import type { CompileMethod, CompilerPatch, Node, NodeList, Token } from "./_nunjucks-compiler.js";
import { pythonModulo } from "./_python-conversions.js";
import { percentFormat } from "./_python-format.js";
import { isPlainObject, isText, printed, pyEquals, toList } from "./_python-values.js";

/** Runtime helpers, named as the compiled templates call them. */
interface JinjaOperators {
  jinjaConcat(left: unknown, right: unknown, escaping: unknown): unknown;
  jinjaAdd(left: unknown, right: unknown): unknown;
  jinjaMul(left: unknown, right: unknown): unknown;
  jinjaMod(left: unknown, right: unknown): unknown;
  /** nunjucks' own name for `in`, replaced. */
  inOperator(key: unknown, container: unknown): boolean;
  jinjaEquals(left: unknown, right: unknown): boolean;
}

/**
 * The most items `list * n` makes: as many as the longest string V8 makes, so a count from
 * user input fails the render with a RangeError, as `text * n` does, instead of
 * exhausting the heap, which ends the process.
 */
const MAX_REPEATED_ITEMS = 2 ** 29 - 24;

/** `count` copies of a text or list one after the other, as Python's `x * n`; none for a count below one. */
function repeat<T extends string | readonly unknown[]>(value: T, count: number): T {
  if (typeof value === "string") return value.repeat(Math.max(0, count)) as T;
  const list = value as readonly unknown[];
  if (list.length * count > MAX_REPEATED_ITEMS) throw new RangeError(`list * ${count}: too many items (${list.length * count})`);
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) items.push(...list);
  return items as unknown as T;
}

/** `nunjucksIn` is nunjucks' `in`, which the returned one calls for all but safe strings. */
function jinjaOperators(markup: Markup, nunjucksIn: (key: unknown, container: unknown) => boolean): JinjaOperators {
  const eitherSafe = (left: unknown, right: unknown): boolean => markup.isSafe(left) || markup.isSafe(right);
  /** `text * count` keeping the text's safety. */
  const repeatText = (text: string | String, count: number): unknown =>
    markup.isSafe(text) ? markup.markSafe(repeat(String(text), count)) : repeat(String(text), count);

  return {
    /** `a ~ b`. `escaping` is the page's autoescape: without it Jinja joins plain text, safe or not. */
    jinjaConcat(left, right, escaping) {
      if (escaping && eitherSafe(left, right)) return markup.markSafe(markup.printed(left) + markup.printed(right));
      return printed(left) + printed(right);
    },

    /** `a + b`: lists concatenate; text with a safe string is markup whatever the autoescape, as `Markup.__add__`. */
    jinjaAdd(left, right) {
      if (Array.isArray(left) && Array.isArray(right)) return left.concat(right);
      if (isText(left) && isText(right) && eitherSafe(left, right)) return markup.markSafe(markup.printed(left) + markup.printed(right));
      return (left as number) + (right as number);
    },

    /** `a * b`: a text or list times a whole number repeats it. */
    jinjaMul(left, right) {
      if (Number.isInteger(right)) {
        if (isText(left)) return repeatText(left, right as number);
        if (Array.isArray(left)) return repeat(left, right as number);
      }
      if (Number.isInteger(left)) {
        if (isText(right)) return repeatText(right, left as number);
        if (Array.isArray(right)) return repeat(right, left as number);
      }
      return (left as number) * (right as number);
    },

    /**
     * `text % values`, as Python's: a list is the arguments (Jinja's tuple), a
     * dict fills `%(name)s` fields, anything else is the one argument. A safe
     * format string escapes what it fills in and stays safe.
     */
    jinjaMod(left, right) {
      if (typeof left === "number" && typeof right === "number") return pythonModulo(left, right);
      if (!isText(left)) return (left as number) % (right as number);
      const template = String(left);
      const values = Array.isArray(right) ? right : isPlainObject(right) && template.includes("%(") ? right : [right];
      if (!markup.isSafe(left)) return percentFormat(template, values);
      return markup.markSafe(percentFormat(template, values, markup.field));
    },

    /**
     * `'b' in text` looks in a safe string's text too (nunjucks took it for an object with keys);
     * `x in list` compares as `==` does, and a `Map` or `Set` answers by its keys.
     */
    inOperator(key, container) {
      if (markup.isSafe(container)) return String(container).includes(String(key));
      if (Array.isArray(container)) return container.includes(key) || container.some((item) => pyEquals(item, key));
      if (container instanceof Map || container instanceof Set) return container.has(key);
      // `'q' in request.args`, `'accept' in request.headers`: a MultiDict, Headers or URLSearchParams answers by its keys.
      if (hasKeyLookup(container)) return typeof key === "string" && container.has(key);
      // An own key: `'constructor' in {}` is false, as in Python.
      if (isPlainObject(container)) return Object.hasOwn(container, String(key));
      return nunjucksIn(key, container);
    },

    jinjaEquals: pyEquals,
  };
}

/** Whether `value` is a keyed collection with `has(key)` and `get(key)`, as MultiDict, Headers and URLSearchParams are. */
function hasKeyLookup(value: unknown): value is { has(key: string): boolean } {
  return typeof value === "object" && value !== null && typeof (value as { has?: unknown }).has === "function" && typeof (value as { get?: unknown }).get === "function";
}

/** `{% set a, b = pair %}`: the pair's items, as many as there are names. */
function jinjaUnpack(value: unknown, count: number): unknown[] {
  const items = toList(value);
  if (items.length !== count) {
    throw new TypeError(`set: ${items.length < count ? "not enough" : "too many"} values to unpack (expected ${count}, got ${items.length})`);
  }
  return items;
}

/** The comparisons nunjucks' parser reads, each written as in JavaScript. */
const COMPARISONS = new Set(["==", "===", "!=", "!==", "<", ">", "<=", ">="]);

/** `left op right` in JavaScript, with Python's `==` and `!=`; `left` and `right` are code. */
function comparison(op: string, left: string, right: string): string {
  if (op === "==") return `runtime.jinjaEquals(${left}, ${right})`;
  if (op === "!=") return `!runtime.jinjaEquals(${left}, ${right})`;
  return `${left} ${op} ${right}`;
}

/** Patches nunjucks' compiler and parser (once per process) with these operators. */
export function installJinjaOperators(patch: CompilerPatch, markup: Markup): void {
  const { compiler, parser, lexer, runtime, isA } = patch;
  Object.assign(runtime, jinjaOperators(markup, runtime["inOperator"] as (key: unknown, container: unknown) => boolean), { jinjaUnpack });

  const operator = (helper: string, withEscaping = false): CompileMethod =>
    function (node, frame) {
      this._emit(`runtime.${helper}(`);
      this.compile(node["left"] as Node, frame);
      this._emit(", ");
      this.compile(node["right"] as Node, frame);
      this._emit(withEscaping ? `, ${this.jinjaAutoescape ?? "env.opts.autoescape"})` : ")");
    };
  compiler["compileConcat"] = operator("jinjaConcat", true);
  compiler["compileAdd"] = operator("jinjaAdd");
  compiler["compileMul"] = operator("jinjaMul");
  compiler["compileMod"] = operator("jinjaMod");

  // nunjucks compiled `a < b < c` to JavaScript's `(a < b) < c`, which compares a boolean with `c`
  // (`0 < 20 < 10` was true). Each operand is computed once, as in Python.
  const compileCompare = compiler["compileCompare"]!;
  compiler["compileCompare"] = function (node, frame) {
    const ops = node["ops"] as Node[];
    const [first] = ops;
    if (ops.length === 1 && (first?.["type"] === "==" || first?.["type"] === "!=")) {
      // nunjucks wrote JavaScript's `==`, for which `1 == '1'` and not `[1] == [1]`.
      const code = (expression: Node): string => {
        const start = this.codebuf.length;
        this.compile(expression, frame);
        return this.codebuf.splice(start).join("");
      };
      this._emit(comparison(first["type"], code(node["expr"] as Node), code(first["expr"] as Node)));
      return;
    }
    if (ops.length < 2) return compileCompare.call(this, node, frame);
    let left = this._tmpid();
    this._emit(`(() => { var ${left} = `);
    this.compile(node["expr"] as Node, frame);
    ops.forEach((op, i) => {
      const type = String(op["type"]);
      if (!COMPARISONS.has(type)) this.fail(`unknown comparison operator ${type}`, op.lineno, op.colno);
      const right = this._tmpid();
      this._emit(`; var ${right} = `);
      this.compile(op["expr"] as Node, frame);
      const test = comparison(type, left, right);
      this._emit(i === ops.length - 1 ? `; return ${test}; })()` : `; if (!(${test})) return false`);
      left = right;
    });
  };

  // nunjucks compiled `(1, 2)` to JavaScript's comma operator, the value 2, and `()` to invalid JavaScript.
  const compileGroup = compiler["compileGroup"]!;
  compiler["compileGroup"] = function (node, frame) {
    if ((node as NodeList).children.length === 1) return compileGroup.call(this, node, frame);
    compiler["compileArray"]!.call(this, node, frame);
  };

  // A trailing comma, as Python allows one: `[1, 2,]`, `{'a': 1,}`, `f(x,)`, and `(x,)`, a tuple of
  // one. nunjucks' parser failed on it; the tokens it reads lose a comma that only closes a
  // bracket, and the bracket is marked so `(x,)` is still a tuple.
  const CLOSING = new Set([lexer.TOKEN_RIGHT_PAREN, lexer.TOKEN_RIGHT_BRACKET, lexer.TOKEN_RIGHT_CURLY]);
  const OPENING = new Set([lexer.TOKEN_LEFT_PAREN, lexer.TOKEN_LEFT_BRACKET, lexer.TOKEN_LEFT_CURLY]);
  const { lex } = lexer;
  lexer.lex = (source, options) => {
    const tokenizer = lex(source, options);
    const read = tokenizer.nextToken.bind(tokenizer);
    const ahead: (Token | null)[] = [];
    // What came before a comma: after an opening bracket or another comma it closes nothing
    // (`(,)` stays an error, as in Jinja).
    let before: string | undefined;
    tokenizer.nextToken = () => {
      const token = ahead.length > 0 ? ahead.shift()! : read();
      const previous = before;
      if (token !== null && token.type !== lexer.TOKEN_WHITESPACE) before = token.type;
      if (token?.type !== lexer.TOKEN_COMMA || previous === undefined || OPENING.has(previous) || previous === lexer.TOKEN_COMMA) return token;
      let next: Token | null;
      do ahead.push((next = read()));
      while (next?.type === lexer.TOKEN_WHITESPACE);
      if (next === null || !CLOSING.has(next.type)) return token;
      (next as Token & { afterComma?: boolean }).afterComma = true;
      const after = ahead.shift()!;
      if (after !== null && after.type !== lexer.TOKEN_WHITESPACE) before = after.type;
      return after;
    };
    return tokenizer;
  };
  const Group = patch.node("Group");
  const { parseAggregate, nextToken } = parser;
  parser.nextToken = function (withWhitespace) {
    const token = nextToken.call(this, withWhitespace);
    (this as { lastToken?: Token }).lastToken = token;
    return token;
  };
  parser.parseAggregate = function () {
    const node = parseAggregate.call(this);
    const closing = (this as { lastToken?: Token & { afterComma?: boolean } }).lastToken;
    if (!isA(node, Group) || (node as NodeList).children.length !== 1 || closing?.afterComma !== true) return node;
    return new (patch.node("Array"))(node!.lineno, node!.colno, (node as NodeList).children);
  };

  // `{% set a, b = 1, 2 %}`: nunjucks expected the end of the tag after `1`. Only the value's
  // outermost expression reads commas: a call's arguments inside it parse as before.
  const ArrayNode = patch.node("Array");
  const { parseSet, parseExpression } = parser;
  parser.parseSet = function () {
    // An own property for the first call only, which then removes itself.
    const own = this as { parseExpression?: () => Node };
    own.parseExpression = () => {
      delete own.parseExpression;
      const first = parseExpression.call(this);
      if (this.peekToken()?.type !== lexer["TOKEN_COMMA"]) return first;
      const items = [first];
      while (this.skip(lexer["TOKEN_COMMA"]!)) items.push(parseExpression.call(this));
      return new ArrayNode(first.lineno, first.colno, items);
    };
    try {
      return parseSet.call(this);
    } finally {
      delete own.parseExpression;
    }
  };

  // nunjucks gave every name of `{% set a, b = pair %}` the whole pair.
  const SymbolNode = patch.node("Symbol");
  const SetNode = patch.node("Set");
  /** Compiles to the JavaScript in its `code`. */
  const Code = patch.define("JinjaCode", ["code"], true);
  compiler["compileJinjaCode"] = function (node) {
    this._emit(String(node["code"]));
  };
  const compileSet = compiler["compileSet"]!;
  compiler["compileSet"] = function (node, frame) {
    const targets = node["targets"] as Node[];
    if (targets.length < 2 || !node["value"] || !targets.every((target) => isA(target, SymbolNode))) return compileSet.call(this, node, frame);
    const items = this._tmpid();
    this._emit(`var ${items} = runtime.jinjaUnpack(`);
    this._compileExpression(node["value"] as Node, frame);
    this._emitLine(`, ${targets.length});`);
    targets.forEach((target, i) => compileSet.call(this, new SetNode(node.lineno, node.colno, [target], new Code(node.lineno, node.colno, `${items}[${i}]`)), frame));
  };
}
