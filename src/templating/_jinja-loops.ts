/**
 * `{% for %}` as Jinja's: over a dict's keys, over the items a trailing `if`
 * keeps, with `loop.cycle`, `loop.changed`, `loop.previtem`,
 * `loop.nextitem` and `loop.depth`, and with a `{% set %}` inside the loop
 * kept inside it.
 */
import type { Compiler, CompileMethod, CompilerPatch, Node, NodeList } from "./_nunjucks-compiler.js";
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
  const [InlineIf, ArrayNode, LookupVal, SymbolNode, Literal, Include] = [
    patch.node("InlineIf"), patch.node("Array"), patch.node("LookupVal"), patch.node("Symbol"), patch.node("Literal"), patch.node("Include"),
  ] as const;
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
    compileFor.call(this, node, frame);
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
    patch.walk(body, (node) => {
      if (isA(node, LookupVal) && isLoop(node["target"]) && isA(node["val"], Literal)) {
        found.add(String((node["val"] as Node)["value"]));
        return false;
      }
      if (isA(node, Include) || isLoop(node)) any = true;
      return !any;
    });
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
    // No recursive loops: every loop is at depth 1.
    if (used("depth") || used("depth0")) this._emitLine(`frame.set("loop.depth", 1); frame.set("loop.depth0", 0);`);
  } as unknown as CompileMethod;
}
