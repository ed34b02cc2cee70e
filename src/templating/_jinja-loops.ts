/**
 * `{% for %}` as Jinja's: over a dict's keys, over the items a trailing `if`
 * keeps, with `loop.cycle`, `loop.changed`, `loop.previtem`,
 * `loop.nextitem` and `loop.depth`, recursive (`{% for x in tree recursive %}`
 * with `{{ loop(x.children) }}`), and with a `{% set %}` inside the loop kept
 * inside it.
 */
import type { Compiler, CompileMethod, CompilerPatch, Node, NodeList, Recursion } from "./_nunjucks-compiler.js";
import { isPlainObject, pyEquals, toList } from "./_python-values.js";

/**
 * The loop's items: a dict's or `Map`'s keys for one name, their
 * `(key, value)` pairs for two or more; anything else as nunjucks iterates it.
 */
function jinjaIterable(value: unknown, pairs: boolean): unknown {
  if (value instanceof Map) return pairs ? [...value.entries()] : [...value.keys()];
  if (isPlainObject(value)) return pairs ? Object.entries(value) : Object.keys(value);
  return value;
}

/** `{% for x in items if keep(x) %}`: the items kept, so `loop.index`, `loop.length` and `{% else %}` count only them. */
function jinjaLoopFilter(value: unknown, pairs: boolean, keep: (item: unknown) => boolean): unknown[] {
  return toList(jinjaIterable(value, pairs)).filter(keep);
}

/** `loop.cycle('odd', 'even')`: called on the loop object, so one function serves every item. */
function jinjaCycle(this: { index0: number }, ...values: unknown[]): unknown {
  if (values.length === 0) throw new TypeError("loop.cycle() needs at least one value");
  return values[this.index0 % values.length];
}

/** `loop.changed(value, ...)`: true the first time and whenever the values differ (by `==`) from the last call's. */
function jinjaChanged(): (...values: unknown[]) => boolean {
  let last: unknown[] | undefined;
  return (...values) => {
    const changed = last === undefined || !pyEquals(last, values);
    last = values;
    return changed;
  };
}

/** The first line nunjucks 3.2 compiles a `{% for %}` to: the loop's own frame. */
const LOOP_FRAME = "frame = frame.push();\n";

