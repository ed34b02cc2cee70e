import assert from "node:assert/strict";
import { connect } from "node:net";
import { test } from "node:test";
import { Flagon } from "../../src/index.js";
import { get, rawRequest } from "../security/_raw.js";

function slowApp(): { app: Flagon; started: Promise<void>; release: () => void } {
  let release: () => void = () => undefined;
  let markStarted: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const app = new Flagon(undefined, { config: { SHUTDOWN_TIMEOUT: 30 } });
  app.logger = { request: () => undefined, error: () => undefined };
  app.route("/slow", async function slow() {
    markStarted();
    await released;
    return "finished";
  });
  app.route("/fast", function fast() {
    return "fast";
  });
  return { app, started, release };
}

test("close() lets an in-flight request finish, and its response says Connection: close", { timeout: 15_000 }, async () => {
  const { app, started, release } = slowApp();
  const server = await app.listen({ port: 0 });
  const socket = connect(server.port, "127.0.0.1");
  let text = "";
  socket.on("data", (d) => (text += d.toString("latin1")));
  const socketClosed = new Promise((resolve) => socket.once("close", resolve));
  socket.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
  await started;
  const closed = server.close();
  release();
  await closed;
  await socketClosed;
  assert.match(text, /^HTTP\/1\.1 200/);
  assert.match(text, /\r\nconnection: close\r\n/i);
  assert.match(text, /finished$/);
});

test("after close() resolves, new connections are refused", { timeout: 15_000 }, async () => {
  const { app } = slowApp();
  const server = await app.listen({ port: 0 });
  assert.equal((await rawRequest(server.port, get("/fast"))).status, 200);
  await server.close();
  const code = await new Promise<string>((resolve) => {
    const socket = connect(server.port, "127.0.0.1");
    socket.once("connect", () => resolve("connected"));
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
  });
  assert.equal(code, "ECONNREFUSED");
});

test("close() closes idle keep-alive connections at once instead of waiting for KEEP_ALIVE_TIMEOUT", { timeout: 15_000 }, async () => {
  const { app } = slowApp();
  app.config.KEEP_ALIVE_TIMEOUT = 600;
  const server = await app.listen({ port: 0 });
  const socket = connect(server.port, "127.0.0.1");
  const socketClosed = new Promise((resolve) => socket.once("close", resolve));
  socket.write("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
  await new Promise((resolve) => socket.once("data", resolve));
  await server.close();
  await socketClosed;
});

test("calling close() twice returns the same promise", async () => {
  const { app } = slowApp();
  const server = await app.listen({ port: 0 });
  const first = server.close();
  assert.equal(server.close(), first);
  await first;
});
