/**
 * The node:http adapter. It feeds method, raw path, query and node's header
 * object straight into `app.handle()` (no web Request), and writes plain
 * string replies with one `writeHead` (no web Headers, no web Response).
 * Multipart bodies stream through busboy with the limits enforced as bytes
 * arrive; other bodies are counted while read and never buffered past
 * MAX_CONTENT_LENGTH.
 */
import { Buffer } from "node:buffer";
import { type IncomingMessage, type Server, type ServerResponse, STATUS_CODES, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type Duplex, Readable, type Writable } from "node:stream";
import busboy from "busboy";
import type { Flagon, ListenOptions, ListeningServer, RunOptions } from "../app.js";
import type { Config } from "../config.js";
import { type BodyLimits, type BodySource, ByteCollector, type ParsedForm, concat, formTooLarge, tooLarge, tooManyParts } from "../http/body.js";
import { BadRequest } from "../http/exceptions.js";
import { MultiDict } from "../http/multidict.js";
import { FlagonRequest } from "../http/request.js";
import { FlagonResponse, discardBody, forbidsContent, isWebResponseBody, iterableToStream } from "../http/response.js";
import { FileStorage } from "../http/uploads.js";
import { readReady } from "./ready-body.js";


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

/** The URL the debug page shows: without the host when the Host header is invalid (reading `url` throws then). */
function shownUrl(request: FlagonRequest): string {
  try {
    return request.url;
  } catch {
    return request.rawQuery === "" ? request.rawPath : `${request.rawPath}?${request.rawQuery}`;
  }
}

/** Starts serving `app` on `host:port` (port 0 picks a free one). */
export async function serve(app: Flagon, options: ListenOptions = {}): Promise<ListeningServer> {
  if (app.config.DEBUG && app.debugErrorPage === undefined) {
    const { renderDebugPage } = await import("../debug/page.js");
    app.debugErrorPage = (error, request) =>
      new FlagonResponse(renderDebugPage(error, { method: request.method, url: shownUrl(request), headers: request.headers }), 500, undefined, "text/html; charset=utf-8");
  }
  const state: ServerState = { closing: false };
  const c = app.config;
  // Slow or stalled clients are cut off (408) instead of holding sockets. Node checks these
  // timeouts every connectionsCheckingInterval (30 s by default), so check at least every second.
  const headersTimeout = c.HEADERS_TIMEOUT * 1000;
  const server = createServer(
    {
      // A request head over maxHeaderSize is a parser error, answered 431 by clientErrorHandler.
      maxHeaderSize: c.MAX_HEADER_SIZE,
      headersTimeout,
      requestTimeout: Math.max(c.REQUEST_TIMEOUT * 1000, headersTimeout),
      connectionsCheckingInterval: Math.max(100, Math.min(1000, headersTimeout / 2)),
      // Node's own check answers an empty 400; requireHttp1's says what is missing.
      requireHostHeader: false,
    },
    requireHttp1(nodeHandler(app, state)),
  );
  // Node answers `Expect: 100-continue` with 100 before any handler runs, inviting a body already too large to keep.
  server.on("checkContinue", requireHttp1(continueWithinLimit(c, nodeHandler(app, state))));
  // Node times nothing out once a response is under way: a client that stopped reading held its
  // socket, and the file it asked for, forever. A reply that may wait on the client arms the
  // socket's idle timer (`watchForStall`), and cutStalled decides when it fires.
  server.on("timeout", cutStalled);
  server.on("clientError", clientErrorHandler(c));
  server.on("connect", refuseConnect);
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

const PLAIN_TEXT = "text/plain; charset=utf-8";
const MISSING_HOST = "Bad Request: an HTTP/1.1 request must carry a Host header.";

/**
 * `handler`, behind two answers node's parser leaves to the server. RFC 9112 requires a 400 for
 * an HTTP/1.1 request without Host; node has built req.headers for HTTP/1.1 by now (it looks for
 * Expect), so reading host costs no more than node's own check did. And node parses
 * `GET / HTTP/2.0`, `HTTP/0.9` and a request line without a version (read as 0.9) and would have
 * them answered as HTTP/1.1: RFC 9110 answers a major version the server does not speak with 505.
 */
function requireHttp1(handler: (req: IncomingMessage, res: ServerResponse) => void): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.httpVersionMajor !== 1) {
      const reason = `HTTP Version Not Supported: this server speaks HTTP/1.1 and HTTP/1.0; the request line says HTTP/${req.httpVersionMajor}.${req.httpVersionMinor}.`;
      res.writeHead(505, { "content-type": PLAIN_TEXT, "content-length": Buffer.byteLength(reason), connection: "close" });
      res.end(reason);
    } else if (req.httpVersionMinor === 1 && req.headers.host === undefined) {
      res.writeHead(400, { "content-type": PLAIN_TEXT, "content-length": Buffer.byteLength(MISSING_HOST), connection: "close" });
      res.end(MISSING_HOST);
    } else {
      handler(req, res);
    }
  };
}

