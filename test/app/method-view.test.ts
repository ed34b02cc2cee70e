// Class-based views, as Flask's MethodView: one class answers a rule's methods.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Blueprint, Flagon, MethodView, makeResponse, type FlagonRequest } from "../../src/index.js";

const users = new Map<number, string>([[1, "ann"]]);

class UserAPI extends MethodView {
  constructor(readonly greeting: string) {
    super();
  }
  get({ id }: { id: number }) {
    return { id, name: users.get(id) ?? null, greeting: this.greeting };
  }
  put({ id }: { id: number }, request: FlagonRequest) {
    users.set(id, String((request.json as { name: string }).name));
    return { id, name: users.get(id) };
  }
  delete({ id }: { id: number }) {
    users.delete(id);
    return makeResponse("", 204);
  }
}

test("a class view answers the methods it defines, HEAD by get, others 405 with Allow", async () => {
  const app = new Flagon(undefined, { staticFolder: null });
  app.route("/users/<int:id>", UserAPI.asView("user", "hello"));
  const client = app.testClient();
  assert.deepEqual((await client.get("/users/1")).json, { id: 1, name: "ann", greeting: "hello" });
  assert.deepEqual((await client.put("/users/2", { json: { name: "bo" } })).json, { id: 2, name: "bo" });
  assert.equal((await client.head("/users/2")).status, 200);
  assert.equal((await client.delete("/users/2")).status, 204);
  const refused = await client.post("/users/2");
  assert.equal(refused.status, 405);
  assert.deepEqual(refused.headers.get("allow")?.split(", ").sort(), ["DELETE", "GET", "HEAD", "OPTIONS", "PUT"]);
  assert.equal(app.urlFor("user", { id: 9 }), "/users/9");
});

test("each request gets a new instance, and a blueprint prefixes the endpoint", async () => {
  let made = 0;
  class Counter extends MethodView {
    readonly number = ++made;
    get() {
      return String(this.number);
    }
  }
  const bp = new Blueprint("api", { urlPrefix: "/api" });
  bp.route("/count", Counter.asView("count"));
  const app = new Flagon(undefined, { staticFolder: null });
  app.registerBlueprint(bp);
  const client = app.testClient();
  assert.equal((await client.get("/api/count")).text, "1");
  assert.equal((await client.get("/api/count")).text, "2");
  assert.equal(app.urlFor("api.count"), "/api/count");
});

test("route options' methods win over the class's, and a class with no method is refused", async () => {
  const app = new Flagon(undefined, { staticFolder: null });
  app.route("/only-get/<int:id>", { methods: ["GET"] }, UserAPI.asView("only_get", "hi"));
  assert.equal((await app.testClient().delete("/only-get/1")).status, 405);
  class Empty extends MethodView {}
  assert.throws(() => Empty.asView("empty"), /Empty.asView\("empty"\): the class has none of the methods get, post, put, patch, delete/);
});

test("route options listing a method the class view does not answer are refused at registration", () => {
  const app = new Flagon(undefined, { staticFolder: null });
  assert.throws(
    () => app.route("/mv/<int:id>", { methods: ["GET", "POST"] }, UserAPI.asView("mv", "hi")),
    /Rule "\/mv\/<int:id>" \(endpoint "mv"\) lists POST, which its class view does not answer; it answers GET, PUT, DELETE/,
  );
});
