import assert from "node:assert/strict";
import { test } from "node:test";
import { Blueprint, Flagon, g, renderTemplateString, urlFor } from "../../src/index.js";
import { nestedApp } from "./_nested-app.js";

test("an app's urlDefaults add values to URLs built outside a request", () => {
  const app = new Flagon();
  app.urlDefaults((_, values) => {
    values["lang_code"] ??= "en";
  });
  app.route("/<lang_code>/about", function about() {
    return "about";
  });
  assert.equal(app.urlFor("about"), "/en/about");
  assert.equal(app.urlFor("about", { lang_code: "de" }), "/de/about");
});

test("urlDefaults receive the full endpoint and the values without the _ options, which still apply", () => {
  const app = new Flagon();
  const seen: unknown[] = [];
  app.urlDefaults((endpoint, values) => void seen.push(endpoint, { ...values }));
  app.route("/", function home() {
    return "home";
  });
  assert.equal(app.urlFor("home", { page: 2, _anchor: "top" }), "/?page=2#top");
  assert.deepEqual(seen, ["home", { page: 2 }]);
});

test("urlDefaults do not change the values object given to urlFor", () => {
  const app = new Flagon();
  app.urlDefaults((_, values) => void (values["page"] = 1));
  app.route("/", function home() {
    return "home";
  });
  const values = { q: "x" };
  assert.equal(app.urlFor("home", values), "/?q=x&page=1");
  assert.deepEqual(values, { q: "x" });
});

test("a blueprint's urlDefaults apply to its endpoints and its children's, after the app's, parents first", () => {
  const { app, parent, child } = nestedApp();
  const order: string[] = [];
  app.urlDefaults((endpoint) => void order.push(`app:${endpoint}`));
  parent.urlDefaults((endpoint) => void order.push(`parent:${endpoint}`));
  child.urlDefaults((endpoint) => void order.push(`child:${endpoint}`));
  app.urlFor("parent.child.home");
  assert.deepEqual(order, ["app:parent.child.home", "parent:parent.child.home", "child:parent.child.home"]);
  order.length = 0;
  app.urlFor("parent.home");
  assert.deepEqual(order, ["app:parent.home", "parent:parent.home"]);
  order.length = 0;
  app.urlFor("home");
  assert.deepEqual(order, ["app:home"]);
});

test("a blueprint's appUrlDefaults apply to every endpoint of the app", () => {
  const app = new Flagon();
  const bp = new Blueprint("bp");
  bp.appUrlDefaults((_, values) => {
    values["v"] ??= 1;
  });
  app.route("/", function home() {
    return "home";
  });
  app.registerBlueprint(bp);
  assert.equal(app.urlFor("home"), "/?v=1");
});

test("a relative endpoint reaches urlDefaults resolved against the current blueprint", async () => {
  const app = new Flagon();
  const seen: string[] = [];
  const users = new Blueprint("users", { urlPrefix: "/users" });
  users.urlDefaults((endpoint) => void seen.push(endpoint));
  users.route("/", function list_users() {
    return urlFor(".list_users");
  });
  app.registerBlueprint(users);
  assert.equal((await app.testClient().get("/users/")).text, "/users/");
  assert.deepEqual(seen, ["users.list_users"]);
});

test("the Flask i18n pattern: a prefix variable pulled into g and put back into every URL", async () => {
  const app = new Flagon();
  const frontend = new Blueprint("frontend", { urlPrefix: "/<lang_code>" });
  frontend.urlDefaults((_, values) => {
    values["lang_code"] ??= g["lang_code"];
  });
  frontend.urlValuePreprocessor((_, values) => {
    g["lang_code"] = values["lang_code"];
  });
  frontend.route("/", function index() {
    return `${urlFor(".about")} ${urlFor("frontend.about", { lang_code: "de" })}`;
  });
  frontend.route("/about", function about() {
    return renderTemplateString("{{ url_for('.index') }}");
  });
  app.registerBlueprint(frontend);
  const client = app.testClient();
  assert.equal((await client.get("/fr/")).text, "/fr/about /de/about");
  assert.equal((await client.get("/it/about")).text, "/it/");
});

test("urlDefaults registered after a URL was built apply to the next one", () => {
  const app = new Flagon();
  app.route("/", function home() {
    return "home";
  });
  assert.equal(app.urlFor("home"), "/");
  app.urlDefaults((_, values) => void (values["late"] = "yes"));
  assert.equal(app.urlFor("home"), "/?late=yes");
});

test("an async urlDefaults function is refused at registration", () => {
  assert.throws(() => new Flagon().urlDefaults(async () => {}), /cannot be async/);
  assert.throws(() => new Blueprint("bp").appUrlDefaults(async () => {}), /cannot be async/);
});
