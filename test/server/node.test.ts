import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, test } from "node:test";
import { Flagon, type ListeningServer, session } from "../../src/index.js";

const app = new Flagon(undefined, { config: { SECRET_KEY: "k", MAX_CONTENT_LENGTH: 1000, MAX_FORM_PARTS: 3, MAX_FORM_MEMORY_SIZE: 50 } });
app.logger = { request: () => undefined, error: () => undefined };
app.route("/", function home() {
  return "Hello, World!";
});
app.route("/json", function json() {
  return { hello: "world" };
});
app.route("/post/<int:post_id>", function show_post({ post_id }) {
  return `Post number ${post_id}`;
});
app.post("/echo", function echo(_, request) {
  return { json: request.json };
});
app.post("/upload", async function upload(_, request) {
  const file = request.files.get("file");
  return { title: request.form.get("title") ?? null, name: file?.name ?? null, text: file ? await file.text() : null };
});
app.post("/names", function names(_, request) {
  return { fields: [...request.form.keys()], files: [...request.files].map(([field, file]) => [field, file.filename]) };
});
app.route("/boom", function boom() {
  throw new Error("boom");
});
app.route("/count", function count() {
  const n = (session.get("n") as number | undefined) ?? 0;
  session.set("n", n + 1);
  return String(n + 1);
});
app.route("/stream", function stream() {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("chunk1 "));
      controller.enqueue(new TextEncoder().encode("chunk2"));
      controller.close();
    },
  });
});

app.route("/headers", function headers(_, request) {
  const h = request.headers;
  const one = { token: h.get("X-Token"), has: h.has("x-token"), missing: h.get("x-missing"), hasMissing: h.has("x-missing") };
  let invalidName = "accepted";
  try {
    h.get("bad name");
  } catch (error) {
    invalidName = (error as Error).name;
  }
  h.set("x-added", "1");
  const listed = [...h].filter(([name]) => name.startsWith("x-"));
  return { ...one, invalidName, instance: h instanceof Headers, listed, afterList: h.get("x-token"), repeated: h.get("x-twice") };
});

let server: ListeningServer;
before(async () => {
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
});

/** Sends raw bytes and resolves with everything the server answers before closing or within one response. */
function raw(payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
    });
    socket.on("end", () => resolve(received));
    socket.on("close", () => resolve(received));
    socket.on("error", reject);
    socket.write(payload);
  });
}

async function stillServing(): Promise<void> {
  const response = await fetch(`${server.url}/`);
  assert.equal(await response.text(), "Hello, World!");
}

test("request.headers over node reads single headers, lists them all and takes changes like a Headers", async () => {
  const answer = await raw("GET /headers HTTP/1.1\r\nHost: x\r\nX-Token: bench\r\nX-Twice: a\r\nX-Twice: b\r\nConnection: close\r\n\r\n");
  const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)) as Record<string, unknown>;
  assert.deepEqual(body, {
    token: "bench",
    has: true,
    missing: null,
    hasMissing: false,
    invalidName: "TypeError",
    instance: true,
    listed: [["x-added", "1"], ["x-token", "bench"], ["x-twice", "a, b"]],
    afterList: "bench",
    repeated: "a, b",
  });
});

test("listen on port 0 gives a URL on 127.0.0.1 with a real port", () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(server.port > 0);
});

test("a string view is served as text/html with a Content-Length", async () => {
  const response = await fetch(`${server.url}/`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(response.headers.get("content-length"), "13");
  assert.equal(await response.text(), "Hello, World!");
});

test("an object view is served as JSON", async () => {
  const response = await fetch(`${server.url}/json`);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(await response.json(), { hello: "world" });
});

test("a converter rule matches over a socket", async () => {
  assert.equal(await (await fetch(`${server.url}/post/42`)).text(), "Post number 42");
});

test("HEAD gets headers without a body", async () => {
  const response = await fetch(`${server.url}/`, { method: "HEAD" });
  assert.equal(response.status, 200);
  assert.equal(await response.text(), "");
});

test("a JSON body is read", async () => {
  const response = await fetch(`${server.url}/echo`, { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } });
  assert.deepEqual(await response.json(), { json: { a: 1 } });
});

test("a multipart upload streams through busboy", async () => {
  const form = new FormData();
  form.append("title", "report");
  form.append("file", new File(["hello file"], "a.txt", { type: "text/plain" }));
  const response = await fetch(`${server.url}/upload`, { method: "POST", body: form });
  assert.deepEqual(await response.json(), { title: "report", name: "a.txt", text: "hello file" });
});

test("multipart field and file names beyond ASCII arrive as the browser wrote them, in UTF-8", async () => {
  const form = new FormData();
  form.append("café", "crème");
  form.append("pièce", new File(["x"], "résumé 日本.txt"));
  const response = await fetch(`${server.url}/names`, { method: "POST", body: form });
  assert.deepEqual(await response.json(), { fields: ["café"], files: [["pièce", "résumé 日本.txt"]] });
});

