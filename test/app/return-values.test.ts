import assert from "node:assert/strict";
import { test } from "node:test";
import { Flagon, g, jsonify, makeResponse, redirect, request, urlFor } from "../../src/index.js";

const app = new Flagon();
app.route("/string", () => "<b>hi</b>");
app.route("/object", () => ({ a: 1 }));
app.route("/array", () => [1, 2]);
app.route("/bytes", () => new Uint8Array([104, 105]));
app.route("/web", () => new Response("web", { status: 202, headers: { "x-web": "1" } }));
app.route("/stream", () => new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("streamed")); c.close(); } }));
app.route("/iter", async function* iter() { yield "a"; yield "b"; } as unknown as () => AsyncIterable<string>);
function* csvRows(): Generator<string> {
  yield "id,name\n";
  yield "1,ann\n";
}
app.route("/generator", function generator() {
  return csvRows();
});
app.route("/generator-csv", function generatorCsv() {
  return makeResponse(csvRows(), 200, { "content-type": "text/csv" });
});
app.route("/iterable-object", function iterableObject() {
  return { async *[Symbol.asyncIterator]() { yield "from "; yield "an object"; } };
});
app.route("/map", function map() {
  return new Map([["a", 1]]) as never;
});
app.route("/set", function set() {
  return new Set([1]) as never;
});
app.route("/generator-reads-request/<name>", function generatorReadsRequest() {
  g["greeting"] = "hello";
  return (function* greet() {
    yield `${String(g["greeting"])} `;
    yield `${request.viewArgs!["name"]} at ${request.path}`;
  })();
});
app.route("/async-generator-reads-request", async function* asyncGeneratorReadsRequest() {
  yield "before ";
  await new Promise((resolve) => setTimeout(resolve, 1));
  yield `after an await: ${request.args.get("q")}`;
});
app.route("/made", () => makeResponse("made", 201, { "x-made": "yes" }));
app.route("/jsonify", () => jsonify({ ok: true }, 201));
const item = app.route("/items/<int:item_id>", ({ item_id }) => ({ id: item_id }));
app.route("/jsonify-created", { methods: ["POST"] }, () => jsonify({ id: 7 }, 201, { Location: urlFor(item, { item_id: 7 }) }));
app.route("/jsonify-problem", () => jsonify({ title: "Gone" }, 410, { "content-type": "application/problem+json" }));
app.route("/redirect", () => redirect("/string", 301));
app.route("/async", async () => {
  await Promise.resolve();
  return "later";
});
const client = app.testClient();

test("a string is 200 text/html; charset=utf-8", async () => {
  const response = await client.get("/string");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(response.text, "<b>hi</b>");
});

test("an object is 200 JSON", async () => {
  const response = await client.get("/object");
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(response.json, { a: 1 });
});

test("an array is 200 JSON", async () => {
  assert.deepEqual((await client.get("/array")).json, [1, 2]);
});

test("bytes are application/octet-stream", async () => {
  const response = await client.get("/bytes");
  assert.equal(response.headers.get("content-type"), "application/octet-stream");
  assert.equal(response.text, "hi");
});

test("a web Response is sent as it is", async () => {
  const response = await client.get("/web");
  assert.equal(response.status, 202);
  assert.equal(response.headers.get("x-web"), "1");
  assert.equal(response.text, "web");
});

test("a ReadableStream is streamed", async () => {
  assert.equal((await client.get("/stream")).text, "streamed");
});

test("an async iterable is streamed", async () => {
  assert.equal((await client.get("/iter")).text, "ab");
});

test("a generator is streamed as Flask streams `return generate()`, and makeResponse takes one", async () => {
  const page = await client.get("/generator");
  assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(page.text, "id,name\n1,ann\n");
  const csv = await client.get("/generator-csv");
  assert.deepEqual([csv.headers.get("content-type"), csv.text], ["text/csv", "id,name\n1,ann\n"]);
});

test("a streamed generator reads request and g while it is sent, without Flask's stream_with_context", async () => {
  assert.equal((await client.get("/generator-reads-request/ann")).text, "hello ann at /generator-reads-request/ann");
  assert.equal((await client.get("/async-generator-reads-request", { query: { q: "42" } })).text, "before after an await: 42");
});

test("an object literal with Symbol.asyncIterator is streamed, not sent as JSON", async () => {
  const response = await client.get("/iterable-object");
  assert.deepEqual([response.headers.get("content-type"), response.text], ["text/html; charset=utf-8", "from an object"]);
});

