/**
 * Jinja syntax that nunjucks lacks or reads differently, added to its
 * parser and compiler once per process:
 * - Jinja's truthiness in `if`, `elif`, `not`, `and`, `or` and `x if c else y`;
 * - the `{% with %}` and `{% autoescape %}` tags;
 * - `{% set ns.attr = value %}` on a `namespace()`, and block `{% set %}`
 *   capturing markup, not text to escape again;
 * - a test's one argument without parentheses (`x is divisibleby 3`), and
 *   a test's arguments passed one by one;
 * - the line of a filter that throws, in its error;
 * - and, installed from here, Jinja's printing (`_jinja-printing.ts`),
 *   operators and tuples (`_jinja-operators.ts`), loops (`_jinja-loops.ts`)
 *   and include (`_jinja-include.ts`).
 *
 * nunjucks has no public API for any of it: this relies on its compiler's
 * prototype methods and node classes (checked against nunjucks 3.2.4, see
 * `_nunjucks-compiler.ts`), the way its own `installJinjaCompat()` does.
 */
import type Nunjucks from "nunjucks";
import { installJinjaBlocks } from "./_jinja-blocks.js";
import { installJinjaInclude } from "./_jinja-include.js";
import { installJinjaLoops } from "./_jinja-loops.js";
import { installJinjaOperators } from "./_jinja-operators.js";
import { installJinjaPrinting } from "./_jinja-printing.js";
import { markupOf } from "./_markup.js";
import type { CompileMethod, Compiler, CompilerPatch, Frame, Node, NodeClass, NodeList, NunjucksInternals, Parser, TagExtension } from "./_nunjucks-compiler.js";
import { isPlainObject } from "./_python-values.js";

export type { TagExtension } from "./_nunjucks-compiler.js";

/**
 * Jinja's truth test: besides JavaScript's falsy values, an empty list, dict,
 * Map or Set, an empty safe string and an empty collection with a `size`
 * (flagon's `MultiDict`) are false.
 */
export function jinjaTruthy(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return Boolean(value);
  if (Array.isArray(value)) return value.length > 0;
  // nunjucks' SafeString (Jinja's Markup) is a String object.
  if (value instanceof String) return value.length > 0;
  if (isPlainObject(value)) {
    for (const _ in value) return true;
    return false;
  }
  if (value instanceof Map || value instanceof Set) return value.size > 0;
  const size = (value as { size?: unknown }).size;
  if (typeof size === "number" && Symbol.iterator in value) return size > 0;
  return true;
}

/** Jinja's `namespace(...)`: an object whose attributes `{% set ns.attr = value %}` may change, from inside loops too. */
export class Namespace {
  constructor(attributes: Readonly<Record<string, unknown>>) {
    Object.assign(this, attributes);
  }
}

/** Jinja's `a and b`: `b` when `a` is true, else `a`, with `b` computed only when needed. */
function jinjaAnd(left: unknown, right: () => unknown): unknown {
  return jinjaTruthy(left) ? right() : left;
}

/** Jinja's `a or b`: `a` when it is true, else `b`. */
function jinjaOr(left: unknown, right: () => unknown): unknown {
  return jinjaTruthy(left) ? left : right();
}

function jinjaSetAttribute(target: unknown, key: unknown, value: unknown): void {
  // As Jinja: only a namespace takes assignments, so a typo cannot write into the page's data.
  if (!(target instanceof Namespace)) {
    throw new TypeError(`cannot assign attribute on non-namespace object; make it with {% set ns = namespace(${String(key)}=...) %}`);
  }
  (target as unknown as Record<string, unknown>)[String(key)] = value;
}

/**
 * How nunjucks' compiled code passes each printed value's escaping flag:
 * `runtime.suppressValue(value, env.opts.autoescape);`. Inside
 * `{% autoescape %}` flagon rewrites this text to the block's flag, so it
 * must appear once per printed value.
 */
const ESCAPING_FLAG = ", env.opts.autoescape);\n";

function occurrences(text: string, part: string): number {
  let count = 0;
  for (let i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length)) count++;
  return count;
}

/**
 * Patches nunjucks' compiler (once per process) and returns the tag
 * extensions each environment must add. Throws, before patching anything,
 * if this nunjucks compiles a printed value differently from what
 * `{% autoescape %}` rewrites, so an upgrade cannot silently turn escaping off.
 */
