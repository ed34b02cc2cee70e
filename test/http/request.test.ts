import assert from "node:assert/strict";
import { test } from "node:test";
import { BadRequest, RequestEntityTooLarge, UnsupportedMediaType } from "../../src/http/exceptions.js";
import { FlagonRequest } from "../../src/http/request.js";

const limits = { maxContentLength: 1000, maxFormMemorySize: 100, maxFormParts: 3 };

function post(body: BodyInit, type: string): FlagonRequest {
  return FlagonRequest.fromWeb(new Request("http://example.com/submit?x=1", { method: "POST", body, headers: { "content-type": type } }));
}

test("the URL is split into path and query without a URL object", () => {
  const request = FlagonRequest.fromWeb(new Request("http://example.com/a%20b/c?x=1&y=2#frag"));
  assert.equal(request.rawPath, "/a%20b/c");
  assert.equal(request.path, "/a b/c");
  assert.equal(request.rawQuery, "x=1&y=2");
  assert.equal(request.args.get("y"), "2");
  assert.equal(request.host, "example.com");
  assert.equal(request.url, "http://example.com/a%20b/c?x=1&y=2");
});

test("node headers are read without building Headers, and Headers are built on demand", () => {
  const request = new FlagonRequest("GET", "/", "", { host: "h", cookie: "a=1; b=2" }, undefined);
  assert.equal(request.header("host"), "h");
  assert.deepEqual({ ...request.cookies }, { a: "1", b: "2" });
  assert.equal(request.headers.get("cookie"), "a=1; b=2");
});

test("a JSON body is parsed on first read", async () => {
  const request = post('{"name":"Ann"}', "application/json");
  await request.loadBody(limits);
  assert.deepEqual(request.json, { name: "Ann" });
});

test("malformed JSON is a 400 saying it failed to decode", async () => {
  const request = post("{bad", "application/json");
  await request.loadBody(limits);
  assert.throws(() => request.json, (error: unknown) => error instanceof BadRequest && error.description.startsWith("Failed to decode JSON object"));
});

test("a __proto__ key in JSON is refused", async () => {
  const request = post('{"__proto__":{"admin":true}}', "application/json");
  await request.loadBody(limits);
  assert.throws(() => request.json, BadRequest);
});

test("request.json on a non-JSON content type is 415, getJson silent gives null, force parses", async () => {
  const request = post('{"a":1}', "text/plain");
  await request.loadBody(limits);
  assert.throws(() => request.json, UnsupportedMediaType);
  assert.equal(request.getJson({ silent: true }), null);
  assert.deepEqual(request.getJson({ force: true }), { a: 1 });
});

test("an urlencoded body fills form", async () => {
  const request = post("username=alice&password=x", "application/x-www-form-urlencoded");
  await request.loadBody(limits);
  assert.equal(request.form.get("username"), "alice");
});

test("an urlencoded form with more parts than MAX_FORM_PARTS is 413", async () => {
  const request = post("a=1&b=2&c=3&d=4", "application/x-www-form-urlencoded");
  await request.loadBody(limits);
  assert.throws(() => request.form, RequestEntityTooLarge);
});

test("a body over MAX_CONTENT_LENGTH is 413", async () => {
  const request = post("x".repeat(1001), "text/plain");
  await assert.rejects(request.loadBody(limits), RequestEntityTooLarge);
});

test("a multipart body fills form and files", async () => {
  const data = new FormData();
  data.append("title", "report");
  data.append("file", new File(["hello"], "a.txt", { type: "text/plain" }));
  const request = FlagonRequest.fromWeb(new Request("http://x/up", { method: "POST", body: data }));
  await request.loadBody(limits);
  assert.equal(request.form.get("title"), "report");
  const file = request.files.get("file");
  assert.equal(file?.name, "a.txt");
  assert.equal(await file?.text(), "hello");
});

test("a multipart field over MAX_FORM_MEMORY_SIZE is 413", async () => {
  const data = new FormData();
  data.append("big", "x".repeat(101));
  const request = FlagonRequest.fromWeb(new Request("http://x/up", { method: "POST", body: data }));
  await assert.rejects(request.loadBody(limits), RequestEntityTooLarge);
});

test("prefersJson follows the Accept header", () => {
  const ask = (accept: string) => new FlagonRequest("GET", "/", "", { accept }, undefined).prefersJson;
  assert.equal(ask("application/json"), true);
  assert.equal(ask("text/html,application/xhtml+xml,*/*;q=0.8"), false);
  assert.equal(ask("*/*"), false);
  assert.equal(ask("application/*"), true);
  // As acceptMimetypes ranks them: a wildcard at a higher quality accepts HTML before JSON.
  assert.equal(ask("*/*;q=1, application/json;q=0.9"), false);
  assert.equal(ask("text/*;q=0.5, application/json;q=0.4"), false);
  assert.equal(ask("text/html;q=0, */*"), true);
});

test("a node request's headers are read from rawHeaders without building req.headers", () => {
  let built = false;
  const message = {
    rawHeaders: ["Host", "example.com", "Cookie", "a=1", "cookie", "b=2", "Accept", "application/json"],
    get headers() {
      built = true;
      return { host: "example.com", cookie: "a=1; b=2", accept: "application/json" };
    },
    socket: { remoteAddress: "10.0.0.1" },
  };
  const request = FlagonRequest.fromNode(message, "GET", "/x", "q=1", undefined);
  assert.equal(request.host, "example.com");
  assert.deepEqual({ ...request.cookies }, { a: "1", b: "2" });
  assert.equal(request.prefersJson, true);
  assert.equal(request.remoteAddr, "10.0.0.1");
  assert.equal(built, false);
  // headers.get() reads one name too; listing the headers is what builds them all.
  assert.equal(request.headers.get("Accept"), "application/json");
  assert.equal(request.headers.get("cookie"), "a=1; b=2");
  assert.equal(built, false);
  assert.deepEqual([...request.headers], [["accept", "application/json"], ["cookie", "a=1; b=2"], ["host", "example.com"]]);
  assert.equal(built, true);
});
