/**
 * Flagon: the application. Registration (routes, blueprints, hooks, error
 * handlers) fails early with a message; `handle()` is the one dispatch path
 * that `fetch()`, the node adapter and the test client share.
 */
import { type RequestLogger, createRequestLogger } from "./logging.js";
import { type BlueprintTarget, Blueprint, type RegisterOptions } from "./blueprint.js";
import { Config, type ConfigValues } from "./config.js";
import { currentRequest, runInContext } from "./context.js";
import { Chains } from "./dispatch/chain.js";
import { RequestCycle, type ViewEntry } from "./dispatch/request-cycle.js";
import { RequestURITooLarge } from "./http/exceptions.js";
import { FlagonRequest } from "./http/request.js";
import { FlagonResponse } from "./http/response.js";
import { NodeOnlyError } from "./adapters/node-only.js";
import { applyProxyFix, type ProxyFix, trustedProxies } from "./proxy.js";
import {
  BuildError, FlagonError, Router, type ConverterFactory, type ConverterSpec, type Resolution, type Rule, type RuleOptions,
} from "./routing/index.js";
import {
  RouteHandle, type RouteRecord, Scaffold, type TemplateFilter, type TemplateTest, type UrlForValues, type UrlValues, type View, describeFunction, isAsyncFunction,
} from "./scaffold.js";
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

/**
 * Raised when an endpoint that has a view is given another: by a route, or by `endpoint()`
 * (Flask's AssertionError "View function mapping is overwriting an existing endpoint function").
 */
export class DuplicateEndpointError extends FlagonError {
  constructor(endpoint: string, existing: string, added: string, advice = `Give one of them another name with { endpoint: "..." }.`) {
    super("FLAGON_DUPLICATE_ENDPOINT", `Endpoint "${endpoint}" is already taken by ${existing}; ${added} cannot reuse it. ${advice}`);
  }
}

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
  readonly #chains = new Chains(this, this.#blueprints);
  readonly #cycle = new RequestCycle(this);

  constructor(root?: string, options: FlagonOptions = {}) {
    super();
    this.root = root;
    this.config = new Config(options.config, root);
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
    this.#setView(endpoint, view, undefined, `${describeFunction(view)} (given to endpoint("${endpoint}"))`);
  }

  /** Gives a blueprint's endpoint its view (called by `Blueprint.registerOn`). */
  addBlueprintEndpointView(endpoint: string, view: View<never>, blueprint: string): void {
    this.#setView(endpoint, view, blueprint, `${describeFunction(view)} (given to endpoint("${endpoint.slice(blueprint.length + 1)}") of blueprint "${blueprint}")`);
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
    this.#chains.forget();
  }

  #addRule(record: RouteRecord, rule: string, endpoint: string, blueprint: string | undefined): void {
    const { view } = record;
    const existing = this.#views.get(endpoint);
    if (view !== undefined && existing !== undefined && existing.view !== view) {
      throw new DuplicateEndpointError(endpoint, `${describeFunction(existing.view)} (${this.#rulesOf(endpoint)})`, `${describeFunction(view)} (rule "${rule}")`);
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
        endpoint, `${describeFunction(existing.view)} (${this.#rulesOf(endpoint)})`, added,
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
    const urlDefaults = this.#chains.of(endpoint.includes(".") ? this.#blueprintOf(endpoint) : undefined).urlDefaults;
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
        return this.#cycle.fail(request, this.#chains.of(undefined), error);
      }
    }
    const maxUrl = this.config.MAX_URL_LENGTH;
    if (maxUrl !== null && request.rawPath.length + request.rawQuery.length > maxUrl) {
      // Refused before routing so an oversized URL costs no matching.
      return this.#cycle.fail(request, this.#chains.of(undefined), new RequestURITooLarge(`The URL is longer than the limit of ${maxUrl} characters (MAX_URL_LENGTH).`));
    }
    const match = this.#matchRequest(request);
    const entry = match.kind === "match" ? (match.rule.payload as ViewEntry) : undefined;
    return this.#cycle.run(request, match, entry, this.#chains.of(request.blueprint));
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
    await this.#cycle.load(request);
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
