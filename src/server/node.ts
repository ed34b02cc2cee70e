/**
 * The node:http adapter. It feeds method, raw path, query and node's header
 * object straight into `app.handle()` (no web Request), and writes plain
 * string replies with one `writeHead` (no web Headers, no web Response).
 * Multipart bodies stream through busboy with the limits enforced as bytes
 * arrive; other bodies are counted while read and never buffered past
 * MAX_CONTENT_LENGTH.
 */
import { Buffer } from "node:buffer";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import busboy from "busboy";
import type { Flagon, ListenOptions, ListeningServer, RunOptions } from "../app.js";
import { type BodyLimits, type BodySource, type ParsedForm, concat, formTooLarge, tooLarge, tooManyParts } from "../http/body.js";
import { BadRequest } from "../http/exceptions.js";
import { MultiDict } from "../http/multidict.js";
import { FlagonRequest } from "../http/request.js";
import { FlagonResponse, iterableToStream } from "../http/response.js";


/** Pending connections the kernel may queue before the server accepts them. */
const LISTEN_BACKLOG = 4096;

/** Set by `flagon run` before it imports the app, so a top-level `app.run()` steps aside (as Flask's FLASK_RUN_FROM_CLI). */
const RUN_FROM_CLI_ENV = "FLAGON_RUN_FROM_CLI";
/** Set in the reloader's child process: it serves; the parent only watches. */
const RUN_MAIN_ENV = "FLAGON_RUN_MAIN";

/**
 * `app.run()`: the development server. With `debug`, the parent process runs
 * the reloader (src/debug/reloader.ts) and the child it spawns serves.
 */
export async function runApp(app: Flagon, options: RunOptions = {}): Promise<ListeningServer | undefined> {
  if (process.env[RUN_FROM_CLI_ENV] === "true") return undefined;
  if (options.debug !== undefined) app.config.DEBUG = options.debug;
  if (app.config.DEBUG && process.env[RUN_MAIN_ENV] !== "true" && process.argv[1] !== undefined) {
    const { runWithReloader } = await import("../debug/reloader.js");
    runWithReloader(process.argv[1], process.argv.slice(2));
    return undefined;
  }
  app.logRequests = true;
  const server = await serve(app, { host: options.host ?? "127.0.0.1", port: options.port ?? 5000 });
  if (options.handleSignals !== false) closeOnSignals(server);
  process.stdout.write(` * Running on ${server.url}\n`);
  if (app.config.DEBUG) process.stdout.write(" * Debug mode: on\n");
  return server;
}

/** Starts serving `app` on `host:port` (port 0 picks a free one). */
export async function serve(app: Flagon, options: ListenOptions = {}): Promise<ListeningServer> {
  if (app.config.DEBUG && app.debugErrorPage === undefined) {
    const { renderDebugPage } = await import("../debug/page.js");
    app.debugErrorPage = (error, request) =>
      new FlagonResponse(renderDebugPage(error, { method: request.method, url: request.url, headers: request.headers }), 500, undefined, "text/html; charset=utf-8");
  }
  const state: ServerState = { closing: false };
  const c = app.config;
  // Slow or stalled clients are cut off (408) instead of holding sockets. Node checks these
  // timeouts every connectionsCheckingInterval (30 s by default), so check at least every second.
  const headersTimeout = c.HEADERS_TIMEOUT * 1000;
  const server = createServer(
    {
      // Node answers a request head over maxHeaderSize with 431 itself (its default clientError handling).
      maxHeaderSize: c.MAX_HEADER_SIZE,
      headersTimeout,
      requestTimeout: Math.max(c.REQUEST_TIMEOUT * 1000, headersTimeout),
      connectionsCheckingInterval: Math.max(100, Math.min(1000, headersTimeout / 2)),
    },
    nodeHandler(app, state),
  );
  server.keepAliveTimeout = c.KEEP_ALIVE_TIMEOUT * 1000;
  if (c.MAX_CONNECTIONS !== null) server.maxConnections = c.MAX_CONNECTIONS;
  const host = options.host ?? "127.0.0.1";
  return new Promise<ListeningServer>((resolve, reject) => {
    server.once("error", reject);
    // Node's default backlog (511) drops SYNs when thousands of clients connect at once; the kernel caps this at somaxconn.
    server.listen({ port: options.port ?? 0, host, backlog: LISTEN_BACKLOG }, () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(":") ? `[${host}]` : host;
      let closed: Promise<void> | undefined;
      resolve({
        port,
        url: `http://${shown}:${port}`,
        close: () => (closed ??= closeServer(server, state, c.SHUTDOWN_TIMEOUT)),
      });
    });
  });
}

/** What the request listener needs to know about its server. */
interface ServerState {
  /** Set by close(): responses from now on say `Connection: close`. */
  closing: boolean;
}

/**
 * Graceful close: stop accepting, close idle keep-alive connections, let
 * in-flight requests finish (their responses close the connection), and
 * after `timeoutSeconds` close whatever is still open.
 */
