// Runtime checks plus compile-time ones: each `@ts-expect-error` must fail to compile under `tsc --noEmit`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Blueprint, Flagon, NotFound, urlFor } from "../../src/index.js";

test("a blueprint's handler params are typed from its rule, whatever the prefix", async () => {
  const app = new Flagon();
  const shop = new Blueprint("shop", { urlPrefix: "/shop" });
  const item = shop.route("/item/<int:item_id>/<any(small, large):size>", ({ item_id, size }) => {
    const id: number = item_id;
    const s: "small" | "large" = size;
    return `${id + 1}-${s}`;
  });
  shop.route("/n/<int:n>", (params) => {
    // @ts-expect-error a view cannot read a param its rule does not have
    return String(params.item_id);
  });
  app.registerBlueprint(shop);
  assert.equal((await app.testClient().get("/shop/item/1/large")).text, "2-large");
  assert.equal(app.urlFor(item, { item_id: 5, size: "small" }), "/shop/item/5/small");
  // @ts-expect-error size must be one of the any() choices
  assert.throws(() => app.urlFor(item, { item_id: 5, size: "medium" }));
});

test("an error handler registered by class receives that class", async () => {
  const app = new Flagon();
  app.errorHandler(NotFound, (error) => `missing: ${error.description.length > 0}`);
  assert.equal((await app.testClient().get("/none")).text, "missing: true");
});

test("urlFor on a handle without params needs no values", () => {
  const app = new Flagon();
  const home = app.route("/", function home() {
    return "home";
  });
  assert.equal(app.urlFor(home), "/");
  // Where Flask asks for an app context, the error points at the app, which builds URLs itself.
  assert.throws(() => urlFor(home), /outside of request context[\s\S]*build with the app: `app.urlFor\(...\)`/);
});

test("a rule's defaults reach its view, typed, so one view serves both of Flask's paging rules", async () => {
  const app = new Flagon();
  function show_users({ page }: { page: number }) {
    return `page ${page + 1}`;
  }
  const first = app.route("/users/", { defaults: { page: 0 } }, show_users);
  app.route("/users/page/<int:page>", show_users);
  const client = app.testClient();
  assert.equal((await client.get("/users/")).text, "page 1");
  assert.equal((await client.get("/users/page/4")).text, "page 5");
  assert.equal(app.urlFor(first), "/users/");
});
