/**
 * The base shared by Flagon and Blueprint (Flask's Scaffold): route
 * registration, request hooks and error handlers.
 */
import type { FlagonRequest } from "./http/request.js";
import type { FlagonResponse, ResponseValue } from "./http/response.js";
import { HTTPException, type InternalServerError, exceptionClassFor } from "./http/exceptions.js";
import { FlagonError, type RedirectTarget, type RuleOptions, type RuleParams } from "./routing/index.js";

/** A view: receives the rule's converted values and the request. */
export type View<P> = (params: P, request: FlagonRequest) => ResponseValue | Promise<ResponseValue>;

/** Values a rule gives its view beside its own (Werkzeug's rule defaults). */
export type RouteDefaults = Readonly<Record<string, unknown>>;

/** Options of `route()` (Werkzeug's rule options); `D` is the type of `defaults`. */
export interface RouteOptions<D extends RouteDefaults = RouteDefaults> {
  /** Default `["GET"]`; HEAD and OPTIONS are added automatically. */
  methods?: readonly string[];
  /** Default: the handler's function name (or one derived from the rule for anonymous handlers). */
  endpoint?: string;
  strictSlashes?: boolean;
  mergeSlashes?: boolean;
  /**
   * Values given to the view beside the rule's, as Flask does (the view's params include
   * them), and used when building: `/users/` with `{ page: 1 }` beside `/users/page/<int:page>`.
   */
  defaults?: D;
  redirectTo?: RedirectTarget;
  provideAutomaticOptions?: boolean;
}

/** Refuses keys of `O` that `Known` lacks: a generic options parameter loses TypeScript's check for misspelt keys. */
type NoUnknownKeys<O, Known> = { readonly [K in Exclude<keyof O, keyof Known>]: never };

/** The type of the `defaults` an options object gives: `{}` when it gives none. */
type DefaultsOf<O> = O extends { readonly defaults: infer D extends RouteDefaults } ? D : {};

/** Extra `urlFor` values with special meaning. */
export interface UrlOptions {
  _external?: boolean;
  _anchor?: string;
  _method?: string;
  _scheme?: string;
}

/** Values for `urlFor(endpoint, values)`: rule arguments, query values and the `_` options. */
export type UrlValues = UrlOptions & Readonly<Record<string, unknown>>;

/** The values argument of `urlFor(handle, ...)`: optional when the rule needs none (or is only known as a `string`). */
export type UrlValuesFor<R extends string> = {} extends RuleParams<R>
  ? [values?: UrlValues]
  : [values: RuleParams<R> & UrlValues];

/**
 * The values after `urlFor(target, ...)`: checked against the rule for a route handle, any for an
 * endpoint name. One signature rather than an overload per kind of target, so a wrong value is
 * reported as itself, not as "No overload matches this call" ending on the endpoint-name overload.
 */
export type UrlForValues<T extends RouteHandle | string> = T extends RouteHandle<infer R> ? UrlValuesFor<R> : [values?: UrlValues];

/**
 * What `route()` returns: pass it to `urlFor(handle, values)` and the compiler
 * checks the values against the rule.
 */
export class RouteHandle<R extends string = string> {
  readonly rule: R;
  #endpoint: string;
  #registered: boolean;

  constructor(rule: R, endpoint: string, registered: boolean) {
    this.rule = rule;
    this.#endpoint = endpoint;
    this.#registered = registered;
  }

  /** The full endpoint (`"blog.show"` once its blueprint is registered). */
  get endpoint(): string {
    return this.#endpoint;
  }