function closeServer(server: Server, state: ServerState, timeoutSeconds: number): Promise<void> {
  state.closing = true;
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => server.closeAllConnections(), Math.max(0, timeoutSeconds * 1000));
    deadline.unref();
    server.close((error) => {
      clearTimeout(deadline);
      if (error === undefined) resolve();
      else reject(error);
    });
    server.closeIdleConnections();
  });
}

/**
 * Closes `server` gracefully on SIGTERM or SIGINT, then exits 0 (1 when the
 * close fails). A second signal exits at once. Returns a function that
 * removes the handlers.
 */
export function closeOnSignals(server: ListeningServer, signals: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"]): () => void {
  let received = false;
  const onSignal = (): void => {
    if (received) process.exit(1);
    received = true;
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}

/** A node:http request listener for `app`; usable with your own `http.createServer`. */
export function nodeHandler(app: Flagon, state?: ServerState): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    try {
      let url = req.url ?? "/";
      if (url.charCodeAt(0) !== 47 /* "/" */) url = originForm(url);
      const q = url.indexOf("?");
      const path = q === -1 ? url : url.slice(0, q);
      const query = q === -1 ? "" : url.slice(q + 1);
      const declared = declaredBody(req.rawHeaders);
      const request = FlagonRequest.fromNode(req, req.method ?? "GET", path, query, declared === NO_BODY ? undefined : new NodeBody(req, declared));
      if (app.logRequests) logWhenDone(app, req, res, request);
      const result = app.handle(request);
      if (result instanceof FlagonResponse) {
        if (state?.closing === true) res.setHeader("connection", "close");
        send(app, req, res, result);
      } else {
        result.then((response) => sendSafely(app, req, res, response, state), (error: unknown) => fail(app, req, res, error));
      }
    } catch (error) {
      fail(app, req, res, error);
    }
  };
}

/** What `declaredBody` gives for a request without a body. */
const NO_BODY = 0;
/** What `declaredBody` gives for a body sent in chunks, whose length is not known before it ends. */
const UNKNOWN_LENGTH = -1;

/**
 * The body's length as Content-Length gives it, `UNKNOWN_LENGTH` for Transfer-Encoding, or
 * `NO_BODY`. Scans rawHeaders instead of reading `req.headers`, which node builds on first
 * access: skipping it was the largest single saving on a GET (CPU per request, bench/json
 * against raw node:http, 2026-11-24). Node's parser has already refused a malformed length.
 */
function declaredBody(raw: readonly string[]): number {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 14 && name.toLowerCase() === "content-length") return Number(raw[i + 1]);
    if (name.length === 17 && name.toLowerCase() === "transfer-encoding") return UNKNOWN_LENGTH;
  }
  return NO_BODY;
}

function logWhenDone(app: Flagon, req: IncomingMessage, res: ServerResponse, request: FlagonRequest): void {
  const start = performance.now();
  res.once("finish", () => {
    app.logger.request({ method: req.method ?? "GET", path: req.url ?? "/", status: res.statusCode, durationMs: performance.now() - start, remoteAddr: request.remoteAddr });
  });
}

/** `http://host/path?q` (absolute-form) → `/path?q`; `*` → `*`. */
function originForm(url: string): string {
  const scheme = url.indexOf("://");
  if (scheme === -1) return url.startsWith("*") ? url : `/${url}`;
  const slash = url.indexOf("/", scheme + 3);
  return slash === -1 ? "/" : url.slice(slash);
}

function sendSafely(app: Flagon, req: IncomingMessage, res: ServerResponse, response: FlagonResponse, state: ServerState | undefined): void {
  try {
    // A request that was in flight when close() began closes its connection after answering.
    // writeHead merges this header with its own, so the fast path in send() keeps it.
    if (state?.closing === true) res.setHeader("connection", "close");
    send(app, req, res, response);
  } catch (error) {
    fail(app, req, res, error);
  }
}

/** Last resort when dispatch itself failed: log once with method and path, answer a bare 500 (no detail). */
function fail(app: Flagon, req: IncomingMessage, res: ServerResponse, error: unknown): void {
  app.logger.error(error, { method: req.method ?? "GET", path: req.url ?? "/" });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { "content-type": "text/plain; charset=utf-8", connection: "close" });
  res.end("Internal Server Error");
}

