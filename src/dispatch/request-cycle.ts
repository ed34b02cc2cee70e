/**
 * A request's way through the app once routing found its view: session and body loading, URL
 * value preprocessors, before-request hooks, the view, error handlers, after-request hooks,
 * the session cookie and teardown, in Flask's order. Synchronous when nothing needs to wait,
 * so an adapter can write a plain reply without a Promise.
 */
import { callWith, isGeneratorBody, runInContext, streamInRequest } from "../context.js";
import type { Config } from "../config.js";
import type { BodyLimits } from "../http/body.js";
import { BadRequest, HTTPException, InternalServerError, MethodNotAllowed, NotFound } from "../http/exceptions.js";
import type { FlagonRequest } from "../http/request.js";
import { FlagonResponse, HTML, escapeHtml, fromWebResponse, redirect, toResponse } from "../http/response.js";
import type { RequestLogger } from "../logging.js";
import type { Resolution, Router } from "../routing/index.js";
import { type AfterRequestHook, type BeforeRequestHook, type ErrorHandler, type TeardownHook, type UrlValuePreprocessor, type View, describeFunction } from "../scaffold.js";
import { isKey, loadSession, saveSession, sessionNeedsSave } from "../sessions/cookie-session.js";
import type { Session } from "../sessions/session.js";
import { FlagonError } from "../routing/index.js";
import { type Chain, findHandler, handlerForClass } from "./chain.js";
import { errorPage, errorPageFor } from "./error-page.js";

/** A registered view as the router hands it back. */
export interface ViewEntry {
  readonly view: View<never>;
  readonly endpoint: string;
  readonly blueprint: string | undefined;
  isAsync: boolean;
}

/** What the cycle reads of the app it runs for. */
export interface CycleHost {
  readonly config: Config;
  readonly router: Router;
  readonly logger: RequestLogger;
  readonly debugErrorPage: ((error: unknown, request: FlagonRequest) => FlagonResponse) | undefined;
}

/** Raised when a URL value preprocessor removes a value its rule gives the view. */
export class UrlValueRemovedError extends FlagonError {
  constructor(fn: { name: string }, name: string, endpoint: string, rule: string) {
    super(
      "FLAGON_URL_VALUE_REMOVED",
      `The URL value preprocessor ${describeFunction(fn)} removed '${name}' from the values of "${endpoint}" (rule "${rule}"). ` +
        `The view's params are typed from its rule and include '${name}': read it instead (values["${name}"]) and leave it in place.`,
    );
  }
}

const START = -1;
const NEXT_IS_VIEW = Number.MAX_SAFE_INTEGER;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";
}

/** What an after-request hook gave back: a flagon or a web `Response` replaces the response; anything else keeps it. */
function afterHookResult(out: unknown, current: FlagonResponse): FlagonResponse {
  if (out instanceof FlagonResponse) return out;
  return out instanceof Response ? fromWebResponse(out) : current;
}

/** True when two errors are the same failure repeated (same class and message). */
function sameFailure(a: unknown, b: unknown): boolean {
  return a instanceof Error && b instanceof Error && a.constructor === b.constructor && a.message === b.message;
}

/**
 * The error a request ended on without any handler taking it (its 500): what teardown hooks
 * receive, as in Flask, where a handled error or an HTTP error page leaves them `undefined`.
 */
const unhandled = new WeakMap<FlagonRequest, unknown>();

export class RequestCycle {
  readonly #app: CycleHost;

  constructor(app: CycleHost) {
    this.#app = app;
  }