export function installJinjaSyntax(nunjucks: typeof Nunjucks): Record<string, TagExtension> {
  const { compiler, nodes, runtime, parser, lexer } = nunjucks as unknown as NunjucksInternals;
  const sample = compiler.compile("{{ value }}", [], [], "<flagon autoescape check>");
  if (occurrences(sample, ESCAPING_FLAG) !== 1) {
    throw new Error(
      "This nunjucks compiles {{ value }} differently from nunjucks 3.2, so flagon's {% autoescape %} cannot set " +
        "the escaping of what it prints. Install nunjucks 3.2.x (npm install nunjucks@~3.2.4).",
    );
  }
  const proto = compiler.Compiler.prototype;
  const base = {
    If: proto["compileIf"], InlineIf: proto["compileInlineIf"], Output: proto["compileOutput"], Set: proto["compileSet"], Capture: proto["compileCapture"],
    Filter: proto["compileFilter"],
  };
  const assertType = proto["assertType"] as unknown as (this: Compiler, node: Node, ...types: unknown[]) => void;
  const nodeClass = (name: string): NodeClass => {
    const found = nodes[name];
    if (found === undefined) throw new Error(`nunjucks has no ${name} node; flagon's Jinja syntax needs nunjucks 3.2`);
    return found;
  };
  const [And, Or, Not, Compare, Is, In, LookupVal, NodeList, SymbolNode, Block, Literal, NodeBase] = [
    "And", "Or", "Not", "Compare", "Is", "In", "LookupVal", "NodeList", "Symbol", "Block", "Literal", "Node",
  ].map(nodeClass);
  // A plain boolean, not a type guard: every node class narrows to the same Node type.
  const isA = (node: unknown, kind: NodeClass | undefined): boolean => kind !== undefined && node instanceof kind;
  /** Node classes of the additions that `_compileExpression` must take for expressions. */
  const expressions: NodeClass[] = [];
  // Registered with nunjucks' own node classes: its transformer rebuilds nodes by class name.
  const define = (name: string, fields: string[], expression = false): NodeClass => {
    const kind = (nodes[name] = nodeClass("Node").extend(name, { fields }));
    if (expression) expressions.push(kind);
    return kind;
  };

  /** Visits `node` and, unless `visit` says no, the nodes in its fields (lists of nodes too), depth first. */
  const walk = (node: unknown, visit: (node: Node) => boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, visit);
    } else if (isA(node, NodeBase) && visit(node as Node)) {
      for (const field of (node as Node)["fields"] as string[]) walk((node as Node)[field], visit);
    }
  };

  const Truthy = define("JinjaTruthy", ["target"], true);
  const With = define("JinjaWith", ["targets", "values", "body"]);
  const Autoescape = define("JinjaAutoescape", ["value", "body"]);

  const markSafe = runtime["markSafe"] as (text: unknown) => unknown;
  const jinjaMarkup = (text: unknown, escaping: unknown): unknown => (escaping ? markSafe(text) : text);
  type BlockRender = (env: unknown, context: unknown, frame: unknown, runtime: unknown, done: (error: unknown, output: string) => void) => void;
  type RenderFrame = { parent: RenderFrame | null | undefined };
  /** A render's top frame: a block read through `self` sees the page's names, not a loop's around the call. */
  const topOf = (frame: RenderFrame): RenderFrame => (frame.parent ? topOf(frame.parent) : frame);
  const jinjaSelf = (env: unknown, context: { blocks: object; getBlock(name: string): BlockRender }, frame: RenderFrame): object =>
    // Printed, it says what it is, as Jinja's `<TemplateReference>`; only the page's blocks are names on it.
    new Proxy({ toString: () => "<TemplateReference>" }, {
      get(target, name, receiver) {
        if (typeof name !== "string" || !Object.hasOwn(context.blocks, name)) return Reflect.get(target, name, receiver);
        const block = context.getBlock(name);
        return () => {
          let output = "";
          let failure: unknown;
          // With nunjucks' synchronous loaders a block renders before its callback returns.
          block(env, context, topOf(frame), runtime, (error, result) => {
            failure = error;
            output = result;
          });
          if (failure) throw failure;
          return markSafe(output);
        };
      },
    });
  Object.assign(runtime, { jinjaTruthy, jinjaAnd, jinjaOr, jinjaSetAttribute, jinjaMarkup, jinjaSelf });

  /**
   * A condition, with `and`, `or` and `not` as plain `&&`, `||`, `!` over Jinja's truth
   * test: a condition needs no operand's value, so `{% if a and b %}` costs no closure.
   */
  function emitCondition(this: Compiler, node: Node, frame: Frame): void {
    if (isA(node, And) || isA(node, Or)) {
      this._emit("(");
      emitCondition.call(this, node["left"] as Node, frame);
      this._emit(isA(node, And) ? " && " : " || ");
      emitCondition.call(this, node["right"] as Node, frame);
      this._emit(")");
    } else if (isA(node, Not)) {
      this._emit("!");
      emitCondition.call(this, node["target"] as Node, frame);
    } else if (isA(node, Compare) || isA(node, Is) || isA(node, In)) {
      // Already a boolean.
      this._emit("(");
      this.compile(node, frame);
      this._emit(")");
    } else {
      this._emit("runtime.jinjaTruthy(");
      this.compile(node, frame);
      this._emit(")");
    }
  }

  const condition = (node: Node): Node => (isA(node, Truthy) ? node : new Truthy(node.lineno, node.colno, node));

  proto["assertType"] = function (this: Compiler, node: Node, ...types: unknown[]): void {
    if (!expressions.some((kind) => isA(node, kind))) assertType.call(this, node, ...types);
  } as unknown as CompileMethod;
  proto["compileJinjaTruthy"] = function (node, frame) {
    emitCondition.call(this, node["target"] as Node, frame);
  };
  // `elif` is an `If` in the `else_` of the one before, so it goes through here too.
  proto["compileIf"] = function (node, frame, ...rest) {
    node["cond"] = condition(node["cond"] as Node);
    base.If!.call(this, node, frame, ...rest);
  };
  proto["compileInlineIf"] = function (node, frame) {
    node["cond"] = condition(node["cond"] as Node);
    base.InlineIf!.call(this, node, frame);
  };
  proto["compileNot"] = function (node, frame) {
    this._emit("!");
    emitCondition.call(this, node["target"] as Node, frame);
  };
  // Where the value is printed or assigned, Jinja's `and`/`or` give one of their operands; the
  // right one is a thunk, evaluated only when the left does not decide.
  const operandOf = (helper: string): CompileMethod =>
    function (node, frame) {
      this._emit(`runtime.${helper}(`);
      this.compile(node["left"] as Node, frame);
      this._emit(", () => (");
      this.compile(node["right"] as Node, frame);
      this._emit("))");
    };
  proto["compileAnd"] = operandOf("jinjaAnd");
  proto["compileOr"] = operandOf("jinjaOr");

  // As Jinja's parser: a test takes one argument without parentheses, `x is divisibleby 3`,
  // `x is sameas none`, `x is in items`; nunjucks stopped after the test's name.
  const ARGUMENT_STARTS = new Set(
    (["TOKEN_STRING", "TOKEN_INT", "TOKEN_FLOAT", "TOKEN_BOOLEAN", "TOKEN_NONE", "TOKEN_SYMBOL", "TOKEN_LEFT_BRACKET", "TOKEN_LEFT_CURLY"] as const).map((name) => lexer[name]),
  );
  const NOT_ARGUMENTS = new Set(["and", "or", "else", "if", "is", "in", "not"]);
  const FunCall = nodeClass("FunCall");
  parser.Parser.prototype.parseIs = function (this: Parser): Node {
    let node = this.parseCompare();
    if (!this.skipValue(lexer["TOKEN_SYMBOL"]!, "is")) return node;
    const not = this.skipValue(lexer["TOKEN_SYMBOL"]!, "not");
    // The test's name alone: with postfixes `in [1, 2]` would read as indexing the name.
    let test = this.parsePrimary(true);
    const next = this.peekToken();
    if (next?.type === lexer["TOKEN_LEFT_PAREN"]) {
      test = new FunCall(test.lineno, test.colno, test, this.parseSignature());
    } else if (isA(test, SymbolNode) && next !== null && ARGUMENT_STARTS.has(next.type) && !(next.type === lexer["TOKEN_SYMBOL"] && NOT_ARGUMENTS.has(next.value))) {
      const args = new (NodeList as NodeClass)(next.lineno, next.colno, [this.parsePrimary()]);
      test = new FunCall(test.lineno, test.colno, test, args);
    }
    node = new (Is as NodeClass)(node.lineno, node.colno, node, test);
    return not ? new (Not as NodeClass)(node.lineno, node.colno, node) : node;
  };

  // nunjucks wrote a test's arguments with nothing between them: `x is between(1, 9)` passed 19
  // (Jinja's own tests take one argument; an app's may take more).
  proto["compileIs"] = function (node, frame) {
    const test = node["right"] as Node;
    const name = (test["name"] as Node | undefined)?.["value"] ?? test["value"];
    // A test's answer counts by truthiness, as in Jinja (and in `select`): nunjucks wanted `true` itself.
    this._emit(`!!env.getTest(${JSON.stringify(String(name))}).call(context, `);
    this.compile(node["left"] as Node, frame);
    for (const argument of (test["args"] as NodeList | undefined)?.children ?? []) {
      this._emit(", ");
      this.compile(argument, frame);
    }
    this._emit(")");
  };

  proto["compileJinjaWith"] = function (node, frame) {
    // As Jinja 2.9+: every value is computed outside the block, so in `a = 1, b = a` `b` reads the outer `a`.
    const ids = (node["values"] as NodeList).children.map((value) => {
      const id = this._tmpid();
      this._emit(`var ${id} = `);
      this._compileExpression(value, frame);
      this._emitLine(";");
      return id;
    });
    // A frame whose writes stay inside, so a `{% set %}` in the block is gone after it, as in Jinja.
    const inner = frame.push(true);
    this._emitLine("frame = frame.push(true);");
    (node["targets"] as NodeList).children.forEach((target, i) => {
      const name = JSON.stringify(target["value"]);
      inner.set(String(target["value"]), ids[i]!);
      this._emitLine(`frame.set(${name}, ${ids[i]!});`);
    });
    this._withScopedSyntax(() => this.compile(node["body"] as Node, inner));
    this._emitLine("frame = frame.pop();");
  };

  /**
   * The blocks whose nearest enclosing `{% autoescape %}` is the one with
   * `body`: a nested `{% autoescape %}` takes care of the blocks inside it.
   */
  const blocksIn = (body: Node): Node[] => {
    const found: Node[] = [];
    walk(body, (node) => {
      if (isA(node, Block)) found.push(node);
      return !isA(node, Autoescape);
    });
    return found;
  };

  /** `true`, `false`, `none` (and Jinja's `True`, `False`, `None`) as a constant; `undefined` for anything else. */
  const constant = (node: Node): boolean | undefined => {
    if (isA(node, Literal)) return jinjaTruthy(node["value"]);
    if (isA(node, SymbolNode) && ["True", "False", "None"].includes(String(node["value"]))) return node["value"] === "True";
    return undefined;
  };

  proto["compileJinjaAutoescape"] = function (node, frame) {
    // nunjucks compiles each {% block %} into a function of its own, after the page's, where this
    // block's variable does not exist: a block inside gets the value as a constant of its own.
    for (const block of blocksIn(node["body"] as Node)) {
      if (block["jinjaAutoescape"] === true) continue;
      const value = constant(node["value"] as Node);
      if (value === undefined) {
        this.fail(
          `autoescape: {% block ${String((block["name"] as Node)["value"])} %} is inside {% autoescape %} with a value known only while rendering; ` +
            "write {% autoescape true %} or {% autoescape false %}, or move the {% autoescape %} inside the block",
          node.lineno,
          node.colno,
        );
      }
      block["jinjaAutoescape"] = true;
      block["body"] = new Autoescape(block.lineno, block.colno, new (Literal as NodeClass)(block.lineno, block.colno, value), block["body"]);
    }
    const id = this._tmpid();
    this._emit(`var ${id} = runtime.jinjaTruthy(`);
    this._compileExpression(node["value"] as Node, frame);
    this._emitLine(");");
    const outer = this.jinjaAutoescape;
    this.jinjaAutoescape = id;
    try {
      this.compile(node["body"] as Node, frame);
    } finally {
      this.jinjaAutoescape = outer;
    }
  };
  proto["compileOutput"] = function (node, frame) {
    const escape = this.jinjaAutoescape;
    if (escape === undefined) return base.Output!.call(this, node, frame);
    // In the block, the block's flag replaces the environment's in each printed value's code.
    const start = this.codebuf.length;
    base.Output!.call(this, node, frame);
    const code = this.codebuf.splice(start).join("");
    const printed = (node["children"] as Node[]).filter((child) => child.typename !== "TemplateData").length;
    if (occurrences(code, ESCAPING_FLAG) !== printed) {
      this.fail(
        "autoescape: this nunjucks compiled a printed value differently from nunjucks 3.2, so {% autoescape %} cannot set its escaping; install nunjucks 3.2.x",
        node.lineno,
        node.colno,
      );
    }
    this._emit(code.replaceAll(ESCAPING_FLAG, `, ${escape});\n`));
  };

  // As Jinja: what `{% set x %}...{% endset %}` or `{% filter %}` captures was escaped as it rendered,
  // so it is markup; nunjucks kept it as text and escaped it a second time when printed.
  proto["compileCapture"] = function (node, frame) {
    this._emit("runtime.jinjaMarkup(");
    base.Capture!.call(this, node, frame);
    this._emit(`, ${this.jinjaAutoescape ?? "env.opts.autoescape"})`);
  };

  // Jinja's `self`: `{{ self.title() }}` renders the block `title` again, as the page's last
  // template defines it, so a title can be written once and shown in `<title>` and `<h1>`.
  const compileSymbol = proto["compileSymbol"]!;
  proto["compileSymbol"] = function (node, frame) {
    if (node["value"] !== "self" || frame.lookup("self")) return compileSymbol.call(this, node, frame);
    this._emit("runtime.jinjaSelf(env, context, frame)");
  };

  // nunjucks records the line of each function call for its errors, but not of a filter: a filter
  // that threw was reported at the line of the last call before it, or at none.
  proto["compileFilter"] = function (node, frame) {
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, `);
    base.Filter!.call(this, node, frame);
    this._emit(")");
  };

  // nunjucks parses `{% set ns.found = true %}` but its compiler expects plain names only.
  proto["compileSet"] = function (node, frame) {
    const targets = node["targets"] as Node[];
    if (!targets.some((target) => isA(target, LookupVal))) return base.Set!.call(this, node, frame);
    const [target] = targets;
    if (targets.length > 1 || target === undefined) this.fail("set: assign to one namespace attribute at a time", node.lineno, node.colno);
    this._emit("runtime.jinjaSetAttribute(");
    this._compileExpression(target["target"] as Node, frame);
    this._emit(", ");
    this._compileExpression(target["val"] as Node, frame);
    this._emit(", ");
    if (node["value"]) this._compileExpression(node["value"] as Node, frame);
    else this.compile(node["body"] as Node, frame);
    this._emitLine(");");
  };

  const withTag: TagExtension = {
    tags: ["with"],
    parse(parser, _nodes, lexer) {
      const tag = parser.nextToken();
      const targets: Node[] = [];
      const values: Node[] = [];
      while (parser.peekToken()?.type !== lexer.TOKEN_BLOCK_END) {
        if (targets.length > 0 && !parser.skip(lexer.TOKEN_COMMA)) parser.fail("with: expected a comma between assignments", tag.lineno, tag.colno);
        const target = parser.parsePrimary(true);
        if (!isA(target, SymbolNode)) parser.fail("with: expected a name to assign to, as in {% with a = 1 %}", target.lineno, target.colno);
        if (!parser.skipValue(lexer.TOKEN_OPERATOR, "=")) parser.fail(`with: expected = after ${String(target["value"])}`, target.lineno, target.colno);
        targets.push(target);
        values.push(parser.parseExpression());
      }
      parser.advanceAfterBlockEnd(tag.value);
      const body = parser.parseUntilBlocks("endwith");
      parser.advanceAfterBlockEnd();
      const list = NodeList as NodeClass;
      return new With(tag.lineno, tag.colno, new list(tag.lineno, tag.colno, targets), new list(tag.lineno, tag.colno, values), body);
    },
  };

  const autoescapeTag: TagExtension = {
    tags: ["autoescape"],
    parse(parser) {
      const tag = parser.nextToken();
      const value = parser.parseExpression();
      parser.advanceAfterBlockEnd(tag.value);
      const body = parser.parseUntilBlocks("endautoescape");
      parser.advanceAfterBlockEnd();
      return new Autoescape(tag.lineno, tag.colno, value, body);
    },
  };

  const patch: CompilerPatch = {
    compiler: proto,
    parser: parser.Parser.prototype,
    lexer,
    runtime,
    node: nodeClass,
    define,
    isA,
    walk,
    emitCondition: (compiler, node, frame) => emitCondition.call(compiler, node, frame),
    readWordsAfter(target, method, after, parse) {
      // An own property over the prototype's method, which removes itself on its first call.
      const own = target as Parser & Record<string, unknown>;
      const inherited = target[method];
      own[method] = () => {
        delete own[method];
        const node = inherited.call(target);
        after();
        return node;
      };
      try {
        return parse();
      } finally {
        delete own[method];
      }
    },
  };
  const markup = markupOf(nunjucks);
  installJinjaPrinting(patch, markup);
  installJinjaOperators(patch, markup);
  installJinjaLoops(patch);
  installJinjaInclude(patch, nunjucks.Template, (nunjucks as unknown as { lib: { _prettifyError: Parameters<typeof installJinjaInclude>[2] } }).lib._prettifyError);
  installJinjaBlocks(patch);

  return { JinjaWith: withTag, JinjaAutoescape: autoescapeTag };
}