/**
 * For the server's `timeout`, when no byte has moved on a connection for REQUEST_TIMEOUT (or, idle
 * between requests, for KEEP_ALIVE_TIMEOUT): closes it when no response is under way, as node does
 * without this listener, or when the response has bytes waiting that the client is not reading.
 * Keeps it when its view is still working or its stream is waiting for the next chunk: a slow view
 * or a quiet event stream is not a stalled client. Node does not fire this while a write progresses.
 */
function cutStalled(socket: Socket): void {
  const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (response == null || socket.writableLength > 0) socket.destroy();
}

/**
 * For `checkContinue`: a request announcing a body over MAX_CONTENT_LENGTH gets its 413 (and
 * `Connection: close`) without a 100 Continue first, so a client that waits for the 100 (curl
 * does, past 1 MB) never sends the body at all (RFC 9110, section 10.1.1). Any other is told to go on.
 */
function continueWithinLimit(c: Config, handler: (req: IncomingMessage, res: ServerResponse) => void): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const max = c.MAX_CONTENT_LENGTH;
    const declared = declaredBody(req.rawHeaders);
    if (declared !== UNSUPPORTED_CODING && (max === null || !(declared > max))) res.writeContinue();
    handler(req, res);
  };
}

/**
 * Without a `connect` listener node drops a CONNECT without a word. flagon is no proxy and
 * cannot route an authority ("host:443"), so the method is not implemented here for any
 * target: 501, as RFC 9110 (15.6.2) advises, rather than a 405 that would owe an Allow header.
 */
function refuseConnect(_req: IncomingMessage, socket: Duplex): void {
  // Node took its own listeners off this socket before handing it over.
  socket.on("error", ignore);
  replyAndClose(socket, CONNECT_REFUSED);
}

/**
 * For `clientError`: what node's HTTP parser (llhttp) refused or timed out, answered with a
 * status and a sentence naming the fault instead of node's empty 400. The replies are built
 * from constants and config, never from the bytes received.
 */
