/**
 * The test client: requests in-process (no socket), with a cookie jar kept across requests as
 * Flask's test client does. A flagon app gets them through its dispatch, as from a server: the
 * path as written, a `Host` header and a loopback client address. Any other app gets them
 * through its `fetch`.
 */
import { parseSetCookie } from "cookie";
import { FlagonRequest } from "../http/request.js";
import { FlagonResponse } from "../http/response.js";
import { type SessionConfig, loadSession, saveSession } from "../sessions/cookie-session.js";
import type { Session } from "../sessions/session.js";

/** What the client needs from an app. */
export interface Fetcher {
  fetch(request: Request): Promise<Response>;
}

/** A flagon app's dispatch, the one its server adapters call (`app.handle`). */
export type Dispatch = (request: FlagonRequest) => FlagonResponse | Promise<FlagonResponse>;

/** The client's address as a server on the same machine sees it (Werkzeug's test client says the same). */
const LOOPBACK = "127.0.0.1";

/** Query values: repeated keys as arrays. */
export type QueryInit = string | URLSearchParams | Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[]>>;

/** Form values; any File or Blob makes the body multipart/form-data. */
export type FormInit = FormData | Readonly<Record<string, string | number | Blob | readonly (string | number | Blob)[]>>;

/** Options of one test request. */
export interface TestRequestInit {
  query?: QueryInit;
  /** A `Host` header here sets the request's host. */
  headers?: HeadersInit;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent urlencoded, or multipart when it holds files. */
  form?: FormInit;
  /** A raw body. */
  body?: BodyInit;
  /** Follow 30x responses (default false). */
  followRedirects?: boolean;
}

/** A response with everything already read. */
export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
  body: Uint8Array;
  /** The URLs visited when following redirects (the last is this response's). */
  history: string[];
}

interface JarCookie {
  value: string;
  path: string;
  expires: number | undefined;
}

/** Sends requests to an app in-process. */
export class TestClient {
  readonly #app: Fetcher;
  readonly #jar = new Map<string, JarCookie>();
  readonly #base: string;
  readonly #dispatch: Dispatch | undefined;

  /** `dispatch`, given by `app.testClient()`, sends requests as a server does instead of through `fetch`. */
  constructor(app: Fetcher, base = "http://localhost", dispatch?: Dispatch) {
    this.#app = app;
    this.#base = base;
    this.#dispatch = dispatch;
  }

  get(path: string, init?: TestRequestInit): Promise<TestResponse> {
    return this.request("GET", path, init);
  }
  post(path: string, init?: TestRequestInit): Promise<TestResponse> {
    return this.request("POST", path, init);
  }
  put(path: string, init?: TestRequestInit): Promise<TestResponse> {
    return this.request("PUT", path, init);
  }
  patch(path: string, init?: TestRequestInit): Promise<TestResponse> {
    return this.request("PATCH", path, init);
  }
  delete(path: string, init?: TestRequestInit): Promise<TestResponse> {
    return this.request("DELETE", path, init);
  }
  head(path: string, init?: TestRequestInit): Promise<TestResponse> {
    return this.request("HEAD", path, init);
  }
  options(path: string, init?: TestRequestInit): Promise<TestResponse> {
    return this.request("OPTIONS", path, init);
  }

