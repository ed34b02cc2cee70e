import assert from "node:assert/strict";
import { test } from "node:test";
import { Flagon, request } from "../../src/index.js";

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

test("reading request outside a request says so", () => {
  assert.throws(() => request.path, /Working outside of request context/);
});

test("query arguments are read with request.args", async () => {
  const app = new Flagon();
  app.route("/search", () => ({ q: request.args.get("q"), page: request.args.get("page", 1, Number) }));
  assert.deepEqual((await app.testClient().get("/search", { query: { q: "flask", page: 3 } })).json, { q: "flask", page: 3 });
});