  /** Runs the request matched as `match` (whose view is `entry`) through `chain`. */
  run(request: FlagonRequest, match: Resolution, entry: ViewEntry | undefined, chain: Chain): FlagonResponse | Promise<FlagonResponse> {
    if (chain.async || entry?.isAsync === true) {
      return runInContext(request, () => this.#runAsync(request, match, entry, chain, START, undefined));
    }
    if (request.hasBody || this.#hasSessionCookie(request)) {
      return this.#runAsync(request, match, entry, chain, START, undefined);
    }
    return this.#runSync(request, match, entry, chain);
  }

  /**
   * Reads the session from its cookie and the body, within the app's limits, before any hook
   * runs; undefined when there is neither, so the caller need not wait a turn of the microtask queue.
   */
  load(request: FlagonRequest): Promise<void> | undefined {
    const hasSession = this.#hasSessionCookie(request);
    return hasSession || request.hasBody ? this.#load(request, hasSession) : undefined;
  }

  async #load(request: FlagonRequest, hasSession: boolean): Promise<void> {
    if (hasSession) request.session = await loadSession(request.cookies[this.#app.config.SESSION_COOKIE_NAME], this.#app.config);
    if (request.hasBody) await request.loadBody(this.#limits());
  }

  /** Turns an error into a response (error handlers, then the default page), then finalizes it. */
  fail(request: FlagonRequest, chain: Chain, error: unknown): FlagonResponse | Promise<FlagonResponse> {
    // An HTTP error nobody handles gets the default page without a Promise: a plain 404 answered
    // synchronously went from 0.81× to about 0.86× raw node:http (bench/http notFound and wrk by hand, 2026-11-24).
    if (error instanceof HTTPException && error.response === undefined && findHandler(chain, error.status, error) === undefined) {
      return this.#finalize(request, chain, errorPageFor(request, error), undefined, true);
    }
    return this.#failAsync(request, chain, error);
  }

  #hasSessionCookie(request: FlagonRequest): boolean {
    // Without a key no session is read, as in Flask, whose session interface opens none then.
    if (!isKey(this.#app.config.SECRET_KEY)) return false;
    const cookie = request.header("cookie");
    return cookie !== undefined && cookie.includes(`${this.#app.config.SESSION_COOKIE_NAME}=`);
  }

  #limits(): BodyLimits {
    const c = this.#app.config;
    return { maxContentLength: c.MAX_CONTENT_LENGTH, maxFormMemorySize: c.MAX_FORM_MEMORY_SIZE, maxFormParts: c.MAX_FORM_PARTS };
  }

  /** The request's hooks and view, as long as none of them returns a promise; the rest by `#runAsync`. */
  #runSync(request: FlagonRequest, match: Resolution, entry: ViewEntry | undefined, chain: Chain): FlagonResponse | Promise<FlagonResponse> {
    let value: unknown = undefined;
    try {
      // One field check where no preprocessor is registered: handle() of a JSON route took a median
      // 565 ns before they were added and 580 ns after, inside the ±10 % spread of 8 alternating
      // runs each on a shared machine (micro-benchmark, 2026-12-07).
      if (chain.preprocess !== undefined && match.kind === "match") this.#preprocess(request, match, chain.preprocess);
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
          const page = errorPage(request, NotFound.status, NotFound.description);
          return this.#finalize(request, chain, page, undefined, true);
        }
        value = this.#runView(request, match, entry);
        if (value instanceof HTTPException && match.kind !== "match") return this.fail(request, chain, value);
        if (isThenable(value)) {
          // A plain function returned a promise: from now on give it AsyncLocalStorage like an async function.
          if (entry !== undefined) entry.isAsync = true;
          return this.#runAsync(request, match, entry, chain, NEXT_IS_VIEW, value);
        }
      }
    } catch (error) {
      return this.fail(request, chain, error);
    }
    return this.#finish(request, chain, value);
  }