  /** Called when a blueprint registers the route; the first registration names the handle. */
  bindEndpoint(endpoint: string): void {
    if (this.#registered) return;
    this.#endpoint = endpoint;
    this.#registered = true;
  }
}

export type BeforeRequestHook = (request: FlagonRequest) => ResponseValue | undefined | void | Promise<ResponseValue | undefined | void>;
/** Returns the response to send: the one it was given, changed or not, or another (a web `Response` too). */
export type AfterRequestHook = (response: FlagonResponse, request: FlagonRequest) => FlagonResponse | Response | Promise<FlagonResponse | Response>;
export type TeardownHook = (error: unknown, request: FlagonRequest) => void | Promise<void>;
/**
 * Returns the response for an error; an `HTTPException` it returns is sent as its error page, as
 * in Flask, whose docs pass HTTP errors through a generic handler with `return e`.
 */
export type ErrorHandler<E> = (error: E, request: FlagonRequest) => ResponseValue | HTTPException | Promise<ResponseValue | HTTPException>;
/** A class of errors, for `errorHandler(NotFound, ...)` or `errorHandler(TypeError, ...)`. */
export type ErrorClass<E extends Error = Error> = abstract new (...args: never[]) => E;
/** Returns values added to the context of each template rendered in a request (Flask's `context_processor`). */
export type ContextProcessor = (request: FlagonRequest) => Readonly<Record<string, unknown>> | undefined | void;
/** A template filter: `{{ value|name(a, b) }}` calls it with `value, a, b`. */
export type TemplateFilter = (...args: never[]) => unknown;
/** A template test: `{% if value is name(a) %}` calls it with `value, a`; its answer counts by its truth, as in Jinja. */
export type TemplateTest = (...args: never[]) => boolean;
/**
 * Reads or changes a matched request's values before the hooks and the view see them (Flask's
 * `url_value_preprocessor`). It may change and add values, not remove the rule's own.
 */
export type UrlValuePreprocessor = (endpoint: string, values: Record<string, unknown>) => void;
/** Adds values to a URL being built, before building (Flask's `url_defaults`); the endpoint is the full one. */
export type UrlDefaultsFunction = (endpoint: string, values: Record<string, unknown>) => void;

let setupVersion = 0;

/** Bumped on every hook or handler registration, so apps can cache per-blueprint chains. */
export function currentSetupVersion(): number {
  return setupVersion;
}

/** How a message names a function the user registered. */
export function describeFunction(fn: { name: string }): string {
  return fn.name === "" ? "an anonymous function" : `function ${fn.name}()`;
}

/** True for `async function` and `async () =>`: the app enters AsyncLocalStorage for these. */
export function isAsyncFunction(fn: unknown): boolean {
  const name = (fn as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name === "AsyncFunction" || name === "AsyncGeneratorFunction";
}

/** A route as given to `route()` or `addUrlRule()`, before an app adds it. */
export interface RouteRecord {
  rule: string;
  options: RouteOptions;
  /** Undefined for a rule added without one: `endpoint()` may give its endpoint a view later. */
  view: View<never> | undefined;
  handle: RouteHandle;
}

/** Options of `addUrlRule` without a view: the endpoint to build, and what a rule's URL depends on. */
export type BuildRuleOptions = Pick<RuleOptions, "endpoint" | "methods" | "strictSlashes" | "mergeSlashes" | "defaults">;

/** Refuses an `async` function where flagon calls it synchronously, saying what to do instead. */
function refuseAsync(fn: { name: string }, code: string, method: string, reason: string): void {
  if (isAsyncFunction(fn)) {
    throw new FlagonError(code, `${method}(${fn.name || "an anonymous function"}): ${reason}`);
  }
}

/** URL processors are called synchronously: by dispatch before the hooks, and by `urlFor`. */
export function refuseAsyncUrlProcessor(fn: { name: string }, method: string): void {
  refuseAsync(
    fn, "FLAGON_ASYNC_URL_PROCESSOR", method,
    "URL processors run synchronously, as urlFor does, so they cannot be async. " +
      "Keep them to reading and writing values; load data in a beforeRequest hook.",
  );
}

/** Raised when an anonymous view's endpoint cannot be derived, or an endpoint name is not one this app or blueprint may use. */
export class EndpointNameError extends FlagonError {
  /** `call` names the call that failed: `route("/post/<int:id>")`. */
  constructor(call: string, detail: string) {
    super("FLAGON_ENDPOINT_NAME", `${call}: ${detail}`);
  }
}

/** The name an endpoint gets from its view, as Flask takes a function's `__name__`; undefined for an anonymous one. */
export function viewName(view: { name: string }): string | undefined {
  return view.name !== "" && view.name !== "anonymous" ? view.name.replace(/^bound /, "") : undefined;
}

/**
 * Shared base of Flagon and Blueprint. `Prefix` is a blueprint's own `urlPrefix` as the
 * compiler reads it: its variables are part of every view's params and route handle.
 */
export abstract class Scaffold<Prefix extends string = ""> {
  readonly beforeRequestFuncs: BeforeRequestHook[] = [];
  readonly afterRequestFuncs: AfterRequestHook[] = [];
  readonly teardownRequestFuncs: TeardownHook[] = [];
  readonly contextProcessorFuncs: ContextProcessor[] = [];
  readonly urlValuePreprocessorFuncs: UrlValuePreprocessor[] = [];
  readonly urlDefaultFuncs: UrlDefaultsFunction[] = [];
  /** Handlers by status (a status's own HTTPException class is stored here too, as Flask does). */
  readonly errorHandlersByStatus = new Map<number, ErrorHandler<never>>();
  /** Handlers by error class, looked up along the thrown error's prototype chain. */
  readonly errorHandlersByClass = new Map<ErrorClass, ErrorHandler<never>>();
  /** True once any `async` hook or handler is registered here. */
  hasAsyncHooks = false;

  /** Adds a route now (app) or on registration (blueprint). */
  protected abstract addRoute(record: RouteRecord): void;
  /** Gives an endpoint (of this app or blueprint, not yet prefixed) its view, now or on registration. */
  protected abstract addEndpointView(endpoint: string, view: View<never>): void;
  /** Local endpoint names of the handles made here, for `endpoint(handle, view)`. */
  readonly #handleEndpoints = new WeakMap<RouteHandle, string>();
  /** The endpoint a handle gets before any blueprint registration. */
  protected abstract handleEndpoint(endpoint: string): { endpoint: string; registered: boolean };

  /** A handle's rule: as given on the app, under its own urlPrefix on a blueprint. */
  protected handleRule(rule: string): string {
    return rule;
  }

  /**
   * Registers a view for a rule; params are typed from the rule string.
   * @example app.route("/post/<int:post_id>", ({ post_id }) => `Post number ${post_id}`)
   */
  route<R extends string>(rule: R, view: View<RuleParams<JoinRule<Prefix, R>>>): RouteHandle<JoinRule<Prefix, R>>;
  // `O` comes from the options alone: NoInfer keeps the view's own annotation from widening the
  // defaults, or a view could ask for one the options never give. A type parameter of its own,
  // not `RouteOptions<D>`, so a view made by a generic wrapper (`loginRequired(view)`) gets its params.
  route<R extends string, O extends RouteOptions = {}>(
    rule: R, options: O & NoUnknownKeys<O, RouteOptions>, view: View<RuleParams<JoinRule<Prefix, R>> & NoInfer<DefaultsOf<O>>>,
  ): RouteHandle<JoinRule<Prefix, R>>;
  route<R extends string>(rule: R, optionsOrView: RouteOptions | View<never>, maybeView?: View<never>): RouteHandle<JoinRule<Prefix, R>> {
    const options = typeof optionsOrView === "function" ? {} : optionsOrView;
    const view = (typeof optionsOrView === "function" ? optionsOrView : maybeView) as View<never> | undefined;
    if (typeof view !== "function") {
      throw new EndpointNameError(`route("${rule}")`, "the last argument must be the view function.");
    }
    const endpoint = options.endpoint ?? viewName(view) ?? this.#derivedEndpoint(rule);
    if (endpoint.includes(".")) {
      throw new EndpointNameError(`route("${rule}")`, `endpoint "${endpoint}" may not contain a dot; dots separate blueprint names.`);
    }
    return this.#addRecord(rule, { ...options, endpoint }, view);
  }

  #addRecord<R extends string>(rule: R, options: RouteOptions & { endpoint: string }, view: View<never> | undefined): RouteHandle<JoinRule<Prefix, R>> {
    const named = this.handleEndpoint(options.endpoint);
    const handle = new RouteHandle(this.handleRule(rule) as JoinRule<Prefix, R>, named.endpoint, named.registered);
    this.#handleEndpoints.set(handle, options.endpoint);
    this.addRoute({ rule, options, view, handle });
    return handle;
  }

  /**
   * Flask's `add_url_rule`. Without a view, a rule for `endpoint` that builds URLs at once and
   * matches requests once the endpoint has a view (`endpoint()`, or a route of the same endpoint):
   * until then no request matches it, where Flask would match it and fail for want of a view.
   * With `view`, it is `route(rule, options, view)`.
   * @example
   * const index = app.addUrlRule("/", { endpoint: "index" });   // urlFor("index") is "/" from now on
   * app.endpoint(index, () => "Hello");                          // and "/" is served from now on
   */
  addUrlRule<R extends string, D extends RouteDefaults = {}>(
    rule: R, options: RouteOptions<D> & { view: View<RuleParams<JoinRule<Prefix, R>> & NoInfer<D>> },
  ): RouteHandle<JoinRule<Prefix, R>>;
  // After the overload with a view: tried first, it would fix the view's parameters untyped. That
  // view's params come from the rule and `defaults`; a view made by a generic wrapper
  // (`loginRequired(view)`) is inferred through route() or endpoint(handle, ...), not there.
  addUrlRule<R extends string>(rule: R, options: BuildRuleOptions): RouteHandle<JoinRule<Prefix, R>>;
  addUrlRule<R extends string>(rule: R, options: RouteOptions & { view?: View<never> }): RouteHandle<JoinRule<Prefix, R>> {
    const { view, ...rest } = options;
    if (view !== undefined) return this.route(rule, rest, view as View<RuleParams<JoinRule<Prefix, R>> & RouteDefaults>);
    const endpoint = rest.endpoint;
    if (endpoint === undefined || endpoint === "" || endpoint.includes(".")) {
      throw new EndpointNameError(
        `addUrlRule("${rule}")`,
        `a rule without a view needs an endpoint of ${this.ownName()}'s own; "${endpoint ?? ""}" is empty or dotted (a blueprint's). Give { endpoint: "name" }, or { view }.`,
      );
    }
    return this.#addRecord(rule, { ...rest, endpoint }, undefined);
  }

  /**
   * Flask's `endpoint` decorator: `view` serves every rule of the endpoint, those added before
   * and after (`addUrlRule` without a view). On a blueprint the name is the blueprint's own
   * (`"index"` for `"blog.index"`). A route handle gives the view params typed from its rule.
   * An endpoint has one view: another one throws `DuplicateEndpointError`, the same one again is nothing.
   * @example
   * const post = app.addUrlRule("/post/<int:id>", { endpoint: "post" });
   * app.endpoint(post, ({ id }) => `Post ${id}`);                 // id: number
   */
  endpoint<R extends string>(handle: RouteHandle<R>, view: View<RuleParams<R>>): void;
  endpoint(name: string, view: View<Readonly<Record<string, unknown>>>): void;
  endpoint(target: RouteHandle | string, view: View<never>): void {
    const endpoint = typeof target === "string" ? target : this.#handleEndpoints.get(target);
    const call = `endpoint(${typeof target === "string" ? JSON.stringify(target) : `handle of "${target.rule}"`})`;
    if (endpoint === undefined) {
      throw new EndpointNameError(call, `the route handle was made by another app or blueprint; call endpoint() on ${this.ownName()} with a name or handle of its own.`);
    }
    if (endpoint === "" || endpoint.includes(".")) {
      throw new EndpointNameError(call, `"${endpoint}" is not an endpoint of ${this.ownName()}'s own: it is empty or dotted (a blueprint's). Call endpoint() on the blueprint, with the name it has there.`);
    }
    if (typeof view !== "function") throw new EndpointNameError(call, "the view must be a function.");
    this.addEndpointView(endpoint, view);
  }

  /** How messages name this app or blueprint. */
  protected abstract ownName(): string;

  /** `route()` with `methods: ["GET"]`. */
  get<R extends string>(rule: R, view: View<RuleParams<JoinRule<Prefix, R>>>): RouteHandle<JoinRule<Prefix, R>>;
  get<R extends string, O extends Omit<RouteOptions, "methods"> = {}>(
    rule: R, options: O & NoUnknownKeys<O, Omit<RouteOptions, "methods">>, view: View<RuleParams<JoinRule<Prefix, R>> & NoInfer<DefaultsOf<O>>>,
  ): RouteHandle<JoinRule<Prefix, R>>;
  get<R extends string>(rule: R, a: Omit<RouteOptions, "methods"> | View<never>, b?: View<never>): RouteHandle<JoinRule<Prefix, R>> {
    return this.#method("GET", rule, a, b);
  }

  /** `route()` with `methods: ["POST"]`. */
  post<R extends string>(rule: R, view: View<RuleParams<JoinRule<Prefix, R>>>): RouteHandle<JoinRule<Prefix, R>>;
  post<R extends string, O extends Omit<RouteOptions, "methods"> = {}>(
    rule: R, options: O & NoUnknownKeys<O, Omit<RouteOptions, "methods">>, view: View<RuleParams<JoinRule<Prefix, R>> & NoInfer<DefaultsOf<O>>>,
  ): RouteHandle<JoinRule<Prefix, R>>;
  post<R extends string>(rule: R, a: Omit<RouteOptions, "methods"> | View<never>, b?: View<never>): RouteHandle<JoinRule<Prefix, R>> {
    return this.#method("POST", rule, a, b);
  }

  /** `route()` with `methods: ["PUT"]`. */
  put<R extends string>(rule: R, view: View<RuleParams<JoinRule<Prefix, R>>>): RouteHandle<JoinRule<Prefix, R>>;
  put<R extends string, O extends Omit<RouteOptions, "methods"> = {}>(
    rule: R, options: O & NoUnknownKeys<O, Omit<RouteOptions, "methods">>, view: View<RuleParams<JoinRule<Prefix, R>> & NoInfer<DefaultsOf<O>>>,
  ): RouteHandle<JoinRule<Prefix, R>>;
  put<R extends string>(rule: R, a: Omit<RouteOptions, "methods"> | View<never>, b?: View<never>): RouteHandle<JoinRule<Prefix, R>> {
    return this.#method("PUT", rule, a, b);
  }

  /** `route()` with `methods: ["PATCH"]`. */
  patch<R extends string>(rule: R, view: View<RuleParams<JoinRule<Prefix, R>>>): RouteHandle<JoinRule<Prefix, R>>;
  patch<R extends string, O extends Omit<RouteOptions, "methods"> = {}>(
    rule: R, options: O & NoUnknownKeys<O, Omit<RouteOptions, "methods">>, view: View<RuleParams<JoinRule<Prefix, R>> & NoInfer<DefaultsOf<O>>>,
  ): RouteHandle<JoinRule<Prefix, R>>;
  patch<R extends string>(rule: R, a: Omit<RouteOptions, "methods"> | View<never>, b?: View<never>): RouteHandle<JoinRule<Prefix, R>> {
    return this.#method("PATCH", rule, a, b);
  }

  /** `route()` with `methods: ["DELETE"]`. */
  delete<R extends string>(rule: R, view: View<RuleParams<JoinRule<Prefix, R>>>): RouteHandle<JoinRule<Prefix, R>>;
  delete<R extends string, O extends Omit<RouteOptions, "methods"> = {}>(
    rule: R, options: O & NoUnknownKeys<O, Omit<RouteOptions, "methods">>, view: View<RuleParams<JoinRule<Prefix, R>> & NoInfer<DefaultsOf<O>>>,
  ): RouteHandle<JoinRule<Prefix, R>>;
  delete<R extends string>(rule: R, a: Omit<RouteOptions, "methods"> | View<never>, b?: View<never>): RouteHandle<JoinRule<Prefix, R>> {
    return this.#method("DELETE", rule, a, b);
  }

  #method<R extends string>(method: string, rule: R, a: Omit<RouteOptions, "methods"> | View<never>, b?: View<never>): RouteHandle<JoinRule<Prefix, R>> {
    if (typeof a === "function") return this.route(rule, { methods: [method] }, a as View<RuleParams<JoinRule<Prefix, R>>>);
    // As Flask's shorthands: methods given here would be silently replaced by the shorthand's own.
    if (typeof a === "object" && a !== null && "methods" in a) {
      throw new FlagonError(
        "FLAGON_SHORTHAND_METHODS",
        `${method.toLowerCase()}("${rule}") answers ${method} only and takes no methods option; use route("${rule}", { methods: [...] }, view) for other methods.`,
      );
    }
    return this.route(rule, { ...a, methods: [method] }, b as View<RuleParams<JoinRule<Prefix, R>> & RouteDefaults>);
  }

