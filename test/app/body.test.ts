import assert from "node:assert/strict";
import { test } from "node:test";
import { Flagon } from "../../src/index.js";

function makeApp(config: Record<string, unknown> = {}): Flagon {
  const app = new Flagon(undefined, { config });
  app.post("/json", (_, request) => ({ got: request.json }));
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
