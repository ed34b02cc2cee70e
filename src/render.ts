/**
 * `renderTemplate` and `renderTemplateString`: Flask's `render_template` and
 * `render_template_string`, rendering with the current request's app.
 */
import { Flagon } from "./app.js";
import { currentRequest } from "./context.js";
import { FlagonError } from "./routing/index.js";
import { templatesFor } from "./templating/app-templates.js";
import type { TemplateEnvironment } from "./templating/environment.js";

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
  return templatesFor(binding);
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