  /** Runs before each view (of this blueprint); a returned value is the response and the view is skipped. */
  beforeRequest<F extends BeforeRequestHook>(fn: F): F {
    this.beforeRequestFuncs.push(fn);
    this.#changed(fn);
    return fn;
  }

  /** Runs after each view with the response; must return a response. Hooks run in reverse order of registration. */
  afterRequest<F extends AfterRequestHook>(fn: F): F {
    this.afterRequestFuncs.push(fn);
    this.#changed(fn);
    return fn;
  }

  /** Runs at the end of every request, even when it failed; receives the error if any. */
  teardownRequest<F extends TeardownHook>(fn: F): F {
    this.teardownRequestFuncs.push(fn);
    this.#changed(fn);
    return fn;
  }

  /**
   * Adds values to the context of every template rendered while handling a
   * request (of this blueprint, on a blueprint), as Flask's `context_processor`;
   * values passed to `renderTemplate` win over them. Called once per render.
   * @example app.contextProcessor((request) => ({ user: request.g["user"] }))
   */
  contextProcessor<F extends ContextProcessor>(fn: F): F {
    refuseAsync(
      fn, "FLAGON_ASYNC_CONTEXT_PROCESSOR", "contextProcessor",
      "templates render synchronously, so a context processor cannot be async. " +
        "Load the value in a beforeRequest hook (onto request.g) and return it from a plain function.",
    );
    this.contextProcessorFuncs.push(fn);
    return fn;
  }