function clientErrorHandler(c: Config): (error: NodeJS.ErrnoException, socket: Duplex) => void {
  const reasons: Record<string, readonly [status: number, why: string]> = {
    HPE_HEADER_OVERFLOW: [431, `the request line and headers are larger than MAX_HEADER_SIZE (${c.MAX_HEADER_SIZE} bytes).`],
    HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, "the extensions of a chunk in the chunked body are too large."],
    ERR_HTTP_REQUEST_TIMEOUT: [408, `the request did not arrive in time (HEADERS_TIMEOUT ${c.HEADERS_TIMEOUT} s for its head, REQUEST_TIMEOUT ${Math.max(c.REQUEST_TIMEOUT, c.HEADERS_TIMEOUT)} s for all of it).`],
    HPE_INVALID_METHOD: [400, "the request method is unknown or malformed."],
    HPE_INVALID_URL: [400, "the request target holds a character that is not allowed."],
    HPE_INVALID_CONSTANT: [400, "the request line is not of the form METHOD /path HTTP/1.1."],
    HPE_INVALID_VERSION: [400, "the request line does not end in HTTP/1.1 or HTTP/1.0 and CRLF."],
    HPE_PAUSED_H2_UPGRADE: [505, "this server speaks HTTP/1.1; HTTP/2 without TLS is not supported."],
    HPE_INVALID_HEADER_TOKEN: [400, "a header line is malformed (no colon, space before the colon, a folded line) or holds a character that is not allowed."],
    HPE_UNEXPECTED_SPACE: [400, "a line starts with a space where a header name should be."],
    HPE_CR_EXPECTED: [400, "a line does not end in CRLF."],
    HPE_LF_EXPECTED: [400, "a line does not end in CRLF."],
    HPE_UNEXPECTED_CONTENT_LENGTH: [400, "Content-Length is sent twice, or together with Transfer-Encoding."],
    HPE_INVALID_CONTENT_LENGTH: [400, "Content-Length is not a non-negative whole number in range."],
    HPE_INVALID_TRANSFER_ENCODING: [400, "Transfer-Encoding does not end in chunked, or is sent together with Content-Length."],
    HPE_INVALID_CHUNK_SIZE: [400, "a chunk size in the chunked body is not a hexadecimal number in range."],
    HPE_CLOSED_CONNECTION: [400, "more data arrived after a request that said Connection: close."],
    HPE_INVALID_EOF_STATE: [400, "the client ended its side of the connection before the whole request (its head, or the body it announced) had arrived."],
  };
  const replies = new Map(Object.entries(reasons).map(([code, [status, why]]) => [code, plainReply(status, why)]));
  const unknown = plainReply(400, "the request could not be parsed.");
  return (error, socket) => {
    const code = error.code ?? "";
    // Only parser errors and timeouts get an answer: a reset or a failed write has no one to read it.
    // As node's own handler, never write into a response already under way on this socket.
    const current = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if ((code.startsWith("HPE_") || replies.has(code)) && socket.writable && (current == null || !current.headersSent)) {
      replyAndClose(socket, replies.get(code) ?? unknown);
    } else {
      socket.destroy();
    }
  };
}

