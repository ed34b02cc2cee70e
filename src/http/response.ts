/**
 * FlagonResponse and the helpers that make one (jsonify, makeResponse,
 * redirect), plus the conversion of a view's return value into a response.
 */
import { currentRequest } from "../context.js";
import { FlagonError } from "../routing/index.js";
import { type CookieOptions, serializeCookie } from "./cookies.js";

/** What a response body may be. */
export type ResponseBody = string | Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | null;

/** Anything a view, a hook or an error handler may return. */
export type ResponseValue =
  | string
  | FlagonResponse
  | Response
  | Uint8Array
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | Iterator<Uint8Array | string>
  | readonly unknown[]
  | { readonly [key: string]: unknown };

export const HTML = "text/html; charset=utf-8";
export const JSON_TYPE = "application/json";
const OCTETS = "application/octet-stream";

/**
 * A response being built: status, web `Headers`, body and cookie helpers.
 * Headers are created on first use so a plain string or JSON reply costs one object.
 */
export class FlagonResponse {
  status: number;
  body: ResponseBody;
  #contentType: string | undefined;
  #headers: Headers | undefined;

  constructor(body: ResponseBody = null, status = 200, headers?: HeadersInit, contentType?: string) {
    this.body = body;
    this.status = status;
    this.#contentType = contentType;
    if (headers !== undefined) {
      this.#headers = new Headers(headers);
      if (contentType !== undefined && !this.#headers.has("content-type")) this.#headers.set("content-type", contentType);
    }
  }

  /** The response headers (a web `Headers`). */
  get headers(): Headers {
    if (this.#headers === undefined) {
      this.#headers = new Headers();
      if (this.#contentType !== undefined) this.#headers.set("content-type", this.#contentType);
    }
    return this.#headers;
  }

  /** True once anything but the content type was touched; adapters take a faster path otherwise. */
  get hasHeaders(): boolean {
    return this.#headers !== undefined;
  }

  /** The `Content-Type`, read without creating the headers. */
  get contentType(): string | undefined {
    return this.#headers === undefined ? this.#contentType : (this.#headers.get("content-type") ?? undefined);
  }

  set contentType(value: string | undefined) {
    if (this.#headers === undefined) this.#contentType = value;
    else if (value === undefined) this.#headers.delete("content-type");
    else this.#headers.set("content-type", value);
  }

  /** Adds a `Set-Cookie` header; `maxAge` in seconds. */
  setCookie(name: string, value: string, options?: CookieOptions): this {
    this.headers.append("set-cookie", serializeCookie(name, value, options));
    return this;
  }

  /** Tells the browser to drop a cookie (same `path`/`domain` as when set). */
  deleteCookie(name: string, options: Pick<CookieOptions, "path" | "domain" | "secure" | "httpOnly" | "sameSite"> = {}): this {
    return this.setCookie(name, "", { ...options, expires: new Date(0), maxAge: 0 });
  }

  /**
   * The web-standard `Response` with the same status, headers and body. `onLateError` receives
   * what a streamed body throws once its reader cancelled it (see `iterableToStream`).
   */
  toWebResponse(withoutBody = false, onLateError?: (error: unknown) => void): Response {
    const status = this.status;
    // A web Response refuses any body, even "", for these statuses: `return makeResponse("", 204)` would throw.
    const noContent = forbidsContent(status);
    const body = withoutBody || noContent || this.body === null ? null : toBodyInit(this.body, onLateError);
    if (body === null) discardBody(this.body);
    const headers = this.#headers ?? (this.#contentType === undefined ? undefined : { "content-type": this.#contentType });
    const response = new Response(body, headers === undefined ? { status } : { status, headers });
    if (noContent) {
      if (status !== 304) response.headers.delete("content-length");
      return response;
    }
    // A body known whole (text, bytes or none) states its length, as the node server's reply does, so the
    // test client and app.fetch show the same headers; a HEAD answer says how long the GET's body is.
    if (!response.headers.has("content-length")) {
      const body = this.body;
      const known = typeof body === "string" ? utf8Length(body) : body instanceof Uint8Array ? body.byteLength : body === null ? 0 : undefined;
      if (known !== undefined) response.headers.set("content-length", String(known));
    }
    return response;
  }
}

/**
 * True for the statuses whose responses never carry content (RFC 9110: 1xx, 204, 205, 304). As
 * Werkzeug, a body given with one is not sent, and only a 304 may keep a Content-Length, which
 * describes the representation it stands for (RFC 9110, section 8.6).
 */
export function forbidsContent(status: number): boolean {
  return status === 204 || status === 304 || status === 205 || (status >= 100 && status < 200);
}

/**
 * Releases a body that will not be sent: a web stream is cancelled, a node stream (an async
 * iterable that may hold an open file from the moment it was made) destroyed. A generator not
 * yet started has run none of its code and holds nothing.
 */
export function discardBody(body: ResponseBody): void {
  if (body instanceof ReadableStream) {
    if (!body.locked) void body.cancel().catch(() => undefined);
  } else if (body !== null && typeof body === "object" && "destroy" in body && typeof body.destroy === "function") {
    // Not through its iterator: node's is a generator that, returned before its first next(), never reaches the destroy in its finally.
    (body as { destroy(): void }).destroy();
  }
}

const encoder = new TextEncoder();

function utf8Length(text: string): number {
  return encoder.encode(text).byteLength;
}

function toBodyInit(body: Exclude<ResponseBody, null>, onLateError: ((error: unknown) => void) | undefined): BodyInit {
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return body as Uint8Array<ArrayBuffer>;
  // A web stream too, so its chunks are checked and its strings encoded as over node.
  return iterableToStream(body as AsyncIterable<Uint8Array | string>, onLateError);
}

/**
 * Wraps an async iterable (a web `ReadableStream` is one) in a ReadableStream of bytes,
 * encoding strings as UTF-8 and failing on any other chunk. Once the reader cancelled (the
 * client left), the stream has no one left to fail: what the iterable throws from then on, in a
 * generator's `finally` as it is closed or from a `next()` still under way, goes to
 * `onLateError`. Without one, cancelling rejects with an error of its cleanup.
 */
export function iterableToStream(source: AsyncIterable<Uint8Array | string>, onLateError?: (error: unknown) => void): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<Uint8Array | string> | undefined;
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      iterator ??= source[Symbol.asyncIterator]();
      let next: IteratorResult<Uint8Array | string>;
      try {
        next = await iterator.next();
      } catch (error) {
        if (!cancelled || onLateError === undefined) throw error;
        onLateError(error);
        return;
      }
      if (cancelled) return;
      if (next.done === true) {
        controller.close();
        return;
      }
      const chunk: unknown = next.value;
      if (typeof chunk === "string") controller.enqueue(encoder.encode(chunk));
      else if (chunk instanceof Uint8Array) controller.enqueue(chunk);
      else {
        // Node's stream reads a null chunk as the end and would send the body cut short as complete.
        // The iterator is closed first so its finally blocks run.
        await iterator.return?.();
        throw new TypeError(`A streamed response body yielded ${chunk === null ? "null" : typeof chunk}; yield strings or Uint8Array chunks.`);
      }
    },
    async cancel() {
      cancelled = true;
      try {
        await iterator?.return?.();
      } catch (error) {
        if (onLateError === undefined) throw error;
        onLateError(error);
      }
    },
  });
}

