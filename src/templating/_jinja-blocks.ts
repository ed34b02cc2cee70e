/**
 * Jinja's block modifiers, which nunjucks' parser refused after a block's
 * name: `{% block item scoped %}` (nunjucks' blocks already see the
 * variables around them, loops included, so `scoped` only needs reading) and
 * `{% block content required %}`, which a template extending the page must
 * override: rendering the block itself fails, as Jinja's
 * "Required block 'content' not found".
 */
import type { CompileMethod, CompilerPatch, Node } from "./_nunjucks-compiler.js";

/** Patches nunjucks' parser (once per process) with `scoped` and `required`. */
export function installJinjaBlocks(patch: CompilerPatch): void {
  const { parser, compiler } = patch;
  const Output = patch.node("Output");
  const NodeList = patch.node("NodeList");
  const TemplateData = patch.node("TemplateData");
  const Required = patch.define("JinjaRequiredBlock", ["name"]);

  const { parseBlock } = parser;
  parser.parseBlock = function () {
    // As Jinja's parser: after the block's name, `scoped` comes before `required`.
    let required = false;
    const block = patch.readWordsAfter(this, "parsePrimary", () => {
      this.skipSymbol("scoped");
      required = this.skipSymbol("required");
    }, () => parseBlock.call(this));
    if (!required) return block;
    patch.walk(block["body"] as Node, (node) => {
      if (patch.isA(node, TemplateData) && /^\s*$/.test(String(node["value"]))) return false;
      if (patch.isA(node, Output) || patch.isA(node, NodeList)) return true;
      return this.fail("Required blocks can only contain comments or whitespace", node.lineno, node.colno);
    });
    const name = (block["name"] as Node)["value"];
    // The block's own body runs only where no template overrides it: there it fails.
    block["body"] = new NodeList(block.lineno, block.colno, [new Required(block.lineno, block.colno, name)]);
    return block;
  };

  compiler["compileJinjaRequiredBlock"] = function (node) {
    this._emitLine(`lineno = ${node.lineno}; colno = ${node.colno};`);
    this._emitLine(`throw new Error(${JSON.stringify(`Required block '${String(node["name"])}' not found.`)});`);
  } as CompileMethod;
}