test("a Map or a Set is a 500 whose logged error says how to send it, not the JSON {}", async () => {
  const logged: unknown[] = [];
  app.logger = { request: () => undefined, error: (error) => logged.push(error) };
  assert.equal((await client.get("/map")).status, 500);
  assert.equal((await client.get("/set")).status, 500);
  assert.match(String(logged[0]), /"map" returned a Map, which JSON cannot hold; return Object\.fromEntries\(map\)/);
  assert.match(String(logged[1]), /"set" returned a Set, which JSON cannot hold; return \[\.\.\.set\]/);
});

test("makeResponse sets status and headers", async () => {
  const response = await client.get("/made");
  assert.equal(response.status, 201);
  assert.equal(response.headers.get("x-made"), "yes");
});

test("jsonify sets status", async () => {
  const response = await client.get("/jsonify");
  assert.equal(response.status, 201);
  assert.deepEqual(response.json, { ok: true });
});

test("jsonify takes headers, as the third item of a Flask view's tuple", async () => {
  const response = await client.post("/jsonify-created");
  assert.equal(response.status, 201);
  assert.equal(response.headers.get("location"), "/items/7");
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(response.json, { id: 7 });
});

test("jsonify keeps a Content-Type its headers name", async () => {
  const response = await client.get("/jsonify-problem");
  assert.equal(response.status, 410);
  assert.equal(response.headers.get("content-type"), "application/problem+json");
  assert.equal(response.text, '{"title":"Gone"}');
});

test("redirect sends its status and Location", async () => {
  const response = await client.get("/redirect");
  assert.equal(response.status, 301);
  assert.equal(response.headers.get("location"), "/string");
});

test("an async view's value is awaited", async () => {
  assert.equal((await client.get("/async")).text, "later");
});

test("JSON_SORT_KEYS sorts every object's keys in views' JSON and jsonify, as Flask's setting did", async () => {
  const app = new Flagon(undefined, { config: { JSON_SORT_KEYS: true } });
  app.route("/plain", () => ({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 3 } }));
  app.route("/jsonify", () => jsonify({ b: 1, a: 2 }, 201));
  const client = app.testClient();
  assert.equal((await client.get("/plain")).text, '{"a":{"c":3,"d":[{"y":2,"z":1}]},"b":1}');
  const made = await client.get("/jsonify");
  assert.equal(made.status, 201);
  assert.equal(made.text, '{"a":2,"b":1}');
  const unsorted = new Flagon();
  unsorted.route("/plain", () => ({ b: 1, a: 2 }));
  assert.equal((await unsorted.testClient().get("/plain")).text, '{"b":1,"a":2}');
});

test("JSON_SORT_KEYS sorts the keys of an object given to makeResponse, as of one a view returns", async () => {
  const app = new Flagon(undefined, { config: { JSON_SORT_KEYS: true } });
  app.route("/made", () => makeResponse({ b: 1, a: { d: 1, c: 2 } }, 201));
  const made = await app.testClient().get("/made");
  assert.equal(made.status, 201);
  assert.equal(made.text, '{"a":{"c":2,"d":1},"b":1}');
});

test("JSON_SORT_KEYS reports a circular object as JSON.stringify does, and keeps an object seen twice", async () => {
  const app = new Flagon(undefined, { config: { JSON_SORT_KEYS: true } });
  const errors: unknown[] = [];
  app.logger = { request: () => undefined, error: (error) => errors.push(error) };
  const shared = { b: 1, a: 2 };
  app.route("/shared", () => ({ y: shared, x: [shared, shared] }));
  app.route("/circular", () => {
    const loop: Record<string, unknown> = { b: 1 };
    loop.self = loop;
    return loop;
  });
  const client = app.testClient();
  assert.equal((await client.get("/shared")).text, '{"x":[{"a":2,"b":1},{"a":2,"b":1}],"y":{"a":2,"b":1}}');
  assert.equal((await client.get("/circular")).status, 500);
  assert.match(String(errors[0]), /TypeError: Converting circular structure to JSON/);
});

test("JSON_SORT_KEYS keeps a __proto__ key that JSON.parse made, as a key", async () => {
  const app = new Flagon(undefined, { config: { JSON_SORT_KEYS: true } });
  app.route("/", () => JSON.parse('{"b":1,"__proto__":{"x":1}}') as Record<string, unknown>);
  assert.equal((await app.testClient().get("/")).text, '{"__proto__":{"x":1},"b":1}');
});
