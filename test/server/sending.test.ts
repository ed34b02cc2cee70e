import assert from "node:assert/strict";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { type AddressInfo, type Socket, connect } from "node:net";
import { Readable } from "node:stream";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Flagon, FlagonResponse, type ListeningServer, makeResponse, request, sendFile } from "../../src/index.js";
import { nodeHandler } from "../../src/server/node.js";
import { bodyOf, get, rawRequest } from "../security/_raw.js";

const logged: unknown[] = [];
const app = new Flagon();
app.logger = { request: () => undefined, error: (error) => logged.push(error) };

let cancelled = 0;
let pulled = 0;
/** A stream that counts its pulls and cancels, never ending by itself. */
function endless(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += 1;
      controller.enqueue(new Uint8Array(1024));
    },
    cancel() {
      cancelled += 1;
    },
  });
}

app.route("/ok", function ok() {
  return "ok";
});
app.route("/no-content-empty", function noContentEmpty() {
  return makeResponse("", 204);
});
app.route("/no-content-text", function noContentText() {
  return new FlagonResponse("ignored", 204);
});
app.route("/no-content-headers", function noContentHeaders() {
  return makeResponse("ignored", 204, { "x-kept": "1", "content-length": "7" });
});
app.route("/not-modified", function notModified() {
  return makeResponse("ignored", 304, { etag: '"v1"' });
});
app.route("/reset-content", function resetContent() {
  return makeResponse("ignored", 205);
});
app.route("/no-content-stream", function noContentStream() {
  return new FlagonResponse(endless(), 204);
});

app.route("/refused-header", function refusedHeader() {
  // Web Headers take a control character that node refuses to write.
  const response = makeResponse("private", 200, { "cache-control": "public, max-age=86400", "x-refused": "a\u0001b" });
  response.setCookie("session", "secret");
  return response;
});

app.route("/fails-at-once", async function* failsAtOnce() {
  yield* [];
  throw new Error("the stream failed before its first chunk");
});

let strayFinished = 0;
app.route("/stray-null", async function* strayNull() {
  try {
    yield "first ";
    yield null as unknown as string;
    yield "never sent";
  } finally {
    strayFinished += 1;
  }
});

let webStrayCancelled = 0;
app.route("/web-stray-null", function webStrayNull() {
  let step = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      step += 1;
      if (step === 1) controller.enqueue(new TextEncoder().encode("first "));
      else if (step === 2) controller.enqueue(null as unknown as Uint8Array);
      else controller.enqueue(new TextEncoder().encode("never sent"));
    },
    cancel() {
      webStrayCancelled += 1;
    },
  });
});

app.route("/web-strings", function webStrings() {
  return new ReadableStream<Uint8Array | string>({
    start(controller) {
      controller.enqueue("text ");
      controller.enqueue(new TextEncoder().encode("and bytes"));
      controller.close();
    },
  }) as ReadableStream<Uint8Array>;
});

let readableDestroyed = 0;
/** A node Readable (an async iterable to flagon) that never ends and counts its destruction. */
function endlessReadable(): Readable {
  return new Readable({
    read() {
      pulled += 1;
      this.push(Buffer.alloc(1024));
    },
    destroy(error, callback) {
      readableDestroyed += 1;
      callback(error);
    },
  });
}
app.route("/readable", function readable() {
  return endlessReadable();
});

/** A promise with its resolve function (Promise.withResolvers is Node 22). */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Lets a test hold the late view until the client has gone. */
let lateView = { entered: deferred(), release: deferred() };
app.route("/late/<kind>", async function late({ kind }) {
  lateView.entered.resolve();
  await lateView.release.promise;
  return kind === "readable" ? endlessReadable() : endless();
});

const folder = mkdtempSync(join(tmpdir(), "flagon-sending-"));
const shrinking = join(folder, "shrinking.bin");
app.route("/shrinking", function shrinkingFile() {
  return sendFile(shrinking);
});