/**
 * A JSON response (`application/json`, unless `headers` name another `Content-Type`). The
 * headers are Flask's third item of a view's tuple: `return jsonify(data), 201, {"Location": url}`.
 * @example return jsonify(todo, 201, { Location: urlFor(showTodo, { todo_id: todo.id }) });
 */
export function jsonify(value: unknown, status = 200, headers?: HeadersInit): FlagonResponse {
  return new FlagonResponse(jsonText(value ?? null, sortsKeys()), status, headers, JSON_TYPE);
}

/** Whether the app handling the current request sorts JSON keys (`JSON_SORT_KEYS`). */
function sortsKeys(): boolean {
  return currentRequest()?.binding?.config?.JSON_SORT_KEYS === true;
}

/** `value` as JSON; with `sortKeys`, every object's keys in sorted order, as Flask's `JSON_SORT_KEYS`. */
function jsonText(value: unknown, sortKeys: boolean): string {
  if (!sortKeys) return JSON.stringify(value);
  // One sorted copy per object: a cycle then meets the same copy again, and JSON.stringify
  // reports it ("Converting circular structure to JSON") instead of copying without end.
  const copies = new WeakMap<object, Record<string, unknown>>();
  return JSON.stringify(value, (_key: string, item: unknown) => withSortedKeys(item, copies));
}

