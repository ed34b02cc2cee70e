/**
 * FlagonRequest: the request a view sees. Everything is computed on first
 * read (args, cookies, headers, path decoding) so a GET that reads nothing
 * costs one object.
 */
import type { Session } from "../sessions/session.js";
import { type BodyLimits, type BodySource, isJsonType, webBodySource, mediaType, parseJson, parseMultipartBytes, parseUrlencoded } from "./body.js";
import { Accept, LanguageAccept, MimeAccept } from "./accept.js";
import { parseCookies } from "./cookies.js";
import { NodeRequestHeaders } from "./node-headers.js";
import { BadRequest, UnsupportedMediaType } from "./exceptions.js";
import { MultiDict, parseQueryString } from "./multidict.js";
import type { FileStorage } from "./uploads.js";
import type { AfterRequestHook } from "../scaffold.js";
import type { Globals } from "../index.js";

/** Request headers as node:http gives them: lower-case names. */
export type NodeHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * The parts of node's IncomingMessage a request reads lazily. Both getters
 * cost real work in node (`headers` builds an object from rawHeaders,
 * `socket.remoteAddress` asks the OS), so they are only touched when used.
 */
export interface NodeMessageLike {
  readonly headers: NodeHeaders;
  /** Names and values alternating, as received. */
  readonly rawHeaders: readonly string[];
  readonly socket: {
    readonly remoteAddress?: string | undefined;
    /** Where the request arrived: the host of last resort when it names none. */
    readonly localAddress?: string | undefined;
    readonly localPort?: number | undefined;
  };
}

/** Options of `request.getJson()`. */
export interface GetJsonOptions {
  /** Return `null` instead of failing on a wrong content type or malformed JSON. */
  silent?: boolean;
  /** Parse whatever the content type says. */
  force?: boolean;
}

/** What the context locals need from the app handling a request. */
export interface RequestBinding {
  sessionOf(request: FlagonRequest): Session;
  buildUrl(target: string | { readonly endpoint: string }, values: Readonly<Record<string, unknown>>, request?: FlagonRequest): string;
  /** The limits read lazily by `args` and `json` (the app's config). */
  readonly config?: {
    readonly MAX_QUERY_PARAMETERS?: number | null;
    readonly MAX_JSON_DEPTH?: number | null;
    /** The host of a request that names none (no or an empty Host header). */
    readonly SERVER_NAME?: string | null;
    /** Read by `jsonify`. */
    readonly JSON_SORT_KEYS?: boolean;
  };
}

/** Limits used when no app is bound (a request built by hand). */
const DEFAULT_MAX_QUERY_PARAMETERS = 1000;
const DEFAULT_MAX_JSON_DEPTH = 64;

const NO_HEADERS: NodeHeaders = Object.freeze({});
const NO_FILES: MultiDict<FileStorage> = new MultiDict<FileStorage>(undefined, "files");

/** The incoming request, with Flask's attribute names. */
export class FlagonRequest {
  /** Upper-case method. */
  readonly method: string;
  /** The path as sent (still percent-encoded, no query). */
  readonly rawPath: string;
  /** The query string without `?`. */
  readonly rawQuery: string;
  /** `http` or `https` (behind trusted proxies: what the client used, see `proxyFix`). */
  scheme: string;
  /** Where the app is mounted (Flask's `script_root`, set from a trusted X-Forwarded-Prefix); `urlFor` puts it before paths. */
  scriptRoot = "";
  #remoteAddr: string | undefined;
  #host: string | undefined = undefined;
  /** The endpoint that matched, once routing is done. */
  endpoint: string | undefined = undefined;
  /** The converted values of the matched rule. */
  viewArgs: Record<string, unknown> = {};
  /** The dotted name of the matched view's blueprint, if any. */
  blueprint: string | undefined = undefined;
  /** The matched blueprint and its parents, innermost first (Flask's `request.blueprints`). */
  get blueprints(): string[] {
    const out: string[] = [];
    let name = this.blueprint;
    while (name !== undefined) {
      out.push(name);
      const dot = name.lastIndexOf(".");
      name = dot === -1 ? undefined : name.slice(0, dot);
    }
    return out;
  }

