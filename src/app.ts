/**
 * Flagon: the application. Registration (routes, blueprints, hooks, error
 * handlers) fails early with a message; `handle()` is the one dispatch path
 * that `fetch()`, the node adapter and the test client share.
 */
import { reasonPhrase } from "./_status.js";
import { type RequestLogger, createRequestLogger } from "./logging.js";
import { type BlueprintTarget, Blueprint, type RegisterOptions } from "./blueprint.js";
import { Config, type ConfigValues } from "./config.js";
import { callWith, currentRequest, isGeneratorBody, runInContext, streamInRequest } from "./context.js";
import type { BodyLimits } from "./http/body.js";
import { BadRequest, HTTPException, InternalServerError, MethodNotAllowed, NotFound, RequestURITooLarge } from "./http/exceptions.js";
import { FlagonRequest } from "./http/request.js";
import { FlagonResponse, HTML, escapeHtml, fromWebResponse, jsonify, redirect, toResponse } from "./http/response.js";
import { NodeOnlyError } from "./adapters/node-only.js";
import { applyProxyFix, type ProxyFix, trustedProxies } from "./proxy.js";
import {
  BuildError, FlagonError, Router, type ConverterFactory, type ConverterSpec, type Resolution, type Rule, type RuleOptions,
} from "./routing/index.js";
import {
  type AfterRequestHook, type BeforeRequestHook, type ErrorClass, type ErrorHandler, RouteHandle, type RouteRecord,
  Scaffold, type TeardownHook, type TemplateFilter, type TemplateTest, type UrlDefaultsFunction, type UrlForValues, type UrlValuePreprocessor, type UrlValues, type View,
  currentSetupVersion, isAsyncFunction,
} from "./scaffold.js";
import { loadSession, saveSession, sessionNeedsSave } from "./sessions/cookie-session.js";
import { Session } from "./sessions/session.js";
import { TestClient, type TestRequestInit } from "./testing/client.js";

/** Options of `new Flagon(root, options)`. */
export interface FlagonOptions {
  /** Folder of static files, relative to the root (default "static"; null disables). */
  staticFolder?: string | null;
  staticUrlPath?: string;
  templateFolder?: string;
  config?: Partial<ConfigValues> & Record<string, unknown>;
  /** The default of every rule's `strictSlashes` (true), as Flask's `url_map.strict_slashes`. */
  strictSlashes?: boolean;
  /** The default of every rule's `mergeSlashes` (true), as Flask's `url_map.merge_slashes`. */
  mergeSlashes?: boolean;
}

/** Options of `app.listen()`. */
export interface ListenOptions {
  port?: number;
  host?: string;
}

/** A listening server. */
export interface ListeningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Options of `app.run()`. */
export interface RunOptions extends ListenOptions {
  debug?: boolean;
  /** Close gracefully on SIGTERM/SIGINT, then exit 0 (default true; see SHUTDOWN_TIMEOUT). */
  handleSignals?: boolean;
  /** Serve from N node:cluster processes sharing the port (`true`: one per CPU); crashed ones are replaced. */
  workers?: number | true;
}

/** A registered view as the router hands it back. */
interface ViewEntry {
  readonly view: View<never>;
  readonly endpoint: string;
  readonly blueprint: string | undefined;
  isAsync: boolean;
}

/** Hooks and error scopes for one blueprint path, in the order they run. */
interface Chain {
  readonly before: BeforeRequestHook[];
  readonly after: AfterRequestHook[];
  readonly teardown: TeardownHook[];
  /** App first, then outer to inner; undefined when there are none, so a request checks one field. */
  readonly preprocess: UrlValuePreprocessor[] | undefined;
  /** The urlDefaults for the blueprint's endpoints, in the same order; undefined when there are none. */
  readonly urlDefaults: UrlDefaultsFunction[] | undefined;
  /** Innermost blueprint first, the app last: where error handlers are looked up. */
  readonly scopes: Scaffold[];
  /**
   * Whether requests run inside AsyncLocalStorage: an `async` hook or handler is registered, or
   * a plain one returned a promise, whose code after an `await` may read `request` too.
   */
  async: boolean;
}

/**
 * Raised when an endpoint that has a view is given another: by a route, or by `endpoint()`
 * (Flask's AssertionError "View function mapping is overwriting an existing endpoint function").
 */
export class DuplicateEndpointError extends FlagonError {
  constructor(endpoint: string, existing: string, added: string, advice = `Give one of them another name with { endpoint: "..." }.`) {
    super("FLAGON_DUPLICATE_ENDPOINT", `Endpoint "${endpoint}" is already taken by ${existing}; ${added} cannot reuse it. ${advice}`);
  }
}

/** Raised when a URL value preprocessor removes a value its rule gives the view. */
export class UrlValueRemovedError extends FlagonError {
  constructor(fn: { name: string }, name: string, endpoint: string, rule: string) {
    super(
      "FLAGON_URL_VALUE_REMOVED",
      `The URL value preprocessor ${describe(fn)} removed '${name}' from the values of "${endpoint}" (rule "${rule}"). ` +
        `The view's params are typed from its rule and include '${name}': read it instead (values["${name}"]) and leave it in place.`,
    );
  }
}

const NEXT_IS_VIEW = Number.MAX_SAFE_INTEGER;

/** Whether a view answering `methods` answers `method`: HEAD by GET, OPTIONS always (the router answers it). */
function answers(methods: readonly string[], method: string): boolean {
  return methods.includes(method) || method === "OPTIONS" || (method === "HEAD" && methods.includes("GET"));
}

/** Refuses a rule listing methods its class view does not answer (a plain function answers any). */
function checkViewMethods(view: View<never>, rule: string, endpoint: string, methods: readonly string[] | undefined): void {
  const viewMethods = (view as { methods?: readonly string[] }).methods;
  const unanswered = methods === undefined || viewMethods === undefined ? [] : methods.filter((m) => !answers(viewMethods, m.toUpperCase()));
  if (unanswered.length > 0) {
    throw new FlagonError(
      "FLAGON_VIEW_METHODS",
      `Rule "${rule}" (endpoint "${endpoint}") lists ${unanswered.join(", ")}, which its class view does not answer; it answers ${viewMethods!.join(", ")}.`,
    );
  }
}