let server: ListeningServer;
before(async () => {
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

/** The head of a raw answer, names lower-cased. */
function headOf(text: string): string {
  return text.slice(0, text.indexOf("\r\n\r\n")).toLowerCase();
}

for (const path of ["/no-content-empty", "/no-content-text", "/no-content-headers"]) {
  test(`a 204 from ${path} is sent with no Content-Length and no body`, async () => {
    const answer = await rawRequest(server.port, get(path));
    assert.equal(answer.status, 204);
    assert.doesNotMatch(headOf(answer.text), /content-length/);
    assert.equal(bodyOf(answer), "");
  });
}

test("a 204's other headers are kept", async () => {
  const answer = await rawRequest(server.port, get("/no-content-headers"));
  assert.match(headOf(answer.text), /\r\nx-kept: 1/);
});

test("a 304 with a body is sent without it, and without a Content-Length made from it", async () => {
  const answer = await rawRequest(server.port, get("/not-modified"));
  assert.equal(answer.status, 304);
  assert.match(headOf(answer.text), /\r\netag: "v1"/);
  assert.doesNotMatch(headOf(answer.text), /content-length/);
  assert.equal(bodyOf(answer), "");
});

test("a 205 with a body is sent empty", async () => {
  const answer = await rawRequest(server.port, get("/reset-content"));
  assert.equal(answer.status, 205);
  assert.match(headOf(answer.text), /\r\ncontent-length: 0/);
  assert.equal(bodyOf(answer), "");
});

test("a 204 with a stream body cancels the stream instead of reading it", { timeout: 5_000 }, async () => {
  pulled = 0;
  const before = cancelled;
  const answer = await rawRequest(server.port, get("/no-content-stream"));
  assert.equal(answer.status, 204);
  assert.equal(bodyOf(answer), "");
  assert.equal(cancelled, before + 1);
  assert.ok(pulled <= 1, `pulled ${pulled} chunks`);
});

for (const [path, status] of [["/no-content-empty", 204], ["/no-content-text", 204], ["/not-modified", 304], ["/reset-content", 205]] as const) {
  test(`app.fetch answers ${path} with ${status} and no body`, async () => {
    const response = await app.fetch(new Request(`http://localhost${path}`));
    assert.equal(response.status, status);
    assert.equal(response.body, null);
    assert.equal(response.headers.has("content-length"), false);
  });
}

test("the test client answers makeResponse('', 204) with 204", async () => {
  const response = await app.testClient().get("/no-content-empty");
  assert.equal(response.status, 204);
  assert.equal(response.text, "");
});

test("app.fetch cancels a stream body it drops for a 204", async () => {
  const before = cancelled;
  await app.fetch(new Request("http://localhost/no-content-stream"));
  assert.equal(cancelled, before + 1);
});

test("a connection that carried a 204 with a body serves its next request", async () => {
  const answer = await rawRequest(server.port, `GET /no-content-text HTTP/1.1\r\nHost: localhost\r\n\r\n${get("/ok")}`);
  assert.match(answer.text, /\r\n\r\nHTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nok$/);
});

app.route("/endless", function endlessView() {
  return endless();
});

test("app.fetch answers HEAD on a stream view without reading it, and cancels the stream", async () => {
  pulled = 0;
  const before = cancelled;
  const response = await app.fetch(new Request("http://localhost/endless", { method: "HEAD" }));
  assert.equal(response.body, null);
  assert.equal(cancelled, before + 1);
  assert.ok(pulled <= 1, `pulled ${pulled} chunks`);
});

test("HEAD on a stream view over a socket cancels the stream", async () => {
  const before = cancelled;
  const answer = await rawRequest(server.port, `HEAD /endless HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
  assert.equal(answer.status, 200);
  assert.equal(bodyOf(answer), "");
  assert.equal(cancelled, before + 1);
});

test("a file that shrinks while it is sent closes the connection short of its Content-Length, and is logged", { timeout: 10_000 }, async () => {
  writeFileSync(shrinking, Buffer.alloc(4 * 1024 * 1024, 1));
  const errors = logged.length;
  const socket = connect(server.port, "127.0.0.1");
  socket.write("GET /shrinking HTTP/1.1\r\nHost: localhost\r\n\r\n");
  let received = 0;
  await new Promise((resolve) => socket.once("data", (chunk: Buffer) => resolve((received += chunk.length))));
  // Paused, the socket stops reading so the server is still mid-file when it shrinks.
  socket.pause();
  truncateSync(shrinking, 1000);
  socket.on("data", (chunk: Buffer) => (received += chunk.length));
  socket.resume();
  await new Promise((resolve) => socket.on("close", resolve));
  assert.ok(received < 4 * 1024 * 1024, `received ${received} bytes`);
  assert.equal(logged.length, errors + 1);
});

test("a response node refuses to write becomes a 500 that carries none of its headers", async () => {
  const errors = logged.length;
  const answer = await rawRequest(server.port, get("/refused-header"));
  assert.equal(answer.status, 500);
  const head = headOf(answer.text);
  assert.doesNotMatch(head, /cache-control|set-cookie|x-refused/);
  assert.doesNotMatch(answer.text, /private/);
  assert.equal(logged.length, errors + 1);
});

/** Asks for `path` and expects the plain 500 of a body that failed before anything was sent, and one error logged. */
async function expectPlain500(path: string, logs: RegExp): Promise<void> {
  const errors = logged.length;
  const answer = await rawRequest(server.port, get(path));
  assert.equal(answer.status, 500);
  assert.equal(bodyOf(answer), "Internal Server Error");
  assert.equal(logged.length, errors + 1);
  assert.match(String(logged.at(-1)), logs);
}

test("a stream that fails before its first chunk is answered 500, logged once", async () => {
  await expectPlain500("/fails-at-once", /before its first chunk/);
});

test("a null yielded mid-stream cuts the connection instead of ending the body as if complete", async () => {
  const finished = strayFinished;
  const answer = await rawRequest(server.port, get("/stray-null"));
  assert.equal(answer.status, 200);
  assert.equal(answer.closed, true);
  assert.doesNotMatch(answer.text, /0\r\n\r\n$/, "a failed stream must not look complete");
  assert.match(String(logged.at(-1)), /yielded null/);
  assert.equal(strayFinished, finished + 1);
});

test("a web stream's null chunk cuts the connection too, and the stream is cancelled", async () => {
  const cancelled = webStrayCancelled;
  const answer = await rawRequest(server.port, get("/web-stray-null"));
  assert.equal(answer.status, 200);
  assert.equal(answer.closed, true);
  assert.doesNotMatch(answer.text, /never sent/);
  assert.doesNotMatch(answer.text, /0\r\n\r\n$/, "a failed stream must not look complete");
  assert.match(String(logged.at(-1)), /yielded null/);
  await eventually(() => webStrayCancelled === cancelled + 1, "the web stream is cancelled");
});

test("a web stream of strings is sent as UTF-8 over a socket and over app.fetch alike", async () => {
  assert.equal(bodyOf(await rawRequest(server.port, get("/web-strings"))), "5\r\ntext \r\n9\r\nand bytes\r\n0\r\n\r\n");
  assert.equal(await (await app.fetch(new Request("http://localhost/web-strings"))).text(), "text and bytes");
});

test("over app.fetch a chunk that is neither text nor bytes fails the body, naming what was yielded", async () => {
  const response = await app.fetch(new Request("http://localhost/stray-null"));
  await assert.rejects(response.text(), /yielded null; yield strings or Uint8Array chunks/);
});

app.route("/web-response/<kind>", function webResponse({ kind }) {
  const text = "héllo, world";
  if (kind === "text") return new Response(text);
  if (kind === "bytes") return new Response(new TextEncoder().encode(text));
  if (kind === "blob") return new Response(new Blob(["héllo, ", "world"]));
  if (kind === "large") return new Response("x".repeat(200_000));
  throw new Error(`no web Response of kind ${kind}`);
});

test("a web Response made from text, bytes or a Blob is sent with a Content-Length over a socket", async () => {
  for (const kind of ["text", "bytes", "blob", "large"]) {
    const answer = await rawRequest(server.port, get(`/web-response/${kind}`));
    const expected = kind === "large" ? "x".repeat(200_000) : "héllo, world";
    assert.equal(answer.status, 200, kind);
    assert.match(headOf(answer.text), new RegExp(`\r\ncontent-length: ${Buffer.byteLength(expected)}(\r|$)`), kind);
    assert.doesNotMatch(headOf(answer.text), /transfer-encoding/, kind);
    assert.equal(Buffer.from(bodyOf(answer), "latin1").toString(), expected, kind);
  }
});

let slowRelease = deferred();
app.route("/web-response-slow", function webResponseSlow() {
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("first "));
      },
      async pull(controller) {
        await slowRelease.promise;
        controller.enqueue(new TextEncoder().encode("last"));
        controller.close();
      },
    }),
  );
});

test("a web Response whose stream is not ready is streamed, its first chunk sent without waiting for the rest", { timeout: 5_000 }, async () => {
  slowRelease = deferred();
  const socket = connect(server.port, "127.0.0.1");
  socket.write(get("/web-response-slow"));
  let text = "";
  await new Promise<void>((resolve) => {
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (text.includes("first ")) resolve();
    });
  });
  assert.match(headOf(text), /transfer-encoding: chunked/);
  assert.doesNotMatch(text, /last/);
  slowRelease.resolve();
  await new Promise((resolve) => socket.on("close", resolve));
  assert.match(text, /first \r\n4\r\nlast\r\n0\r\n\r\n$/);
});

let readyCancelled = 0;
app.route("/web-response-endless", function webResponseEndless() {
  return new Response(
    new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(1024));
      },
      cancel() {
        readyCancelled += 1;
      },
    }),
  );
});

test("a web Response whose stream is always ready and never ends is read ahead only so far, then streamed", { timeout: 5_000 }, async () => {
  const before = readyCancelled;
  const socket = connect(server.port, "127.0.0.1");
  socket.write(get("/web-response-endless"));
  const head = await new Promise<string>((resolve) => socket.once("data", (chunk: Buffer) => resolve(chunk.toString("latin1"))));
  assert.match(headOf(head), /transfer-encoding: chunked/);
  socket.destroy();
  await eventually(() => readyCancelled === before + 1, "the stream is cancelled");
});

app.route("/web-response-fails", function webResponseFails() {
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("first "));
      },
      pull(controller) {
        controller.error(new Error("the web body failed while ready"));
      },
    }),
  );
});

test("a web Response whose body fails while it is read ahead is answered 500, logged once", async () => {
  await expectPlain500("/web-response-fails", /failed while ready/);
});

test("HEAD on a web Response sends no body", async () => {
  const answer = await rawRequest(server.port, `HEAD /web-response/text HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
  assert.equal(answer.status, 200);
  assert.equal(bodyOf(answer), "");
});

/** Polls until `check` holds: the server releases a body a moment after it is handed over. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`never happened: ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test("HEAD on a view returning a node Readable destroys it", async () => {
  const before = readableDestroyed;
  const answer = await rawRequest(server.port, `HEAD /readable HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
  assert.equal(answer.status, 200);
  await eventually(() => readableDestroyed === before + 1, "the Readable is destroyed");
});

/**
 * A server of the test's own, to see its side of the connection close: `fn` gets a client
 * socket and a promise of that close. The server is closed however `fn` ends.
 */
async function withOwnServer(fn: (socket: Socket, serverSide: Promise<void>) => Promise<void>): Promise<void> {
  const own = createServer(nodeHandler(app));
  const serverSide = deferred();
  own.on("connection", (socket) => socket.on("close", () => serverSide.resolve()));
  await new Promise<void>((resolve) => own.listen(0, "127.0.0.1", resolve));
  const socket = connect((own.address() as AddressInfo).port, "127.0.0.1");
  try {
    await fn(socket, serverSide.promise);
  } finally {
    socket.destroy();
    own.close();
  }
}

let generatorClosed = 0;
app.route("/endless-generator", function endlessGenerator() {
  return (function* rows() {
    try {
      for (;;) yield "row\n".repeat(1024);
    } finally {
      generatorClosed += 1;
    }
  })();
});

app.route("/streamed-path", function streamedPath() {
  return (function* parts() {
    yield "path: ";
    yield request.path;
  })();
});

test("over a socket, a generator reads the request as it is sent", async () => {
  const response = await fetch(`${server.url}/streamed-path`);
  assert.equal(await response.text(), "path: /streamed-path");
});

test("a generator's finally runs when the client leaves mid-stream", { timeout: 10_000 }, async () => {
  await withOwnServer(async (socket, serverSide) => {
    socket.write(get("/endless-generator"));
    await new Promise<void>((resolve) => socket.once("data", () => resolve()));
    const before = generatorClosed;
    socket.destroy();
    await serverSide;
    await eventually(() => generatorClosed === before + 1, "the generator is closed");
  });
});

/** Lets a test hold a streamed body after its first chunk until the client has gone. */
let heldBody = deferred();
app.route("/late-error/<where>", async function* lateError({ where }) {
  try {
    yield "first ";
    await heldBody.promise;
    if (where === "body") throw new Error("the body failed after the client left");
    yield "never sent";
  } finally {
    if (where === "finally") throw new Error("the body's finally failed after the client left");
  }
});

for (const where of ["finally", "body"]) {
  test(`an error thrown by a streamed body's ${where} after the client left mid-stream is logged once`, { timeout: 10_000 }, async () => {
    heldBody = deferred();
    await withOwnServer(async (socket, serverSide) => {
      socket.write(get(`/late-error/${where}`));
      await new Promise<void>((resolve) => {
        let text = "";
        socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")).includes("first ") && resolve());
      });
      socket.destroy();
      await serverSide;
      const errors = logged.length;
      heldBody.resolve();
      await eventually(() => logged.length > errors, "the error is logged");
      // A few more turns, for a second report to show if there were one.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      assert.equal(logged.length, errors + 1);
      assert.match(String(logged.at(-1)), where === "finally" ? /finally failed after the client left/ : /body failed after the client left/);
    });
  });
}

test("over app.fetch, a streamed body's finally that fails once the reader cancelled is logged, and the cancel succeeds", async () => {
  heldBody = deferred();
  const response = await app.fetch(new Request("http://localhost/late-error/finally"));
  const reader = response.body!.getReader();
  assert.equal(new TextDecoder().decode((await reader.read()).value), "first ");
  const errors = logged.length;
  const cancelled = reader.cancel();
  heldBody.resolve();
  await cancelled;
  assert.equal(logged.length, errors + 1);
  assert.match(String(logged.at(-1)), /finally failed after the client left/);
});

for (const kind of ["stream", "readable"]) {
  test(`a ${kind} returned after the client left is released without being read`, { timeout: 10_000 }, async () => {
    lateView = { entered: deferred(), release: deferred() };
    await withOwnServer(async (socket, serverSide) => {
      socket.write(`GET /late/${kind} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      await lateView.entered.promise;
      socket.destroy();
      await serverSide;
      const [cancelledBefore, destroyedBefore] = [cancelled, readableDestroyed];
      pulled = 0;
      lateView.release.resolve();
      if (kind === "stream") await eventually(() => cancelled === cancelledBefore + 1, "the stream is cancelled");
      else await eventually(() => readableDestroyed === destroyedBefore + 1, "the Readable is destroyed");
      // A ReadableStream pulls its first chunk by itself when made.
      assert.ok(pulled <= 1, `pulled ${pulled} chunks`);
    });
  });
}