test("an uploaded filename arrives as the client sent it, path included, as through app.fetch and the test client", async () => {
  const body = '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="../../etc/passwd"\r\n\r\nroot\r\n--XyZ--\r\n';
  const headers = { "content-type": "multipart/form-data; boundary=XyZ" };
  const overNode = await fetch(`${server.url}/names`, { method: "POST", body, headers });
  const overFetch = await app.fetch(new Request("http://x/names", { method: "POST", body, headers }));
  const overClient = await app.testClient().post("/names", { body, headers });
  const expected = { fields: [], files: [["file", "../../etc/passwd"]] };
  assert.deepEqual(await overNode.json(), expected);
  assert.deepEqual(await overFetch.json(), expected);
  assert.deepEqual(overClient.json, expected);
});

test("a multipart field in a charset there is no decoder for is a 400 naming the field, and the server keeps serving", async () => {
  const body = '--XyZ\r\nContent-Disposition: form-data; name="title"\r\nContent-Type: text/plain; charset=no-such-charset\r\n\r\nhello\r\n--XyZ--\r\n';
  const answer = await raw(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  assert.match(answer, /^HTTP\/1\.1 400/);
  assert.match(answer, /The form field &#39;title&#39; names a charset/);
  await stillServing();
});

test("a multipart file over MAX_CONTENT_LENGTH is 413 and the server keeps serving", async () => {
  const form = new FormData();
  form.append("file", new File(["x".repeat(2000)], "big.txt"));
  const response = await fetch(`${server.url}/upload`, { method: "POST", body: form });
  assert.equal(response.status, 413);
  await stillServing();
});

test("a multipart form with too many parts is 413", async () => {
  const form = new FormData();
  for (const key of ["a", "b", "c", "d", "e"]) form.append(key, "1");
  const response = await fetch(`${server.url}/upload`, { method: "POST", body: form });
  assert.equal(response.status, 413);
});

test("a multipart field over MAX_FORM_MEMORY_SIZE is 413", async () => {
  const form = new FormData();
  form.append("title", "t".repeat(60));
  const response = await fetch(`${server.url}/upload`, { method: "POST", body: form });
  assert.equal(response.status, 413);
});

test("a declared Content-Length over the limit is 413 without reading the body", async () => {
  const answer = await raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{");
  assert.match(answer, /^HTTP\/1\.1 413/);
  await stillServing();
});

test("Expect: 100-continue with a Content-Length over the limit is answered 413 without a 100 Continue", async () => {
  const answer = await raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n");
  assert.match(answer, /^HTTP\/1\.1 413/);
  assert.doesNotMatch(answer, /100 Continue/);
  assert.match(answer, /\r\nconnection: close\r\n/i);
  await stillServing();
});

test("Expect: 100-continue with a body within the limit is told to continue, then served", async () => {
  const answer = await raw('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n{"a":1}');
  assert.match(answer, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
  assert.match(answer, /\{"json":\{"a":1\}\}$/);
});

test("a chunked body that grows past the limit is 413", async () => {
  const chunk = "x".repeat(600);
  const body = `${chunk.length.toString(16)}\r\n${chunk}\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`;
  const answer = await raw(`POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${body}`);
  assert.match(answer, /^HTTP\/1\.1 413/);
  await stillServing();
});

test("a malformed percent-encoding is 400", async () => {
  const response = await fetch(`${server.url}/post/%E0%A4%A`);
  assert.equal(response.status, 400);
});

test("a malformed request line is answered 400 and the server keeps serving", async () => {
  const answer = await raw("GARBAGE\r\n\r\n");
  assert.match(answer, /^HTTP\/1\.1 400/);
  await stillServing();
});

test("an absolute-form request target is routed by its path", async () => {
  const answer = await raw(`GET http://example.com/post/7 HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n`);
  assert.match(answer, /Post number 7/);
});

test("an uncaught error is a 500 without a stack trace and the server keeps serving", async () => {
  const response = await fetch(`${server.url}/boom`);
  assert.equal(response.status, 500);
  assert.doesNotMatch(await response.text(), /Error: boom|node\.test/);
  await stillServing();
});

test("the session cookie round-trips over a socket", async () => {
  const first = await fetch(`${server.url}/count`);
  assert.equal(await first.text(), "1");
  const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const second = await fetch(`${server.url}/count`, { headers: { cookie } });
  assert.equal(await second.text(), "2");
});

test("a ReadableStream is streamed to the socket", async () => {
  assert.equal(await (await fetch(`${server.url}/stream`)).text(), "chunk1 chunk2");
});

test("a 405 carries Allow over a socket", async () => {
  const response = await fetch(`${server.url}/json`, { method: "DELETE" });
  assert.equal(response.status, 405);
  assert.equal(response.headers.get("allow"), "GET, HEAD, OPTIONS");
});

test("a client that disconnects mid-body does not stop the server", async () => {
  await new Promise<void>((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1", () => {
      socket.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"a\":");
      socket.destroy();
    });
    socket.on("close", () => resolve());
    socket.on("error", reject);
  });
  await stillServing();
});

test("a POST with Content-Length 0 has an empty form", async () => {
  const answer = await raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  assert.match(answer, /^HTTP\/1\.1 400/);
  assert.match(answer, /Failed to decode JSON object/);
});

test("a multipart body cut short is a 400, not a hang", async () => {
  const body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello";
  const answer = await raw(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  assert.match(answer, /^HTTP\/1\.1 400/);
  await stillServing();
});