/** What an after-request hook gave back: a flagon or a web `Response` replaces the response; anything else keeps it. */
function afterHookResult(out: unknown, current: FlagonResponse): FlagonResponse {
  if (out instanceof FlagonResponse) return out;
  return out instanceof Response ? fromWebResponse(out) : current;
}

/**
 * The error a request ended on without any handler taking it (its 500): what teardown hooks
 * receive, as in Flask, where a handled error or an HTTP error page leaves them `undefined`.
 */
const unhandled = new WeakMap<FlagonRequest, unknown>();

// Default error pages by status, then description: most are the same few pages again and again.
// Keyed in two steps: a key joining them was a new string to hash on every error (1 % of a 404's
// CPU in a wrk profile, 2026-11-25); a description's hash is kept in the string itself.
const errorPages = new Map<number, Map<string, string>>();
const MAX_CACHED_ERROR_PAGES = 256;
let cachedErrorPages = 0;

function errorPageHtml(status: number, name: string, description: string): string {
  let pages = errorPages.get(status);
  let page = pages?.get(description);
  if (page === undefined) {
    page = `<!doctype html>\n<html lang=en>\n<title>${status} ${escapeHtml(name)}</title>\n<h1>${escapeHtml(name)}</h1>\n<p>${escapeHtml(description)}</p>\n`;
    if (cachedErrorPages < MAX_CACHED_ERROR_PAGES) {
      if (pages === undefined) errorPages.set(status, (pages = new Map()));
      pages.set(description, page);
      cachedErrorPages++;
    }
  }
  return page;
}
const START = -1;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";
}

/** The view of a static route: `folder` (relative to `root`) through `sendFromDirectory`, cached for `config.SEND_FILE_MAX_AGE_DEFAULT`. */
function staticView(root: string, folder: string, config: Config): View<{ filename: string }> {
  // node:fs lives in http/files.ts, loaded on the first static request so the core stays runtime-free.
  return async ({ filename }, request) => {
    const [{ sendFromDirectory }, { resolveFolder }] = await Promise.all([import("./http/files.js"), import("./server/paths.js")]).catch((error: unknown) => {
      throw new NodeOnlyError("The static route", "the file system (node:fs)", error);
    });
    // Read per request, as Flask's get_send_file_max_age, so a config changed after setup still counts.
    const maxAge = config.SEND_FILE_MAX_AGE_DEFAULT;
    return sendFromDirectory(resolveFolder(root, folder), filename, maxAge === null ? {} : { maxAge }, request.headers, request.method);
  };
}

/** True when two errors are the same failure repeated (same class and message). */
function sameFailure(a: unknown, b: unknown): boolean {
  return a instanceof Error && b instanceof Error && a.constructor === b.constructor && a.message === b.message;
}

function describe(fn: { name: string }): string {
  return fn.name === "" ? "an anonymous function" : `function ${fn.name}()`;
}

/**
 * A flagon application.
 * @example
 * const app = new Flagon(import.meta.url);
 * app.route("/", function home() { return "Hello, World!"; });
 * app.run();
 */
export class Flagon extends Scaffold implements BlueprintTarget {
  readonly config: Config;
  /** The URL map (see `flagon/routing`). */
  readonly router: Router;
  /** Where the app's templates/ and static/ live (a directory URL or path). */
  readonly root: string | undefined;
  readonly staticFolder: string | null;
  readonly staticUrlPath: string;
  readonly templateFolder: string;
  /**
   * Uncaught errors (and, from `app.run()`, one line per request) are reported here;
   * replace it with any `{ request, error }` object.
   */
  logger: RequestLogger = createRequestLogger();
  /** Write one `logger.request` line per request (on by default in `app.run()`, off in `listen()`). */
  logRequests = false;
  /**
   * Renders uncaught errors when DEBUG is on; the debug page plugs in here.
   * The default shows the stack trace as plain HTML.
   */
  debugErrorPage: ((error: unknown, request: FlagonRequest) => FlagonResponse) | undefined = undefined;
  readonly #views = new Map<string, ViewEntry>();
  /** Rules added without a view, build-only until their endpoint gets one, with the options to add them again. */
  readonly #viewless = new Map<string, { rule: Rule; options: RuleOptions }[]>();
  readonly #blueprints = new Map<string, Blueprint>();
  readonly #chains = new Map<string, Chain>();
  #chainsVersion = -1;
  #rootChain: Chain | undefined = undefined;

  constructor(root?: string, options: FlagonOptions = {}) {
    super();
    this.root = root;
    this.config = new Config(options.config);
    this.router = new Router({ strictSlashes: options.strictSlashes ?? true, mergeSlashes: options.mergeSlashes ?? true });
    this.staticFolder = options.staticFolder === undefined ? "static" : options.staticFolder;
    this.staticUrlPath = options.staticUrlPath ?? "/static";
    this.templateFolder = options.templateFolder ?? "templates";
    if (this.staticFolder !== null && root !== undefined) this.#addStaticRoute(root, this.staticFolder);
  }

