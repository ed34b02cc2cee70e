/**
 * The bridge between an app and its template environment: where the app's
 * and blueprints' templates live, and the current request's values for
 * `url_for`, `request`, `session`, `g` and `get_flashed_messages`.
 */
import { dirname, extname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { currentRequest, session, urlFor } from "../context.js";
import { getFlashedMessages } from "../sessions/flash.js";
import { TemplateEnvironment, type TemplateRequestValues } from "./environment.js";

/** What the template layer needs from an app (`Flagon` has all of it). */
export interface TemplateHost {
  /** `import.meta.url` of the app module, or its folder as a path or URL; `undefined` means the working directory. */
  readonly root: string | undefined;
  readonly templateFolder: string;
  readonly blueprints: ReadonlyMap<string, { readonly templateFolder: string | undefined; readonly root?: string | undefined }>;
  readonly config: { readonly DEBUG: boolean };
  urlFor(endpoint: string, values?: Readonly<Record<string, unknown>>): string;
}

/** The folder an app's relative folders are resolved against. */
export function rootDirectory(root: string | undefined): string {
  if (root === undefined) return process.cwd();
  const path = root.startsWith("file:") ? fileURLToPath(root) : root;
  // `new Flagon(import.meta.url)` passes the module file; its folder is the root, as Flask's root_path.
  return extname(path) !== "" && !path.endsWith("/") ? dirname(path) : path;
}

/** The app's template folder first, then each blueprint's, as Flask's `DispatchingJinjaLoader`. */
export function templateSearchPaths(host: TemplateHost): string[] {
  const root = rootDirectory(host.root);
  const paths = [resolve(root, host.templateFolder)];
  for (const blueprint of host.blueprints.values()) {
    if (blueprint.templateFolder === undefined) continue;
    // A blueprint given its own root (its import.meta.url) resolves its folder there, as Flask's blueprint root_path.
    const base = blueprint.root === undefined ? root : rootDirectory(blueprint.root);
    paths.push(isAbsolute(blueprint.templateFolder) ? blueprint.templateFolder : resolve(base, blueprint.templateFolder));
  }
  return [...new Set(paths)];
}

/** The current request's template values, when the request belongs to `host`. */
export function requestTemplateValues(host: TemplateHost): TemplateRequestValues | undefined {
  const request = currentRequest();
  if (request === undefined || (request.binding as unknown) !== host) return undefined;
  return {
    request,
    // The context proxy: the session is loaded only if a template reads it.
    session,
    g: request.g,
    urlFor: (endpoint, values) => urlFor(endpoint, values),
    getFlashedMessages: ({ withCategories, categoryFilter }) =>
      withCategories ? getFlashedMessages({ withCategories: true, categoryFilter }) : getFlashedMessages({ categoryFilter }),
  };
}

const environments = new WeakMap<TemplateHost, { key: string; env: TemplateEnvironment }>();

/**
 * The app's template environment, created on first use (after blueprints are
 * registered) and created again if the folders or `DEBUG` change.
 */
export function templatesFor(host: TemplateHost): TemplateEnvironment {
  const searchPaths = templateSearchPaths(host);
  const key = `${host.config.DEBUG ? 1 : 0}\0${searchPaths.join("\0")}`;
  const cached = environments.get(host);
  if (cached !== undefined && cached.key === key) return cached.env;
  const env = new TemplateEnvironment({
    searchPaths,
    debug: host.config.DEBUG,
    globals: { config: host.config },
    urlFor: (endpoint, values) => host.urlFor(endpoint, values),
    context: () => requestTemplateValues(host),
  });
  environments.set(host, { key, env });
  return env;
}
