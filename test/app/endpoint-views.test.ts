import assert from "node:assert/strict";
import { test } from "node:test";
import { Blueprint, DuplicateEndpointError, DuplicateRuleError, Flagon, FlagonError, MethodView, request, urlFor } from "../../src/index.js";

function makeApp(): Flagon {
  return new Flagon(undefined, { staticFolder: null });
}

test("addUrlRule without a view, then endpoint(), serves the rule, as Flask's add_url_rule and @app.endpoint", async () => {
  const app = makeApp();
  app.addUrlRule("/", { endpoint: "index" });
  assert.equal((await app.testClient().get("/")).status, 404);
  app.endpoint("index", () => "hi");
  const response = await app.testClient().get("/");
  assert.equal(response.status, 200);
  assert.equal(response.text, "hi");
});

test("a view given to endpoint() serves every rule of the endpoint, added before it or after", async () => {
  const app = makeApp();
  app.addUrlRule("/first", { endpoint: "page" });
  app.endpoint("page", (_, req) => `page at ${req.path}`);
  app.addUrlRule("/second", { endpoint: "page" });
  const client = app.testClient();
  assert.equal((await client.get("/first")).text, "page at /first");
  assert.equal((await client.get("/second")).text, "page at /second");
  assert.equal(app.urlFor("page"), "/first", "the rule added first still builds first");
  assert.deepEqual(app.routes().map((r) => r.rule), ["/first", "/second"]);
});

test("endpoint() with a route handle gives the view the rule's converted values", async () => {
  const app = makeApp();
  const post = app.addUrlRule("/post/<int:post_id>", { endpoint: "show_post" });
  app.endpoint(post, ({ post_id }) => `Post number ${post_id + 1}`);
  assert.equal((await app.testClient().get("/post/41")).text, "Post number 42");
});

test("addUrlRule with a view option is route(): the view serves the rule under the endpoint", async () => {
  const app = makeApp();
  const post = app.addUrlRule("/post/<int:post_id>", { endpoint: "show_post", methods: ["GET", "POST"], view: ({ post_id }, req) => `${req.method} ${post_id * 2}` });
  assert.equal(post.endpoint, "show_post");
  assert.equal((await app.testClient().post("/post/21")).text, "POST 42");
  const named = app.addUrlRule("/about", { view: function about() { return "about"; } });
  assert.equal(named.endpoint, "about");
  assert.equal((await app.testClient().get("/about")).text, "about");
});

test("a view given to an endpoint without a rule is kept for a rule added later, as Flask keeps it", async () => {
  const app = makeApp();
  app.endpoint("later", () => "served");
  assert.deepEqual(app.routes(), []);
  assert.throws(() => app.urlFor("later"), /could not build url for endpoint 'later'/);
  app.addUrlRule("/later", { endpoint: "later" });
  assert.equal((await app.testClient().get("/later")).text, "served");
});

test("a second view for an endpoint throws DuplicateEndpointError naming both, whichever way each came", () => {
  const app = makeApp();
  app.addUrlRule("/", { endpoint: "index" });
  app.endpoint("index", function home() {
    return "home";
  });
  assert.throws(
    () => app.endpoint("index", function other() {
      return "other";
    }),
    (error: unknown) =>
      error instanceof DuplicateEndpointError &&
      /Endpoint "index" is already taken by function home\(\) \(rule "\/"\); function other\(\) \(given to endpoint\("index"\)\) cannot reuse it/.test(error.message),
  );
  assert.throws(
    () => app.route("/elsewhere", { endpoint: "index" }, function third() {
      return "third";
    }),
    /Endpoint "index" is already taken by function home\(\).*function third\(\) \(rule "\/elsewhere"\)/,
  );
  const routed = app.route("/taken", function taken() {
    return "taken";
  });
  assert.throws(() => app.endpoint(routed, () => "again"), DuplicateEndpointError);
});

test("the same view given to endpoint() again, or to a route of its endpoint, is no duplicate", async () => {
  const app = makeApp();
  function page() {
    return "page";
  }
  app.addUrlRule("/a", { endpoint: "page" });
  app.endpoint("page", page);
  app.endpoint("page", page);
  app.route("/b", page);
  assert.equal((await app.testClient().get("/a")).text, "page");
  assert.equal((await app.testClient().get("/b")).text, "page");
});

test("a route gives its view to the endpoint's rules added without one", async () => {
  const app = makeApp();
  app.addUrlRule("/old", { endpoint: "page" });
  app.route("/new", function page() {
    return "page";
  });
  assert.equal((await app.testClient().get("/old")).text, "page");
});

test("a rule that starts serving where another endpoint's view serves throws when its view is given", () => {
  const app = makeApp();
  const blog = new Blueprint("blog");
  blog.route("/", function index() {
    return "blog";
  });
  app.registerBlueprint(blog);
  app.addUrlRule("/", { endpoint: "index" });
  assert.throws(() => app.endpoint("index", () => "app"), (error: unknown) => error instanceof DuplicateRuleError && /'\/'.*'blog\.index'.*'index'/.test(error.message));
});

test("an endpoint() that fails on one of its rules leaves the others unserved, and may be given again", async () => {
  const app = makeApp();
  app.route("/home", function other() {
    return "other";
  });
  app.addUrlRule("/", { endpoint: "index" });
  app.addUrlRule("/home", { endpoint: "index" });
  assert.throws(() => app.endpoint("index", () => "index view"), DuplicateRuleError);
  // "/" was served for a moment before "/home" failed: it builds only again.
  assert.equal((await app.testClient().get("/")).status, 404);
  assert.equal(app.urlFor("index"), "/");
  // Asked again, it fails the same way rather than on a rule it lost.
  assert.throws(() => app.endpoint("index", () => "index view"), DuplicateRuleError);
});