  /** As Flask: `<staticUrlPath>/<path:filename>` under the endpoint "static", served from the static folder. */
  #addStaticRoute(root: string, folder: string): void {
    const prefix = this.staticUrlPath.endsWith("/") ? this.staticUrlPath.slice(0, -1) : this.staticUrlPath;
    this.route(`${prefix}/<path:filename>`, { endpoint: "static" }, staticView(root, folder, this.config));
  }

  /** Serves a blueprint's `staticFolder` under `<blueprint>.static` (called by `Blueprint.registerOn`). */
  addBlueprintStatic(blueprint: string, rule: string, folder: string, root: string | undefined): void {
    const endpoint = `${blueprint}.static`;
    // Without a root of its own a blueprint's folder is relative to the app's, then to the working directory.
    const view = staticView(root ?? this.root ?? ".", folder, this.config) as View<never>;
    this.#addRule({ rule, options: { endpoint }, view, handle: new RouteHandle(rule, endpoint, true) }, rule, endpoint, blueprint);
  }

  protected handleEndpoint(endpoint: string): { endpoint: string; registered: boolean } {
    return { endpoint, registered: true };
  }

  protected ownName(): string {
    return "the app";
  }

  protected addRoute(record: RouteRecord): void {
    this.#addRule(record, record.rule, record.options.endpoint ?? "", undefined);
  }

  protected addEndpointView(endpoint: string, view: View<never>): void {
    this.#setView(endpoint, view, undefined, `${describe(view)} (given to endpoint("${endpoint}"))`);
  }

  /** Gives a blueprint's endpoint its view (called by `Blueprint.registerOn`). */
  addBlueprintEndpointView(endpoint: string, view: View<never>, blueprint: string): void {
    this.#setView(endpoint, view, blueprint, `${describe(view)} (given to endpoint("${endpoint.slice(blueprint.length + 1)}") of blueprint "${blueprint}")`);
  }

  /** Adds one route of a blueprint (called by `Blueprint.registerOn`). */
  addBlueprintRoute(record: RouteRecord, blueprint: string, rule: string, endpoint: string): void {
    this.#addRule(record, rule, endpoint, blueprint);
    record.handle.bindEndpoint(endpoint);
  }

  /** Records a blueprint's hooks and handlers under its dotted name (called by `Blueprint.registerOn`). */
  addBlueprintScope(name: string, blueprint: Blueprint): void {
    const existing = this.#blueprints.get(name);
    if (existing !== undefined) {
      // As Flask: the same blueprint twice needs a second name too, or its endpoints would collide.
      throw new FlagonError(
        "FLAGON_DUPLICATE_BLUEPRINT",
        `The name "${name}" is already registered for ${existing === blueprint ? "this" : "a different"} blueprint. ` +
          `Use registerBlueprint(bp, { name: "..." }) to give it a unique name.`,
      );
    }
    this.#blueprints.set(name, blueprint);
    this.#chainsVersion = -1;
    this.#rootChain = undefined;
  }

  #addRule(record: RouteRecord, rule: string, endpoint: string, blueprint: string | undefined): void {
    const { view } = record;
    const existing = this.#views.get(endpoint);
    if (view !== undefined && existing !== undefined && existing.view !== view) {
      throw new DuplicateEndpointError(endpoint, `${describe(existing.view)} (${this.#rulesOf(endpoint)})`, `${describe(view)} (rule "${rule}")`);
    }
    const { methods, strictSlashes, mergeSlashes, defaults, redirectTo, provideAutomaticOptions } = record.options;
    const options: RuleOptions = {
      endpoint,
      // As Flask: a view may name its methods (a class view's), when the options do not; a rule
      // added without a view keeps the methods it was given when one comes.
      methods: methods ?? (view as { methods?: readonly string[] } | undefined)?.methods ?? ["GET"],
      ...(strictSlashes !== undefined ? { strictSlashes } : {}),
      ...(mergeSlashes !== undefined ? { mergeSlashes } : {}),
      ...(defaults !== undefined ? { defaults } : {}),
      ...(redirectTo !== undefined ? { redirectTo } : {}),
      ...(provideAutomaticOptions !== undefined ? { provideAutomaticOptions } : {}),
    };
    const entry = view === undefined ? existing : (existing ?? { view, endpoint, blueprint, isAsync: isAsyncFunction(view) });
    if (entry === undefined) {
      // Werkzeug's build_only until the endpoint gets a view: a rule beside another endpoint's
      // view at the same URL (Flask's tutorial: "/" as "index" and "blog.index") is no duplicate.
      const added = this.router.add(rule, { ...options, buildOnly: true });
      this.#viewless.set(endpoint, [...(this.#viewless.get(endpoint) ?? []), { rule: added, options }]);
      return;
    }
    checkViewMethods(entry.view, rule, endpoint, options.methods);
    this.router.add(rule, { ...options, payload: entry });
    if (existing === undefined) this.#serveViewless(entry);
  }

  /** Gives `endpoint` its view: it serves the endpoint's rules added without one, and those added from now on. */
  #setView(endpoint: string, view: View<never>, blueprint: string | undefined, added: string): void {
    const existing = this.#views.get(endpoint);
    if (existing !== undefined) {
      if (existing.view === view) return;
      throw new DuplicateEndpointError(
        endpoint, `${describe(existing.view)} (${this.#rulesOf(endpoint)})`, added,
        "An endpoint has one view: register the other one under an endpoint of its own.",
      );
    }
    this.#serveViewless({ view, endpoint, blueprint, isAsync: isAsyncFunction(view) });
  }

  /** Records `entry` as its endpoint's view and makes the endpoint's build-only rules match, served by it. */
  #serveViewless(entry: ViewEntry): void {
    const waiting = this.#viewless.get(entry.endpoint) ?? [];
    for (const { rule, options } of waiting) checkViewMethods(entry.view, rule.rule, entry.endpoint, options.methods);
    const served: { rule: Rule; options: RuleOptions }[] = [];
    try {
      for (const { rule, options } of waiting) served.push({ rule: this.router.replace(rule, { ...options, payload: entry }), options });
    } catch (error) {
      // A rule that would match where another endpoint's does: those already serving go back to
      // building only, so a failed endpoint() leaves the app as it was, and may be called again.
      const restored = served.map(({ rule, options }) => ({ rule: this.router.replace(rule, { ...options, buildOnly: true }), options }));
      this.#viewless.set(entry.endpoint, [...restored, ...waiting.slice(served.length)]);
      throw error;
    }
    this.#viewless.delete(entry.endpoint);
    this.#views.set(entry.endpoint, entry);
  }

  #rulesOf(endpoint: string): string {
    const rules = this.router.rules().filter((r) => r.endpoint === endpoint).map((r) => `"${r.rule}"`);
    return rules.length === 0 ? "no rule" : `rule ${rules.join(", ")}`;
  }

  /** Registers a blueprint's routes, hooks and handlers on this app. */
  registerBlueprint(blueprint: Blueprint, options: RegisterOptions = {}): void {
    blueprint.registerOn(this, options);
  }

  /** Makes `<name:...>` (or `<name(args):...>`) usable in rules registered from now on. */
  addConverter(name: string, definition: ConverterSpec | ConverterFactory): void {
    this.router.addConverter(name, definition);
  }

  /** Every rule: `{ rule, endpoint, methods }`, as `flagon routes` prints them. */
  routes(): { rule: string; endpoint: string; methods: readonly string[] }[] {
    return this.router.rules().map((r) => ({ rule: r.rule, endpoint: r.endpoint, methods: r.methods }));
  }

  /** Blueprints by their dotted name. */
  get blueprints(): ReadonlyMap<string, Blueprint> {
    return this.#blueprints;
  }

  // Replaced, not changed, on each addition: the template environment compares them to see a change.
  #templateFilters: ReadonlyMap<string, TemplateFilter> = new Map();
  #templateTests: ReadonlyMap<string, TemplateTest> = new Map();
  #templateGlobals: ReadonlyMap<string, unknown> = new Map();

  /** Filters added with `templateFilter()` (and blueprints' `appTemplateFilter()`), by name. */
  get templateFilters(): ReadonlyMap<string, TemplateFilter> {
    return this.#templateFilters;
  }

  /** Tests added with `templateTest()` (and blueprints' `appTemplateTest()`), by name. */
  get templateTests(): ReadonlyMap<string, TemplateTest> {
    return this.#templateTests;
  }

  /** Values added with `templateGlobal()` (and blueprints' `appTemplateGlobal()`), by name. */
  get templateGlobals(): ReadonlyMap<string, unknown> {
    return this.#templateGlobals;
  }

  /**
   * Makes `{{ value|name(args) }}` call `filter(value, ...args)` in every
   * template, as Flask's `add_template_filter`.
   * @example app.templateFilter("reverse", (s: string) => [...s].reverse().join(""))
   */
  templateFilter<F extends TemplateFilter>(name: string, filter: F): F {
    this.#templateFilters = new Map(this.#templateFilters).set(name, filter);
    return filter;
  }

  /**
   * Makes `{% if value is name(args) %}` call `test(value, ...args)` in every
   * template, and `select('name', ...args)` and `selectattr` too, as Flask's `add_template_test`.
   * @example app.templateTest("adult", (user: { age: number }) => user.age >= 18)
   */
  templateTest<T extends TemplateTest>(name: string, test: T): T {
    this.#templateTests = new Map(this.#templateTests).set(name, test);
    return test;
  }

  /** Makes `name` a value (or function) every template sees, as Flask's `add_template_global`. */
  templateGlobal<T>(name: string, value: T): T {
    this.#templateGlobals = new Map(this.#templateGlobals).set(name, value);
    return value;
  }

  /**
   * The URL of an endpoint or route handle. Works outside a request (a path;
   * `_external` then needs SERVER_NAME). `".name"` is relative to the
   * current request's blueprint.
   */
  urlFor<T extends RouteHandle | string>(target: T, ...values: UrlForValues<T>): string {
    return this.buildUrl(target, values[0] ?? {});
  }

  /** The blueprint an endpoint belongs to: its view's, or for a rule still without one, the blueprint its name starts with, as Flask reads it. */
  #blueprintOf(endpoint: string): string | undefined {
    const view = this.#views.get(endpoint);
    if (view !== undefined) return view.blueprint;
    const name = endpoint.slice(0, endpoint.lastIndexOf("."));
    return this.#blueprints.has(name) ? name : undefined;
  }

  /** `urlFor` with an explicit request (used by the context-local `urlFor` and templates). */
  buildUrl(target: string | { readonly endpoint: string }, values: Readonly<Record<string, unknown>> = {}, request?: FlagonRequest): string {
    const req = request ?? currentRequest();
    let endpoint = typeof target === "string" ? target : target.endpoint;
    if (endpoint.startsWith(".")) {
      const blueprint = req?.binding === this ? req.blueprint : undefined;
      endpoint = blueprint === undefined ? endpoint.slice(1) : `${blueprint}${endpoint}`;
    }
    const { _external, _anchor, _method, _scheme, ...rest } = values as UrlValues;
    // As Flask: the endpoint's blueprint comes from the endpoint, not the request, so this works outside one.
    const urlDefaults = this.#chainFor(endpoint.includes(".") ? this.#blueprintOf(endpoint) : undefined).urlDefaults;
    if (urlDefaults !== undefined) for (const fn of urlDefaults) fn(endpoint, rest);
    let url = this.router.build(endpoint, rest, _method === undefined ? {} : { method: _method });
    // As Flask: in a request the URL is under the path the app is served at (a trusted proxy's
    // X-Forwarded-Prefix), which `APPLICATION_ROOT` only stands for outside one.
    const root = req?.binding === this ? req.scriptRoot : this.config.APPLICATION_ROOT;
    if (root !== "/" && root !== "") url = `${root.endsWith("/") ? root.slice(0, -1) : root}${url}`;
    // As Flask: `#` and `%` stay as written in the anchor, the rest is quoted as in a URL.
    if (_anchor !== undefined) url += `#${encodeURI(String(_anchor).toWellFormed()).replace(/%25/g, "%")}`;
    if (_scheme !== undefined && _external === false) {
      throw new BuildError(endpoint, "'_scheme' was given with '_external: false'; a scheme needs an external URL.", rest);
    }
    if (_external === true || _scheme !== undefined) {
      const host = req?.binding === this && req.host !== "" ? req.host : this.config.SERVER_NAME;
      if (host === null || host === "") {
        throw new BuildError(endpoint, "an external URL was asked for outside a request, and SERVER_NAME is not set. Set app.config.SERVER_NAME (e.g. \"example.com\") or build the URL inside a request.", rest);
      }
      const scheme = _scheme ?? (req?.binding === this ? req.scheme : this.config.PREFERRED_URL_SCHEME);
      url = `${scheme}://${host}${url}`;
    }
    return url;
  }

  /** The request's session (created empty on first use). */
  sessionOf(request: FlagonRequest): Session {
    return (request.session ??= new Session());
  }

  /** The web-standard entry point: a `Request` in, a `Response` out. */
  async fetch(webRequest: Request): Promise<Response> {
    const request = FlagonRequest.fromWeb(webRequest);
    const response = await this.handle(request);
    return response.toWebResponse(request.method === "HEAD", (error) => this.logger.error(error, { method: request.method, path: request.rawPath }));
  }

  /**
   * The dispatch shared by every adapter: routing, body and session loading,
   * hooks, the view, error handlers. Synchronous when nothing needs to wait,
   * so an adapter can write a plain reply without a Promise.
   */
  handle(request: FlagonRequest): FlagonResponse | Promise<FlagonResponse> {
    request.binding = this;
    // A TRUSTED_PROXIES value that is not valid throws from here: the app is set up wrong.
    const proxies = this.#proxyFix();
    if (proxies !== undefined) {
      try {
        applyProxyFix(request, proxies);
      } catch (error) {
        // An invalid Host header, read to apply a forwarded port: a 400 like any other read of it.
        return this.#fail(request, this.#chainFor(undefined), error);
      }
    }
    const maxUrl = this.config.MAX_URL_LENGTH;
    if (maxUrl !== null && request.rawPath.length + request.rawQuery.length > maxUrl) {
      // Refused before routing so an oversized URL costs no matching.
      return this.#fail(request, this.#chainFor(undefined), new RequestURITooLarge(`The URL is longer than the limit of ${maxUrl} characters (MAX_URL_LENGTH).`));
    }
    const match = this.#matchRequest(request);
    const entry = match.kind === "match" ? (match.rule.payload as ViewEntry) : undefined;
    const chain = this.#chainFor(request.blueprint);
    if (chain.async || entry?.isAsync === true) {
      return runInContext(request, () => this.#runAsync(request, match, entry, chain, START, undefined));
    }
    if (request.hasBody || this.#hasSessionCookie(request)) {
      return this.#runAsync(request, match, entry, chain, START, undefined);
    }
    return this.#runSync(request, match, entry, chain);
  }

  /** Which `X-Forwarded-*` headers `TRUSTED_PROXIES` vouches for, if any. */
  #proxyFix(): ProxyFix | undefined {
    const proxies = this.config.TRUSTED_PROXIES;
    return proxies === undefined || proxies === null ? undefined : trustedProxies(proxies);
  }

  /** Matches the request's URL and records on it what routing found: its endpoint, values and blueprint. */
  #matchRequest(request: FlagonRequest): Resolution {
    const match = this.router.resolve(request.method, request.rawPath, request.rawQuery);
    if (match.kind === "match") {
      request.endpoint = match.endpoint;
      request.viewArgs = match.values;
      request.blueprint = (match.rule.payload as ViewEntry).blueprint;
    }
    return match;
  }

  #hasSessionCookie(request: FlagonRequest): boolean {
    if (this.config.SECRET_KEY === null) return false;
    const cookie = request.header("cookie");
    return cookie !== undefined && cookie.includes(`${this.config.SESSION_COOKIE_NAME}=`);
  }

  #limits(): BodyLimits {
    const c = this.config;
    return { maxContentLength: c.MAX_CONTENT_LENGTH, maxFormMemorySize: c.MAX_FORM_MEMORY_SIZE, maxFormParts: c.MAX_FORM_PARTS };
  }

  #runSync(request: FlagonRequest, match: Resolution, entry: ViewEntry | undefined, chain: Chain): FlagonResponse | Promise<FlagonResponse> {
    try {
      // One field check where no preprocessor is registered: handle() of a JSON route took a median
      // 565 ns before they were added and 580 ns after, inside the ±10 % spread of 8 alternating
      // runs each on a shared machine (micro-benchmark, 2026-12-07).
      if (chain.preprocess !== undefined && match.kind === "match") this.#preprocess(request, match, chain.preprocess);
      let value: unknown = undefined;
      const before = chain.before;
      for (let i = 0; i < before.length; i++) {
        value = callWith(request, before[i] as BeforeRequestHook, request, undefined);
        if (isThenable(value)) {
          chain.async = true;
          return this.#runAsync(request, match, entry, chain, i + 1, value);
        }
        if (value !== undefined) break;
      }
      if (value === undefined) {
        if (match.kind === "notFound" && this.#nobodySeesNotFound(chain)) {
          const page = this.#errorPage(request, NotFound.status, NotFound.description);
          return this.#finalize(request, chain, page, undefined, true);
        }
        value = this.#runView(request, match, entry);
        if (value instanceof HTTPException && match.kind !== "match") return this.#fail(request, chain, value);
        if (isThenable(value)) {
          // A plain function returned a promise: from now on give it AsyncLocalStorage like an async function.
          if (entry !== undefined) entry.isAsync = true;
          return this.#runAsync(request, match, entry, chain, NEXT_IS_VIEW, value);
        }
      }
      const response = this.#finalize(request, chain, this.#toResponse(request, value, request.endpoint ?? "unknown"), undefined, false);
      return response instanceof FlagonResponse ? response : response.then(undefined, (error: unknown) => this.#fail(request, chain, error));
    } catch (error) {
      return this.#fail(request, chain, error);
    }
  }

  /**
   * The request from step `next` on, once something in it is async. Only what is pending is
   * awaited: an `await` of a plain value still costs a turn of the microtask queue, and a JSON
   * echo took five of them where two carry a promise (bench/http echo, 2026-11-25).
   */
  async #runAsync(
    request: FlagonRequest, match: Resolution, entry: ViewEntry | undefined, chain: Chain, next: number, pending: unknown,
  ): Promise<FlagonResponse> {
    let response: FlagonResponse;
    try {
      if (next === START) {
        if (this.#hasSessionCookie(request)) {
          request.session = await loadSession(request.cookies[this.config.SESSION_COOKIE_NAME], this.config);
        }
        if (request.hasBody) await request.loadBody(this.#limits());
        if (chain.preprocess !== undefined && match.kind === "match") this.#preprocess(request, match, chain.preprocess);
        next = 0;
      }
      let value = isThenable(pending) ? await pending : pending;
      const before = chain.before;
      if (next !== NEXT_IS_VIEW) {
        while (value === undefined && next < before.length) {
          value = callWith(request, before[next] as BeforeRequestHook, request, undefined);
          if (isThenable(value)) value = await value;
          next += 1;
        }
        if (value === undefined) {
          value = this.#runView(request, match, entry);
          if (isThenable(value)) value = await value;
          if (value instanceof HTTPException && match.kind !== "match") throw value;
        }
      }
      response = this.#toResponse(request, value, request.endpoint ?? "unknown");
    } catch (error) {
      return this.#fail(request, chain, error);
    }
    try {
      const finalized = this.#finalize(request, chain, response, undefined, false);
      return finalized instanceof FlagonResponse ? finalized : await finalized;
    } catch (error) {
      return this.#fail(request, chain, error);
    }
  }

  /** Runs the URL value preprocessors on the values the view will get, checking none removed a value of the rule. */
  #preprocess(request: FlagonRequest, match: Resolution & { kind: "match" }, preprocessors: UrlValuePreprocessor[]): void {
    const values = match.values;
    for (const fn of preprocessors) {
      callWith(request, fn, match.endpoint, values);
      for (const name of match.rule.arguments) {
        if (values[name] === undefined) throw new UrlValueRemovedError(fn, name, match.endpoint, match.rule.rule);
      }
    }
  }

  #runView(request: FlagonRequest, match: Resolution, entry: ViewEntry | undefined): unknown {
    switch (match.kind) {
      case "match": {
        if (request.method === "OPTIONS" && match.rule.automaticOptions) {
          const response = new FlagonResponse("", 200, undefined, HTML);
          response.headers.set("allow", this.router.allowedMethods(request.rawPath).join(", "));
          return response;
        }
        return callWith(request, (entry as ViewEntry).view as View<Record<string, unknown>>, match.values, request);
      }
      case "redirect":
        return redirect(match.location, match.status);
      case "methodNotAllowed":
      case "notFound": {
        // Routine misses need no stack: capturing one cost about 6 µs a 404 (micro-benchmark, 2026-11-24).
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        const error = match.kind === "notFound" ? new NotFound() : new MethodNotAllowed(match.allowed);
        Error.stackTraceLimit = limit;
        // Returned, not thrown: the caller hands it to #fail without unwinding (4 % of a 404 in a profile, 2026-11-24).
        return error;
      }
      case "badRequest":
        return new BadRequest(match.message);
    }
  }

  /** After-request hooks, session save and teardown; async only when one of them is. */
  #finalize(
    request: FlagonRequest, chain: Chain, response: FlagonResponse, error: unknown, fromErrorHandler: boolean,
  ): FlagonResponse | Promise<FlagonResponse> {
    // As Flask: the request's own functions first, then the hooks, innermost blueprint first.
    const own = request.afterThisRequestFuncs;
    const after = own === undefined ? chain.after : own.concat(chain.after);
    let current = response;
    for (let i = 0; i < after.length; i++) {
      let out: ReturnType<AfterRequestHook>;
      try {
        out = callWith(request, after[i] as AfterRequestHook, current, request);
      } catch (hookError) {
        if (!fromErrorHandler) throw hookError;
        this.logger.error(hookError, { method: request.method, path: request.rawPath });
        continue;
      }
      if (isThenable(out)) {
        chain.async = true;
        return this.#finalizeAsync(request, chain, after, current, error, fromErrorHandler, i, out);
      }
      current = afterHookResult(out, current);
    }
    const session = request.session;
    if (session !== undefined && sessionNeedsSave(session, this.config)) {
      return this.#saveAndTeardown(request, chain, current, error, fromErrorHandler);
    }
    return this.#teardown(request, chain, current, error);
  }

  async #finalizeAsync(
    request: FlagonRequest, chain: Chain, after: readonly AfterRequestHook[], response: FlagonResponse, error: unknown, fromErrorHandler: boolean,
    index: number, pending: Promise<FlagonResponse | Response>,
  ): Promise<FlagonResponse> {
    let current = response;
    for (let i = index; i < after.length; i++) {
      try {
        const out = i === index ? await pending : await callWith(request, after[i] as AfterRequestHook, current, request);
        current = afterHookResult(out, current);
      } catch (hookError) {
        if (!fromErrorHandler) throw hookError;
        this.logger.error(hookError, { method: request.method, path: request.rawPath });
      }
    }
    const session = request.session;
    if (session !== undefined && sessionNeedsSave(session, this.config)) {
      return this.#saveAndTeardown(request, chain, current, error, fromErrorHandler);
    }
    return this.#teardown(request, chain, current, error);
  }

  async #saveAndTeardown(request: FlagonRequest, chain: Chain, response: FlagonResponse, error: unknown, fromErrorHandler: boolean): Promise<FlagonResponse> {
    try {
      await saveSession(request.session as Session, response, this.config);
    } catch (saveError) {
      if (!fromErrorHandler) throw saveError;
      // The same save failing again on the error response (a session too large) was logged already.
      if (!sameFailure(saveError, error)) this.logger.error(saveError, { method: request.method, path: request.rawPath });
    }
    return this.#teardown(request, chain, response, error);
  }

  #teardown(request: FlagonRequest, chain: Chain, response: FlagonResponse, error: unknown): FlagonResponse | Promise<FlagonResponse> {
    const hooks = chain.teardown;
    let pending: Promise<unknown>[] | undefined;
    for (let i = 0; i < hooks.length; i++) {
      try {
        const out = callWith(request, hooks[i] as TeardownHook, error, request);
        if (isThenable(out)) {
          chain.async = true;
          (pending ??= []).push(Promise.resolve(out).catch((e: unknown) => this.logger.error(e, { method: request.method, path: request.rawPath })));
        }
      } catch (hookError) {
        this.logger.error(hookError, { method: request.method, path: request.rawPath });
      }
    }
    return pending === undefined ? response : Promise.all(pending).then(() => response);
  }

  /** Turns an error into a response (error handlers, then the default page), then finalizes it. */
  #fail(request: FlagonRequest, chain: Chain, error: unknown): FlagonResponse | Promise<FlagonResponse> {
    // An HTTP error nobody handles gets the default page without a Promise: a plain 404 answered
    // synchronously went from 0.81× to about 0.86× raw node:http (bench/http notFound and wrk by hand, 2026-11-24).
    if (error instanceof HTTPException && error.response === undefined && this.#findHandler(chain, error.status, error) === undefined) {
      return this.#finalize(request, chain, this.#errorPageFor(request, error), undefined, true);
    }
    return this.#failAsync(request, chain, error);
  }

  async #failAsync(request: FlagonRequest, chain: Chain, error: unknown): Promise<FlagonResponse> {
    const response = await this.#handleError(request, chain, error);
    return this.#finalize(request, chain, response, unhandled.get(request), true);
  }

  async #handleError(request: FlagonRequest, chain: Chain, error: unknown): Promise<FlagonResponse> {
    if (error instanceof HTTPException) {
      if (error.response !== undefined) return this.#toResponse(request, error.response, request.endpoint ?? "abort");
      const handler = this.#findHandler(chain, error.status, error);
      if (handler === undefined) return this.#errorPageFor(request, error);
      try {
        return this.#toResponse(request, await this.#callHandler(request, chain, handler, error), `error handler for ${error.status}`);
      } catch (handlerError) {
        return this.#handleUncaught(request, chain, handlerError);
      }
    }
    const handler = this.#findHandler(chain, undefined, error);
    if (handler !== undefined) {
      try {
        return this.#toResponse(request, await this.#callHandler(request, chain, handler, error), `error handler for ${(error as Error).name}`);
      } catch (handlerError) {
        if (handlerError instanceof HTTPException) return this.#handleError(request, chain, handlerError);
        return this.#handleUncaught(request, chain, handlerError);
      }
    }
    return this.#handleUncaught(request, chain, error);
  }

  async #handleUncaught(request: FlagonRequest, chain: Chain, error: unknown): Promise<FlagonResponse> {
    // As Flask: unset, it follows TESTING. Not DEBUG, whose error page is flagon's own, not a server's.
    if (this.config.PROPAGATE_EXCEPTIONS ?? this.config.TESTING) throw error;
    unhandled.set(request, error);
    this.logger.error(error, { method: request.method, path: request.rawPath });
    const wrapped = new InternalServerError(undefined, { originalError: error, cause: error });
    const handler = this.#findHandler(chain, 500, wrapped);
    if (handler !== undefined) {
      try {
        return this.#toResponse(request, await this.#callHandler(request, chain, handler, wrapped), "error handler for 500");
      } catch (handlerError) {
        this.logger.error(handlerError, { method: request.method, path: request.rawPath });
      }
    }
    if (this.config.DEBUG) {
      if (this.debugErrorPage !== undefined) return this.debugErrorPage(error, request);
      const detail = error instanceof Error ? (error.stack ?? String(error)) : String(error);
      return new FlagonResponse(
        `<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>${escapeHtml(error instanceof Error ? `${error.name}: ${error.message}` : "Internal Server Error")}</h1>\n<pre>${escapeHtml(detail)}</pre>\n`,
        500, undefined, HTML,
      );
    }
    return this.#errorPageFor(request, wrapped);
  }

  /** `toResponse` with the app's `JSON_SORT_KEYS`. */
  #toResponse(request: FlagonRequest, value: unknown, endpoint: string): FlagonResponse {
    const response = toResponse(value, endpoint, this.config.JSON_SORT_KEYS);
    if (isGeneratorBody(response.body)) response.body = streamInRequest(response.body, request);
    return response;
  }

  #callHandler(request: FlagonRequest, chain: Chain, handler: ErrorHandler<never>, error: unknown): unknown {
    const out = callWith(request, handler, error as never, request);
    if (isThenable(out)) chain.async = true;
    return out;
  }

  /** As Flask: handlers by status first (innermost blueprint outwards), then by class along the prototype chain. */
  #findHandler(chain: Chain, status: number | undefined, error: unknown): ErrorHandler<never> | undefined {
    const scopes = chain.scopes;
    if (status !== undefined) {
      for (const scope of scopes) {
        const handler = scope.errorHandlersByStatus.get(status);
        if (handler !== undefined) return handler;
      }
    }
    if (error === null || typeof error !== "object") return undefined;
    return this.#handlerForClass(chain, Object.getPrototypeOf(error) as object | null);
  }

  #handlerForClass(chain: Chain, prototype: object | null): ErrorHandler<never> | undefined {
    for (const scope of chain.scopes) {
      if (scope.errorHandlersByClass.size === 0) continue;
      for (let proto = prototype; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
        const handler = scope.errorHandlersByClass.get((proto as { constructor: ErrorClass }).constructor);
        if (handler !== undefined) return handler;
      }
    }
    return undefined;
  }

  /**
   * Whether a URL that matched nothing can be answered without making its `NotFound`: when no
   * error handler would take it and no teardown hook would receive it. Constructing an `Error`
   * costs about 0.4 µs even without a stack (micro-benchmark, 2026-11-25), a few percent of a 404.
   */
  #nobodySeesNotFound(chain: Chain): boolean {
    return this.#findHandler(chain, NotFound.status, undefined) === undefined && this.#handlerForClass(chain, NotFound.prototype) === undefined;
  }

  #errorPageFor(request: FlagonRequest, error: HTTPException): FlagonResponse {
    return this.#errorPage(request, error.status, error.description, error.headers());
  }

  /** The default page for an HTTP error: small HTML, or JSON when the client prefers it. */
  #errorPage(request: FlagonRequest, status: number, description: string, headers?: Readonly<Record<string, string>>): FlagonResponse {
    const name = reasonPhrase(status);
    let response: FlagonResponse;
    if (request.prefersJson) {
      response = jsonify({ code: status, name, description }, status);
    } else {
      response = new FlagonResponse(errorPageHtml(status, name, description), status, undefined, HTML);
    }
    if (headers !== undefined) for (const key of Object.keys(headers)) response.headers.set(key, headers[key]!);
    return response;
  }

  #chainFor(blueprint: string | undefined): Chain {
    const version = currentSetupVersion();
    if (this.#chainsVersion !== version) {
      this.#chains.clear();
      this.#rootChain = undefined;
      this.#chainsVersion = version;
    }
    if (blueprint === undefined) return (this.#rootChain ??= this.#buildChain(undefined));
    const key = blueprint;
    let chain = this.#chains.get(key);
    if (chain === undefined) {
      chain = this.#buildChain(blueprint);
      this.#chains.set(key, chain);
    }
    return chain;
  }

  #buildChain(blueprint: string | undefined): Chain {
    // Innermost first: "a.b.c" → scopes of "a.b.c", "a.b", "a", then the app.
    const scopes: Scaffold[] = [];
    if (blueprint !== undefined) {
      const parts = blueprint.split(".");
      for (let n = parts.length; n > 0; n--) {
        const scope = this.#blueprints.get(parts.slice(0, n).join("."));
        if (scope !== undefined) scopes.push(scope);
      }
    }
    scopes.push(this);
    const outerFirst = scopes.slice().reverse();
    // As Flask: before hooks app first, then outer to inner; after and teardown inner first, each list reversed.
    const before = outerFirst.flatMap((s) => s.beforeRequestFuncs);
    const after = scopes.flatMap((s) => s.afterRequestFuncs.slice().reverse());
    const teardown = scopes.flatMap((s) => s.teardownRequestFuncs.slice().reverse());
    const preprocess = outerFirst.flatMap((s) => s.urlValuePreprocessorFuncs);
    const urlDefaults = outerFirst.flatMap((s) => s.urlDefaultFuncs);
    return {
      before, after, teardown, scopes, async: scopes.some((s) => s.hasAsyncHooks),
      preprocess: preprocess.length === 0 ? undefined : preprocess,
      urlDefaults: urlDefaults.length === 0 ? undefined : urlDefaults,
    };
  }

  /** A test client that calls `handle()` in-process, with a cookie jar. */
  testClient(): TestClient {
    return new TestClient(this, undefined, (request) => this.handle(request));
  }

  /**
   * Runs `fn` inside a request for `path`, as Flask's `test_request_context`: `request`,
   * `session`, `g`, `urlFor` (relative to the matched blueprint) and `renderTemplate` work in
   * it, for testing code that reads them. The request is made as the test client makes one
   * (`init` takes its options and a `method`, GET by default), matched and its body read; no
   * hook or view runs and nothing is sent. What `fn` returns or throws is the promise's.
   * @example const url = await app.testRequestContext("/users/7", () => urlFor(".edit", { user_id: 7 }));
   */
  async testRequestContext<R>(path: string, fn: (request: FlagonRequest) => R | Promise<R>): Promise<R>;
  async testRequestContext<R>(path: string, init: TestRequestInit & { method?: string }, fn: (request: FlagonRequest) => R | Promise<R>): Promise<R>;
  async testRequestContext<R>(
    path: string,
    initOrFn: (TestRequestInit & { method?: string }) | ((request: FlagonRequest) => R | Promise<R>),
    maybeFn?: (request: FlagonRequest) => R | Promise<R>,
  ): Promise<R> {
    const init = typeof initOrFn === "function" ? {} : initOrFn;
    const fn = typeof initOrFn === "function" ? initOrFn : maybeFn!;
    let result: { value: R } | undefined;
    // The test client builds the request (headers, cookies, body) exactly as for a real test
    // request; instead of handling it, the dispatch runs `fn` inside it.
    const client = new TestClient(this, undefined, async (request) => {
      result = { value: await this.#insideRequest(request, fn) };
      return new FlagonResponse(null, 204);
    });
    await client.request(init.method ?? "GET", path, init);
    return result!.value;
  }

  /** Binds, trusts proxies, matches and reads `request` as `handle()` does before its hooks, then runs `fn` with it current. */
  async #insideRequest<R>(request: FlagonRequest, fn: (request: FlagonRequest) => R | Promise<R>): Promise<R> {
    request.binding = this;
    const proxies = this.#proxyFix();
    if (proxies !== undefined) applyProxyFix(request, proxies);
    this.#matchRequest(request);
    if (this.#hasSessionCookie(request)) request.session = await loadSession(request.cookies[this.config.SESSION_COOKIE_NAME], this.config);
    if (request.hasBody) await request.loadBody(this.#limits());
    return runInContext(request, () => fn(request));
  }

  /** Starts a node:http server (port 0 picks a free port). */
  async listen(options: ListenOptions = {}): Promise<ListeningServer> {
    const { serve } = await import("./server/node.js");
    return serve(this, options);
  }

  /**
   * The development server: serves on http://127.0.0.1:5000 by default, prints
   * where, logs each request; `debug` turns on the debug page and the reloader.
   * Does nothing when started by `flagon run`, which serves the app itself.
   */
  async run(options: RunOptions = {}): Promise<ListeningServer | undefined> {
    const { workers } = options;
    if (workers !== undefined) return (await import("./adapters/cluster.js")).runWorkers(this, { ...options, workers });
    const { runApp } = await import("./server/node.js");
    return runApp(this, options);
  }

}
