import assert from "node:assert/strict";
import { test } from "node:test";
import { Blueprint, Flagon, urlFor } from "../../src/index.js";

test("a blueprint's routes live under its urlPrefix with dotted endpoints", async () => {
  const app = new Flagon();
  const users = new Blueprint("users", { urlPrefix: "/users" });
  users.route("/", function list_users() {
    return ["Alice"];
  });
  app.registerBlueprint(users);
  assert.deepEqual((await app.testClient().get("/users/")).json, ["Alice"]);
  assert.equal(app.urlFor("users.list_users"), "/users/");
});

test("registerBlueprint options override the prefix and the name", async () => {
  const app = new Flagon();
  const bp = new Blueprint("bp", { urlPrefix: "/one" });
  bp.route("/x", function x() {
    return "x";
  });
  app.registerBlueprint(bp);
  app.registerBlueprint(bp, { urlPrefix: "/two", name: "bp2" });
  assert.equal(app.urlFor("bp.x"), "/one/x");
  assert.equal(app.urlFor("bp2.x"), "/two/x");
  assert.equal((await app.testClient().get("/two/x")).text, "x");
});

test("registering a different blueprint under a taken name throws", () => {
  const app = new Flagon();
  app.registerBlueprint(new Blueprint("same"));
  assert.throws(() => app.registerBlueprint(new Blueprint("same")), /already registered for a different blueprint/);
});

test("nested blueprints join prefixes and endpoint names", async () => {
  const app = new Flagon();
  const parent = new Blueprint("parent", { urlPrefix: "/parent" });
  const child = new Blueprint("child", { urlPrefix: "/child" });
  child.route("/<int:n>", function show({ n }) {
    return `n=${n}`;
  });
  parent.registerBlueprint(child);
  app.registerBlueprint(parent);
  assert.equal(app.urlFor("parent.child.show", { n: 3 }), "/parent/child/3");
  assert.equal((await app.testClient().get("/parent/child/3")).text, "n=3");
});

test("a relative endpoint resolves against the current blueprint", async () => {
  const app = new Flagon();
  const users = new Blueprint("users", { urlPrefix: "/users" });
  users.route("/<int:user_id>", function get_user({ user_id }) {
    return String(user_id);
  });
  users.route("/link", function link() {
    return urlFor(".get_user", { user_id: 7 });
  });
  app.route("/get_user", function get_user() {
    return "app";
  });
  app.route("/link", function link() {
    return urlFor(".get_user");
  });
  app.registerBlueprint(users);
  const client = app.testClient();
  assert.equal((await client.get("/users/link")).text, "/users/7");
  assert.equal((await client.get("/link")).text, "/get_user");
});

test("a route handle from a blueprint builds the blueprint's URL", () => {
  const app = new Flagon();
  const blog = new Blueprint("blog", { urlPrefix: "/blog" });
  const show = blog.route("/<int:post_id>", function show({ post_id }) {
    return String(post_id);
  });
  app.registerBlueprint(blog);
  assert.equal(show.endpoint, "blog.show");
  assert.equal(app.urlFor(show, { post_id: 5 }), "/blog/5");
});

test("a nested blueprint's hooks run after its parent's", async () => {
  const app = new Flagon();
  const order: string[] = [];
  const parent = new Blueprint("parent", { urlPrefix: "/p" });
  const child = new Blueprint("child", { urlPrefix: "/c" });
  parent.beforeRequest(() => void order.push("parent"));
  child.beforeRequest(() => void order.push("child"));
  child.route("/", function home() {
    return "ok";
  });
  parent.registerBlueprint(child);
  app.registerBlueprint(parent);
  await app.testClient().get("/p/c/");
  assert.deepEqual(order, ["parent", "child"]);
});

test("adding a route to a blueprint after registering it throws", () => {
  const app = new Flagon();
  const bp = new Blueprint("late");
  app.registerBlueprint(bp);
  assert.throws(() => bp.route("/x", () => "x"), /already registered/);
});

test("a dot in a blueprint name is refused", () => {
  assert.throws(() => new Blueprint("a.b"), /may not contain a dot/);
});

test("an empty or dotted name given at registration is refused, as by the constructor, and the blueprint stays open", () => {
  const app = new Flagon();
  const bp = new Blueprint("named");
  bp.route("/x", function x() {
    return "x";
  });
  for (const name of ["", "a.b"]) {
    assert.throws(() => app.registerBlueprint(bp, { name }), (error: Error & { code?: string }) => error.code === "FLAGON_BLUEPRINT_NAME" && /must be non-empty and may not contain a dot/.test(error.message));
  }
  assert.deepEqual(app.routes().filter((r) => r.rule === "/x"), []);
  bp.route("/y", function y() {
    return "y";
  });
  app.registerBlueprint(bp);
  assert.deepEqual(app.routes().filter((r) => r.endpoint.startsWith("named.")).map((r) => r.endpoint), ["named.x", "named.y"]);
});

test("request.blueprints lists the matched blueprint and its parents", async () => {
  const app = new Flagon();
  const parent = new Blueprint("parent", { urlPrefix: "/p" });
  const child = new Blueprint("child", { urlPrefix: "/c" });
  child.route("/", function home(_, request) {
    return request.blueprints;
  });
  parent.registerBlueprint(child);
  app.registerBlueprint(parent);
  assert.deepEqual((await app.testClient().get("/p/c/")).json, ["parent.child", "parent"]);
});

test("registering the same blueprint twice under one name throws and suggests a name", () => {
  const app = new Flagon();
  const bp = new Blueprint("twice");
  app.registerBlueprint(bp);
  assert.throws(() => app.registerBlueprint(bp), /already registered for this blueprint.*\{ name: "\.\.\." \}/);
});

test("a blueprint's views receive the values of its urlPrefix, and its handles build with them", async () => {
  const app = new Flagon();
  const frontend = new Blueprint("frontend", { urlPrefix: "/<lang_code>" });
  const show = frontend.route("/post/<int:id>", function show({ lang_code, id }) {
    return `${lang_code} ${id}`;
  });
  app.registerBlueprint(frontend);
  assert.equal(show.rule, "/<lang_code>/post/<int:id>");
  assert.equal(app.urlFor(show, { lang_code: "fr", id: 3 }), "/fr/post/3");
  assert.equal((await app.testClient().get("/fr/post/3")).text, "fr 3");
});

test("registering a blueprint under a urlPrefix without its own prefix's variables throws, naming them", () => {
  const app = new Flagon();
  const frontend = new Blueprint("frontend", { urlPrefix: "/<lang_code>" });
  frontend.route("/", function index() {
    return "index";
  });
  assert.throws(
    () => app.registerBlueprint(frontend, { urlPrefix: "/en" }),
    /Blueprint "frontend".*"\/<lang_code>".*'lang_code'.*"\/en"/s,
  );
  const api = new Blueprint("api", { urlPrefix: "/v<int:version>" });
  assert.throws(() => app.registerBlueprint(api, { urlPrefix: "/v<version>" }), /'version'/);
});

test("registering a blueprint under another urlPrefix with the same variables is accepted", async () => {
  const app = new Flagon();
  const frontend = new Blueprint("frontend", { urlPrefix: "/<lang_code>" });
  frontend.route("/", function index({ lang_code }) {
    return lang_code;
  });
  app.registerBlueprint(frontend, { urlPrefix: "/site/<string(length=2):lang_code>" });
  assert.equal((await app.testClient().get("/site/de/")).text, "de");
});