test("a rule given its view later takes its turn among the rules of its path, as if given it at once", async () => {
  const app = makeApp();
  app.addUrlRule("/api", { endpoint: "api" });
  app.route("/api", { methods: ["OPTIONS"], endpoint: "preflight" }, () => "preflight view");
  app.endpoint("api", () => "api view");
  const client = app.testClient();
  // The first rule of the path answers its automatic OPTIONS, whether the path is found by the
  // static lookup or, percent-encoded, by the walk.
  for (const path of ["/api", "/ap%69"]) {
    const response = await client.options(path);
    assert.equal(response.text, "", path);
    assert.equal(response.headers.get("allow"), "GET, HEAD, OPTIONS", path);
  }
});

test("a blueprint's rule without a view builds with the blueprint's urlDefaults, as its routes do", () => {
  const app = makeApp();
  const shop = new Blueprint("shop", { urlPrefix: "/<lang>" });
  shop.urlDefaults((_endpoint, values) => {
    values["lang"] ??= "en";
  });
  shop.route("/", function index() {
    return "shop";
  });
  shop.addUrlRule("/cart", { endpoint: "cart" });
  app.registerBlueprint(shop);
  assert.equal(app.urlFor("shop.index"), "/en/");
  assert.equal(app.urlFor("shop.cart"), "/en/cart");
});

test("endpoint() refuses a dotted name, and a handle from another app", () => {
  const app = makeApp();
  assert.throws(() => app.endpoint("blog.index", () => "x"), /endpoint\("blog.index"\): "blog.index" is not an endpoint of the app's own.*Call endpoint\(\) on the blueprint/);
  const other = makeApp().addUrlRule("/x", { endpoint: "x" });
  assert.throws(() => app.endpoint(other, () => "x"), /endpoint\(handle of "\/x"\): the route handle was made by another app or blueprint/);
});

test("a rule added without a view keeps its methods when a class view answering more comes", async () => {
  class Item extends MethodView {
    get() {
      return "got";
    }
    post() {
      return "posted";
    }
  }
  const app = makeApp();
  app.addUrlRule("/item", { endpoint: "item" });
  app.endpoint("item", Item.asView("item"));
  assert.equal((await app.testClient().get("/item")).text, "got");
  assert.equal((await app.testClient().post("/item")).status, 405);
});

test("a rule added without a view listing methods its class view does not answer is refused when the view comes", () => {
  class ReadOnly extends MethodView {
    get() {
      return "got";
    }
  }
  const app = makeApp();
  app.addUrlRule("/item", { endpoint: "item", methods: ["GET", "DELETE"] });
  assert.throws(() => app.endpoint("item", ReadOnly.asView("item")), /Rule "\/item" \(endpoint "item"\) lists DELETE, which its class view does not answer/);
});

test("a blueprint's endpoint() names the endpoint within the blueprint, and its hooks run for the view", async () => {
  const app = makeApp();
  const api = new Blueprint("api", { urlPrefix: "/api" });
  api.beforeRequest(() => {
    request.g["hooked"] = "yes";
  });
  api.addUrlRule("/foo", { endpoint: "foo" });
  api.endpoint("foo", (_, req) => `${req.endpoint} ${req.blueprint} ${String(req.g["hooked"])} ${urlFor(".foo")}`);
  app.registerBlueprint(api);
  app.registerBlueprint(api, { name: "v2", urlPrefix: "/v2" });
  assert.equal((await app.testClient().get("/api/foo")).text, "api.foo api yes /api/foo");
  assert.equal((await app.testClient().get("/v2/foo")).text, "v2.foo v2 yes /v2/foo");
});

test("a blueprint's endpoint() takes a handle of its own rules", async () => {
  const app = makeApp();
  const users = new Blueprint("users", { urlPrefix: "/users" });
  const show = users.addUrlRule("/<int:id>", { endpoint: "show" });
  users.endpoint(show, ({ id }) => `user ${id + 1}`);
  app.registerBlueprint(users);
  assert.equal((await app.testClient().get("/users/6")).text, "user 7");
  assert.equal(app.urlFor(show, { id: 6 }), "/users/6");
});

test("a blueprint's view for an endpoint it has no rule for is refused at registration, before anything is registered", () => {
  const app = makeApp();
  const bp = new Blueprint("bp");
  bp.route("/ok", function ok() {
    return "ok";
  });
  bp.endpoint("missing", () => "never served");
  assert.throws(
    () => app.registerBlueprint(bp),
    (error: unknown) => error instanceof FlagonError && error.code === "FLAGON_ENDPOINT_WITHOUT_RULE" && /Blueprint "bp" gives endpoint\("missing"\) a view but has no rule for "missing"/.test(error.message),
  );
  assert.deepEqual(app.routes(), []);
});

test("two views for one endpoint of a blueprint are refused at registration", () => {
  const app = makeApp();
  const bp = new Blueprint("bp");
  bp.addUrlRule("/x", { endpoint: "x" });
  bp.endpoint("x", function first() {
    return "1";
  });
  bp.endpoint("x", function second() {
    return "2";
  });
  assert.throws(() => app.registerBlueprint(bp), /Endpoint "bp.x" is already taken by function first\(\).*function second\(\) \(given to endpoint\("x"\) of blueprint "bp"\)/);
});

test("a blueprint refuses endpoint() once registered", () => {
  const app = makeApp();
  const bp = new Blueprint("bp");
  bp.addUrlRule("/x", { endpoint: "x" });
  app.registerBlueprint(bp);
  assert.throws(() => bp.endpoint("x", () => "late"), /Blueprint "bp" is already registered; call endpoint\("x"\) before calling registerBlueprint\(\)/);
});
