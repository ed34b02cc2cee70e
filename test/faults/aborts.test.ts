import assert from "node:assert/strict";
import { mkdtemp, mkdir, readdir, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Flagon, type ListeningServer } from "../../src/index.js";
import { get, rawRequest } from "../security/_raw.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const ABORTS = 10_000;
const CONCURRENCY = 50;

let started = 0;
let finished = 0;
let uploadsSeen = 0;
let server: ListeningServer;
let app: Flagon;

before(async () => {
  const root = await mkdtemp(join(tmpdir(), "flagon-aborts-"));
  await mkdir(join(root, "static"));
  await writeFile(join(root, "static", "big.bin"), Buffer.alloc(8 * 1024 * 1024, 120));
  app = new Flagon(root, { config: { MAX_CONTENT_LENGTH: 16 * 1024 * 1024 } });
  app.logger = { request: () => undefined, error: () => undefined };
  app.route("/ok", function ok() {
    return "ok";
  });
  app.post("/upload", function upload(_, request) {
    uploadsSeen += 1;
    return String(request.body?.byteLength ?? 0);
  });
  app.post("/upload-form", function uploadForm(_, request) {
    uploadsSeen += 1;
    return String(request.files.size);
  });
  app.route("/stream", function stream() {
    return (async function* body() {
      started += 1;
      try {
        // Endless unless the client goes away: only an abort ends it.
        for (;;) yield "x".repeat(16 * 1024);
      } finally {
        finished += 1;
      }
    })();
  });
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
});

type Kind = "upload" | "multipart" | "stream" | "static";
const KINDS: readonly Kind[] = ["upload", "multipart", "stream", "static"];

/** One request that the client abandons halfway: resolves once its socket is closed. */
function abortOne(kind: Kind): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(server.port, "127.0.0.1");
    socket.on("error", () => undefined);
    socket.on("close", () => resolve());
    if (kind === "upload") {
      socket.write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n");
      socket.write(Buffer.alloc(8 * 1024, 1), () => socket.destroy());
    } else if (kind === "multipart") {
      socket.write("POST /upload-form HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n");
      socket.write(`--b\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n${"y".repeat(8 * 1024)}`, () => socket.destroy());
    } else {
      socket.write(get(kind === "stream" ? "/stream" : "/static/big.bin"));
      socket.once("data", () => socket.destroy());
    }
  });
}

async function abortMany(count: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      const kind = KINDS[next % KINDS.length] as Kind;
      next += 1;
      await abortOne(kind);
    }
  }));
}

async function openFds(): Promise<number> {
  return (await readdir("/proc/self/fd")).length;
}

function resourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

/** Polls (with a deadline) until `check` holds; the server cleans up after the client has gone. */
async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`never settled: ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test(`${ABORTS} requests aborted mid-upload and mid-response leak no sockets, file handles, listeners or memory`, { timeout: 180_000 }, async () => {
  await abortMany(400); // warm-up: lazy imports, JIT, pools
  await eventually(() => finished === started, "warm-up streams");
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const fdsBefore = await openFds();
  const resourcesBefore = resourceCounts();
  const processListenersBefore = process.eventNames().map((name) => process.listenerCount(name)).reduce((a, b) => a + b, 0);
  const startedBefore = started;

  await abortMany(ABORTS);

  await eventually(() => finished === started, `streams finished (${finished}/${started})`);
  await eventually(async () => (await openFds()) <= fdsBefore + 2, "file descriptors back to the baseline");
  await eventually(() => (resourceCounts()["TCPSocketWrap"] ?? 0) <= (resourcesBefore["TCPSocketWrap"] ?? 0), "sockets closed");
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const streams = started - startedBefore;
  const fdsAfter = await openFds();
  const resourcesAfter = resourceCounts();
  process.stdout.write(
    `# aborted ${ABORTS} requests: streams started/finished ${streams}/${streams}, uploads that reached a view ${uploadsSeen}, ` +
      `fds ${fdsBefore} -> ${fdsAfter}, process listeners ${processListenersBefore}, heap ${(heapBefore / 1e6).toFixed(1)} MB -> ${(heapAfter / 1e6).toFixed(1)} MB, ` +
      `resources ${JSON.stringify(resourcesBefore)} -> ${JSON.stringify(resourcesAfter)}\n`,
  );
  assert.ok(streams >= ABORTS / KINDS.length, `only ${streams} streams started`);
  assert.equal(uploadsSeen, 0, "an aborted upload reached its view");
  assert.ok(heapAfter - heapBefore < 16 * 1024 * 1024, `heap grew by ${heapAfter - heapBefore} bytes`);
  for (const [name, count] of Object.entries(resourcesAfter)) {
    assert.ok(count <= (resourcesBefore[name] ?? 0) + 2, `${name}: ${resourcesBefore[name] ?? 0} before, ${count} after`);
  }
  const processListenersAfter = process.eventNames().map((name) => process.listenerCount(name)).reduce((a, b) => a + b, 0);
  assert.equal(processListenersAfter, processListenersBefore, "listeners were left on process");
  // The server still answers.
  assert.equal((await rawRequest(server.port, get("/ok"))).status, 200);
});