  /** The web Request behind this one, on the fetch path. */
  readonly webRequest: Request | undefined;

  #webHeaders: Headers | undefined;
  /** `headers` of a request that came through node, made on first use. */
  #headersView: Headers | undefined = undefined;
  #nodeHeaders: NodeHeaders | undefined;
  #nodeMessage: NodeMessageLike | undefined = undefined;
  #bodySource: BodySource | undefined;
  #args: MultiDict<string> | undefined;
  #cookies: Readonly<Record<string, string>> | undefined;
  #bytes: Uint8Array | null = null;
  #form: MultiDict<string> | undefined;
  #files: MultiDict<FileStorage> | undefined;
  #json: unknown = undefined;
  #jsonParsed = false;
  #limits: BodyLimits | undefined;
  #g: Record<string, unknown> | undefined;
  /** The parsed `Accept-*` headers, in one field made on first read: most requests never negotiate. */
  #accepts: { mimetypes?: MimeAccept; languages?: LanguageAccept; encodings?: Accept } | undefined;
  #urlHost = "";
  /** The session once loaded or first used (read it through `session` or `binding.sessionOf`). */
  session: Session | undefined = undefined;
  /** The app handling this request (set by the app; used by the context locals). */
  binding: RequestBinding | undefined = undefined;
  /** Functions `afterThisRequest` registered, run on this request's response before the after-request hooks. */
  afterThisRequestFuncs: AfterRequestHook[] | undefined = undefined;

  constructor(
    method: string,
    rawPath: string,
    rawQuery: string,
    headers: Headers | NodeHeaders,
    body: BodySource | undefined,
    remoteAddr?: string,
    scheme = "http",
    webRequest?: Request,
  ) {
    this.method = method;
    this.rawPath = rawPath;
    this.rawQuery = rawQuery;
    if (headers instanceof Headers) {
      this.#webHeaders = headers;
      this.#nodeHeaders = undefined;
    } else {
      this.#webHeaders = undefined;
      this.#nodeHeaders = headers;
    }
    this.#bodySource = body;
    this.#remoteAddr = remoteAddr;
    this.scheme = scheme;
    this.webRequest = webRequest;
  }

  /**
   * Builds a FlagonRequest from a web-standard Request. `target` (`/path?query`) replaces the
   * path and query of its URL, which the URL parser has normalised (`..` resolved, `\` made `/`):
   * how the test client passes them as a client sent them, as a server receives them.
   */
  static fromWeb(request: Request, remoteAddr?: string, target?: string): FlagonRequest {
    const url = request.url;
    // Split by indexOf instead of new URL(): no URL object per request.
    const afterScheme = url.indexOf("://");
    const pathStart = afterScheme === -1 ? 0 : url.indexOf("/", afterScheme + 3);
    const hash = url.indexOf("#");
    const end = hash === -1 ? url.length : hash;
    const q = url.indexOf("?", pathStart === -1 ? 0 : pathStart);
    let rawPath = pathStart === -1 ? "/" : url.slice(pathStart, q === -1 || q > end ? end : q);
    let rawQuery = q === -1 || q > end ? "" : url.slice(q + 1, end);
    if (target !== undefined) {
      const mark = target.indexOf("?");
      rawPath = mark === -1 ? target : target.slice(0, mark);
      rawQuery = mark === -1 ? "" : target.slice(mark + 1);
    }
    const scheme = url.startsWith("https:") ? "https" : "http";
    const hasBody = request.body !== null;
    const flagonRequest = new FlagonRequest(request.method, rawPath, rawQuery, request.headers, hasBody ? webBodySource(request) : undefined, remoteAddr, scheme, request);
    // A web Request carries its host in the URL; a Host header (if any) still wins.
    if (afterScheme !== -1) flagonRequest.#urlHost = url.slice(afterScheme + 3, pathStart === -1 ? end : pathStart);
    return flagonRequest;
  }

