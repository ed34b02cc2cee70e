import assert from "node:assert/strict";
import { test } from "node:test";
import { Blueprint, BuildError, Flagon, urlFor } from "../../src/index.js";
import { proxyFix } from "../../src/proxy.js";

function makeApp(config: Record<string, unknown> = {}): Flagon {
  const app = new Flagon(undefined, { config });
  app.route("/", function home() {
    return "home";
  });
  app.route("/user/<int:user_id>", function profile({ user_id }) {
    return String(user_id);
  });
  app.route("/ext", function ext() {
    return urlFor("profile", { user_id: 1, _external: true });
  });
  return app;
}

test("urlFor builds a path outside a request", () => {
  assert.equal(makeApp().urlFor("profile", { user_id: 42 }), "/user/42");
});

test("values that are not rule arguments go to the query string", () => {
  assert.equal(makeApp().urlFor("home", { page: 2 }), "/?page=2");
});

test("_anchor is appended", () => {
  assert.equal(makeApp().urlFor("home", { _anchor: "top" }), "/#top");
});

test("_anchor keeps # and % as written and quotes the rest, as Flask does", () => {
  assert.equal(makeApp().urlFor("home", { _anchor: "a#b %41 ü" }), "/#a#b%20%41%20%C3%BC");
});

test("_scheme with _external: false is refused with a BuildError naming both", () => {
  assert.throws(
    () => makeApp({ SERVER_NAME: "example.com" }).urlFor("home", { _scheme: "https", _external: false }),
    (error: unknown) => error instanceof BuildError && /'home'/.test(error.message) && /_scheme/.test(error.message) && /_external/.test(error.message),
  );
});

test("_external outside a request needs SERVER_NAME, and says so", () => {
  assert.throws(() => makeApp().urlFor("home", { _external: true }), (error: unknown) => error instanceof BuildError && /SERVER_NAME/.test(error.message));
});

test("_external outside a request uses SERVER_NAME and PREFERRED_URL_SCHEME", () => {
  const app = makeApp({ SERVER_NAME: "example.com", PREFERRED_URL_SCHEME: "https" });
  assert.equal(app.urlFor("profile", { user_id: 1, _external: true }), "https://example.com/user/1");
});

test("_scheme makes the URL external with that scheme", () => {
  const app = makeApp({ SERVER_NAME: "example.com" });
  assert.equal(app.urlFor("home", { _scheme: "https" }), "https://example.com/");
});

test("_external inside a request uses the request's host", async () => {
  const response = await makeApp().testClient().get("/ext", { headers: { host: "shop.test:8080" } });
  assert.equal(response.text, "http://shop.test:8080/user/1");
});

test("an unknown endpoint is a BuildError naming it", () => {
  assert.throws(() => makeApp().urlFor("nope"), (error: unknown) => error instanceof BuildError && error.message.includes("nope"));
});

test("a missing value is a BuildError naming the value", () => {
  assert.throws(() => makeApp().urlFor("profile"), (error: unknown) => error instanceof BuildError && error.message.includes("user_id"));
});

test("context urlFor outside a request says there is no request", () => {
  assert.throws(() => urlFor("home"), /outside of request context/);
});

test("APPLICATION_ROOT prefixes URLs built outside a request, as Flask's", () => {
  assert.equal(makeApp({ APPLICATION_ROOT: "/shop" }).urlFor("profile", { user_id: 7 }), "/shop/user/7");
  assert.equal(makeApp({ APPLICATION_ROOT: "/shop/" }).urlFor("home"), "/shop/");
});

test("in a request, URLs are under the path the request came to, not APPLICATION_ROOT", async () => {
  const app = makeApp({ APPLICATION_ROOT: "/shop" });
  app.route("/link", function link() {
    return urlFor("profile", { user_id: 7 });
  });
  assert.equal((await app.testClient().get("/link")).text, "/user/7");
  app.config["TRUSTED_PROXIES"] = proxyFix({ prefix: 1 });
  assert.equal((await app.testClient().get("/link", { headers: { "x-forwarded-prefix": "/store" } })).text, "/store/user/7");
});

test("addUrlRule without a view builds URLs and matches no request, as Flask's tutorial uses add_url_rule", async () => {
  const app = new Flagon(undefined, { staticFolder: null });
  const bp = new Blueprint("blog");
  bp.route("/", function index() {
    return urlFor("index");
  });
  app.registerBlueprint(bp);
  const handle = app.addUrlRule("/", { endpoint: "index" });
  app.addUrlRule("/archive/<int:year>", { endpoint: "archive" });
  assert.equal(app.urlFor("index"), "/");
  assert.equal(app.urlFor(handle), "/");
  assert.equal(app.urlFor("archive", { year: 2024 }), "/archive/2024");
  const client = app.testClient();
  assert.equal((await client.get("/")).text, "/");
  assert.equal((await client.get("/archive/2024")).status, 404);
});

test("addUrlRule refuses an empty or a blueprint's endpoint", () => {
  const app = new Flagon(undefined, { staticFolder: null });
  assert.throws(() => app.addUrlRule("/x", { endpoint: "" }), /addUrlRule\("\/x"\): a rule without a view needs an endpoint of the app's own/);
  assert.throws(() => app.addUrlRule("/elsewhere", { endpoint: "auth.login" }), /needs an endpoint of the app's own; "auth.login" is empty or dotted/);
});