  /**
   * Called with the endpoint and the values of every matched request (of this blueprint, on a
   * blueprint) before the before-request hooks: the app's first, then each blueprint's from
   * outer to inner, as Flask's `url_value_preprocessor`. Values it changes or adds are what the
   * view and `request.viewArgs` get. It may not remove a value of the rule (or of its defaults):
   * the view's params are typed with them, so removing one fails the request.
   * @example app.urlValuePreprocessor((endpoint, values) => { g["lang"] = values["lang_code"]; })
   */
  urlValuePreprocessor<F extends UrlValuePreprocessor>(fn: F): F {
    refuseAsyncUrlProcessor(fn, "urlValuePreprocessor");
    this.urlValuePreprocessorFuncs.push(fn);
    setupVersion += 1;
    return fn;
  }

  /**
   * Called by `urlFor` with the full endpoint and the values to build with (without the `_`
   * options), before building; it may add values, as Flask's `url_defaults`. The app's run for
   * every endpoint, then those of the endpoint's blueprint and its parents, outer first.
   * @example bp.urlDefaults((endpoint, values) => { values["lang_code"] ??= g["lang_code"]; })
   */
  urlDefaults<F extends UrlDefaultsFunction>(fn: F): F {
    refuseAsyncUrlProcessor(fn, "urlDefaults");
    this.urlDefaultFuncs.push(fn);
    setupVersion += 1;
    return fn;
  }

