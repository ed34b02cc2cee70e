import assert from "node:assert/strict";
import { once } from "node:events";
import { connect } from "node:net";
import { after, before, test } from "node:test";
import { Flagon, type ListeningServer } from "../../src/index.js";
import { get, rawRequest } from "../security/_raw.js";

const app = new Flagon(undefined, { config: { HEADERS_TIMEOUT: 0.5, REQUEST_TIMEOUT: 1, KEEP_ALIVE_TIMEOUT: 0.3, MAX_CONNECTIONS: 20 } });
app.logger = { request: () => undefined, error: () => undefined };
app.route("/", function home() {
  return "home";
});
app.post("/echo", function echo(_, request) {
  return request.text;
});

/** Settled when the endless download's generator is closed: the server let go of it. */
let downloadReleased: Promise<void> = Promise.resolve();
app.route("/endless", function endless() {
  let release: () => void = () => undefined;
  downloadReleased = new Promise((resolve) => {
    release = resolve;
  });
  return (async function* chunks() {
    try {
      for (;;) yield new Uint8Array(64 * 1024);
    } finally {
      release();
    }
  })();
});
/** A whole reply too large for the kernel's socket buffers: most of it waits in the process while the client does not read. */
const LARGE_REPLY_BYTES = 48 * 1024 * 1024;
app.route("/large", function large() {
  return "x".repeat(LARGE_REPLY_BYTES);
});
app.route("/slow-view", async function slowView() {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return "slow but whole";
});
app.route("/quiet-stream", function quietStream() {
  return (async function* chunks() {
    yield "first ";
    await new Promise((resolve) => setTimeout(resolve, 1500));
    yield "second";
  })();
});

let server: ListeningServer;
before(async () => {
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
});

/** Opens a connection that sends `first`, then one byte of `drip` every 50 ms; resolves with what the server sent when it closed. */
function slowClient(first: string, drip: string): Promise<{ text: string; bytesDripped: number }> {
  return new Promise((resolve) => {
    const socket = connect(server.port, "127.0.0.1");
    let text = "";
    let i = 0;
    const timer = setInterval(() => {
      if (i < drip.length) socket.write(drip.charAt(i++));
    }, 50);
    socket.on("data", (d) => (text += d.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ text, bytesDripped: i });
    });
    socket.write(first);
  });
}

test("a slowloris client dripping its headers is answered 408 and disconnected after HEADERS_TIMEOUT", { timeout: 15_000 }, async () => {
  const result = await slowClient("GET / HTTP/1.1\r\nHost: x\r\n", "X-Slow: " + "a".repeat(10_000));
  assert.match(result.text, /^HTTP\/1\.1 408/);
  assert.ok(result.bytesDripped < 10_000);
});

test("a client dripping its body is disconnected after REQUEST_TIMEOUT", { timeout: 15_000 }, async () => {
  const result = await slowClient("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", "b".repeat(100_000));
  assert.ok(result.bytesDripped < 100_000);
  assert.doesNotMatch(result.text, /^HTTP\/1\.1 200/);
});

test("an idle keep-alive connection is closed after KEEP_ALIVE_TIMEOUT", { timeout: 15_000 }, async () => {
  const socket = connect(server.port, "127.0.0.1");
  socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  await once(socket, "data");
  await once(socket, "close");
});

test("connections past MAX_CONNECTIONS are closed while the others are still served", { timeout: 15_000 }, async () => {
  const held = await Promise.all(Array.from({ length: 20 }, async () => {
    const socket = connect(server.port, "127.0.0.1");
    socket.on("error", () => undefined);
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n");
    await new Promise((resolve) => socket.once("connect", resolve).once("close", resolve));
    return socket;
  }));
  const extra = connect(server.port, "127.0.0.1");
  extra.on("error", () => undefined);
  extra.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  let got = "";
  extra.on("data", (d) => (got += d.toString()));
  // events.once would reject on the reset; only the close matters here.
  await new Promise((resolve) => extra.once("close", resolve));
  assert.equal(got, "", "the connection over the limit was served");
  for (const socket of held) socket.destroy();
  await Promise.all(held.map((s) => (s.closed ? undefined : new Promise((resolve) => s.once("close", resolve)))));
  // Poll with a deadline: the server notices the closed sockets asynchronously.
  const deadline = Date.now() + 5000;
  for (;;) {
    const answer = await rawRequest(server.port, get("/")).catch(() => ({ status: 0 }));
    if (answer.status === 200 || Date.now() > deadline) {
      assert.equal(answer.status, 200);
      break;
    }
  }
});

test("a client that stops reading a download is disconnected after REQUEST_TIMEOUT, and the download is released", { timeout: 15_000 }, async () => {
  const socket = connect(server.port, "127.0.0.1");
  socket.on("error", () => undefined);
  socket.write("GET /endless HTTP/1.1\r\nHost: x\r\n\r\n");
  await once(socket, "data");
  socket.pause();
  await downloadReleased;
  socket.resume();
  await once(socket, "close");
  assert.equal((await rawRequest(server.port, get("/"))).status, 200);
});

test("a client that stops reading a large whole reply is disconnected after REQUEST_TIMEOUT", { timeout: 15_000 }, async () => {
  const socket = connect(server.port, "127.0.0.1");
  socket.on("error", () => undefined);
  let received = 0;
  socket.on("data", (chunk: Buffer) => (received += chunk.length));
  socket.write("GET /large HTTP/1.1\r\nHost: x\r\n\r\n");
  await once(socket, "data");
  socket.pause();
  // REQUEST_TIMEOUT is 1 s here: well past it, the server has given up on this client.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  socket.resume();
  await once(socket, "close");
  assert.ok(received < LARGE_REPLY_BYTES, `the client received all ${received} bytes; the server should have cut it off`);
  assert.equal((await rawRequest(server.port, get("/"))).status, 200);
});

test("a view slower than REQUEST_TIMEOUT is still answered: the client is waiting, not stalled", { timeout: 15_000 }, async () => {
  const answer = await rawRequest(server.port, get("/slow-view"));
  assert.equal(answer.status, 200);
  assert.match(answer.text, /slow but whole$/);
});

test("a stream quiet for longer than REQUEST_TIMEOUT between chunks is sent whole", { timeout: 15_000 }, async () => {
  const answer = await rawRequest(server.port, get("/quiet-stream"));
  assert.equal(answer.status, 200);
  assert.match(answer.text, /first \r\n[\da-f]+\r\nsecond\r\n0\r\n\r\n$/);
});
