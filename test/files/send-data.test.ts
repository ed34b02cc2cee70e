// sendFile of bytes a view made, as Flask's send_file(io.BytesIO(...)).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { FileStorage, Flagon, type ListeningServer, SendFileError, sendFile, silentLogger } from "../../src/index.js";

const CSV = "id,name\n1,Ann\n2,Bob\n";
const bytes = new TextEncoder().encode(CSV);

const app = new Flagon(undefined, { config: { SECRET_KEY: "k" } });
app.logger = silentLogger;
app.route("/export.csv", () => sendFile(bytes, { downloadName: "users.csv", asAttachment: true }));
app.route("/tagged", () => sendFile(bytes, { mimetype: "text/csv", etag: "v1" }));
app.route("/blob", () => sendFile(new Blob(["<svg/>"], { type: "image/svg+xml" })));
app.route("/named-file", () => sendFile(new File(["{}"], "data.json")));
app.route("/nameless", () => sendFile(new Uint8Array([1, 2, 3])));
app.route("/nameless-attachment", () => sendFile(new Uint8Array([1, 2, 3]), { mimetype: "application/octet-stream", asAttachment: true }));
app.route("/buffer", () => sendFile(bytes.buffer.slice(0, 7), { mimetype: "text/plain" }));
app.route("/unicode", () => sendFile(bytes, { downloadName: "Übersicht.csv" }));
// An upload sent back: its name and type are the client's, so the app names it.
app.post("/echo-upload", (_, request) => sendFile(request.files.get("file")!));
app.post("/avatar", (_, request) => sendFile(request.files.get("file")!, { downloadName: "avatar.png" }));

let server: ListeningServer;
before(async () => {
  server = await app.listen({ port: 0 });
});
after(() => server.close());

test("bytes are sent with the type guessed from downloadName, as an attachment, with their length", async () => {
  const response = await app.testClient().get("/export.csv");
  assert.equal(response.status, 200);
  assert.equal(response.text, CSV);
  assert.equal(response.headers.get("content-type"), "text/csv; charset=utf-8");
  assert.equal(response.headers.get("content-disposition"), 'attachment; filename="users.csv"');
  assert.equal(response.headers.get("content-length"), String(bytes.length));
  assert.equal(response.headers.get("accept-ranges"), "bytes");
  // Bytes made by the view have no modification time, and no tag unless one is given.
  assert.equal(response.headers.get("last-modified"), null);
  assert.equal(response.headers.get("etag"), null);
  assert.equal(response.headers.get("cache-control"), "no-cache");
});

test("a Range request on bytes is a 206 with that range, over a real socket", async () => {
  const response = await fetch(`${server.url}/export.csv`, { headers: { range: "bytes=8-13" } });
  assert.equal(response.status, 206);
  assert.equal(response.headers.get("content-range"), `bytes 8-13/${bytes.length}`);
  assert.equal(await response.text(), "1,Ann\n");
  const past = await fetch(`${server.url}/export.csv`, { headers: { range: `bytes=${bytes.length}-` } });
  assert.equal(past.status, 416);
  await past.arrayBuffer();
});

test("an etag string given validates: If-None-Match is a 304, If-Match another tag a 412", async () => {
  const client = app.testClient();
  const first = await client.get("/tagged");
  assert.equal(first.headers.get("etag"), '"v1"');
  assert.equal(first.headers.get("content-type"), "text/csv; charset=utf-8");
  assert.equal(first.headers.get("content-disposition"), null);
  assert.equal((await client.get("/tagged", { headers: { "if-none-match": '"v1"' } })).status, 304);
  assert.equal((await client.get("/tagged", { headers: { "if-match": '"v0"' } })).status, 412);
  // Without a modification time, date validators change nothing.
  const since = await client.get("/tagged", { headers: { "if-modified-since": new Date(Date.now() + 60_000).toUTCString() } });
  assert.equal(since.status, 200);
});

test("a Blob's type is its content type; a File's name is its download name", async () => {
  const client = app.testClient();
  const blob = await client.get("/blob");
  assert.equal(blob.headers.get("content-type"), "image/svg+xml; charset=utf-8");
  assert.equal(blob.text, "<svg/>");
  const file = await client.get("/named-file");
  assert.equal(file.headers.get("content-type"), "application/json");
  assert.equal(file.headers.get("content-disposition"), 'inline; filename="data.json"');
});

test("an ArrayBuffer is sent as its bytes; a name beyond ASCII gets filename*", async () => {
  const client = app.testClient();
  assert.equal((await client.get("/buffer")).text, CSV.slice(0, 7));
  const unicode = await client.get("/unicode");
  assert.equal(unicode.headers.get("content-disposition"), `inline; filename="Ubersicht.csv"; filename*=UTF-8''%C3%9Cbersicht.csv`);
});

test("bytes with nothing to tell their type by, or an attachment without a name, are the view's error", async () => {
  await assert.rejects(sendFile(new Uint8Array([1])), SendFileError);
  await assert.rejects(sendFile(new Uint8Array([1]), { mimetype: "image/png", asAttachment: true }), /an attachment needs a name; pass downloadName/);
  const response = await app.testClient().get("/nameless");
  assert.equal(response.status, 500);
  assert.equal((await app.testClient().get("/nameless-attachment")).status, 500);
});

test("an upload lends neither its name nor its type: the app names what it sends back", async () => {
  // A part that says text/html, sent back as the app's avatar.png, must not run as a page.
  const form = new FormData();
  form.append("file", new File(["<script>alert(1)</script>"], "x.html", { type: "text/html" }));
  const response = await fetch(`${server.url}/avatar`, { method: "POST", body: form });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "image/png");
  assert.equal(response.headers.get("content-disposition"), 'inline; filename="avatar.png"');
  await response.arrayBuffer();
  const unnamed = new FormData();
  unnamed.append("file", new File(["hello"], "greeting.txt", { type: "text/plain" }));
  assert.equal((await fetch(`${server.url}/echo-upload`, { method: "POST", body: unnamed })).status, 500);
  await assert.rejects(sendFile(FileStorage.from(new File(["x"], "page.html", { type: "text/html" }))), /an upload's own name and type are the client's/);
});

test("a name tells the type before a Blob's own type does, as Werkzeug reads it from the name", async () => {
  const response = await sendFile(new Blob(["{}"], { type: "text/html" }), { downloadName: "data.json" });
  assert.equal(response.headers.get("content-type"), "application/json");
});

test("HEAD of bytes answers the headers and no body", async () => {
  const response = await fetch(`${server.url}/export.csv`, { method: "HEAD" });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-length"), String(bytes.length));
  assert.equal(await response.text(), "");
});