/** Patches nunjucks' compiler (once per process) with Jinja's loops. */
export function installJinjaLoops(patch: CompilerPatch): void {
  const { compiler, isA } = patch;
  Object.assign(patch.runtime, { jinjaIterable, jinjaLoopFilter, jinjaCycle, jinjaChanged });
  const [InlineIf, ArrayNode, LookupVal, SymbolNode, Literal, Include, FunCall, KeywordArgs] = [
    patch.node("InlineIf"), patch.node("Array"), patch.node("LookupVal"), patch.node("Symbol"), patch.node("Literal"), patch.node("Include"),
    patch.node("FunCall"), patch.node("KeywordArgs"),
  ] as const;
  /** Compiles to the JavaScript in its `code` (from `_jinja-operators.ts`). */
  const Code = patch.node("JinjaCode");
  const Iterable = patch.define("JinjaIterable", ["target", "pairs"], true);
  const LoopFilter = patch.define("JinjaLoopFilter", ["target", "cond", "names"], true);

  // Jinja reads `{% for x in items if cond %}` as a filter on the items; nunjucks read
  // `items if cond` as a conditional expression whose `cond` saw no `x`, and looped over nothing.
  const compileFor = compiler["compileFor"]!;
  compiler["compileFor"] = function (node, frame) {
    const target = node["arr"] as Node;
    if (isA(target, InlineIf) && target["else_"] === null) {
      node["arr"] = new LoopFilter(target.lineno, target.colno, target["body"], target["cond"], node["name"]);
    } else if (!isA(target, Iterable) && !isA(target, LoopFilter)) {
      // A dict becomes a list of keys or pairs, so every loop takes nunjucks' list branch, where
      // `loop.previtem` and `loop.nextitem` can read the items around the current one.
      node["arr"] = new Iterable(target.lineno, target.colno, target, isA(node["name"], ArrayNode));
    }
    // The loop's frame takes the writes that nunjucks passed on to a variable of the same name outside.
    const start = this.codebuf.length;
    const loops = (this.jinjaLoops ??= []);
    loops.push(node["jinjaRecursion"] as Recursion | undefined);
    try {
      compileFor.call(this, node, frame);
    } finally {
      loops.pop();
    }
    if (this.codebuf[start] !== LOOP_FRAME) this.fail("for: this nunjucks compiles loops differently from nunjucks 3.2; install nunjucks 3.2.x", node.lineno, node.colno);
    this.codebuf[start] = "frame = frame.push(true);\n";
  };
  compiler["compileJinjaIterable"] = function (node, frame) {
    this._emit("runtime.jinjaIterable(");
    this._compileExpression(node["target"] as Node, frame);
    this._emit(`, ${node["pairs"] === true})`);
  };
  compiler["compileJinjaLoopFilter"] = function (node, frame) {
    const names = node["names"] as Node;
    const pairs = isA(names, ArrayNode);
    const item = this._tmpid();
    const inner = frame.push();
    this._emit("runtime.jinjaLoopFilter(");
    this._compileExpression(node["target"] as Node, frame);
    this._emit(`, ${pairs}, function (${item}) { `);
    if (pairs) {
      (names as NodeList).children.forEach((name, i) => {
        const id = this._tmpid();
        this._emit(`var ${id} = ${item}[${i}]; `);
        inner.set(String(name["value"]), id);
      });
    } else {
      inner.set(String(names["value"]), item);
    }
    this._emit("return ");
    patch.emitCondition(this, node["cond"] as Node, inner);
    this._emit("; })");
  };

  const isLoop = (node: unknown): boolean => isA(node, SymbolNode) && (node as Node)["value"] === "loop";
  /**
   * The attributes of `loop` read inside `body` (`loop.cycle` gives "cycle"), or `undefined`
   * when any may be: an included template sees the loop, and so does code given `loop` itself.
   */
  const loopAttributes = (body: Node): Set<string> | undefined => {
    const found = new Set<string>();
    let any = false;
    const visit = (node: Node): boolean => {
      if (isA(node, LookupVal) && isLoop(node["target"]) && isA(node["val"], Literal)) {
        found.add(String((node["val"] as Node)["value"]));
        return false;
      }
      // `loop(item.children)` calls the loop's function, not its attributes.
      if (isA(node, FunCall) && isLoop(node["name"])) {
        patch.walk(node["args"] as Node, visit);
        return false;
      }
      if (isA(node, Include) || isLoop(node)) any = true;
      return !any;
    };
    patch.walk(body, visit);
    return any ? undefined : found;
  };

  // nunjucks binds `loop.index`, `first`, `length`...; these cost a store or more per item, so they
  // are bound only in loops whose body may read them.
  const emitLoopBindings = compiler["_emitLoopBindings"] as unknown as (this: Compiler, node: Node, arr: string, i: string, len: string) => void;
  compiler["_emitLoopBindings"] = function (this: Compiler, node: Node, arr: string, i: string, len: string) {
    emitLoopBindings.call(this, node, arr, i, len);
    const named = loopAttributes(node["body"] as Node);
    const used = (attribute: string): boolean => named === undefined || named.has(attribute);
    if (used("cycle")) this._emitLine(`frame.set("loop.cycle", runtime.jinjaCycle);`);
    if (used("changed")) this._emitLine(`if (${i} === 0) frame.set("loop.changed", runtime.jinjaChanged());`);
    if (used("previtem")) this._emitLine(`frame.set("loop.previtem", ${i} > 0 ? ${arr}[${i} - 1] : undefined);`);
    if (used("nextitem")) this._emitLine(`frame.set("loop.nextitem", ${arr}[${i} + 1]);`);
    // As Jinja: depth counts the calls of a recursive loop; a loop that is not recursive is at depth 1.
    const depth = (node["jinjaRecursion"] as Recursion | undefined)?.depth ?? "1";
    if (used("depth") || used("depth0")) this._emitLine(`frame.set("loop.depth", ${depth}); frame.set("loop.depth0", ${depth} - 1);`);
  } as unknown as CompileMethod;

  // Jinja's `recursive` after the items (and their `if`); nunjucks expected the end of the tag.
  const Recursive = patch.define("JinjaRecursiveLoop", ["loop"]);
  const { parseFor } = patch.parser;
  patch.parser.parseFor = function () {
    let recursive = false;
    const loop = patch.readWordsAfter(this, "parseExpression", () => {
      recursive = this.skipSymbol("recursive");
    }, () => parseFor.call(this));
    if (!recursive) return loop;
    // nunjucks' asyncEach and asyncAll are Fors too.
    if (loop.typename !== "For") this.fail("recursive: only a {% for %} loop can be recursive", loop.lineno, loop.colno);
    return new Recursive(loop.lineno, loop.colno, loop);
  };

  // A recursive loop is compiled into a function of its items and depth, which `loop(items)`
  // calls again one level deeper; the loop's `if` and `{% else %}` are inside it, so they apply at
  // every depth, as in Jinja.
  compiler["compileJinjaRecursiveLoop"] = function (node, frame) {
    const loop = node["loop"] as Node;
    const items = loop["arr"] as Node;
    const filtered = isA(items, InlineIf) && items["else_"] === null;
    const outermost = filtered ? (items["body"] as Node) : items;
    const [render, given, depth, outer] = [this._tmpid(), this._tmpid(), this._tmpid(), this._tmpid()];
    const argument = new Code(items.lineno, items.colno, given);
    if (filtered) items["body"] = argument;
    else loop["arr"] = argument;
    loop["jinjaRecursion"] = { render, depth } satisfies Recursion;
    // Every depth starts from the names around the loop, not from those of the item that called it.
    this._emitLine(`var ${outer} = frame;`);
    this._emitLine(`var ${render} = function (${given}, ${depth}) {`);
    this._emitLine(`var frame = ${outer};`);
    const buffer = this._pushBuffer();
    this.compile(loop, frame);
    this._emitLine(`return ${buffer};`);
    this._popBuffer();
    this._emitLine("};");
    this._emit(`${this.buffer} += ${render}(`);
    this._compileExpression(outermost, frame);
    this._emitLine(", 1);");
  };
  const compileFunCall = compiler["compileFunCall"]!;
  compiler["compileFunCall"] = function (node, frame) {
    const loops = this.jinjaLoops ?? [];
    if (!isLoop(node["name"]) || loops.length === 0) return compileFunCall.call(this, node, frame);
    const recursion = loops[loops.length - 1];
    if (recursion === undefined) {
      this.fail("loop(): only a loop marked recursive can be called again, as in {% for item in tree recursive %}", node.lineno, node.colno);
    }
    const [items, ...rest] = (node["args"] as NodeList).children;
    if (items === undefined || rest.length > 0 || isA(items, KeywordArgs)) {
      this.fail("loop(): give it the items to loop over, as in loop(item.children)", node.lineno, node.colno);
    }
    // What the call renders was escaped as it rendered: markup, not text to escape again.
    this._emit(`runtime.jinjaMarkup(${recursion.render}(`);
    this._compileExpression(items, frame);
    this._emit(`, ${recursion.depth} + 1), ${this.jinjaAutoescape ?? "env.opts.autoescape"})`);
  };
}