  /**
   * The request from step `next` on, once something in it is async. Only what is pending is
   * awaited: an `await` of a plain value still costs a turn of the microtask queue, and a JSON
   * echo took five of them where two carry a promise (bench/http echo, 2026-11-25).
   */
  async #runAsync(
    request: FlagonRequest, match: Resolution, entry: ViewEntry | undefined, chain: Chain, next: number, pending: unknown,
  ): Promise<FlagonResponse> {
    let value: unknown;
    try {
      if (next === START) {
        const loading = this.load(request);
        if (loading !== undefined) await loading;
        if (chain.preprocess !== undefined && match.kind === "match") this.#preprocess(request, match, chain.preprocess);
        next = 0;
      }
      value = isThenable(pending) ? await pending : pending;
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
    } catch (error) {
      return this.fail(request, chain, error);
    }
    return this.#finish(request, chain, value);
  }

  /**
   * Makes the view's value a response and finalizes it. As Flask, what fails here (a value that
   * is no response, an after-request hook, the session save) is past the error handlers by
   * class or status: it is the request's 500, whose handler receives it as `originalError`.
   */
  #finish(request: FlagonRequest, chain: Chain, value: unknown): FlagonResponse | Promise<FlagonResponse> {
    let finalized: FlagonResponse | Promise<FlagonResponse>;
    try {
      finalized = this.#finalize(request, chain, this.#toResponse(request, value, request.endpoint ?? "unknown"), undefined, false);
    } catch (error) {
      return this.#failUncaught(request, chain, error);
    }
    return finalized instanceof FlagonResponse ? finalized : finalized.then(undefined, (error: unknown) => this.#failUncaught(request, chain, error));
  }

  async #failUncaught(request: FlagonRequest, chain: Chain, error: unknown): Promise<FlagonResponse> {
    const response = await this.#handleUncaught(request, chain, error);
    return this.#finalize(request, chain, response, unhandled.get(request), true);
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
          response.headers.set("allow", this.#app.router.allowedMethods(request.rawPath).join(", "));
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
        this.#app.logger.error(hookError, { method: request.method, path: request.rawPath });
        continue;
      }
      if (isThenable(out)) {
        chain.async = true;
        return this.#finalizeAsync(request, chain, after, current, error, fromErrorHandler, i, out);
      }
      current = afterHookResult(out, current);
    }
    const session = request.session;
    if (session !== undefined && sessionNeedsSave(session, this.#app.config)) {
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
        this.#app.logger.error(hookError, { method: request.method, path: request.rawPath });
      }
    }
    const session = request.session;
    if (session !== undefined && sessionNeedsSave(session, this.#app.config)) {
      return this.#saveAndTeardown(request, chain, current, error, fromErrorHandler);
    }
    return this.#teardown(request, chain, current, error);
  }

  async #saveAndTeardown(request: FlagonRequest, chain: Chain, response: FlagonResponse, error: unknown, fromErrorHandler: boolean): Promise<FlagonResponse> {
    try {
      await saveSession(request.session as Session, response, this.#app.config);
    } catch (saveError) {
      if (!fromErrorHandler) throw saveError;
      // The same save failing again on the error response (a session too large) was logged already.
      if (!sameFailure(saveError, error)) this.#app.logger.error(saveError, { method: request.method, path: request.rawPath });
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
          (pending ??= []).push(Promise.resolve(out).catch((e: unknown) => this.#app.logger.error(e, { method: request.method, path: request.rawPath })));
        }
      } catch (hookError) {
        this.#app.logger.error(hookError, { method: request.method, path: request.rawPath });
      }
    }
    return pending === undefined ? response : Promise.all(pending).then(() => response);
  }

  async #failAsync(request: FlagonRequest, chain: Chain, error: unknown): Promise<FlagonResponse> {
    const response = await this.#handleError(request, chain, error);
    return this.#finalize(request, chain, response, unhandled.get(request), true);
  }

  async #handleError(request: FlagonRequest, chain: Chain, error: unknown): Promise<FlagonResponse> {
    if (error instanceof HTTPException) {
      if (error.response !== undefined) return this.#toResponse(request, error.response, request.endpoint ?? "abort");
      const handler = findHandler(chain, error.status, error);
      if (handler === undefined) return errorPageFor(request, error);
      try {
        return this.#toResponse(request, await this.#callHandler(request, chain, handler, error), `error handler for ${error.status}`);
      } catch (handlerError) {
        return this.#handleUncaught(request, chain, handlerError);
      }
    }
    const handler = findHandler(chain, undefined, error);
    if (handler !== undefined) {
      try {
        return this.#toResponse(request, await this.#callHandler(request, chain, handler, error), `error handler for ${(error as Error).name}`);
      } catch (handlerError) {
        // As Flask, whatever an error handler throws, an abort() included, is the request's 500.
        return this.#handleUncaught(request, chain, handlerError);
      }
    }
    return this.#handleUncaught(request, chain, error);
  }

  async #handleUncaught(request: FlagonRequest, chain: Chain, error: unknown): Promise<FlagonResponse> {
    // As Flask: unset, it follows TESTING. Not DEBUG, whose error page is flagon's own, not a server's.
    if (this.#app.config.PROPAGATE_EXCEPTIONS ?? this.#app.config.TESTING) throw error;
    unhandled.set(request, error);
    this.#app.logger.error(error, { method: request.method, path: request.rawPath });
    const wrapped = new InternalServerError(undefined, { originalError: error, cause: error });
    const handler = findHandler(chain, 500, wrapped);
    if (handler !== undefined) {
      try {
        return this.#toResponse(request, await this.#callHandler(request, chain, handler, wrapped), "error handler for 500");
      } catch (handlerError) {
        this.#app.logger.error(handlerError, { method: request.method, path: request.rawPath });
      }
    }
    if (this.#app.config.DEBUG) {
      if (this.#app.debugErrorPage !== undefined) return this.#app.debugErrorPage(error, request);
      const detail = error instanceof Error ? (error.stack ?? String(error)) : String(error);
      return new FlagonResponse(
        `<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>${escapeHtml(error instanceof Error ? `${error.name}: ${error.message}` : "Internal Server Error")}</h1>\n<pre>${escapeHtml(detail)}</pre>\n`,
        500, undefined, HTML,
      );
    }
    return errorPageFor(request, wrapped);
  }

  /**
   * `toResponse` with the app's `JSON_SORT_KEYS`. As Werkzeug, an `HTTPException` given as a
   * value is its error page, not the JSON of its fields: Flask's docs pass HTTP errors through a
   * generic handler with `return e`.
   */
  #toResponse(request: FlagonRequest, value: unknown, endpoint: string): FlagonResponse {
    if (typeof value === "object" && value instanceof HTTPException) {
      return value.response === undefined ? errorPageFor(request, value) : this.#toResponse(request, value.response, endpoint);
    }
    const response = toResponse(value, endpoint, this.#app.config.JSON_SORT_KEYS);
    if (isGeneratorBody(response.body)) response.body = streamInRequest(response.body, request);
    return response;
  }

  #callHandler(request: FlagonRequest, chain: Chain, handler: ErrorHandler<never>, error: unknown): unknown {
    const out = callWith(request, handler, error as never, request);
    if (isThenable(out)) chain.async = true;
    return out;
  }

  /**
   * Whether a URL that matched nothing can be answered without making its `NotFound`: when no
   * error handler would take it and no teardown hook would receive it. Constructing an `Error`
   * costs about 0.4 µs even without a stack (micro-benchmark, 2026-11-25), a few percent of a 404.
   */
  #nobodySeesNotFound(chain: Chain): boolean {
    return findHandler(chain, NotFound.status, undefined) === undefined && handlerForClass(chain, NotFound.prototype) === undefined;
  }
}
