/**
 * `renderTemplate` and `renderTemplateString`: Flask's `render_template` and
 * `render_template_string`, rendering with the current request's app.
 */
import { NodeOnlyError } from "./adapters/node-only.js";
import { Flagon } from "./app.js";
import { currentRequest } from "./context.js";
import { FlagonError } from "./routing/index.js";
import type { TemplateEnvironment } from "./templating/environment.js";

// Templates are read from disk (nunjucks, node:path): loaded here when the runtime
// has them, so a fetch-only runtime still loads the app and only rendering fails.
const templating = await import("./templating/app-templates.js").then(
  (module) => ({ templatesFor: module.templatesFor, error: undefined }),
  (error: unknown) => ({ templatesFor: undefined, error }),
);

/** Raised when a template is rendered while no flagon request is being handled. */
export class RenderOutsideRequestError extends FlagonError {
  constructor(what: string) {
    super(
      "FLAGON_RENDER_OUTSIDE_REQUEST",
      `${what} was called while no request is being handled, so there is no app to find templates in. ` +
        `Call it from a view, hook or error handler, or use templatesFor(app).render(...) with the app.`,
    );
  }
}

function currentTemplates(what: string): TemplateEnvironment {
  const binding = currentRequest()?.binding;
  if (!(binding instanceof Flagon)) throw new RenderOutsideRequestError(what);
  return environmentOf(binding, what);
}

/**
 * The app's template environment, for rendering outside a request (a CLI
 * command, a job, an e-mail): `request`, `session` and `g` are empty there,
 * `url_for` builds paths with the app, and context processors do not run.
 *
 * @example
 * const body = templatesFor(app).render("mail/welcome.txt", { user });
 */
export function templatesFor(app: Flagon): TemplateEnvironment {
  return environmentOf(app, "templatesFor(app)");
}

function environmentOf(app: Flagon, what: string): TemplateEnvironment {
  if (templating.templatesFor === undefined) throw new NodeOnlyError(what, "template files (nunjucks and node:path)", templating.error);
  try {
    return templating.templatesFor(app);
  } catch (error) {
    // Setting up the environment touches only the runtime (process.cwd, require, nunjucks); template errors come later.
    if (error instanceof FlagonError) throw error;
    throw new NodeOnlyError(what, "template files (nunjucks, process.cwd and node:path)", error);
  }
}

/**
 * Renders a template from the app's `templates/` folder (then each
 * blueprint's `templateFolder`) with `url_for`, `request`, `session`, `g`,
 * `config` and `get_flashed_messages` available in it.
 *
 * @example
 * app.route("/users/", function list_users() {
 *   return renderTemplate("users.html", { users });
 * });
 */
export function renderTemplate(name: string, context: Readonly<Record<string, unknown>> = {}): string {
  return currentTemplates(`renderTemplate("${name}")`).render(name, context);
}

/**
 * Renders template source given as a string, autoescaped, with the same
 * globals as `renderTemplate`.
 *
 * @example
 * return renderTemplateString("Hello {{ name }}!", { name: request.args.get("name", "World") });
 */
export function renderTemplateString(source: string, context: Readonly<Record<string, unknown>> = {}): string {
  return currentTemplates("renderTemplateString()").renderString(source, context);
}