/** A whole HTTP/1.1 response with a plain-text body that closes the connection. */
function plainReply(status: number, why: string): string {
  const reason = STATUS_CODES[status] ?? "Error";
  const text = `${reason}: ${why}`;
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${PLAIN_TEXT}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`;
}

/**
 * Writes `reply` straight to the socket and destroys it, as node's default clientError handler
 * does: a reply this small leaves with the write, and nothing more is read.
 */
function replyAndClose(socket: Duplex, reply: string): void {
  socket.write(reply);
  socket.destroy();
}

function ignore(): void {}

const CONNECT_REFUSED = plainReply(501, "CONNECT is for proxies, and this server is not one.");

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
    // Node hands a response its socket only once those before it are sent: none yet means pipelined.
    if (res.socket === null && tooDeeplyPipelined(req, res)) return;
    try {
      let url = req.url ?? "/";
      if (url.charCodeAt(0) !== 47 /* "/" */) url = originForm(url);
      const q = url.indexOf("?");
      const path = q === -1 ? url : url.slice(0, q);
      const query = q === -1 ? "" : url.slice(q + 1);
      const declared = declaredBody(req.rawHeaders);
      if (declared === UNSUPPORTED_CODING) {
        refuseCoding(res);
        return;
      }
      const request = FlagonRequest.fromNode(req, req.method ?? "GET", path, query, declared === NO_BODY ? undefined : new NodeBody(req, declared));
      if (app.logRequests) logWhenDone(app, req, res, request);
      const result = app.handle(request);
      if (result instanceof FlagonResponse) {
        if (isLast(req, state, declared)) res.setHeader("connection", "close");
        send(app, req, res, result);
      } else {
        result.then((response) => sendSafely(app, req, res, response, state, declared), (error: unknown) => fail(app, req, res, error));
      }
    } catch (error) {
      fail(app, req, res, error);
    }
  };
}

/**
 * Most requests a connection may have waiting behind a response not yet sent. Node parses every
 * request in what it reads (64 KiB holds 2,500 small ones) and emits them all at once: 20,000
 * pipelined `GET`s of a file, from one client that read nothing, ran 20,000 views at once, took
 * the process from 100 MB to 680 MB and ran it out of file descriptors (EMFILE), 2026-12-07.
 */
const MAX_PIPELINED = 64;
const PIPELINED_TOO_DEEP = `Too Many Requests: more than ${MAX_PIPELINED} requests were pipelined on this connection ahead of their answers; wait for answers before sending more.`;

/** How many requests wait behind an unsent response, per connection; only pipelining connections have an entry. */
const waiting = new WeakMap<object, number>();

/**
 * Counts a pipelined request against its connection and, past `MAX_PIPELINED`, answers it 429
 * without running the app, closing the connection once the answers before it are sent. Those
 * answers are small and queued, so node stops reading the socket once they fill its buffer.
 */
function tooDeeplyPipelined(req: IncomingMessage, res: ServerResponse): boolean {
  const socket = req.socket;
  const count = (waiting.get(socket) ?? 0) + 1;
  waiting.set(socket, count);
  res.once("close", () => waiting.set(socket, (waiting.get(socket) ?? 1) - 1));
  if (count <= MAX_PIPELINED) return false;
  res.writeHead(429, { "content-type": PLAIN_TEXT, "content-length": Buffer.byteLength(PIPELINED_TOO_DEEP), connection: "close" });
  res.end(PIPELINED_TOO_DEEP);
  return true;
}

/** What `declaredBody` gives for a request without a body. */
const NO_BODY = 0;
/** What `declaredBody` gives for a body sent in chunks, whose length is not known before it ends. */
const UNKNOWN_LENGTH = -1;

/** What `declaredBody` gives for a body in another transfer coding before chunked (`gzip, chunked`). */
const UNSUPPORTED_CODING = -2;
const CODED_THEN_CHUNKED = /,[\t ]*chunked[\t ]*$/i;

const CODING_REFUSED = "Not Implemented: the request body's Transfer-Encoding is not supported; send it with Content-Length, or with Transfer-Encoding: chunked alone.";

/**
 * RFC 9112, section 6.1: a transfer coding the server does not understand is a 501. Node's parser
 * lets `gzip, chunked` through and hands over the body still gzipped, which a view would read as
 * if it were plain. The body is left unread and the connection closed.
 */
function refuseCoding(res: ServerResponse): void {
  res.writeHead(501, { "content-type": PLAIN_TEXT, "content-length": Buffer.byteLength(CODING_REFUSED), connection: "close" });
  res.end(CODING_REFUSED);
}

/**
 * The body's length as Content-Length gives it, `UNKNOWN_LENGTH` for Transfer-Encoding: chunked,
 * `UNSUPPORTED_CODING` for any other transfer coding, or `NO_BODY`. Scans rawHeaders instead of
 * reading `req.headers`, which node builds on first access: skipping it was the largest single
 * saving on a GET (CPU per request, bench/json against raw node:http, 2026-11-24). Node's parser
 * has already refused a malformed length.
 */
function declaredBody(raw: readonly string[]): number {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 14 && name.toLowerCase() === "content-length") return Number(raw[i + 1]);
    if (name.length === 17 && name.toLowerCase() === "transfer-encoding") {
      // A coding that does not end in chunked is left to node's parser, which answers 400 as RFC 9112 (6.3) requires.
      return CODED_THEN_CHUNKED.test(raw[i + 1] as string) ? UNSUPPORTED_CODING : UNKNOWN_LENGTH;
    }
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

/**
 * True when the response must say `Connection: close`, after which node closes the socket once
 * it is written: when close() has begun, or when the body is still arriving unread (refused at a
 * limit, or a malformed part stopped the reading). Reading it only to throw it away could take
 * gigabytes, and leaving it would stall the next request on the connection: answer and close.
 * `declared` is tested first, and spares a GET the other test: node emits a request before it
 * parses the message's end, so even a GET without a body is not `complete` yet when answered.
 */
function isLast(req: IncomingMessage, state: ServerState | undefined, declared: number): boolean {
  return state?.closing === true || (declared !== NO_BODY && !req.complete);
}

function sendSafely(app: Flagon, req: IncomingMessage, res: ServerResponse, response: FlagonResponse, state: ServerState | undefined, declared: number): void {
  try {
    // writeHead merges this header with its own, so the fast path in send() keeps it.
    if (isLast(req, state, declared)) res.setHeader("connection", "close");
    send(app, req, res, response);
  } catch (error) {
    fail(app, req, res, error);
  }
}

const INTERNAL_ERROR = "Internal Server Error";

/** Last resort when dispatch itself failed: log once with method and path, answer a bare 500 (no detail). */
function fail(app: Flagon, req: IncomingMessage, res: ServerResponse, error: unknown): void {
  app.logger.error(error, { method: req.method ?? "GET", path: req.url ?? "/" });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // Headers copied before node refused one would ride on the 500: a public Cache-Control would let
  // proxies keep the error page, a Set-Cookie would still be set.
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  res.writeHead(500, { "content-type": PLAIN_TEXT, "content-length": INTERNAL_ERROR.length, connection: "close" });
  res.end(INTERNAL_ERROR);
}

function send(app: Flagon, req: IncomingMessage, res: ServerResponse, response: FlagonResponse): void {
  const head = req.method === "HEAD";
  const body = response.body;
  const status = response.status;
  // Hot path: a string with no extra headers is one writeHead with a literal object (bench/json, 2026-11-24).
  // Testing 200 first keeps the content check off the common reply.
  if (!response.hasHeaders && typeof body === "string" && (status === 200 || !forbidsContent(status))) {
    const type = response.contentType;
    const length = Buffer.byteLength(body);
    res.writeHead(status, type === undefined ? { "content-length": length } : { "content-type": type, "content-length": length });
    if (length > STALL_WATCHED_BYTES && !head) watchForStall(app, req);
    res.end(head ? undefined : body);
    return;
  }
  res.statusCode = status;
  const headers = response.headers;
  for (const [name, value] of headers) {
    if (name !== "set-cookie") res.setHeader(name, value);
  }
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (forbidsContent(status)) {
    // Node drops what is written after such a status line, so a stream piped here would be read
    // to its end (forever, for an endless one) with nothing sent.
    // A 205 says its emptiness with Content-Length: 0 (RFC 9110, 15.3.6); node would frame it as chunks.
    if (status === 205) res.setHeader("content-length", 0);
    else if (status !== 304) res.removeHeader("content-length");
    res.end();
    discardBody(body);
  } else if (body === null) {
    if (!res.hasHeader("content-length")) res.setHeader("content-length", 0);
    res.end();
  } else if (typeof body === "string" || body instanceof Uint8Array) {
    const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
    res.setHeader("content-length", length);
    if (length > STALL_WATCHED_BYTES && !head) watchForStall(app, req);
    res.end(head ? undefined : body);
  } else if (head || res.destroyed) {
    // A client that left while the view ran closed `res` already: its "close" will not come again.
    res.end();
    discardBody(body);
  } else if (isWebResponseBody(body) && !res.hasHeader("content-length")) {
    sendWhole(app, req, res, body as AsyncIterable<unknown>);
  } else {
    stream(app, req, res, body as AsyncIterable<unknown>);
  }
}

/**
 * Most bytes a web Response's body is read ahead for a Content-Length (and one more chunk, to
 * see whether it ended there). `new Response(text)` gives its text as one chunk, whatever its size.
 */
const WHOLE_BODY_LIMIT = 64 * 1024;

/**
 * Sends a web Response's body with a Content-Length when it ends within this turn of the
 * event loop (one made from a string, bytes, a Blob or form data does), else streams it,
 * what was read first: `new Response("hi")` was sent in chunks, web streams having no size.
 * It is faster too, without a node Readable and a pipe: `new Response(56 bytes)` 5.9k → 9.1k
 * req/s, string replies and generators unchanged within noise (autocannon, 32 connections,
 * server on one core, medians of four alternating runs against the code before, 2026-12-07).
 */
function sendWhole(app: Flagon, req: IncomingMessage, res: ServerResponse, body: AsyncIterable<unknown>): void {
  readReady(body, WHOLE_BODY_LIMIT).then(
    ({ chunks, size, rest }) => {
      if (rest === undefined) {
        res.setHeader("content-length", size);
        if (size > STALL_WATCHED_BYTES) watchForStall(app, req);
        res.end(concat(chunks, size));
      } else if (res.destroyed) {
        rest[Symbol.asyncIterator]().return?.().catch((error: unknown) => app.logger.error(error, { method: req.method ?? "GET", path: req.url ?? "/" }));
      } else {
        stream(app, req, res, rest);
      }
    },
    // Nothing has left yet: a 500, as for a stream that fails before its first chunk.
    (error: unknown) => fail(app, req, res, error),
  );
}

/**
 * Past this many bytes a whole reply may not fit in the kernel's socket buffer, and what a client
 * that stopped reading leaves behind waits in the process. Smaller replies are handed to the
 * kernel at once, and the keep-alive timeout then closes an idle connection.
 */
const STALL_WATCHED_BYTES = 64 * 1024;

/**
 * Arms the socket's idle timer for a reply that may wait on the client: a stream, or a body over
 * `STALL_WATCHED_BYTES`. Only those: a timer on every connection is refreshed on every read and
 * write, which cost about 1.5 % of a small reply's throughput (six alternating `wrk` pairs,
 * 2026-12-08). Node sets the keep-alive timeout once the reply is sent, and clears it for the
 * next request.
 */
function watchForStall(app: Flagon, req: IncomingMessage): void {
  req.socket.setTimeout(Math.max(app.config.REQUEST_TIMEOUT, app.config.HEADERS_TIMEOUT) * 1000);
}

/** Pipes a stream body to the client, each chunk as it comes. */
function stream(app: Flagon, req: IncomingMessage, res: ServerResponse, body: AsyncIterable<unknown>): void {
  watchForStall(app, req);
  // A web stream goes through the same chunk check as an iterable: node would read a null chunk
  // as the end and send the body cut short as complete.
  // Once the client left, what the body throws (a generator's finally, as it is closed) is logged as a view's error would be.
  const web = iterableToStream(body as AsyncIterable<Uint8Array | string>, (error) => app.logger.error(error, { method: req.method ?? "GET", path: req.url ?? "/" }));
  const readable = Readable.fromWeb(web as import("node:stream/web").ReadableStream<Uint8Array>);
  readable.on("error", (error) => {
    // Before the first chunk nothing has left yet, and a 500 says more than a reset.
    if (!res.headersSent) {
      fail(app, req, res, error);
      return;
    }
    // Headers are gone already: the only honest signal left is cutting the connection.
    app.logger.error(error, { method: req.method ?? "GET", path: req.url ?? "/" });
    res.destroy();
  });
  res.on("close", () => readable.destroy());
  readable.pipe(res);
}

/** The 400 for a multipart field whose `Content-Type` names a charset there is no decoder for. */
function undecodableField(name: string): BadRequest {
  return new BadRequest(`The form field '${name}' names a charset in its Content-Type that this server cannot decode; send it as UTF-8.`);
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
      // Node emits a `data` event per chunk of a chunked body, however small: gathered, not listed.
      const collected = new ByteCollector(this.#declared >= 0 ? this.#declared : limit);
      const onData = (chunk: Buffer): void => {
        if (limit !== null && collected.size + chunk.length > limit) {
          cleanup();
          req.pause();
          reject(tooLarge(limit));
          return;
        }
        collected.append(chunk);
      };
      const onEnd = (): void => {
        cleanup();
        resolve(collected.bytes());
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
          // Browsers write field names and file names as raw UTF-8 (HTML's multipart/form-data
          // encoding); busboy's default reads them as latin1, so "café" arrived as "cafÃ©".
          defParamCharset: "utf8",
          // A filename is the client's word, path and all, as over app.fetch and in Werkzeug:
          // busboy's default cut it to its last segment on this adapter only.
          preservePath: true,
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
      const files = new MultiDict<FileStorage>(undefined, "files");
      let pendingFiles = 0;
      let closed = false;
      let done = false;
      let size = 0;
      const finish = (error?: Error): void => {
        if (done) return;
        if (error !== undefined) {
          done = true;
          stopFeeding();
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
      parser.on("field", (name, value: string | undefined, info) => {
        if (info.valueTruncated && limits.maxFormMemorySize !== null) finish(formTooLarge(limits.maxFormMemorySize));
        // busboy gives no value for a part whose charset it cannot decode: a 400, never an undefined field.
        else if (value === undefined) finish(undecodableField(name));
        else form.append(name, value);
      });
      parser.on("file", (name, stream, info) => {
        pendingFiles += 1;
        const collected = new ByteCollector(max);
        stream.on("data", (chunk: Buffer) => collected.append(chunk));
        stream.on("limit", () => {
          if (max !== null) finish(tooLarge(max));
          stream.resume();
        });
        stream.on("close", () => {
          pendingFiles -= 1;
          files.append(name, new FileStorage([collected.bytes() as Uint8Array<ArrayBuffer>], info.filename ?? "", { type: info.mimeType }));
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
      const stopFeeding = feedJoined(req, parser);
    });
  }
}

/** Bytes of small chunks gathered before they are written to the multipart parser together. */
const JOINED_CHUNK_SIZE = 16 * 1024;

/**
 * Writes `req`'s body to `parser` as `pipe()` would, but with small chunks joined: node emits a
 * `data` event for every chunk of a chunked body, however small, and busboy kept each as an
 * object of its part (a file part sent as a million one-byte chunks took 900 MB, a field 430 MB,
 * 2026-12-08). Chunks are written once JOINED_CHUNK_SIZE has gathered, or at the end of the turn
 * of the event loop they arrived in (node emits a read's chunks one event at a time, so a
 * microtask would join nothing). Returns a function that stops feeding and leaves `req` paused.
 */
function feedJoined(req: IncomingMessage, parser: Writable): () => void {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let scheduled = false;
  const resume = (): void => {
    req.resume();
  };
  const flush = (): void => {
    if (pending.length === 0) return;
    const bytes = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    if (!parser.write(bytes)) {
      req.pause();
      parser.once("drain", resume);
    }
  };
  const onData = (chunk: Buffer): void => {
    pending.push(chunk);
    pendingBytes += chunk.length;
    // A chunk of a useful size goes on at once, as through pipe(), so busboy's backpressure and
    // limits act as early as they did; only small ones wait to be joined.
    if (pendingBytes >= JOINED_CHUNK_SIZE) {
      flush();
    } else if (!scheduled) {
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        flush();
      });
    }
  };
  const onEnd = (): void => {
    flush();
    parser.end();
  };
  req.on("data", onData);
  req.on("end", onEnd);
  return () => {
    req.off("data", onData);
    req.off("end", onEnd);
    parser.off("drain", resume);
    pending = [];
    pendingBytes = 0;
  };
}
