// afterThisRequest and currentApp: Flask's after_this_request and current_app.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Blueprint, Flagon, OutsideRequestError, abort, afterThisRequest, currentApp } from "../../src/index.js";

test("afterThisRequest runs on this request's response, before the after-request hooks", async () => {
  const order: string[] = [];
  const app = new Flagon(undefined, { staticFolder: null });
  app.afterRequest((response) => (order.push("app after"), response));
  app.route("/mark", function mark() {
    afterThisRequest((response) => {
      order.push("this request");
      response.headers.set("x-marked", "yes");
      return response;
    });
    order.push("view");
    return "ok";
  });
  app.route("/plain", function plain() {
    return "ok";
  });
  const client = app.testClient();
  const marked = await client.get("/mark");
  assert.equal(marked.headers.get("x-marked"), "yes");
  assert.deepEqual(order, ["view", "this request", "app after"]);
  order.length = 0;
  const plain = await client.get("/plain");
  assert.equal(plain.headers.get("x-marked"), null);
  assert.deepEqual(order, ["app after"]);
});

test("afterThisRequest from a hook, an async function, and a response from an error handler", async () => {
  const app = new Flagon(undefined, { staticFolder: null });
  app.beforeRequest(() => {
    afterThisRequest(async (response) => {
      await Promise.resolve();
      response.setCookie("seen", "1");
      return response;
    });
  });
  app.errorHandler(403, () => "no entry");
  app.route("/deny", function deny() {
    abort(403);
  });
  const response = await app.testClient().get("/deny");
  assert.equal(response.text, "no entry");
  assert.match(response.headers.get("set-cookie") ?? "", /^seen=1/);
});

test("currentApp is the app handling the request, from a blueprint's module", async () => {
  const bp = new Blueprint("shop", { urlPrefix: "/shop" });
  bp.route("/", function index() {
    return `${String(currentApp.config["SHOP_NAME"])} ${currentApp.urlFor("shop.index")}`;
  });
  const app = new Flagon(undefined, { staticFolder: null, config: { SHOP_NAME: "Corner" } });
  app.registerBlueprint(bp);
  assert.equal((await app.testClient().get("/shop/")).text, "Corner /shop/");
});

test("afterThisRequest and currentApp outside a request say so", () => {
  assert.throws(() => afterThisRequest((response) => response), OutsideRequestError);
  assert.throws(() => currentApp.config, OutsideRequestError);
});
