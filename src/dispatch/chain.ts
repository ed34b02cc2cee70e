/**
 * The hooks and error scopes a request meets, by the blueprint its endpoint belongs to: built
 * once per blueprint and kept until a hook or handler is registered anywhere.
 */
import { HTTPException } from "../http/exceptions.js";
import {
  type AfterRequestHook, type BeforeRequestHook, type ErrorClass, type ErrorHandler, type Scaffold, type TeardownHook,
  type UrlDefaultsFunction, type UrlValuePreprocessor, currentSetupVersion,
} from "../scaffold.js";

/** Hooks and error scopes for one blueprint path, in the order they run. */
export interface Chain {
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

/** The chains of one app, by blueprint name (`undefined`: the app's own routes). */
export class Chains {
  readonly #app: Scaffold;
  readonly #blueprints: ReadonlyMap<string, Scaffold>;
  readonly #byBlueprint = new Map<string, Chain>();
  #root: Chain | undefined = undefined;
  #version = -1;

  constructor(app: Scaffold, blueprints: ReadonlyMap<string, Scaffold>) {
    this.#app = app;
    this.#blueprints = blueprints;
  }

  /** The chain of requests whose endpoint belongs to `blueprint`. */
  of(blueprint: string | undefined): Chain {
    const version = currentSetupVersion();
    if (this.#version !== version) this.forget(version);
    if (blueprint === undefined) return (this.#root ??= this.#build(undefined));
    let chain = this.#byBlueprint.get(blueprint);
    if (chain === undefined) this.#byBlueprint.set(blueprint, (chain = this.#build(blueprint)));
    return chain;
  }

  /** Drops every chain: a blueprint was registered, or (with a version) a hook or handler. */
  forget(version = -1): void {
    this.#byBlueprint.clear();
    this.#root = undefined;
    this.#version = version;
  }

  #build(blueprint: string | undefined): Chain {
    // Innermost first: "a.b.c" → scopes of "a.b.c", "a.b", "a", then the app.
    const scopes: Scaffold[] = [];
    if (blueprint !== undefined) {
      const parts = blueprint.split(".");
      for (let n = parts.length; n > 0; n--) {
        const scope = this.#blueprints.get(parts.slice(0, n).join("."));
        if (scope !== undefined) scopes.push(scope);
      }
    }
    scopes.push(this.#app);
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
}

/** As Flask: handlers by status first (innermost blueprint outwards), then by class along the prototype chain. */
export function findHandler(chain: Chain, status: number | undefined, error: unknown): ErrorHandler<never> | undefined {
  const scopes = chain.scopes;
  if (status !== undefined) {
    for (const scope of scopes) {
      // As Flask, a handler for a subclass with this status (`UserNotFound extends NotFound`)
      // belongs with the status's handlers, and is more specific than the status's own.
      const handler = (scope.errorHandlersByClass.size === 0 ? undefined : handlerForStatusClass(scope, status, error)) ?? scope.errorHandlersByStatus.get(status);
      if (handler !== undefined) return handler;
    }
  }
  if (error === null || typeof error !== "object") return undefined;
  return handlerForClass(chain, Object.getPrototypeOf(error) as object | null);
}

/** The handler of `scope` for the class of `error` or one it extends, among classes of `status` below HTTPException itself. */
function handlerForStatusClass(scope: Scaffold, status: number, error: unknown): ErrorHandler<never> | undefined {
  if (error === null || typeof error !== "object") return undefined;
  for (let proto = Object.getPrototypeOf(error) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
    const kind = (proto as { constructor: ErrorClass & { status?: unknown } }).constructor;
    if (kind === HTTPException || kind.status !== status) return undefined;
    const handler = scope.errorHandlersByClass.get(kind);
    if (handler !== undefined) return handler;
  }
  return undefined;
}

/** The handler registered for the class of `prototype` or one it extends, innermost scope first. */
export function handlerForClass(chain: Chain, prototype: object | null): ErrorHandler<never> | undefined {
  for (const scope of chain.scopes) {
    if (scope.errorHandlersByClass.size === 0) continue;
    for (let proto = prototype; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
      const handler = scope.errorHandlersByClass.get((proto as { constructor: ErrorClass }).constructor);
      if (handler !== undefined) return handler;
    }
  }
  return undefined;
}
