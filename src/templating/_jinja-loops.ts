/**
 * `{% for %}` as Jinja's: over a dict's keys, over the items a trailing `if`
 * keeps, with `loop.cycle`, `loop.changed`, `loop.previtem`,
 * `loop.nextitem` and `loop.depth`, and with a `{% set %}` inside the loop
 * kept inside it.
 */
import type { Compiler, CompileMethod, CompilerPatch, Node, NodeList } from "./_nunjucks-compiler.js";
import { isPlainObject, toList } from "./_python-values.js";

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

/** `loop.cycle('odd', 'even')` at the `index0`th item. */
function jinjaCycle(index0: number): (...values: unknown[]) => unknown {
  return (...values) => values[index0 % values.length];
}

/** `loop.changed(value, ...)`: true the first time and whenever the values differ from the last call's. */
function jinjaChanged(): (...values: unknown[]) => boolean {
  let last: unknown[] | undefined;
  return (...values) => {
    const changed = last === undefined || last.length !== values.length || values.some((value, i) => value !== last![i]);
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
  const [InlineIf, ArrayNode, LookupVal, SymbolNode, Literal, NodeBase, NodeListClass] = [
    patch.node("InlineIf"), patch.node("Array"), patch.node("LookupVal"), patch.node("Symbol"), patch.node("Literal"), patch.node("Node"), patch.node("NodeList"),
  ] as const;
  const Iterable = patch.define("JinjaIterable", ["target"], true);
  const LoopFilter = patch.define("JinjaLoopFilter", ["target", "cond", "names"], true);

  // Jinja reads `{% for x in items if cond %}` as a filter on the items; nunjucks read
  // `items if cond` as a conditional expression whose `cond` saw no `x`, and looped over nothing.
  const compileFor = compiler["compileFor"]!;
  compiler["compileFor"] = function (node, frame) {
    const target = node["arr"] as Node;
    const pairs = isA(node["name"], ArrayNode);
    if (isA(target, InlineIf) && target["else_"] === null) {
      node["arr"] = new LoopFilter(target.lineno, target.colno, target["body"], target["cond"], node["name"]);
    } else if (!pairs && !isA(target, Iterable) && !isA(target, LoopFilter)) {
      // With two names nunjucks already loops over a dict's pairs; with one it looped over nothing.
      node["arr"] = new Iterable(target.lineno, target.colno, target);
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
    this._emit(", false)");
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

  /** The attributes of `loop` read anywhere inside `node` (`loop.cycle` gives "cycle"). */
  const loopAttributes = (node: unknown, found = new Set<string>()): Set<string> => {
    if (!isA(node, NodeBase)) return found;
    const parsed = node as Node;
    if (isA(parsed, LookupVal) && isA(parsed["target"], SymbolNode) && (parsed["target"] as Node)["value"] === "loop" && isA(parsed["val"], Literal)) {
      found.add(String((parsed["val"] as Node)["value"]));
    }
    if (isA(parsed, NodeListClass)) for (const child of (parsed as NodeList).children) loopAttributes(child, found);
    else for (const field of parsed["fields"] as string[]) loopAttributes(parsed[field], found);
    return found;
  };

  // nunjucks binds `loop.index`, `first`, `length`...; these cost a closure or a lookup per item, so
  // they are bound only in loops whose body names them.
  const emitLoopBindings = compiler["_emitLoopBindings"] as unknown as (this: Compiler, node: Node, arr: string, i: string, len: string) => void;
  compiler["_emitLoopBindings"] = function (this: Compiler, node: Node, arr: string, i: string, len: string) {
    emitLoopBindings.call(this, node, arr, i, len);
    const used = loopAttributes(node["body"]);
    if (used.has("cycle")) this._emitLine(`frame.set("loop.cycle", runtime.jinjaCycle(${i}));`);
    if (used.has("changed")) this._emitLine(`if (${i} === 0) frame.set("loop.changed", runtime.jinjaChanged());`);
    if (used.has("previtem")) this._emitLine(`frame.set("loop.previtem", ${i} > 0 ? ${arr}[${i} - 1] : undefined);`);
    if (used.has("nextitem")) this._emitLine(`frame.set("loop.nextitem", ${arr}[${i} + 1]);`);
    // No recursive loops: every loop is at depth 1.
    if (used.has("depth") || used.has("depth0")) this._emitLine(`frame.set("loop.depth", 1); frame.set("loop.depth0", 0);`);
  } as unknown as CompileMethod;
}
