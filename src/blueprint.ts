/**
 * Blueprint: routes, hooks and error handlers recorded now and added to an
 * app when it is registered, under `urlPrefix` and the `name.` endpoint prefix.
 */
import type { HTTPException, InternalServerError } from "./http/exceptions.js";
import { FlagonError } from "./routing/index.js";
import { variablesOf } from "./routing/rule.js";
import {
  type AfterRequestHook, type BeforeRequestHook, type ContextProcessor, type ErrorClass, type ErrorHandler, type RouteRecord, type TeardownHook, Scaffold, type TemplateFilter, type TemplateTest, type UrlDefaultsFunction, type UrlValuePreprocessor, type View, joinRule, refuseAsyncUrlProcessor,
} from "./scaffold.js";

/** Options of `new Blueprint(name, options)`; `Prefix` is the type of `urlPrefix`. */
export interface BlueprintOptions<Prefix extends string = string> {
  /** Its variables are part of every view's params and route handle (`"/<lang_code>"`). */
  urlPrefix?: Prefix;
  /** Folder served at `<urlPrefix><staticUrlPath>/<path:filename>` under the endpoint `<name>.static`. */
  staticFolder?: string;
  /** Default: `/` and the static folder's last name, as Flask. */
  staticUrlPath?: string;
  templateFolder?: string;
  /** `import.meta.url` of the blueprint's module (or its folder): relative folders resolve against it, else against the app's root. */
  root?: string;
}

/** A prefix's variables by name, with their converter's name: `<lang>` and `<string:lang>` alike. */
function prefixVariables(prefix: string): Map<string, string> {
  const variables = variablesOf(prefix);
  for (const [name, converter] of variables) if (converter === "default") variables.set(name, "string");
  return variables;
}

/** Options of `registerBlueprint(bp, options)`. */
export interface RegisterOptions {
  urlPrefix?: string;
  /** Registers under another name (to register one blueprint twice). */
  name?: string;
}

/** What an app needs to add a blueprint's routes. */
export interface BlueprintTarget {
  addBlueprintRoute(record: RouteRecord, blueprint: string, rule: string, endpoint: string): void;
  addBlueprintEndpointView(endpoint: string, view: View<never>, blueprint: string): void;
  addBlueprintScope(name: string, blueprint: Blueprint): void;
  addBlueprintStatic(blueprint: string, rule: string, folder: string, root: string | undefined): void;
  templateFilter(name: string, filter: TemplateFilter): unknown;
  templateTest(name: string, test: TemplateTest): unknown;
  templateGlobal(name: string, value: unknown): unknown;
  contextProcessor(fn: ContextProcessor): unknown;
  urlValuePreprocessor(fn: UrlValuePreprocessor): unknown;
  urlDefaults(fn: UrlDefaultsFunction): unknown;
  beforeRequest(fn: BeforeRequestHook): unknown;
  afterRequest(fn: AfterRequestHook): unknown;
  teardownRequest(fn: TeardownHook): unknown;
  errorHandler: Scaffold["errorHandler"];
}

/**
 * A group of routes registered together.
 * @example
 * const users = new Blueprint("users", { urlPrefix: "/users" });
 * users.route("/", function list_users() { return ["Alice"]; });
 * app.registerBlueprint(users);
 */
export class Blueprint<Prefix extends string = ""> extends Scaffold<Prefix> {
  readonly name: string;
  readonly urlPrefix: string | undefined;
  readonly templateFolder: string | undefined;
  readonly staticFolder: string | undefined;
  readonly staticUrlPath: string | undefined;
  readonly root: string | undefined;
  readonly #routes: RouteRecord[] = [];
  /** Views given with `endpoint()`, under the blueprint's own endpoint names; the app refuses a second view for one. */
  readonly #endpointViews: { endpoint: string; view: View<never> }[] = [];
  readonly #children: { blueprint: Blueprint; options: RegisterOptions }[] = [];
  /** App-wide template additions, made on the app at registration. */
  readonly #appSetup: ((target: BlueprintTarget) => void)[] = [];
  readonly #setUp = new WeakSet<BlueprintTarget>();
  #registeredOnce = false;

  constructor(name: string, options: BlueprintOptions<Prefix> = {}) {
    super();
    if (name === "" || name.includes(".")) {
      throw new FlagonError("FLAGON_BLUEPRINT_NAME", `Blueprint name ${JSON.stringify(name)} must be non-empty and may not contain a dot.`);
    }
    this.name = name;
    this.urlPrefix = options.urlPrefix;
    this.templateFolder = options.templateFolder;
    this.staticFolder = options.staticFolder;
    this.staticUrlPath = options.staticUrlPath;
    this.root = options.root;
  }

  protected addRoute(record: RouteRecord): void {
    if (this.#registeredOnce) {
      throw new FlagonError(
        "FLAGON_SETUP_FINISHED",
        `Blueprint "${this.name}" is already registered; add route "${record.rule}" before calling registerBlueprint().`,
      );
    }
    this.#routes.push(record);
  }

