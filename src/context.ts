/**
 * Flask's context locals: `request`, `session`, `g`, `currentApp`, `urlFor`
 * and `afterThisRequest` read the request being handled. The handler's second argument is the zero-cost way;
 * these proxies exist so code ported from Flask reads the same.
 *
 * Two stores back them. Synchronous user code (hooks, views, handlers) is
 * called with the request in a module variable: no AsyncLocalStorage.run per
 * request, and on Node 20 no promise hooks switched on for the whole process.
 * When an `async` view or hook is registered the app runs the request inside
 * AsyncLocalStorage so code after an `await` still finds it.
 */
import { AsyncLocalStorage } from "./_async-local.js";
import type { FlagonRequest } from "./http/request.js";
import { FlagonError } from "./routing/index.js";
import type { Session } from "./sessions/session.js";
import type { AfterRequestHook, RouteHandle, UrlForValues } from "./scaffold.js";
import type { Flagon } from "./app.js";
import type { Globals } from "./index.js";

let current: FlagonRequest | undefined;
const storage = new AsyncLocalStorage<FlagonRequest>();

/** The request being handled, or undefined outside a request. */
export function currentRequest(): FlagonRequest | undefined {
  return current ?? storage.getStore();
}

/** Calls `fn(a, b)` with `request` as the current request; no closure, so the hot path allocates nothing. */
export function callWith<A, B, R>(request: FlagonRequest, fn: (a: A, b: B) => R, a: A, b: B): R {
  const previous = current;
  current = request;
  try {
    return fn(a, b);
  } finally {
    current = previous;
  }
}

/** Runs `fn` inside AsyncLocalStorage so the request survives `await`s in user code. */
export function runInContext<R>(request: FlagonRequest, fn: () => R): R {
  return storage.run(request, fn);
}

type Chunks = AsyncGenerator<Uint8Array | string, unknown, undefined>;

/** Whether a response body is a generator's, whose code runs only as the body is sent. */
export function isGeneratorBody(body: unknown): body is Chunks {
  return typeof body === "object" && body !== null && !(body instanceof Uint8Array) && Object.prototype.toString.call(body) === "[object AsyncGenerator]";
}

/**
 * A generator body whose every step runs with `request` current: its code runs after the view
 * returned, as the adapter sends it, where Flask needs `stream_with_context` for `request` to
 * work. Inside AsyncLocalStorage when the request is (an async view), so code after an `await`
 * in the generator finds it too; else in the module variable, which costs nothing per step.
 */
export function streamInRequest(body: Chunks, request: FlagonRequest): AsyncIterable<Uint8Array | string> {
  const step =
    storage.getStore() === request
      ? <R>(fn: () => R): R => storage.run(request, fn)
      : <R>(fn: () => R): R => callWith(request, fn, undefined, undefined);
  const steps: AsyncIterator<Uint8Array | string> = {
    next: () => step(() => body.next()),
    return: (value?: unknown) => step(() => body.return(value)),
    throw: (error?: unknown) => step(() => body.throw(error)),
  };
  return { [Symbol.asyncIterator]: () => steps };
}

/** Raised when a context local is read outside a request. */
export class OutsideRequestError extends FlagonError {
  constructor(name: string, instead = "Use the handler's second argument, or run this code from a view, hook or error handler.") {
    super(
      "FLAGON_OUTSIDE_REQUEST",
      `Working outside of request context: \`${name}\` was read while no request is being handled. ${instead} ` +
        `After an \`await\`, declare that view, hook or handler \`async\`: a plain function that returns a promise ` +
        `runs inside AsyncLocalStorage only from its second call on.`,
    );
  }
}

function requireRequest(name: string): FlagonRequest {
  const request = current ?? storage.getStore();
  if (request === undefined) throw new OutsideRequestError(name);
  return request;
}

function proxyOf<T extends object>(name: string, resolve: () => T): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const target = resolve();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set(_target, key, value) {
      return Reflect.set(resolve(), key, value);
    },
    has(_target, key) {
      return Reflect.has(resolve(), key);
    },
    deleteProperty(_target, key) {
      return Reflect.deleteProperty(resolve(), key);
    },
    ownKeys() {
      return Reflect.ownKeys(resolve());
    },
    getOwnPropertyDescriptor(_target, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(resolve(), key);
      if (descriptor !== undefined) descriptor.configurable = true;
      return descriptor;
    },
    getPrototypeOf() {
      return Reflect.getPrototypeOf(resolve());
    },
  });
}

/** The current request (Flask's `request`). */
export const request: FlagonRequest = proxyOf("request", () => requireRequest("request"));

/** The current session (Flask's `session`). */
export const session: Session = proxyOf("session", () => {
  const req = requireRequest("session");
  if (req.binding === undefined) throw new OutsideRequestError("session");
  return req.binding.sessionOf(req);
});

/**
 * The app handling the current request (Flask's `current_app`): its config,
 * logger and urlFor, from a module that cannot import the app.
 * @example currentApp.config["SECRET_KEY"]
 */
export const currentApp: Flagon = proxyOf("currentApp", () => {
  const binding = requireRequest("currentApp").binding;
  if (binding === undefined) throw new OutsideRequestError("currentApp");
  return binding as unknown as Flagon;
});

/**
 * Runs `fn` on this request's response, before the after-request hooks
 * (Flask's `after_this_request`): a view can change the response it did not make.
 * @example afterThisRequest((response) => { response.setCookie("seen", "1"); return response; });
 */
export function afterThisRequest<F extends AfterRequestHook>(fn: F): F {
  (requireRequest("afterThisRequest").afterThisRequestFuncs ??= []).push(fn);
  return fn;
}

/** A plain object for the current request (Flask's `g`). */
export const g: Globals & Record<string, unknown> = proxyOf("g", () => requireRequest("g").g);

/**
 * The URL of an endpoint or route handle in the current request's app;
 * `".name"` is relative to the current blueprint.
 * @example urlFor("show_post", { post_id: 7 }) // "/post/7"
 */
export function urlFor<T extends RouteHandle | string>(target: T, ...values: UrlForValues<T>): string {
  const req = current ?? storage.getStore();
  // Outside a request Flask asks for an app context; flagon's app builds URLs itself.
  if (req?.binding === undefined) throw new OutsideRequestError("urlFor", "Outside a request, build with the app: `app.urlFor(...)`.");
  return req.binding.buildUrl(target, values[0] ?? {}, req);
}