  /** The cookies the client holds (name → value). */
  get cookies(): Readonly<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [name, cookie] of this.#jar) out[name] = cookie.value;
    return out;
  }

  /** Sets a cookie as if the server had. */
  setCookie(name: string, value: string, path = "/"): void {
    this.#jar.set(name, { value, path, expires: undefined });
  }

  /**
   * Opens the session the client's cookie holds, as the app would read it, for `fn` to read or
   * change; a change is written back into the cookie (Flask's `session_transaction`). For the
   * client of a flagon app (`app.testClient()`), whose config signs the session.
   * @example await client.sessionTransaction((session) => session.set("user_id", 1));
   */
  async sessionTransaction<R>(fn: (session: Session) => R | Promise<R>): Promise<R> {
    const config = (this.#app as { config?: SessionConfig }).config;
    if (config?.SESSION_COOKIE_NAME === undefined) {
      throw new TypeError("sessionTransaction() needs the test client of a flagon app (app.testClient()): its config signs the session");
    }
    const session = await loadSession(this.cookies[config.SESSION_COOKIE_NAME], config);
    const result = await fn(session);
    // The cookie the app would send for this session, kept as a response would leave it.
    const carrier = new FlagonResponse(null, 200);
    await saveSession(session, carrier, config);
    this.#store(carrier.headers, "/");
    return result;
  }

  /** Sends any method. */
  async request(method: string, path: string, init: TestRequestInit = {}): Promise<TestResponse> {
    let url = this.#url(path, init.query);
    let currentMethod = method.toUpperCase();
    let body = this.#body(init);
    const history: string[] = [];
    for (let hops = 0; ; hops++) {
      const headers = new Headers(init.headers);
      if (body.contentType !== undefined && !headers.has("content-type")) headers.set("content-type", body.contentType);
      // A client states the length of a body it knows whole, as a server would receive it.
      const length = byteLength(body.body);
      if (length !== undefined && !headers.has("content-length")) headers.set("content-length", String(length));
      const cookieHeader = this.#cookieHeader(new URL(url).pathname);
      if (cookieHeader !== "" && !headers.has("cookie")) headers.set("cookie", cookieHeader);
      const host = headers.get("host");
      // Every HTTP/1.1 client sends one: the URL's host unless the caller set another.
      if (host === null) headers.set("host", new URL(url).host);
      const visited = host === null ? url : url.replace(/^(https?:\/\/)[^/]+/, `$1${host}`);
      const requestInit: RequestInit = { method: currentMethod, headers };
      if (body.body !== undefined) requestInit.body = body.body;
      const response = await this.#send(requestInit, url, visited);
      history.push(visited);
      this.#store(response.headers, new URL(url).pathname);
      const location = response.headers.get("location");
      if (init.followRedirects === true && location !== null && response.status >= 300 && response.status < 400 && hops < 20) {
        await response.arrayBuffer();
        url = new URL(location, url).toString();
        if (response.status !== 307 && response.status !== 308) {
          if (currentMethod !== "HEAD") currentMethod = "GET";
          body = {};
        }
        continue;
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const text = new TextDecoder().decode(bytes);
      let json: unknown = undefined;
      const type = response.headers.get("content-type") ?? "";
      if (/^application\/(?:[\w.+-]+\+)?json/i.test(type)) {
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      return { status: response.status, headers: response.headers, text, json, body: bytes, history };
    }
  }

  /**
   * A flagon app reads the Host header as given, as a server does, and the path as written; any
   * other app gets a web Request whose URL carries the host asked for (`visited`).
   */
  async #send(init: RequestInit, url: string, visited: string): Promise<Response> {
    if (this.#dispatch === undefined) return this.#app.fetch(new Request(visited, init));
    const request = FlagonRequest.fromWeb(new Request(url, init), LOOPBACK, targetOf(url));
    const response = await this.#dispatch(request);
    return response.toWebResponse(request.method === "HEAD");
  }

  #url(path: string, query: QueryInit | undefined): string {
    const url = path.startsWith("http://") || path.startsWith("https://") ? path : `${this.#base}${path.startsWith("/") ? "" : "/"}${path}`;
    if (query === undefined) return url;
    let search: string;
    if (typeof query === "string") search = query.startsWith("?") ? query.slice(1) : query;
    else if (query instanceof URLSearchParams) search = query.toString();
    else {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (Array.isArray(value)) for (const item of value as readonly unknown[]) params.append(key, String(item));
        else params.append(key, String(value));
      }
      search = params.toString();
    }
    if (search === "") return url;
    return `${url}${url.includes("?") ? "&" : "?"}${search}`;
  }

  #body(init: TestRequestInit): { body?: BodyInit; contentType?: string } {
    if (init.json !== undefined) return { body: JSON.stringify(init.json), contentType: "application/json" };
    if (init.form !== undefined) {
      const form = init.form;
      if (form instanceof FormData) return { body: form };
      const entries = Object.entries(form).flatMap(([key, value]) =>
        (Array.isArray(value) ? (value as readonly (string | number | Blob)[]) : [value as string | number | Blob]).map((item) => [key, item] as const),
      );
      if (entries.some(([, value]) => value instanceof Blob)) {
        const data = new FormData();
        for (const [key, value] of entries) {
          if (value instanceof Blob) data.append(key, value, value instanceof File ? value.name : "blob");
          else data.append(key, String(value));
        }
        return { body: data };
      }
      const params = new URLSearchParams();
      for (const [key, value] of entries) params.append(key, String(value));
      return { body: params.toString(), contentType: "application/x-www-form-urlencoded" };
    }
    if (init.body !== undefined) return { body: init.body };
    return {};
  }

  #cookieHeader(path: string): string {
    const now = Date.now();
    const parts: string[] = [];
    for (const [name, cookie] of this.#jar) {
      if (cookie.expires !== undefined && cookie.expires <= now) {
        this.#jar.delete(name);
        continue;
      }
      if (path === cookie.path || path.startsWith(cookie.path.endsWith("/") ? cookie.path : `${cookie.path}/`)) parts.push(`${name}=${cookie.value}`);
    }
    return parts.join("; ");
  }

  #store(headers: Headers, requestPath: string): void {
    for (const line of headers.getSetCookie()) {
      const parsed = parseSetCookie(line);
      const name = parsed.name;
      let expires: number | undefined;
      if (parsed.maxAge !== undefined) expires = Date.now() + parsed.maxAge * 1000;
      else if (parsed.expires !== undefined) expires = parsed.expires.getTime();
      if (expires !== undefined && expires <= Date.now()) {
        this.#jar.delete(name);
        continue;
      }
      const defaultPath = requestPath.slice(0, Math.max(1, requestPath.lastIndexOf("/")));
      this.#jar.set(name, { value: parsed.value ?? "", path: parsed.path ?? defaultPath, expires });
    }
  }
}

/**
 * The request target of `url` (`/path?query`) as an HTTP client sends it: dot segments and
 * backslashes kept, which a URL parser would resolve; spaces, quotes, angle brackets, braces,
 * backticks, controls and characters outside ASCII percent-encoded (UTF-8), as a browser does.
 */
function targetOf(url: string): string {
  // The target starts at the first `/`, `?` or `#` after the host.
  const origin = url.indexOf("://");
  const after = origin === -1 ? 0 : url.slice(origin + 3).search(/[/?#]|$/) + origin + 3;
  const hash = url.indexOf("#", after);
  const target = url.slice(after, hash === -1 ? url.length : hash);
  return (target.startsWith("/") ? target : `/${target}`).toWellFormed().replace(/[^\x21-\x7e]|["<>`{}]/gu, encodeURIComponent);
}

/** The length in bytes of a body known whole; `undefined` for a form or a stream, sent in chunks. */
function byteLength(body: BodyInit | undefined): number | undefined {
  if (typeof body === "string") return new TextEncoder().encode(body).byteLength;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof Blob) return body.size;
  if (body instanceof URLSearchParams) return new TextEncoder().encode(body.toString()).byteLength;
  return undefined;
}