  /**
   * Handles errors by status or by class (the nearest class in the error's prototype chain wins).
   * A handler for 500, as Flask's, receives an `InternalServerError` whose `originalError` is
   * what was thrown.
   * @example app.errorHandler(404, () => makeResponse("Oops! That page does not exist.", 404))
   */
  errorHandler(status: 500, handler: ErrorHandler<InternalServerError>): this;
  errorHandler(status: number, handler: ErrorHandler<HTTPException>): this;
  errorHandler<E extends Error>(errorClass: ErrorClass<E>, handler: ErrorHandler<E>): this;
  errorHandler(key: number | ErrorClass, handler: ErrorHandler<never>): this {
    if (typeof key === "number") {
      if (!Number.isInteger(key) || key < 400 || key > 599) {
        throw new FlagonError("FLAGON_ERROR_HANDLER", `errorHandler(${key}): ${key} is not an error status (400-599); register by class instead.`);
      }
      this.errorHandlersByStatus.set(key, handler);
    } else if (key.prototype instanceof HTTPException && (exceptionClassFor((key as unknown as typeof HTTPException).status) ?? key) === key) {
      this.errorHandlersByStatus.set((key as unknown as typeof HTTPException).status, handler);
    } else {
      // A subclass of a status's own class (`class UserNotFound extends NotFound`) takes only its
      // own errors, as in Flask; findHandler looks it up with the status's handlers.
      this.errorHandlersByClass.set(key, handler);
    }
    this.#changed(handler);
    return this;
  }