  /** Builds a request over node's IncomingMessage without touching its headers or socket until asked. */
  static fromNode(message: NodeMessageLike, method: string, rawPath: string, rawQuery: string, body: BodySource | undefined): FlagonRequest {
    const request = new FlagonRequest(method, rawPath, rawQuery, NO_HEADERS, body);
    request.#nodeHeaders = undefined;
    request.#nodeMessage = message;
    return request;
  }

  /** Client address when the server knows it. */
  get remoteAddr(): string | undefined {
    return this.#remoteAddr ?? this.#nodeMessage?.socket.remoteAddress;
  }

  /** Set by `proxyFix` from a trusted X-Forwarded-For. */
  set remoteAddr(value: string | undefined) {
    this.#remoteAddr = value;
  }

  /** One header value (`name` lower-case), without building `Headers`. */
  header(name: string): string | undefined {
    if (this.#nodeMessage !== undefined && this.#nodeHeaders === undefined) return rawHeader(this.#nodeMessage.rawHeaders, name);
    if (this.#nodeHeaders !== undefined) {
      const value = this.#nodeHeaders[name];
      return Array.isArray(value) ? value.join(name === "cookie" ? "; " : ", ") : value;
    }
    return (this.#webHeaders as Headers).get(name) ?? undefined;
  }

  /**
   * The request headers as a web `Headers`. Over node, `get` and `has` read node's headers
   * directly; the whole `Headers` is built only when something lists or changes them. Building
   * it for one `headers.get()` in a hook cost about 0.8 µs, near 3 % of a request served at
   * 35k/s (bench blueprint case, 2026-11-25).
   */
  get headers(): Headers {
    if (this.#webHeaders !== undefined) return this.#webHeaders;
    return (this.#headersView ??= new NodeRequestHeaders(
      (name) => this.header(name),
      () => {
        if (this.#nodeMessage !== undefined) this.#nodeHeaders ??= this.#nodeMessage.headers;
        return this.#nodeHeaders ?? {};
      },
    ));
  }

  /** The decoded path (`/user/a b` for `/user/a%20b`). */
  get path(): string {
    if (!this.rawPath.includes("%")) return this.rawPath;
    try {
      return decodeURIComponent(this.rawPath);
    } catch {
      return this.rawPath;
    }
  }

  /**
   * The host the client asked for, from the `Host` header, checked on first read so a forged
   * value never reaches an external URL: several Host lines (RFC 9112, section 3.2) or a value
   * that is not `host[:port]` is a 400. Without a Host header (HTTP/1.0) or with an empty one:
   * the host of the request's URL (fetch runtimes), else SERVER_NAME, else the address and port
   * the request arrived on, as Werkzeug falls back on the server's address; a 400 when none is known.
   */
  get host(): string {
    if (this.#host !== undefined) return this.#host;
    const sent = this.#hostHeader();
    if (sent !== undefined) return (this.#host = sent);
    return this.#fallbackHost();
  }

  /** Set by `proxyFix` from a trusted X-Forwarded-Host. */
  set host(value: string) {
    this.#host = value;
  }

  /** The Host header once checked; `undefined` when absent or empty. */
  #hostHeader(): string | undefined {
    let value: string | undefined;
    if (this.#nodeMessage !== undefined) {
      // rawHeaders, not node's headers object: node keeps the first of several Host lines silently.
      value = rawHostHeader(this.#nodeMessage.rawHeaders);
    } else if (this.#nodeHeaders !== undefined) {
      const listed = this.#nodeHeaders["host"];
      if (Array.isArray(listed) && listed.length > 1) throw hostGivenTwice();
      value = Array.isArray(listed) ? listed[0] : listed;
    } else {
      // Headers joins repeated lines with ", ", which the check below refuses.
      value = (this.#webHeaders as Headers).get("host") ?? undefined;
    }
    if (value === undefined || value === "") return undefined;
    if (!VALID_HOST.test(value)) {
      throw new BadRequest("The Host header is invalid: it must be a host name, an IPv4 address or a bracketed IPv6 address, with an optional :port.");
    }
    return value;
  }

  #fallbackHost(): string {
    if (this.#urlHost !== "") return this.#urlHost;
    const serverName = this.binding?.config?.SERVER_NAME;
    if (serverName !== undefined && serverName !== null && serverName !== "") return serverName;
    const socket = this.#nodeMessage?.socket;
    if (socket?.localAddress !== undefined && socket.localPort !== undefined) return serverHost(socket.localAddress, socket.localPort, this.scheme);
    throw new BadRequest("The request has no Host header, and the app has no SERVER_NAME or server address to use instead.");
  }

  /**
   * The full URL as the client asked for it, under a trusted proxy's prefix (a 400 when the
   * Host header is invalid, see `host`).
   */
  get url(): string {
    return `${this.baseUrl}${this.rawQuery.length > 0 ? `?${this.rawQuery}` : ""}`;
  }

  /** `url` without the query string (Werkzeug's `base_url`). */
  get baseUrl(): string {
    return `${this.scheme}://${this.host}${this.scriptRoot}${this.rawPath}`;
  }

  /** `scheme://host/`: the root URL of the host. */
  get hostUrl(): string {
    return `${this.scheme}://${this.host}/`;
  }

  /** The root URL of the application, under a trusted proxy's prefix (Werkzeug's `url_root`). */
  get urlRoot(): string {
    return `${this.scheme}://${this.host}${this.scriptRoot}/`;
  }

  /** The decoded path and the query string, always with a `?` (Werkzeug's `full_path`). */
  get fullPath(): string {
    return `${this.path}?${this.rawQuery}`;
  }

  /** Whether the request came over TLS (directly, or as a trusted proxy says). */
  get isSecure(): boolean {
    return this.scheme === "https" || this.scheme === "wss";
  }

  /** The `Content-Type` header as sent; `mimetype` is its media type alone. */
  get contentType(): string | undefined {
    return this.header("content-type");
  }

  /** The `Content-Length` header as a number; `undefined` when absent or not a length. */
  get contentLength(): number | undefined {
    const value = this.header("content-length");
    return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
  }

  /** The `Referer` header. */
  get referrer(): string | undefined {
    return this.header("referer");
  }

  /** The `Origin` header. */
  get origin(): string | undefined {
    return this.header("origin");
  }

  /** The `User-Agent` header. */
  get userAgent(): string | undefined {
    return this.header("user-agent");
  }

  /**
   * The `Accept` header, for content negotiation:
   * `request.acceptMimetypes.bestMatch(["application/json", "text/html"])`. Parsed when first read.
   */
  get acceptMimetypes(): MimeAccept {
    return ((this.#accepts ??= {}).mimetypes ??= MimeAccept.fromHeader(this.header("accept")));
  }

  /** The `Accept-Language` header: `request.acceptLanguages.bestMatch(["en", "fr"], "en")`. */
  get acceptLanguages(): LanguageAccept {
    return ((this.#accepts ??= {}).languages ??= LanguageAccept.fromHeader(this.header("accept-language")));
  }

  /** The `Accept-Encoding` header: `request.acceptEncodings.has("gzip")`. */
  get acceptEncodings(): Accept {
    return ((this.#accepts ??= {}).encodings ??= Accept.fromHeader(this.header("accept-encoding")));
  }

  /** The `Authorization` header parsed as Werkzeug's `request.authorization`; `undefined` when absent or malformed. */
  get authorization(): Authorization | undefined {
    const value = this.header("authorization");
    return value === undefined ? undefined : parseAuthorization(value);
  }

  /**
   * The query string's values, then the form's for a request other than GET or HEAD
   * (Werkzeug's `values`, which leaves a GET's form out too).
   */
  get values(): MultiDict<string> {
    if (this.method === "GET" || this.method === "HEAD") return this.args;
    return new MultiDict([...this.args, ...this.form], "request values");
  }

  /** The query string as a MultiDict. */
  get args(): MultiDict<string> {
    if (this.#args === undefined) {
      const limit = this.binding?.config?.MAX_QUERY_PARAMETERS;
      this.#args = parseQueryString(this.rawQuery, "query string", limit === undefined ? DEFAULT_MAX_QUERY_PARAMETERS : limit);
    }
    return this.#args;
  }

  /** Cookies sent by the client. */
  get cookies(): Readonly<Record<string, string>> {
    return (this.#cookies ??= parseCookies(this.header("cookie")));
  }

  /** The media type of the body (`application/json`), lower-case, without parameters. */
  get mimetype(): string {
    return mediaType(this.header("content-type"));
  }

  /** True when the body is JSON by its content type. */
  get isJson(): boolean {
    return isJsonType(this.mimetype);
  }

  /** True when a body is announced (Content-Length > 0 or chunked). */
  get hasBody(): boolean {
    if (this.#bodySource === undefined) return false;
    const length = this.header("content-length");
    if (length !== undefined) return length !== "0";
    return this.#webHeaders !== undefined || this.header("transfer-encoding") !== undefined;
  }

  /**
   * Reads the body with `limits` before the view runs, so `form`, `files`
   * and `json` can be synchronous. Multipart is parsed here; JSON and
   * urlencoded on first read.
   */
  async loadBody(limits: BodyLimits): Promise<void> {
    const source = this.#bodySource;
    this.#limits = limits;
    if (source === undefined) return;
    this.#bodySource = undefined;
    const type = this.mimetype;
    if (type === "multipart/form-data") {
      const contentType = this.header("content-type") ?? "";
      const parsed = source.readMultipart !== undefined
        ? await source.readMultipart(contentType, limits)
        : await parseMultipartBytes(await source.readBytes(limits.maxContentLength), contentType, limits);
      this.#form = parsed.form;
      this.#files = parsed.files;
      return;
    }
    this.#bytes = await source.readBytes(limits.maxContentLength);
  }

  /** The raw body bytes (null when there was none, or when it was a multipart form). */
  get body(): Uint8Array | null {
    return this.#bytes;
  }

  /** The body as UTF-8 text. */
  get text(): string {
    return this.#bytes === null ? "" : new TextDecoder().decode(this.#bytes);
  }

  /** Form fields (urlencoded or multipart). */
  get form(): MultiDict<string> {
    if (this.#form === undefined) {
      this.#form = this.#bytes !== null && this.mimetype === "application/x-www-form-urlencoded"
        ? parseUrlencoded(this.#bytes, this.#limits ?? { maxContentLength: null, maxFormMemorySize: null, maxFormParts: null })
        : new MultiDict<string>(undefined, "form");
    }
    return this.#form;
  }

  /** Uploaded files of a multipart form. */
  get files(): MultiDict<FileStorage> {
    return this.#files ?? NO_FILES;
  }

  /** The parsed JSON body; 415 when the content type is not JSON, 400 when malformed (as Flask's `get_json()`). */
  get json(): unknown {
    return this.getJson();
  }

  /** The parsed JSON body, with Flask's `silent` and `force` options. */
  getJson(options: GetJsonOptions = {}): unknown {
    if (options.force !== true && !this.isJson) {
      if (options.silent === true) return null;
      throw new UnsupportedMediaType("Did not attempt to load JSON data because the request Content-Type was not 'application/json'.");
    }
    if (!this.#jsonParsed) {
      try {
        const depth = this.binding?.config?.MAX_JSON_DEPTH;
        this.#json = parseJson(this.#bytes ?? new Uint8Array(0), depth === undefined ? DEFAULT_MAX_JSON_DEPTH : depth);
      } catch (error) {
        if (options.silent === true) return null;
        throw error;
      }
      this.#jsonParsed = true;
    }
    return this.#json;
  }

  /** A plain per-request object, Flask's `g`; its keys are typed by augmenting `Globals`. */
  get g(): Globals & Record<string, unknown> {
    return (this.#g ??= {}) as Globals & Record<string, unknown>;
  }

  /**
   * True when the client prefers JSON to HTML by its `Accept` header, as `acceptMimetypes`
   * ranks them; HTML on a tie. Error pages answer in JSON then.
   */
  get prefersJson(): boolean {
    // Most requests that fail (a crawler's 404) send no Accept: nothing to parse then.
    if (this.header("accept") === undefined) return false;
    return this.acceptMimetypes.bestMatch(["text/html", "application/json"]) === "application/json";
  }
}

/** A parsed `Authorization` header: `basic` with a user name and password, a token, or parameters. */
export interface Authorization {
  /** The scheme, lower-cased: `"basic"`, `"bearer"`, `"digest"`... */
  readonly type: string;
  readonly username?: string;
  readonly password?: string;
  /** The credentials of a token scheme (`Bearer abc.def`). */
  readonly token?: string;
  /** The `key=value` credentials of a scheme such as `Digest`. */
  readonly parameters?: Readonly<Record<string, string>>;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** As Werkzeug's `Authorization.from_header`: credentials after the scheme are basic, parameters or a token. */
function parseAuthorization(value: string): Authorization | undefined {
  const space = value.indexOf(" ");
  const type = (space === -1 ? value : value.slice(0, space)).toLowerCase();
  const rest = space === -1 ? "" : value.slice(space + 1).trim();
  if (type === "") return undefined;
  if (type === "basic") {
    if (!BASE64.test(rest) || rest.length % 4 !== 0) return undefined;
    let text: string;
    try {
      text = UTF8.decode(Uint8Array.from(atob(rest), (char) => char.charCodeAt(0)));
    } catch {
      return undefined;
    }
    const colon = text.indexOf(":");
    return colon === -1 ? { type, username: text, password: "" } : { type, username: text.slice(0, colon), password: text.slice(colon + 1) };
  }
  // An `=` other than base64's trailing padding means `key=value` parameters.
  if (rest.replace(/=+$/, "").includes("=")) {
    // No prototype: a parameter named `__proto__` is a parameter.
    const parameters = Object.create(null) as Record<string, string>;
    for (const [, key = "", quoted, plain] of rest.matchAll(/([^\s=,]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))/g)) {
      parameters[key] = quoted !== undefined ? quoted.replace(/\\(.)/g, "$1") : (plain ?? "").trim();
    }
    return { type, parameters };
  }
  return { type, token: rest };
}

/**
 * One header from node's rawHeaders without building `req.headers` (node
 * builds that whole object on first access). Repeated headers are joined as
 * node joins them: `; ` for Cookie, `, ` otherwise.
 */
function rawHeader(raw: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i] as string;
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    const value = raw[i + 1] as string;
    found = found === undefined ? value : `${found}${name === "cookie" ? "; " : ", "}${value}`;
  }
  return found;
}

/**
 * A host as RFC 3986 allows it in a URL's authority, without userinfo: a reg-name (which covers
 * IPv4) or a bracketed IPv6 address, then an optional port. Spaces, `/`, `?`, `#`, `@` and `\`
 * are all refused, so the value cannot change what an external URL points to.
 */
const VALID_HOST = /^(?:(?:[\w.~!$&'()*+,;=-]|%[\da-fA-F]{2})+|\[[\da-fA-F:.]+\])(?::\d{0,5})?$/;

function hostGivenTwice(): BadRequest {
  return new BadRequest("The Host header was given more than once; a request must carry exactly one (RFC 9112, section 3.2).");
}

/** The Host header from rawHeaders; a second Host line is a 400. */
function rawHostHeader(raw: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i] as string;
    if (key.length !== 4 || key.toLowerCase() !== "host") continue;
    if (found !== undefined) throw hostGivenTwice();
    found = raw[i + 1] as string;
  }
  return found;
}

/** `address:port` as a URL authority: IPv6 in brackets, the scheme's default port left out (as Werkzeug's `get_host`). */
function serverHost(address: string, port: number, scheme: string): string {
  const name = address.includes(":") ? `[${address}]` : address;
  const isDefault = (scheme === "http" && port === 80) || (scheme === "https" && port === 443);
  return isDefault ? name : `${name}:${port}`;
}

