import assert from "node:assert/strict";
import { test } from "node:test";
import { Blueprint, Flagon, FlagonResponse, abort, g } from "../../src/index.js";

function tracedApp(order: string[]): Flagon {
  const app = new Flagon();
  const bp = new Blueprint("bp", { urlPrefix: "/bp" });
  app.beforeRequest(() => void order.push("app before 1"));
  app.beforeRequest(() => void order.push("app before 2"));
  bp.beforeRequest(() => void order.push("bp before"));
  app.afterRequest((response) => (order.push("app after 1"), response));
  app.afterRequest((response) => (order.push("app after 2"), response));
  bp.afterRequest((response) => (order.push("bp after"), response));
  app.teardownRequest(() => void order.push("app teardown"));
  bp.teardownRequest(() => void order.push("bp teardown"));
  bp.route("/view", function view() {
    order.push("view");
    return "ok";
  });
  app.route("/plain", function plain() {
    order.push("view");
    return "ok";
  });
  app.registerBlueprint(bp);
  return app;
}

test("hooks run in Flask's order around a blueprint view", async () => {
  const order: string[] = [];
  await tracedApp(order).testClient().get("/bp/view");
  assert.deepEqual(order, [
    "app before 1", "app before 2", "bp before", "view", "bp after", "app after 2", "app after 1", "bp teardown", "app teardown",
  ]);
});

test("a blueprint's hooks do not run for the app's own views", async () => {
  const order: string[] = [];
  await tracedApp(order).testClient().get("/plain");
  assert.deepEqual(order, ["app before 1", "app before 2", "view", "app after 2", "app after 1", "app teardown"]);
});

test("a value returned by a before-request hook short-circuits the view", async () => {
  const app = new Flagon();
  let viewRan = false;
  app.beforeRequest(() => "stopped");
  app.route("/", function home() {
    viewRan = true;
    return "view";
  });
  const response = await app.testClient().get("/");
  assert.equal(response.text, "stopped");
  assert.equal(viewRan, false);
});

test("an after-request hook can change the response", async () => {
  const app = new Flagon();
  app.afterRequest((response) => {
    response.headers.set("x-frame-options", "DENY");
    return response;
  });
  app.route("/", () => "home");
  assert.equal((await app.testClient().get("/")).headers.get("x-frame-options"), "DENY");
});

test("after-request hooks also see error responses", async () => {
  const app = new Flagon();
  app.afterRequest((response) => {
    response.headers.set("x-seen", String(response.status));
    return response;
  });
  assert.equal((await app.testClient().get("/missing")).headers.get("x-seen"), "404");
});

test("teardown runs after a failure and receives the error", async () => {
  const app = new Flagon();
  app.logger = { request: () => undefined, error: () => undefined };
  const seen: unknown[] = [];
  app.teardownRequest((error) => void seen.push(error));
  app.route("/boom", () => {
    throw new Error("boom");
  });
  const response = await app.testClient().get("/boom");
  assert.equal(response.status, 500);
  assert.equal((seen[0] as Error).message, "boom");
});

test("teardown receives only an error no handler took, as in Flask", async () => {
  const app = new Flagon();
  app.logger = { request: () => undefined, error: () => undefined };
  const seen: unknown[] = [];
  app.teardownRequest((error) => void seen.push(error));
  class Handled extends Error {}
  app.errorHandler(Handled, () => "handled");
  app.errorHandler(RangeError, () => {
    throw new TypeError("the handler failed");
  });
  app.route("/handled", () => {
    throw new Handled();
  });
  app.route("/forbidden", () => abort(403));
  app.route("/handler-fails", () => {
    throw new RangeError("first");
  });
  const client = app.testClient();
  assert.equal((await client.get("/handled")).status, 200);
  assert.equal((await client.get("/forbidden")).status, 403);
  assert.equal((await client.get("/handler-fails")).status, 500);
  assert.equal(seen.length, 3);
  assert.equal(seen[0], undefined);
  assert.equal(seen[1], undefined);
  assert.ok(seen[2] instanceof TypeError && seen[2].message === "the handler failed");
});

test("async hooks are awaited in order", async () => {
  const app = new Flagon();
  const order: string[] = [];
  app.beforeRequest(async () => {
    await Promise.resolve();
    order.push("before");
  });
  app.afterRequest(async (response: FlagonResponse) => {
    await Promise.resolve();
    order.push("after");
    return response;
  });
  app.route("/", () => (order.push("view"), "ok"));
  await app.testClient().get("/");
  assert.deepEqual(order, ["before", "view", "after"]);
});

test("g is shared by hooks and the view of one request", async () => {
  const app = new Flagon();
  app.beforeRequest(() => {
    g["user"] = "ann";
  });
  app.route("/", () => `user=${String(g["user"])}`);
  assert.equal((await app.testClient().get("/")).text, "user=ann");
});

test("an after-request hook may return a web Response, sync or async, which replaces the response", async () => {
  const app = new Flagon(undefined, { staticFolder: null });
  // After-request hooks run in reverse order of registration: the replacing one first.
  app.afterRequest(async (response) => {
    response.headers.set("x-seen", "yes");
    return response;
  });
  app.afterRequest((response) => (response.status === 200 ? new Response("replaced", { status: 202, headers: { "x-by": "hook" } }) : response));
  app.route("/", function home() {
    return "original";
  });
  const response = await app.testClient().get("/");
  assert.equal(response.status, 202);
  assert.equal(response.text, "replaced");
  assert.equal(response.headers.get("x-by"), "hook");
  assert.equal(response.headers.get("x-seen"), "yes");
});

test("an error thrown by an after-request hook is the request's 500, not a handler's for its class, as in Flask", async () => {
  const app = new Flagon();
  app.logger = { request: () => undefined, error: () => undefined };
  const torn: unknown[] = [];
  app.route("/", () => "ok");
  app.afterRequest((response, request) => {
    if (response.status === 200) throw new RangeError(`after ${request.path}`);
    return response;
  });
  app.errorHandler(RangeError, () => "range handler");
  app.errorHandler(500, (error) => new FlagonResponse(`500: ${(error.originalError as Error).message}`, 500));
  app.teardownRequest((error) => void torn.push(error));
  const response = await app.testClient().get("/");
  assert.equal(response.status, 500);
  assert.equal(response.text, "500: after /");
  assert.ok(torn[0] instanceof RangeError);
});

test("an async after-request hook's error is the request's 500 too", async () => {
  const app = new Flagon();
  app.logger = { request: () => undefined, error: () => undefined };
  app.route("/", () => "ok");
  app.afterRequest(async (response) => {
    if (response.status === 200) throw new RangeError("after");
    return response;
  });
  app.errorHandler(RangeError, () => "range handler");
  assert.equal((await app.testClient().get("/")).status, 500);
});
