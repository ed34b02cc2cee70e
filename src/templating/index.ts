import { TemplateEnvironment, type TemplateEnvironmentOptions } from "./environment.js";

export {
  TemplateEnvironment,
  selectFlashes,
  type Flash,
  type FlashedMessagesOptions,
  type TemplateEnvironmentOptions,
  type TemplateRequestValues,
} from "./environment.js";
export { TemplateError, TemplateNotFoundError } from "./errors.js";

/**
 * Creates the Jinja-compatible environment an app renders with.
 *
 * @example
 * const env = createTemplateEnvironment({ searchPaths: [appTemplates], urlFor: (e, v) => app.urlFor(e, v) });
 * renderTemplate(env, "profile.html", { user });
 */
export function createTemplateEnvironment(options: TemplateEnvironmentOptions): TemplateEnvironment {
  return new TemplateEnvironment(options);
}

/** Renders a template from the environment's folders; throws `TemplateError` naming the file and line. */
export function renderTemplate(env: TemplateEnvironment, name: string, context: Readonly<Record<string, unknown>> = {}): string {
  return env.render(name, context);
}

/** Renders template source given as a string, autoescaped. */
export function renderTemplateString(
  env: TemplateEnvironment,
  source: string,
  context: Readonly<Record<string, unknown>> = {},
): string {
  return env.renderString(source, context);
}