function send(app: Flagon, req: IncomingMessage, res: ServerResponse, response: FlagonResponse): void {
  const head = req.method === "HEAD";
  const body = response.body;
  // Hot path: a string with no extra headers is one writeHead with a literal object (bench/json, 2026-11-24).
  if (!response.hasHeaders && typeof body === "string") {
    const type = response.contentType;
    res.writeHead(
      response.status,
      type === undefined ? { "content-length": Buffer.byteLength(body) } : { "content-type": type, "content-length": Buffer.byteLength(body) },
    );
    res.end(head ? undefined : body);
    return;
  }
  res.statusCode = response.status;
  const headers = response.headers;
  for (const [name, value] of headers) {
    if (name !== "set-cookie") res.setHeader(name, value);
  }
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (response.status === 413 && !req.complete) {
    // Do not read a huge body only to throw it away: answer and close.
    res.setHeader("connection", "close");
    res.once("finish", () => req.socket.destroySoon());
  }
  if (body === null) {
    if (!res.hasHeader("content-length") && response.status !== 204 && response.status !== 304) res.setHeader("content-length", 0);
    res.end();
  } else if (typeof body === "string" || body instanceof Uint8Array) {
    res.setHeader("content-length", typeof body === "string" ? Buffer.byteLength(body) : body.byteLength);
    res.end(head ? undefined : body);
  } else if (head) {
    res.end();
    if (body instanceof ReadableStream) void body.cancel().catch(() => undefined);
  } else {
    const stream = body instanceof ReadableStream ? body : iterableToStream(body);
    const readable = Readable.fromWeb(stream as import("node:stream/web").ReadableStream<Uint8Array>);
    readable.on("error", (error) => {
      // Headers are gone already: the only honest signal left is cutting the connection.
      app.logger.error(error, { method: req.method ?? "GET", path: req.url ?? "/" });
      res.destroy();
    });
    res.on("close", () => readable.destroy());
    readable.pipe(res);
  }
}

/** A request body read from node's IncomingMessage, counted as it arrives. */
class NodeBody implements BodySource {
  readonly #req: IncomingMessage;
  /** From `declaredBody`: read from rawHeaders once, so `req.headers` is never built for it. */
  readonly #declared: number;

  constructor(req: IncomingMessage, declared: number) {
    this.#req = req;
    this.#declared = declared;
  }

  readBytes(limit: number | null): Promise<Uint8Array> {
    const req = this.#req;
    if (limit !== null && this.#declared > limit) return Promise.reject(tooLarge(limit));
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer): void => {
        size += chunk.length;
        if (limit !== null && size > limit) {
          cleanup();
          req.pause();
          reject(tooLarge(limit));
          return;
        }
        chunks.push(chunk);
      };
      const onEnd = (): void => {
        cleanup();
        resolve(concat(chunks, size));
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(new BadRequest("The request body could not be read.", { cause: error }));
      };
      const cleanup = (): void => {
        req.off("data", onData);
        req.off("end", onEnd);
        req.off("error", onError);
        req.off("aborted", onError as () => void);
      };
      req.on("data", onData);
      req.on("end", onEnd);
      req.on("error", onError);
      req.on("aborted", onError as () => void);
    });
  }

  readMultipart(contentType: string, limits: BodyLimits): Promise<ParsedForm> {
    const req = this.#req;
    const max = limits.maxContentLength;
    const declared = Number(req.headers["content-length"]);
    if (max !== null && Number.isFinite(declared) && declared > max) return Promise.reject(tooLarge(max));
    return new Promise((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: { ...req.headers, "content-type": contentType },
          limits: {
            ...(limits.maxFormMemorySize !== null ? { fieldSize: limits.maxFormMemorySize } : {}),
            ...(limits.maxFormParts !== null ? { parts: limits.maxFormParts } : {}),
            ...(max !== null ? { fileSize: max } : {}),
          },
        });
      } catch (error) {
        reject(new BadRequest("The multipart form data is malformed or lacks its boundary.", { cause: error }));
        return;
      }
      const form = new MultiDict<string>(undefined, "form");
      const files = new MultiDict<File>(undefined, "files");
      let pendingFiles = 0;
      let closed = false;
      let done = false;
      let size = 0;
      const finish = (error?: Error): void => {
        if (done) return;
        if (error !== undefined) {
          done = true;
          req.unpipe(parser);
          req.off("data", count);
          req.pause();
          reject(error);
          return;
        }
        if (closed && pendingFiles === 0) {
          done = true;
          req.off("data", count);
          resolve({ form, files });
        }
      };
      const count = (chunk: Buffer): void => {
        size += chunk.length;
        if (max !== null && size > max) finish(tooLarge(max));
      };
      req.on("data", count);
      parser.on("field", (name, value, info) => {
        if (info.valueTruncated && limits.maxFormMemorySize !== null) finish(formTooLarge(limits.maxFormMemorySize));
        else form.append(name, value);
      });
      parser.on("file", (name, stream, info) => {
        pendingFiles += 1;
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("limit", () => {
          if (max !== null) finish(tooLarge(max));
          stream.resume();
        });
        stream.on("close", () => {
          pendingFiles -= 1;
          files.append(name, new File(chunks as Uint8Array<ArrayBuffer>[], info.filename ?? "", { type: info.mimeType }));
          finish();
        });
      });
      parser.on("partsLimit", () => limits.maxFormParts !== null && finish(tooManyParts(limits.maxFormParts)));
      parser.on("error", (error: Error) => finish(new BadRequest("The multipart form data is malformed.", { cause: error })));
      parser.on("close", () => {
        closed = true;
        finish();
      });
      req.on("aborted", () => finish(new BadRequest("The client closed the connection before sending the whole body.")));
      req.pipe(parser);
    });
  }
}