  /** Recorded, and checked against the endpoint's other views by the app at registration, as routes are. */
  protected addEndpointView(endpoint: string, view: View<never>): void {
    if (this.#registeredOnce) {
      throw new FlagonError(
        "FLAGON_SETUP_FINISHED",
        `Blueprint "${this.name}" is already registered; call endpoint("${endpoint}") before calling registerBlueprint().`,
      );
    }
    this.#endpointViews.push({ endpoint, view });
  }

  protected ownName(): string {
    return `blueprint "${this.name}"`;
  }

  /** Adds a template filter to the app this blueprint is registered on (Flask's `app_template_filter`). */
  appTemplateFilter<F extends TemplateFilter>(name: string, filter: F): F {
    this.#recordAppSetup(`appTemplateFilter("${name}")`, (app) => app.templateFilter(name, filter));
    return filter;
  }

  /** Adds a template test to the app this blueprint is registered on (Flask's `app_template_test`). */
  appTemplateTest<T extends TemplateTest>(name: string, test: T): T {
    this.#recordAppSetup(`appTemplateTest("${name}")`, (app) => app.templateTest(name, test));
    return test;
  }

  /** Adds a template global to the app this blueprint is registered on (Flask's `app_template_global`). */
  appTemplateGlobal<T>(name: string, value: T): T {
    this.#recordAppSetup(`appTemplateGlobal("${name}")`, (app) => app.templateGlobal(name, value));
    return value;
  }

  /**
   * Adds a context processor for every request of the app, not only this
   * blueprint's (Flask's `app_context_processor`; `contextProcessor` is this blueprint's alone).
   */
  appContextProcessor<F extends ContextProcessor>(fn: F): F {
    this.#recordAppSetup("appContextProcessor()", (app) => app.contextProcessor(fn));
    return fn;
  }

  /** A URL value preprocessor for every request of the app (Flask's `app_url_value_preprocessor`). */
  appUrlValuePreprocessor<F extends UrlValuePreprocessor>(fn: F): F {
    refuseAsyncUrlProcessor(fn, "appUrlValuePreprocessor");
    this.#recordAppSetup("appUrlValuePreprocessor()", (app) => app.urlValuePreprocessor(fn));
    return fn;
  }

  /** A urlDefaults function for every endpoint of the app (Flask's `app_url_defaults`). */
  appUrlDefaults<F extends UrlDefaultsFunction>(fn: F): F {
    refuseAsyncUrlProcessor(fn, "appUrlDefaults");
    this.#recordAppSetup("appUrlDefaults()", (app) => app.urlDefaults(fn));
    return fn;
  }

  /**
   * Runs before every request of the app, not only this blueprint's (Flask's
   * `before_app_request`): where an auth blueprint loads the logged-in user.
   * A returned value is the response, as for `beforeRequest`.
   * @example auth.beforeAppRequest(function loadLoggedInUser() { g["user"] = findUser(session.get("user_id")); });
   */
  beforeAppRequest<F extends BeforeRequestHook>(fn: F): F {
    this.#recordAppSetup("beforeAppRequest()", (app) => app.beforeRequest(fn));
    return fn;
  }

  /** Runs after every request of the app (Flask's `after_app_request`); returns the response. */
  afterAppRequest<F extends AfterRequestHook>(fn: F): F {
    this.#recordAppSetup("afterAppRequest()", (app) => app.afterRequest(fn));
    return fn;
  }

  /** Runs at the end of every request of the app (Flask's `teardown_app_request`). */
  teardownAppRequest<F extends TeardownHook>(fn: F): F {
    this.#recordAppSetup("teardownAppRequest()", (app) => app.teardownRequest(fn));
    return fn;
  }

