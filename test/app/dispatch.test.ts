import assert from "node:assert/strict";
import { test } from "node:test";
import { Flagon } from "../../src/index.js";

function makeApp(): Flagon {
  const app = new Flagon();
  app.route("/about", function about() {
    return "About";
  });
  app.route("/users/", function users() {
    return ["Alice"];
  });
  app.route("/post/<int:post_id>", function show_post({ post_id }) {
    return `Post ${post_id + 1}`;
  });
  app.route("/items", { methods: ["POST"] }, function create_item() {
    return "created";
  });
  return app;
}

test("a converter's value reaches the view typed", async () => {
  const response = await makeApp().testClient().get("/post/41");
  assert.equal(response.text, "Post 42");
});

test("an unknown path is a 404 HTML page", async () => {
  const response = await makeApp().testClient().get("/nope");
  assert.equal(response.status, 404);
  assert.match(response.text, /<title>404 Not Found<\/title>/);
});

test("a 404 is JSON when the client prefers JSON", async () => {
  const response = await makeApp().testClient().get("/nope", { headers: { accept: "application/json" } });
  assert.equal(response.status, 404);
  assert.deepEqual((response.json as { code: number }).code, 404);
});

test("a wrong method is a 405 with an Allow header", async () => {
  const response = await makeApp().testClient().delete("/about");
  assert.equal(response.status, 405);
  assert.equal(response.headers.get("allow"), "GET, HEAD, OPTIONS");
});

test("a missing trailing slash is a 308 that keeps the query string", async () => {
  const response = await makeApp().testClient().get("/users", { query: { page: "2" } });
  assert.equal(response.status, 308);
  assert.equal(response.headers.get("location"), "/users/?page=2");
});

test("the app's strictSlashes and mergeSlashes options set every rule's default, as Flask's url_map does", async () => {
  const app = new Flagon(undefined, { strictSlashes: false, mergeSlashes: false });
  app.route("/users/", () => "users");
  app.route("/strict/", { strictSlashes: true }, () => "strict");
  const client = app.testClient();
  assert.equal((await client.get("/users")).text, "users");
  assert.equal((await client.get("/strict")).status, 308);
  assert.equal((await client.get("//users/")).status, 404);
});

test("following the 308 reaches the view", async () => {
  const response = await makeApp().testClient().get("/users", { followRedirects: true });
  assert.equal(response.status, 200);
  assert.deepEqual(response.json, ["Alice"]);
});

test("HEAD answers a GET rule with the same headers and no body", async () => {
  const client = makeApp().testClient();
  const get = await client.get("/about");
  const head = await client.head("/about");
  assert.equal(head.status, 200);
  assert.equal(head.text, "");
  assert.equal(head.headers.get("content-type"), get.headers.get("content-type"));
});

test("OPTIONS is answered automatically with Allow", async () => {
  const response = await makeApp().testClient().options("/items");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("allow"), "OPTIONS, POST");
});

test("a malformed percent-encoding is a 400", async () => {
  const response = await makeApp().testClient().get("/post/%zz");
  assert.equal(response.status, 400);
});

test("a view returning nothing is a 500 that names the endpoint only in the log", async () => {
  const app = new Flagon();
  const logged: unknown[] = [];
  app.logger = { request: () => undefined, error: (error) => logged.push(error) };
  app.route("/nothing", function nothing() {
    return undefined as unknown as string;
  });
  const response = await app.testClient().get("/nothing");
  assert.equal(response.status, 500);
  assert.doesNotMatch(response.text, /nothing/);
  assert.match(String(logged[0]), /"nothing" did not return a valid response/);
});

test("registering another view under a taken endpoint throws naming both", () => {
  const app = new Flagon();
  app.route("/a", function page() {
    return "a";
  });
  assert.throws(
    () => app.route("/b", { endpoint: "page" }, function other() {
      return "b";
    }),
    /Endpoint "page" is already taken by function page\(\).*function other\(\)/,
  );
});

test("a shorthand refuses a methods option at registration instead of replacing it, as Flask's", () => {
  const app = new Flagon();
  for (const register of [app.get, app.post, app.put, app.patch, app.delete]) {
    assert.throws(
      () => register.call(app, "/items", { methods: ["GET", "POST"] } as never, () => "x"),
      (error: Error & { code?: string }) => error.code === "FLAGON_SHORTHAND_METHODS" && /\("\/items"\) answers [A-Z]+ only .*route\("\/items"/.test(error.message),
    );
  }
  assert.deepEqual(app.routes().filter((r) => r.rule === "/items"), []);
});

test("the same view may serve several rules under one endpoint", async () => {
  const app = new Flagon();
  function page() {
    return "page";
  }
  app.route("/a", page);
  app.route("/b", page);
  assert.equal((await app.testClient().get("/b")).text, "page");
});

test("anonymous views get endpoints derived from their rule", () => {
  const app = new Flagon();
  const handle = app.route("/post/<int:post_id>", ({ post_id }) => String(post_id));
  assert.equal(handle.endpoint, "post_post_id");
  assert.equal(app.urlFor(handle, { post_id: 3 }), "/post/3");
});

test("routes() lists rule, endpoint and methods", () => {
  assert.deepEqual(makeApp().routes().find((r) => r.endpoint === "about"), { rule: "/about", endpoint: "about", methods: ["GET", "HEAD", "OPTIONS"] });
});

test("app.fetch takes and returns web-standard objects", async () => {
  const response = await makeApp().fetch(new Request("http://localhost/about"));
  assert.ok(response instanceof Response);
  assert.equal(await response.text(), "About");
});
