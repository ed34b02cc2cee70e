import assert from "node:assert/strict";
import { test } from "node:test";
import { Flagon, g, makeResponse, request } from "../../src/index.js";

test("the context-local request is the handler's request in a sync view", async () => {
  const app = new Flagon();
  app.route("/", (_, req) => String(request === req || request.path === req.path));
  assert.equal((await app.testClient().get("/")).text, "true");
});

test("the context-local request survives awaits in an async view", async () => {
  const app = new Flagon();
  app.route("/<name>", async ({ name }) => {
    await new Promise((resolve) => setTimeout(resolve, name === "slow" ? 20 : 0));
    return request.path;
  });
  const client = app.testClient();
  const [slow, fast] = await Promise.all([client.get("/slow"), client.get("/fast")]);
  assert.equal(slow.text, "/slow");
  assert.equal(fast.text, "/fast");
});

test("reading request outside a request says so, and what to do after an await", () => {
  assert.throws(() => request.path, /Working outside of request context[\s\S]*declare that view, hook or handler `async`/);
});

test("plain hooks and handlers that return promises get the request after an await from their second call on", async () => {
  const app = new Flagon();
  app.logger = { request: () => undefined, error: () => undefined };
  const later = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));
  app.beforeRequest(() => later().then(() => void (g["seen"] = request.path)));
  app.afterRequest((response) =>
    later().then(() => {
      response.headers.set("x-path", request.path);
      return response;
    }),
  );
  app.errorHandler(404, () => later().then(() => makeResponse(`missing ${request.path}`, 404)));
  app.route("/<name>", () => later().then(() => `${g["seen"]} ${request.path}`));
  const client = app.testClient();
  // The first calls ran outside AsyncLocalStorage: what flagon learns from them is that they return promises.
  await client.get("/first");
  await client.get("/nope/first");
  const view = await client.get("/second");
  assert.equal(view.text, "/second /second");
  assert.equal(view.headers.get("x-path"), "/second");
  const missing = await client.get("/nope/second");
  assert.equal(missing.status, 404);
  assert.equal(missing.text, "missing /nope/second");
});

test("query arguments are read with request.args", async () => {
  const app = new Flagon();
  app.route("/search", () => ({ q: request.args.get("q"), page: request.args.get("page", 1, Number) }));
  assert.deepEqual((await app.testClient().get("/search", { query: { q: "flask", page: 3 } })).json, { q: "flask", page: 3 });
});
