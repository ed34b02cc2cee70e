/**
 * `{% include %}` as Jinja's: a list of names includes the first template
 * that exists (`{% include ['special.html', 'default.html'] %}`), and
 * `without context` renders the template with the globals only;
 * `ignore missing` and `with context` combine with both.
 */
import type Nunjucks from "nunjucks";
import type { CompilerPatch, Node } from "./_nunjucks-compiler.js";

/** As Jinja's `TemplatesNotFound`: no name of an include's list is a template; `environment.ts` turns it into a `TemplateNotFoundError`. */
export class TemplatesNotFound extends Error {
  readonly templates: readonly string[];

  constructor(templates: readonly string[]) {
    super(
      templates.length === 0 ? "include: the list of templates to choose from is empty" : `none of the templates given were found: ${templates.join(", ")}`,
    );
    this.name = "TemplatesNotFound";
    this.templates = templates;
  }
}

/** nunjucks' `getTemplate` as compiled templates call it; its type definitions leave out the parent and `ignoreMissing`. */
interface Environment {
  getTemplate(name: string, eagerCompile: boolean, parentName: string | undefined, ignoreMissing: boolean): unknown;
}

/** Thrown by nunjucks' `getTemplate` for a name no loader has; any other failure is the template's own. */
const MISSING = "template not found: ";

/** How nunjucks 3.2 renders an included template: with the page's variables and its frame (loop and `{% with %}` names). */
const RENDER_WITH_CONTEXT = "template.render(context.getVariables(), frame, ";

/** nunjucks' `Template` as included and imported templates are rendered: their type definitions leave out the frame and callback. */
interface PartialTemplate {
  readonly path: string;
  readonly env: { readonly opts: { readonly dev?: boolean } };
  compile(): void;
  render(context: unknown, parentFrame: unknown, callback: (error: unknown, result?: unknown) => void): unknown;
  getExported(...args: unknown[]): unknown;
}

/** nunjucks' `lib._prettifyError`: the error, marked as raised in the template at `path`. */
type Prettify = (path: string, withInternals: boolean, error: unknown) => Error;

/** Patches nunjucks' parser and compiler (once per process) with Jinja's include. */
export function installJinjaInclude(patch: CompilerPatch, Template: typeof Nunjucks.Template, prettifyError: Prettify): void {
  const { compiler, parser, lexer, isA } = patch;
  reportPartialSyntaxErrors(Template.prototype as unknown as PartialTemplate, prettifyError);
  const Include = patch.node("Include");
  const Choice = patch.define("JinjaIncludeChoice", ["names", "ignoreMissing"], true);

  /**
   * The template to include for a list of names: the first that exists, an empty
   * template when none does and missing ones are ignored. A single name (or a
   * template) goes to nunjucks as before, so its errors stay nunjucks' own.
   */
  const jinjaIncludeChoice = (env: Environment, names: unknown, parentName: string | undefined, ignoreMissing: boolean): unknown => {
    if (!Array.isArray(names)) return names;
    for (const name of names) {
      try {
        // A safe string names a template by its text, as nunjucks reads one.
        return env.getTemplate(String(name), false, parentName, false);
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith(MISSING))) throw error;
      }
    }
    if (ignoreMissing) return new Template("", env as unknown as Nunjucks.Environment, "");
    throw new TemplatesNotFound(names.map(String));
  };
  patch.runtime["jinjaIncludeChoice"] = jinjaIncludeChoice;

  // As Jinja's parser: `ignore missing`, then `with context` or `without context`; nunjucks
  // read `ignore` alone as `ignore missing` and knew no context.
  parser.parseInclude = function () {
    const tag = this.nextToken();
    const node = new Include(tag.lineno, tag.colno);
    const names = this.parseExpression();
    let ignoreMissing = false;
    if (this.skipSymbol("ignore")) {
      if (!this.skipSymbol("missing")) this.fail("include: expected missing after ignore", tag.lineno, tag.colno);
      ignoreMissing = true;
    }
    let withContext = true;
    const next = this.peekToken();
    if (next !== null && next.type === lexer.TOKEN_SYMBOL && (next.value === "with" || next.value === "without")) {
      this.nextToken();
      if (!this.skipSymbol("context")) this.fail(`include: expected context after ${next.value}`, next.lineno, next.colno);
      withContext = next.value === "with";
    }
    node["template"] = new Choice(names.lineno, names.colno, names, ignoreMissing);
    node["ignoreMissing"] = ignoreMissing;
    // A field nunjucks' transformer would drop if it rebuilt the node; it rebuilds only for async filters, which flagon has none of.
    node["jinjaWithoutContext"] = !withContext;
    this.advanceAfterBlockEnd(tag.value);
    return node;
  };

  compiler["compileJinjaIncludeChoice"] = function (node, frame) {
    this._emit("runtime.jinjaIncludeChoice(env, ");
    this._compileExpression(node["names"] as Node, frame);
    this._emit(`, ${this._templateName()}, ${node["ignoreMissing"] === true})`);
  };

  const compileInclude = compiler["compileInclude"]!;
  compiler["compileInclude"] = function (node, frame) {
    if (!isA(node, Include) || node["jinjaWithoutContext"] !== true) return compileInclude.call(this, node, frame);
    const start = this.codebuf.length;
    compileInclude.call(this, node, frame);
    const renders = this.codebuf.map((code, i) => (i >= start && code.startsWith(RENDER_WITH_CONTEXT) ? i : -1)).filter((i) => i >= 0);
    if (renders.length !== 1) this.fail("include: this nunjucks compiles include differently from nunjucks 3.2; install nunjucks 3.2.x", node.lineno, node.colno);
    const at = renders[0]!;
    // As Jinja: a fresh context, which falls back to the environment's globals (url_for, request...),
    // and a fresh frame, so the page's loop and `{% with %}` names stay out too. Without a frame
    // nunjucks would call back asynchronously, after the page's synchronous render returned.
    this.codebuf[at] = `template.render({}, new runtime.Frame(), ${this.codebuf[at]!.slice(RENDER_WITH_CONTEXT.length)}`;
  };
}

/**
 * A syntax error in an included or imported template fails the page's render,
 * naming the partial's file and line. nunjucks handed an included template's
 * compile error to the page a tick later, after the page's synchronous render
 * had returned, where it was thrown outside any request (ending the process);
 * an imported one arrived without its file, so it seemed to be in the page.
 */
function reportPartialSyntaxErrors(proto: PartialTemplate, prettifyError: Prettify): void {
  const { render, getExported } = proto;
  /** Compiles `template`; on a syntax error, calls `callback` with it at once and answers false. */
  const compiles = (template: PartialTemplate, callback: (error: unknown) => void): boolean => {
    try {
      template.compile();
      return true;
    } catch (error) {
      callback(prettifyError(template.path, template.env.opts.dev === true, error));
      return false;
    }
  };
  // With a parent frame and a callback, nunjucks is rendering an `{% include %}`.
  proto.render = function (this: PartialTemplate, context, parentFrame, callback) {
    if (typeof parentFrame === "object" && parentFrame !== null && typeof callback === "function" && !compiles(this, callback)) return undefined;
    return render.call(this, context, parentFrame, callback);
  };
  // `{% import %}` and `{% from %}` call getExported([context, frame,] callback).
  proto.getExported = function (this: PartialTemplate, ...args: unknown[]) {
    const callback = args[args.length - 1];
    if (typeof callback === "function" && !compiles(this, callback as (error: unknown) => void)) return undefined;
    return getExported.apply(this, args);
  };
}
