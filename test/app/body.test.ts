import assert from "node:assert/strict";
import { test } from "node:test";
import { Flagon } from "../../src/index.js";

function makeApp(config: Record<string, unknown> = {}): Flagon {
  const app = new Flagon(undefined, { config });
  app.post("/json", (_, request) => ({ got: request.json }));
  app.post("/json-silent", (_, request) => ({ got: request.getJson({ silent: true }) }));
  app.post("/form", (_, request) => ({ name: request.form.require("name") }));
  app.post("/upload", async (_, request) => {
    const file = request.files.get("file");
    return { name: file?.name ?? null, text: file === undefined ? null : await file.text(), title: request.form.get("title") ?? null };
  });
  return app;
}

test("a JSON body is available as request.json", async () => {
  const response = await makeApp().testClient().post("/json", { json: { a: [1, 2] } });
  assert.deepEqual(response.json, { got: { a: [1, 2] } });
});

test("malformed JSON is a 400 with a clear message", async () => {
  const response = await makeApp().testClient().post("/json", { body: "{oops", headers: { "content-type": "application/json" } });
  assert.equal(response.status, 400);
  assert.match(response.text, /Failed to decode JSON object/);
});

test("a JSON body that is not valid UTF-8 is a 400 saying so, not text with replacement characters", async () => {
  const bytes = new Uint8Array([...new TextEncoder().encode('{"name":"'), 0xff, 0xfe, ...new TextEncoder().encode('"}')]);
  const response = await makeApp().testClient().post("/json", { body: bytes, headers: { "content-type": "application/json" } });
  assert.equal(response.status, 400);
  assert.match(response.text, /the JSON body is not valid UTF-8/);
});

test("getJson({ silent: true }) gives null for a JSON body that is not valid UTF-8", async () => {
  const bytes = new Uint8Array([0x22, 0xc3, 0x28, 0x22]);
  const response = await makeApp().testClient().post("/json-silent", { body: bytes, headers: { "content-type": "application/json" } });
  assert.deepEqual(response.json, { got: null });
});

test("request.json with a non-JSON content type is 415", async () => {
  const response = await makeApp().testClient().post("/json", { body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
  assert.equal(response.status, 415);
});

test("a missing form key is a 400 naming the key", async () => {
  const response = await makeApp().testClient().post("/form", { form: { other: "x" } });
  assert.equal(response.status, 400);
  assert.match(response.text, /missing the required key &#39;name&#39;/);
});

test("a multipart form with a file fills files and form", async () => {
  const response = await makeApp().testClient().post("/upload", {
    form: { title: "doc", file: new File(["hello"], "hello.txt", { type: "text/plain" }) },
  });
  assert.deepEqual(response.json, { name: "hello.txt", text: "hello", title: "doc" });
});

test("a body over MAX_CONTENT_LENGTH is 413", async () => {
  const response = await makeApp({ MAX_CONTENT_LENGTH: 10 }).testClient().post("/json", { json: { long: "x".repeat(20) } });
  assert.equal(response.status, 413);
});

test("a form with more parts than MAX_FORM_PARTS is 413", async () => {
  const response = await makeApp({ MAX_FORM_PARTS: 2 }).testClient().post("/form", { form: { name: "a", b: "b", c: "c" } });
  assert.equal(response.status, 413);
});

test("a multipart field over MAX_FORM_MEMORY_SIZE is 413", async () => {
  const response = await makeApp({ MAX_FORM_MEMORY_SIZE: 5 }).testClient().post("/upload", {
    form: { title: "much too long", file: new File(["x"], "x.txt") },
  });
  assert.equal(response.status, 413);
});

test("multipart without a boundary is a 400", async () => {
  const response = await makeApp().testClient().post("/upload", { body: "junk", headers: { "content-type": "multipart/form-data" } });
  assert.equal(response.status, 400);
});

test("an urlencoded body over MAX_FORM_MEMORY_SIZE is a 413 saying the limit measured the whole body", async () => {
  // 900 fields of 600 bytes: none is large, together they pass the default 500 000 bytes.
  const body = Array.from({ length: 900 }, (_, i) => `f${String(i).padStart(3, "0")}=${"x".repeat(595)}`).join("&");
  const response = await makeApp().testClient().post("/form", { body, headers: { "content-type": "application/x-www-form-urlencoded" } });
  assert.equal(response.status, 413);
  assert.match(response.text, /The urlencoded form body is larger than the limit of 500000 bytes \(MAX_FORM_MEMORY_SIZE, which applies to the whole body of an urlencoded form\)/);
  assert.doesNotMatch(response.text, /A form field/);
});

for (const [what, path, type] of [["JSON", "/json", "application/json"], ["multipart", "/upload", "multipart/form-data; boundary=B"]] as const) {
  test(`over app.fetch, a ${what} body whose stream fails mid-upload (the client left) is a 400, not a logged 500`, async () => {
    const app = makeApp();
    const logged: unknown[] = [];
    app.logger = { request: () => undefined, error: (error) => logged.push(error) };
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(new TextEncoder().encode('--B\r\n{"a":'));
        else controller.error(new Error("the client closed the connection"));
      },
    });
    const request = new Request(`http://localhost${path}`, { method: "POST", body, headers: { "content-type": type }, duplex: "half" } as RequestInit);
    const response = await app.fetch(request);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /The request body could not be read/);
    assert.deepEqual(logged, []);
  });
}
