import assert from "node:assert/strict";
import { test } from "node:test";
import { Blueprint, Flagon, abort, g, makeResponse, silentLogger } from "../../src/index.js";
import { nestedApp } from "./_nested-app.js";

test("a URL value preprocessor receives the endpoint and the matched values", async () => {
  const app = new Flagon();
  const seen: unknown[] = [];
  app.urlValuePreprocessor((endpoint, values) => void seen.push(endpoint, { ...values }));
  app.route("/post/<int:post_id>", function show_post({ post_id }) {
    return String(post_id);
  });
  await app.testClient().get("/post/7");
  assert.deepEqual(seen, ["show_post", { post_id: 7 }]);
});

test("URL value preprocessors run before the before-request hooks", async () => {
  const app = new Flagon();
  const order: string[] = [];
  app.beforeRequest(() => void order.push("before"));
  app.urlValuePreprocessor(() => void order.push("preprocess"));
  app.route("/", () => {
    order.push("view");
    return "ok";
  });
  await app.testClient().get("/");
  assert.deepEqual(order, ["preprocess", "before", "view"]);
});

test("values a preprocessor changes or adds reach the view and request.viewArgs", async () => {
  const app = new Flagon();
  app.urlValuePreprocessor((_, values) => {
    values["slug"] = String(values["slug"]).toLowerCase();
    values["seen"] = true;
  });
  app.route("/p/<slug>", (params, request) => ({ params, viewArgs: request.viewArgs }));
  const body = (await app.testClient().get("/p/Hello")).json;
  assert.deepEqual(body, { params: { slug: "hello", seen: true }, viewArgs: { slug: "hello", seen: true } });
});

test("the Flask i18n pattern: a preprocessor pulls the language into g", async () => {
  const app = new Flagon();
  app.urlValuePreprocessor((_, values) => {
    g["lang"] = values["lang_code"];
  });
  app.route("/<lang_code>/about", () => `about in ${String(g["lang"])}`);
  assert.equal((await app.testClient().get("/fr/about")).text, "about in fr");
});

test("a preprocessor that removes a value of the rule fails, naming the value and the preprocessor", async () => {
  const app = new Flagon(undefined, { config: { PROPAGATE_EXCEPTIONS: true } });
  app.urlValuePreprocessor(function pull_lang(_, values) {
    delete values["lang_code"];
  });
  app.route("/<lang_code>/", () => "index");
  await assert.rejects(app.testClient().get("/en/"), (error: Error) => {
    assert.match(error.message, /pull_lang\(\) removed 'lang_code'/);
    assert.match(error.message, /read it instead/);
    return true;
  });
});

test("removing a rule's default is refused too, since the view's params include it", async () => {
  const app = new Flagon();
  app.logger = silentLogger;
  app.urlValuePreprocessor((_, values) => {
    delete values["page"];
  });
  app.route("/users/", { defaults: { page: 1 } }, ({ page }) => String(page));
  assert.equal((await app.testClient().get("/users/")).status, 500);
});

test("an abort in a preprocessor skips the hooks and the view and reaches the error handlers", async () => {
  const app = new Flagon();
  const order: string[] = [];
  app.urlValuePreprocessor((_, values) => {
    if (values["lang_code"] !== "en") abort(404, "No such language.");
  });
  app.beforeRequest(() => void order.push("before"));
  app.errorHandler(404, (error) => makeResponse(`missing: ${error.description}`, 404));
  app.route("/<lang_code>/", () => {
    order.push("view");
    return "index";
  });
  const response = await app.testClient().get("/xx/");
  assert.equal(response.status, 404);
  assert.equal(response.text, "missing: No such language.");
  assert.deepEqual(order, []);
});

test("preprocessors do not run for a URL that matched no rule", async () => {
  const app = new Flagon();
  let calls = 0;
  app.urlValuePreprocessor(() => void (calls += 1));
  app.route("/users/", () => "users");
  const client = app.testClient();
  assert.equal((await client.get("/nope")).status, 404);
  assert.equal((await client.get("/users")).status, 308);
  assert.equal(calls, 0);
});

test("a blueprint's preprocessors run for its views only, after the app's, parents before children", async () => {
  const { app, parent, child } = nestedApp();
  const order: string[] = [];
  app.urlValuePreprocessor((endpoint) => void order.push(`app:${endpoint}`));
  parent.urlValuePreprocessor((endpoint) => void order.push(`parent:${endpoint}`));
  child.urlValuePreprocessor((endpoint) => void order.push(`child:${endpoint}`));
  const client = app.testClient();
  await client.get("/p/c/");
  assert.deepEqual(order, ["app:parent.child.home", "parent:parent.child.home", "child:parent.child.home"]);
  order.length = 0;
  await client.get("/p/");
  assert.deepEqual(order, ["app:parent.home", "parent:parent.home"]);
  order.length = 0;
  await client.get("/");
  assert.deepEqual(order, ["app:home"]);
});

test("a blueprint's appUrlValuePreprocessor runs for every view of the app", async () => {
  const app = new Flagon();
  const seen: string[] = [];
  const bp = new Blueprint("bp");
  bp.appUrlValuePreprocessor((endpoint) => void seen.push(endpoint));
  app.route("/", function home() {
    return "home";
  });
  app.registerBlueprint(bp);
  app.registerBlueprint(bp, { name: "again" });
  await app.testClient().get("/");
  assert.deepEqual(seen, ["home"]);
});

test("preprocessors run once before the hooks when the request has a body or an async view", async () => {
  const app = new Flagon();
  const order: string[] = [];
  app.urlValuePreprocessor((endpoint) => void order.push(`preprocess:${endpoint}`));
  app.beforeRequest(() => void order.push("before"));
  app.post("/form", function form(_, request) {
    return request.form.require("name");
  });
  app.route("/slow", async function slow() {
    await Promise.resolve();
    return "slow";
  });
  const client = app.testClient();
  assert.equal((await client.post("/form", { form: { name: "ann" } })).text, "ann");
  assert.equal((await client.get("/slow")).text, "slow");
  assert.deepEqual(order, ["preprocess:form", "before", "preprocess:slow", "before"]);
});

test("a preprocessor registered after the first request applies to the next ones", async () => {
  const app = new Flagon();
  app.route("/<name>", ({ name }, request) => `${name} ${String(request.viewArgs["late"])}`);
  const client = app.testClient();
  assert.equal((await client.get("/a")).text, "a undefined");
  app.urlValuePreprocessor((_, values) => void (values["late"] = "yes"));
  assert.equal((await client.get("/a")).text, "a yes");
});

test("an async URL value preprocessor is refused at registration", () => {
  const app = new Flagon();
  assert.throws(() => app.urlValuePreprocessor(async () => {}), /cannot be async/);
  assert.throws(() => new Blueprint("bp").appUrlValuePreprocessor(async () => {}), /cannot be async/);
});