  readonly #derivedUses = new Map<string, number>();

  /** Anonymous views get a name from their rule; a second one for the same rule gets `_2`. */
  #derivedEndpoint(rule: string): string {
    const base = endpointFromRule(rule);
    const uses = (this.#derivedUses.get(base) ?? 0) + 1;
    this.#derivedUses.set(base, uses);
    return uses === 1 ? base : `${base}_${uses}`;
  }

  #changed(fn: unknown): void {
    setupVersion += 1;
    if (isAsyncFunction(fn)) this.hasAsyncHooks = true;
  }
}

/** `/post/<int:post_id>` → `post_post_id`; `/` → `index`: a readable endpoint for anonymous views. */
export function endpointFromRule(rule: string): string {
  const words = rule
    .replace(/<(?:[^:>]*:)?([^>]+)>/g, "$1")
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0);
  return words.length === 0 ? "index" : words.join("_");
}

/**
 * `joinRule` at the type level: `JoinRule<"/<lang>", "/about">` is `"/<lang>/about"`. A prefix
 * known only as a `string` stands as `${string}`, adding no variables the compiler can read.
 */
export type JoinRule<Prefix extends string, Rule extends string> = string extends Rule
  ? string
  : Prefix extends ""
    ? Rule
    : Rule extends ""
      ? Prefix
      : `${string extends Prefix ? string : Prefix extends `${infer Head}/` ? Head : Prefix}/${Rule extends `/${infer Tail}` ? Tail : Rule}`;

/** Joins a blueprint prefix and a rule as Flask does (`/users` + `/` → `/users/`). */
export function joinRule(prefix: string | undefined, rule: string): string {
  if (prefix === undefined || prefix === "") return rule;
  const trimmed = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
  if (rule === "") return prefix;
  return `${trimmed}/${rule.startsWith("/") ? rule.slice(1) : rule}`;
}