function withSortedKeys(value: unknown, copies: WeakMap<object, Record<string, unknown>>): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  let sorted = copies.get(value);
  if (sorted !== undefined) return sorted;
  // Without a prototype, a "__proto__" key is kept as a key, as JSON.parse made it.
  sorted = Object.create(null) as Record<string, unknown>;
  copies.set(value, sorted);
  for (const key of Object.keys(value).sort()) sorted[key] = (value as Record<string, unknown>)[key];
  return sorted;
}

/**
 * Turns anything a view may return into a response, then applies `status` and `headers`.
 * @example makeResponse("Oops! That page does not exist.", 404)
 */
export function makeResponse(value: ResponseValue = "", status?: number, headers?: HeadersInit): FlagonResponse {
  // As a view's return value: an object's JSON sorts its keys where the app says so, as Flask's make_response.
  const response = toResponse(value, "makeResponse()", sortsKeys());
  if (status !== undefined) response.status = status;
  if (headers !== undefined) {
    for (const [name, headerValue] of new Headers(headers)) response.headers.set(name, headerValue);
  }
  return response;
}

/** Raised when a redirect target could split the response headers. */
export class UnsafeRedirectError extends FlagonError {
  constructor(location: string) {
    super("FLAGON_UNSAFE_REDIRECT", `redirect(${JSON.stringify(location)}): a location must not contain CR or LF; encode it first (urlFor() does).`);
  }
}

/**
 * A redirect to `location` (sent as given, but for characters outside ASCII and control
 * characters, which are percent-encoded as UTF-8, as Werkzeug's `iri_to_uri` does: a header
 * carries bytes, and node refuses control characters in one) with a short HTML body.
 * @example return redirect(urlFor("home"));
 */
export function redirect(location: string, status = 302): FlagonResponse {
  if (/[\r\n]/.test(location)) throw new UnsafeRedirectError(location);
  location = location.toWellFormed().replace(/[^\x20-\x7e]+/g, encodeURIComponent);
  const escaped = escapeHtml(location);
  const html =
    "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n" +
    `<p>You should be redirected automatically to the target URL: <a href="${escaped}">${escaped}</a>. If not, click the link.\n`;
  const response = new FlagonResponse(html, status, undefined, HTML);
  response.headers.set("location", location);
  return response;
}

/**
 * A redirect to `target` only when it is a path on this site (for `?next=`
 * parameters); anything else (other hosts, `//host`, `/\\host`, schemes,
 * control characters) redirects to `fallback`.
 * @example return safeRedirect(request.args.get("next"), urlFor("home"));
 */
export function safeRedirect(target: string | null | undefined, fallback = "/", status = 302): FlagonResponse {
  return redirect(isLocalPath(target) ? target : fallback, status);
}

function isLocalPath(target: string | null | undefined): target is string {
  if (typeof target !== "string" || !target.startsWith("/")) return false;
  const second = target.charAt(1);
  if (second === "/" || second === "\\") return false;
  return !/[\x00-\x1f\x7f]/.test(target);
}

