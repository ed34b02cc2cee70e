/**
 * The bridge between an app and its template environment: where the app's
 * and blueprints' templates live, and the current request's values for
 * `url_for`, `request`, `session`, `g` and `get_flashed_messages`.
 */
import { dirname, extname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { currentRequest, session, urlFor } from "../context.js";
import type { FlagonRequest } from "../http/request.js";
import type { ContextProcessor, TemplateFilter, TemplateTest } from "../scaffold.js";
import { getFlashedMessages } from "../sessions/flash.js";
import { TemplateEnvironment, type TemplateRequestValues } from "./environment.js";

/** What the template layer needs from an app (`Flagon` has all of it). */
export interface TemplateHost {
  /** `import.meta.url` of the app module, or its folder as a path or URL; `undefined` means the working directory. */
  readonly root: string | undefined;
  readonly templateFolder: string;
  readonly blueprints: ReadonlyMap<
    string,
    { readonly templateFolder: string | undefined; readonly root?: string | undefined; readonly contextProcessorFuncs?: readonly ContextProcessor[] }
  >;
  readonly config: { readonly DEBUG: boolean };
  /** The app's context processors (a blueprint's own are in `blueprints`). */
  readonly contextProcessorFuncs?: readonly ContextProcessor[];
  /** Replaced, not changed, when one is added, so a new map means a new environment. */
  readonly templateFilters?: ReadonlyMap<string, TemplateFilter>;
  readonly templateTests?: ReadonlyMap<string, TemplateTest>;
  readonly templateGlobals?: ReadonlyMap<string, unknown>;
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
    templateContext: () => processorValues(host, request),
  };
}

/**
 * What the context processors of the request give, in Flask's order: the
 * app's, then each blueprint's from the outermost in, later ones winning;
 * `undefined` when none ran, so the render copies no values for nothing.
 */
function processorValues(host: TemplateHost, request: FlagonRequest): Record<string, unknown> | undefined {
  let values = runProcessors(host.contextProcessorFuncs, request, undefined);
  const blueprint = request.blueprint;
  if (blueprint === undefined) return values;
  // "admin.users" runs "admin"'s, then "admin.users"'s.
  for (let dot = blueprint.indexOf("."); ; dot = blueprint.indexOf(".", dot + 1)) {
    const scope = host.blueprints.get(dot < 0 ? blueprint : blueprint.slice(0, dot));
    values = runProcessors(scope?.contextProcessorFuncs, request, values);
    if (dot < 0) return values;
  }
}

function runProcessors(
  processors: readonly ContextProcessor[] | undefined,
  request: FlagonRequest,
  values: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (processors === undefined) return values;
  for (const processor of processors) values = Object.assign(values ?? {}, processor(request));
  return values;
}

interface CachedEnvironment {
  key: string;
  filters: TemplateHost["templateFilters"];
  tests: TemplateHost["templateTests"];
  globals: TemplateHost["templateGlobals"];
  env: TemplateEnvironment;
}

const environments = new WeakMap<TemplateHost, CachedEnvironment>();

/**
 * The app's template environment, created on first use (after blueprints are
 * registered) and created again if the folders, `DEBUG`, or the app's
 * template filters, tests or globals change.
 */
export function templatesFor(host: TemplateHost): TemplateEnvironment {
  const searchPaths = templateSearchPaths(host);
  const key = `${host.config.DEBUG ? 1 : 0}\0${searchPaths.join("\0")}`;
  const { templateFilters: filters, templateTests: tests, templateGlobals: globals } = host;
  const cached = environments.get(host);
  if (cached !== undefined && cached.key === key && cached.filters === filters && cached.tests === tests && cached.globals === globals) return cached.env;
  const env = new TemplateEnvironment({
    searchPaths,
    debug: host.config.DEBUG,
    globals: { config: host.config, ...Object.fromEntries(globals ?? []) },
    filters: Object.fromEntries(filters ?? []),
    tests: Object.fromEntries(tests ?? []),
    urlFor: (endpoint, values) => host.urlFor(endpoint, values),
    context: () => requestTemplateValues(host),
  });
  environments.set(host, { key, filters, tests, globals, env });
  return env;
}