  /**
   * Handles errors of every request of the app, not only this blueprint's (Flask's
   * `app_errorhandler`): where an errors blueprint keeps the app's error pages. Takes a status
   * or a class, as `errorHandler`.
   * @example errors.appErrorHandler(404, () => makeResponse(renderTemplate("404.html"), 404));
   */
  appErrorHandler(status: 500, handler: ErrorHandler<InternalServerError>): this;
  appErrorHandler(status: number, handler: ErrorHandler<HTTPException>): this;
  appErrorHandler<E extends Error>(errorClass: ErrorClass<E>, handler: ErrorHandler<E>): this;
  appErrorHandler(key: number | ErrorClass, handler: ErrorHandler<never>): this {
    // The overloads checked the handler against the key; the app stores every handler alike.
    this.#recordAppSetup("appErrorHandler()", (app) =>
      typeof key === "number" ? app.errorHandler(key, handler as ErrorHandler<HTTPException>) : app.errorHandler(key, handler as ErrorHandler<Error>));
    return this;
  }

  #recordAppSetup(what: string, apply: (target: BlueprintTarget) => void): void {
    if (this.#registeredOnce) {
      throw new FlagonError("FLAGON_SETUP_FINISHED", `Blueprint "${this.name}" is already registered; call ${what} before registerBlueprint().`);
    }
    this.#appSetup.push(apply);
  }

  /** The views are typed with the variables of the constructor's urlPrefix: another prefix must give them all. */
  #checkPrefix(urlPrefix: string): void {
    const given = prefixVariables(urlPrefix);
    const lost = [...prefixVariables(this.urlPrefix ?? "")].filter(([name, converter]) => given.get(name) !== converter).map(([name]) => `'${name}'`);
    if (lost.length > 0) {
      throw new FlagonError(
        "FLAGON_BLUEPRINT_PREFIX",
        `Blueprint "${this.name}" was made with urlPrefix "${this.urlPrefix}", so its views are typed with ${lost.join(", ")} from it; ` +
          `registered under "${urlPrefix}" they would get ${lost.length === 1 ? "it" : "them"} missing or converted otherwise. ` +
          `Use a urlPrefix with the same variables and converters, or make the blueprint without a urlPrefix and give one at each registerBlueprint().`,
      );
    }
  }

  /**
   * Only this blueprint adds rules under its name, and none once registered: a view given to
   * an endpoint it has no rule for would never serve. Refused before anything is registered.
   */
  #checkEndpointViews(): void {
    for (const { endpoint } of this.#endpointViews) {
      if (!this.#routes.some((record) => record.options.endpoint === endpoint)) {
        throw new FlagonError(
          "FLAGON_ENDPOINT_WITHOUT_RULE",
          `Blueprint "${this.name}" gives endpoint("${endpoint}") a view but has no rule for "${endpoint}"; ` +
            `add one with addUrlRule(rule, { endpoint: "${endpoint}" }) before registerBlueprint(), or check the name.`,
        );
      }
    }
  }

  protected handleEndpoint(endpoint: string): { endpoint: string; registered: boolean } {
    return { endpoint: `${this.name}.${endpoint}`, registered: false };
  }

  protected override handleRule(rule: string): string {
    return joinRule(this.urlPrefix, rule);
  }

  /** Nests `child` under this blueprint: endpoints become `"this.child.view"`. */
  registerBlueprint(child: Blueprint, options: RegisterOptions = {}): void {
    if (child === this) throw new FlagonError("FLAGON_BLUEPRINT_SELF", `Blueprint "${this.name}" cannot be registered on itself.`);
    this.#children.push({ blueprint: child, options });
  }

  /** Adds every route, hook scope and nested blueprint to `target` (called by the app). */
  registerOn(target: BlueprintTarget, options: RegisterOptions, parentName?: string, parentPrefix?: string): void {
    this.#checkEndpointViews();
    const localName = options.name ?? this.name;
    // As the constructor's: an empty name would make endpoints like ".index".
    if (localName === "" || localName.includes(".")) {
      throw new FlagonError("FLAGON_BLUEPRINT_NAME", `registerBlueprint(..., { name: ${JSON.stringify(localName)} }): a name must be non-empty and may not contain a dot.`);
    }
    this.#registeredOnce = true;
    const name = parentName === undefined ? localName : `${parentName}.${localName}`;
    if (options.urlPrefix !== undefined && this.urlPrefix !== undefined) this.#checkPrefix(options.urlPrefix);
    const ownPrefix = options.urlPrefix ?? this.urlPrefix;
    const prefix = parentPrefix === undefined ? ownPrefix : ownPrefix === undefined ? parentPrefix : joinRule(parentPrefix, ownPrefix);
    target.addBlueprintScope(name, this);
    // As Flask's record_once: registered twice (under two names), its app-wide additions are made once.
    if (!this.#setUp.has(target)) {
      this.#setUp.add(target);
      for (const apply of this.#appSetup) apply(target);
    }
    if (this.staticFolder !== undefined) {
      // As Flask: the URL path defaults to the folder's own name ("/static" for "static").
      const urlPath = this.staticUrlPath ?? `/${this.staticFolder.replace(/[\\/]+$/, "").split(/[\\/]/).pop() ?? ""}`;
      const rule = joinRule(prefix, `${urlPath.replace(/\/+$/, "")}/<path:filename>`);
      target.addBlueprintStatic(name, rule, this.staticFolder, this.root);
    }
    for (const record of this.#routes) {
      const endpoint = `${name}.${record.options.endpoint ?? ""}`;
      target.addBlueprintRoute(record, name, joinRule(prefix, record.rule), endpoint);
    }
    for (const { endpoint, view } of this.#endpointViews) target.addBlueprintEndpointView(`${name}.${endpoint}`, view, name);
    for (const { blueprint, options: childOptions } of this.#children) {
      blueprint.registerOn(target, childOptions, name, prefix);
    }
  }
}
