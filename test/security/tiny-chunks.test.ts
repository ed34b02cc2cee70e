/**
 * Bodies sent as a million one-byte chunks: node emits one `data` event per chunk of a chunked
 * body, and a runtime's web stream may give chunks as small. Kept as a list, each costs an
 * object of a few hundred bytes, so a body within MAX_CONTENT_LENGTH took hundreds of MB and a
 * 16 MiB one would have taken the heap. The memory each request holds must stay near its size.
 */
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Flagon, type ListeningServer } from "../../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const CHUNKS = 1_000_000;
const MB = 1024 * 1024;

const app = new Flagon(undefined, { config: { MAX_FORM_MEMORY_SIZE: 2 * MB } });
app.logger = { request: () => undefined, error: () => undefined };
app.post("/raw", function raw(_, request) {
  return { size: request.body?.byteLength ?? 0 };
});
app.post("/form", async function form(_, request) {
  const file = request.files.get("file");
  return { field: request.form.get("field")?.length ?? 0, file: file === undefined ? 0 : (await file.arrayBuffer()).byteLength };
});

let server: ListeningServer;
before(async () => {
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
});

/**
 * Sends `head`, then `CHUNKS` chunks of one byte each, then `tail`, all chunked; resolves with the
 * answer's body and the most the heap grew while the server read it (sampled, not collected).
 */
function sendInOneByteChunks(path: string, contentType: string, head: string, tail: string): Promise<{ body: string; grewBy: number }> {
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 10);
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let text = "";
    socket.on("data", (d: Buffer) => (text += d.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => {
      clearInterval(sampler);
      resolve({ body: text.slice(text.indexOf("\r\n\r\n") + 4), grewBy: peak - baseline });
    });
    const frame = (bytes: string): string => (bytes === "" ? "" : `${Buffer.byteLength(bytes).toString(16)}\r\n${bytes}\r\n`);
    socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${contentType}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${frame(head)}`);
    const batch = "1\r\na\r\n".repeat(10_000);
    let sent = 0;
    const pump = (): void => {
      while (sent < CHUNKS) {
        sent += 10_000;
        if (!socket.write(batch)) {
          socket.once("drain", pump);
          return;
        }
      }
      socket.write(`${frame(tail)}0\r\n\r\n`);
    };
    pump();
  });
}

const MULTIPART = "multipart/form-data; boundary=B";

test("a raw body of a million one-byte chunks is read whole without holding an object per chunk", { timeout: 60_000 }, async () => {
  const { body, grewBy } = await sendInOneByteChunks("/raw", "application/octet-stream", "", "");
  assert.deepEqual(JSON.parse(body), { size: CHUNKS });
  assert.ok(grewBy < 150 * MB, `the heap grew by ${Math.round(grewBy / MB)} MB for a body of 1 MB`);
});

test("a multipart field of a million one-byte chunks is read whole without holding an object per chunk", { timeout: 60_000 }, async () => {
  const { body, grewBy } = await sendInOneByteChunks("/form", MULTIPART, '--B\r\nContent-Disposition: form-data; name="field"\r\n\r\n', "\r\n--B--\r\n");
  assert.deepEqual(JSON.parse(body), { field: CHUNKS, file: 0 });
  assert.ok(grewBy < 150 * MB, `the heap grew by ${Math.round(grewBy / MB)} MB for a field of 1 MB`);
});

test("a multipart file of a million one-byte chunks is read whole without holding an object per chunk", { timeout: 60_000 }, async () => {
  const { body, grewBy } = await sendInOneByteChunks("/form", MULTIPART, '--B\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n', "\r\n--B--\r\n");
  assert.deepEqual(JSON.parse(body), { field: 0, file: CHUNKS });
  assert.ok(grewBy < 150 * MB, `the heap grew by ${Math.round(grewBy / MB)} MB for a file of 1 MB`);
});

test("over app.fetch, a body streamed as a million one-byte chunks is read without holding an object per chunk", { timeout: 60_000 }, async () => {
  let pulled = 0;
  let heldAtEnd = 0;
  gc();
  const baseline = process.memoryUsage().heapUsed;
  const one = new Uint8Array([97]);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === CHUNKS) {
        // Every chunk before this one has been taken by the reader: what it still holds is live.
        gc();
        heldAtEnd = process.memoryUsage().heapUsed - baseline;
        controller.close();
        return;
      }
      pulled += 1;
      controller.enqueue(one.slice());
    },
  }, { highWaterMark: 0 });
  const response = await app.fetch(new Request("http://localhost/raw", { method: "POST", body: stream, duplex: "half" } as RequestInit));
  assert.deepEqual(await response.json(), { size: CHUNKS });
  assert.ok(heldAtEnd < 64 * MB, `${Math.round(heldAtEnd / MB)} MB were held for a body of 1 MB`);
});