/** Escapes `& < > " '` for HTML text and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
}

/** Raised when a view returns `undefined` or `null`. */
export class NoResponseError extends FlagonError {
  constructor(endpoint: string) {
    super(
      "FLAGON_NO_RESPONSE",
      `The view function for "${endpoint}" did not return a valid response: it returned nothing. Return a string, an object, a Response or a stream.`,
    );
  }
}

/** Converts a view's return value into a FlagonResponse (see the table in the API docs). */
export function toResponse(value: unknown, endpoint: string, sortKeys = false): FlagonResponse {
  if (typeof value === "string") return new FlagonResponse(value, 200, undefined, HTML);
  if (value === undefined || value === null) throw new NoResponseError(endpoint);
  if (typeof value === "object") {
    // Plain objects and arrays first: the common JSON reply skips the instanceof ladder below.
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Array.prototype || ((proto === Object.prototype || proto === null) && !(Symbol.asyncIterator in value))) {
      return new FlagonResponse(jsonText(value, sortKeys), 200, undefined, JSON_TYPE);
    }
  }
  if (value instanceof FlagonResponse) return value;
  if (value instanceof Response) return fromWebResponse(value);
  if (value instanceof Uint8Array) return new FlagonResponse(value, 200, undefined, OCTETS);
  // Bytes in other wrappings (what `await blob.arrayBuffer()` gives) would otherwise go out as the JSON "{}".
  if (value instanceof ArrayBuffer) return new FlagonResponse(new Uint8Array(value), 200, undefined, OCTETS);
  if (ArrayBuffer.isView(value)) return new FlagonResponse(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), 200, undefined, OCTETS);
  if (value instanceof ReadableStream) return new FlagonResponse(value as ReadableStream<Uint8Array>, 200, undefined, OCTETS);
  if (typeof value === "object") {
    if (Symbol.asyncIterator in value) {
      return new FlagonResponse(value as AsyncIterable<Uint8Array | string>, 200, undefined, HTML);
    }
    if (isIterator(value)) return new FlagonResponse(streamOf(value), 200, undefined, HTML);
    if (value instanceof Map || value instanceof Set) {
      // JSON.stringify writes either as `{}`, silently dropping every entry.
      const kind = value instanceof Map ? "Map" : "Set";
      const fix = value instanceof Map ? "Object.fromEntries(map)" : "[...set]";
      throw new FlagonError("FLAGON_BAD_RESPONSE", `The view function for "${endpoint}" returned a ${kind}, which JSON cannot hold; return ${fix}.`);
    }
    return new FlagonResponse(jsonText(value, sortKeys), 200, undefined, JSON_TYPE);
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return new FlagonResponse(JSON.stringify(value), 200, undefined, JSON_TYPE);
  }
  throw new FlagonError(
    "FLAGON_BAD_RESPONSE",
    `The view function for "${endpoint}" returned a ${typeof value}; return a string, an object, a Response or a stream.`,
  );
}

/** A generator object, or any iterator that is its own iterable: Flask streams `return generate()`. */
function isIterator(value: object): value is IterableIterator<Uint8Array | string> {
  return typeof (value as Partial<Iterator<unknown>>).next === "function" && Symbol.iterator in value;
}

/** A sync iterator as a stream body: closing the stream early returns the iterator, so a generator's `finally` runs. */
async function* streamOf(iterator: IterableIterator<Uint8Array | string>): AsyncIterable<Uint8Array | string> {
  yield* iterator;
}

/** Bodies of web `Response`s: streams by type, most often made whole from a string or bytes. */
const webResponseBodies = new WeakSet<object>();

/** Wraps a web `Response` so hooks can read and change it. */
export function fromWebResponse(web: Response): FlagonResponse {
  const body = web.body;
  if (body !== null) webResponseBodies.add(body);
  return new FlagonResponse(body, web.status, web.headers);
}

/**
 * Whether a body is a web `Response`'s, still: the node adapter reads what such a body has
 * ready to give it a Content-Length. A body a hook put in its place is not.
 */
export function isWebResponseBody(body: ResponseBody): boolean {
  return body !== null && typeof body === "object" && webResponseBodies.has(body);
}
