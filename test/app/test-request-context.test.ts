import assert from "node:assert/strict";
import { test } from "node:test";
import { Blueprint, Flagon, g, proxyFix, renderTemplateString, request, session, urlFor } from "../../src/index.js";

function makeApp(): Flagon {
  const app = new Flagon(undefined, { config: { SECRET_KEY: "k" } });
  const users = new Blueprint("users", { urlPrefix: "/users" });
  users.route("/<int:user_id>", function show({ user_id }) {
    return `user ${user_id}`;
  });
  users.route("/<int:user_id>/edit", function edit({ user_id }) {
    return `edit ${user_id}`;
  });
  app.registerBlueprint(users);
  app.beforeRequest(() => {
    g["hooked"] = true;
  });
  app.route("/login", { methods: ["POST"] }, function login() {
    return "in";
  });
  return app;
}

test("the context locals read the request for the path given, and no hook or view runs", async () => {
  const app = makeApp();
  const seen = await app.testRequestContext("/users/7?tab=posts", () => ({
    path: request.path,
    tab: request.args.get("tab"),
    endpoint: request.endpoint,
    viewArgs: request.viewArgs,
    blueprint: request.blueprint,
    hooked: g["hooked"],
  }));
  assert.deepEqual(seen, { path: "/users/7", tab: "posts", endpoint: "users.show", viewArgs: { user_id: 7 }, blueprint: "users", hooked: undefined });
});

test("urlFor builds relative to the matched blueprint, and templates render with the request", async () => {
  const app = makeApp();
  const [relative, external, page] = await app.testRequestContext("/users/7", () => [
    urlFor(".edit", { user_id: 7 }),
    urlFor("users.show", { user_id: 8, _external: true }),
    renderTemplateString("{{ request.path }} {{ url_for('.show', user_id=9) }}"),
  ]);
  assert.equal(relative, "/users/7/edit");
  // The host is the one the request came to, as the test client sends it.
  assert.equal(external, "http://localhost/users/8");
  assert.equal(page, "/users/7 /users/9");
});

test("the method, headers and body are those given, read before fn runs", async () => {
  const app = makeApp();
  const seen = await app.testRequestContext("/login", { method: "POST", form: { name: "ann" }, headers: { "x-trace": "t1" } }, (req) => ({
    method: req.method,
    name: request.form.get("name"),
    trace: req.header("x-trace"),
    same: req.path === request.path,
  }));
  assert.deepEqual(seen, { method: "POST", name: "ann", trace: "t1", same: true });
  const json = await app.testRequestContext("/login", { method: "POST", json: { a: 1 } }, () => request.json);
  assert.deepEqual(json, { a: 1 });
});

test("a path no rule matches still gives a request, without an endpoint", async () => {
  const app = makeApp();
  const seen = await app.testRequestContext("/nowhere", () => [request.path, request.endpoint]);
  assert.deepEqual(seen, ["/nowhere", undefined]);
});

test("the session reads the cookie given; an async fn keeps the request across awaits", async () => {
  const app = makeApp();
  const client = app.testClient();
  await client.sessionTransaction((s) => s.set("user", "ann"));
  const cookie = `session=${client.cookies["session"]}`;
  const user = await app.testRequestContext("/", { headers: { cookie } }, async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return session.get("user");
  });
  assert.equal(user, "ann");
});

test("an error thrown by fn reaches the caller, and the context ends with it", async () => {
  const app = makeApp();
  await assert.rejects(app.testRequestContext("/users/1", () => {
    throw new Error("inside");
  }), /inside/);
  assert.throws(() => request.path, /outside of request context/);
});

test("TRUSTED_PROXIES applies as in a request: urls are built for the forwarded scheme, host and prefix", async () => {
  const app = makeApp();
  app.config.TRUSTED_PROXIES = proxyFix({ proto: 1, host: 1, prefix: 1 });
  const forwarded = { "x-forwarded-proto": "https", "x-forwarded-host": "api.example.com", "x-forwarded-prefix": "/v1" };
  const [external, scheme, root] = await app.testRequestContext("/users/7", { headers: forwarded }, () => [
    urlFor("users.show", { user_id: 8, _external: true }),
    request.scheme,
    request.scriptRoot,
  ]);
  assert.deepEqual([external, scheme, root], ["https://api.example.com/v1/users/8", "https", "/v1"]);
});
