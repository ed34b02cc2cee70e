import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { get, rawRequest } from "../security/_raw.js";

const fixture = fileURLToPath(new URL("./fixtures/shutdown-app.ts", import.meta.url));

/** Starts the fixture and resolves with its port once it prints " * Running on". */
async function start(env: Record<string, string> = {}): Promise<{ child: ChildProcessWithoutNullStreams; port: number; lines: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", fixture], { env: { ...process.env, ...env }, stdio: "pipe" });
  let out = "";
  child.stderr.on("data", () => undefined);
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match !== null) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`the server exited early (${code}): ${out}`)));
  });
  return { child, port, lines: () => out };
}

function waitForLine(child: ChildProcessWithoutNullStreams, lines: () => string, line: string): Promise<void> {
  return new Promise((resolve) => {
    if (lines().includes(line)) return resolve();
    const onData = (): void => {
      if (lines().includes(line)) {
        child.stdout.off("data", onData);
        resolve();
      }
    };
    child.stdout.on("data", onData);
  });
}

function connectResult(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
  });
}

test("SIGTERM lets an in-flight request finish, refuses new connections, and exits 0", { timeout: 30_000 }, async () => {
  const { child, port, lines } = await start();
  const slow = rawRequest(port, get("/slow"));
  await waitForLine(child, lines, "in-flight");
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await waitForLine(child, lines, "closing");
  assert.equal(await connectResult(port), "ECONNREFUSED");
  child.stdin.write("release\n");
  const answer = await slow;
  assert.equal(answer.status, 200);
  assert.match(answer.text, /finished$/);
  const [code, signal] = await exited;
  assert.deepEqual([code, signal], [0, null]);
});

test("on SIGTERM an idle keep-alive connection is closed by the server", { timeout: 30_000 }, async () => {
  const { child, port } = await start();
  const socket = connect(port, "127.0.0.1");
  const closed = once(socket, "close");
  socket.write("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
  await once(socket, "data");
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await closed;
  const [code] = await exited;
  assert.equal(code, 0);
});

test("a request still running at SHUTDOWN_TIMEOUT is cut off and the process still exits 0", { timeout: 30_000 }, async () => {
  const { child, port, lines } = await start({ SHUTDOWN_TIMEOUT: "0.2" });
  const slow = rawRequest(port, get("/slow"));
  await waitForLine(child, lines, "in-flight");
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const answer = await slow;
  assert.equal(answer.closed, true);
  assert.equal(answer.status, 0, "the unfinished request got no response");
  const [code] = await exited;
  assert.equal(code, 0);
});
