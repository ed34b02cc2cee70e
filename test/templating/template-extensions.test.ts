// app.templateFilter / templateTest / templateGlobal / contextProcessor, their Blueprint counterparts, and templatesFor(app).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Blueprint, Flagon, FlagonError, g, renderTemplateString, silentLogger, templatesFor } from "../../src/index.js";
import { requestTemplateValues } from "../../src/templating/app-templates.js";

function app(): Flagon {
  const created = new Flagon(undefined, { staticFolder: null });
  created.logger = silentLogger;
  return created;
}

/** Registers a view at `rule` (under `scope`, an app or blueprint) rendering `source`. */
function page(scope: Flagon | Blueprint, rule: string, source: string, context: Record<string, unknown> = {}): void {
  scope.route(rule, { endpoint: rule.replace(/\W/g, "_") || "root" }, () => renderTemplateString(source, context));
}

test("app.templateFilter adds a filter called with the value and the filter's arguments", async () => {
  const site = app();
  site.templateFilter("reverse", (text: string) => [...text].reverse().join(""));
  site.templateFilter("wrap", (text: string, left: string, right: string) => `${left}${text}${right}`);
  page(site, "/", "{{ 'abc'|reverse }} {{ 'x'|wrap('(', ')') }}");
  assert.equal((await site.testClient().get("/")).text, "cba (x)");
});

test("app.templateTest adds a test called with the value and the test's arguments", async () => {
  const site = app();
  site.templateTest("adult", (user: { age: number }) => user.age >= 18);
  site.templateTest("between", (n: number, low: number, high: number) => low <= n && n <= high);
  page(site, "/", "{{ user is adult }} {{ kid is adult }} {{ 5 is between(1, 9) }} {{ 5 is not between(6, 9) }}", { user: { age: 30 }, kid: { age: 9 } });
  assert.equal((await site.testClient().get("/")).text, "True False True True");
});

test("a test's answer counts by its truth in `is`, as in select and in Jinja", async () => {
  const site = app();
  // Typed to answer a boolean; a JavaScript test may answer anything.
  site.templateTest("tagged", ((item: { tags: string[] }) => item.tags.length) as unknown as (item: { tags: string[] }) => boolean);
  page(site, "/", "{% if a is tagged %}a{% endif %}{% if b is tagged %}b{% endif %} {{ [a, b]|select('tagged')|length }}", { a: { tags: ["x"] }, b: { tags: [] } });
  assert.equal((await site.testClient().get("/")).text, "a 1");
});

test("a filter, test or global added after the first render is seen by the next one", async () => {
  const site = app();
  page(site, "/", "{{ site_name|default('none') }}");
  page(site, "/shout", "{{ 'hi'|shout }}");
  page(site, "/tiny", "{{ 4 is tiny }}");
  const client = site.testClient();
  assert.equal((await client.get("/")).text, "none");
  site.templateTest("tiny", (n: number) => n < 10);
  assert.equal((await client.get("/tiny")).text, "True");
  site.templateGlobal("site_name", "Demo");
  site.templateFilter("shout", (text: string) => `${text.toUpperCase()}!`);
  assert.equal((await client.get("/")).text, "Demo");
  assert.equal((await client.get("/shout")).text, "HI!");
});

test("app.templateGlobal adds a value or a function every template sees", async () => {
  const site = app();
  site.templateGlobal("site_name", "Demo");
  site.templateGlobal("year", () => 2026);
  page(site, "/", "{{ site_name }} {{ year() }}");
  assert.equal((await site.testClient().get("/")).text, "Demo 2026");
});

test("app.contextProcessor runs on every render with the request; values passed to the render win", async () => {
  const site = app();
  let calls = 0;
  site.contextProcessor((request) => {
    calls++;
    return { path: request.path, user: g["user"] ?? "guest", title: "from processor" };
  });
  site.route("/", function home(_, request) {
    request.g["user"] = "ann";
    return renderTemplateString("{{ path }} {{ user }} {{ title }}", { title: "from view" }) + renderTemplateString("|{{ path }}");
  });
  assert.equal((await site.testClient().get("/")).text, "/ ann from view|/");
  assert.equal(calls, 2);
});

test("a blueprint's contextProcessor applies to its requests only; appContextProcessor to every request", async () => {
  const site = app();
  const shop = new Blueprint("shop", { urlPrefix: "/shop" });
  shop.contextProcessor(() => ({ section: "shop" }));
  shop.appContextProcessor(() => ({ brand: "Acme" }));
  page(shop, "/", "{{ brand }} {{ section|default('none') }}");
  page(site, "/", "{{ brand }} {{ section|default('none') }}");
  site.registerBlueprint(shop);
  const client = site.testClient();
  assert.equal((await client.get("/shop/")).text, "Acme shop");
  assert.equal((await client.get("/")).text, "Acme none");
});

test("context processors run app first, then blueprints from the outermost in, the inner one winning", async () => {
  const site = app();
  const outer = new Blueprint("outer", { urlPrefix: "/outer" });
  const inner = new Blueprint("inner", { urlPrefix: "/inner" });
  const order: string[] = [];
  site.contextProcessor(() => (order.push("app"), { who: "app", app: 1 }));
  outer.contextProcessor(() => (order.push("outer"), { who: "outer", outer: 1 }));
  inner.contextProcessor(() => (order.push("inner"), { who: "inner" }));
  page(inner, "/", "{{ who }} {{ app }} {{ outer }}");
  outer.registerBlueprint(inner);
  site.registerBlueprint(outer);
  assert.equal((await site.testClient().get("/outer/inner/")).text, "inner 1 1");
  assert.deepEqual(order, ["app", "outer", "inner"]);
});

test("a blueprint's appTemplateFilter, appTemplateTest and appTemplateGlobal register app-wide, once even if registered twice", async () => {
  const site = app();
  const parts = new Blueprint("parts");
  let processed = 0;
  parts.appTemplateFilter("double", (n: number) => n * 2);
  parts.appTemplateTest("answer", (n: number) => n === 42);
  parts.appTemplateGlobal("answer", 21);
  parts.appContextProcessor(() => ({ processed: ++processed }));
  page(parts, "/a", "x");
  page(site, "/", "{{ answer|double }} {{ processed }} {{ answer|double is answer }}");
  site.registerBlueprint(parts, { urlPrefix: "/one" });
  site.registerBlueprint(parts, { urlPrefix: "/two", name: "parts2" });
  assert.equal((await site.testClient().get("/")).text, "42 1 True");
});

test("appTemplateFilter after the blueprint is registered is a setup error", () => {
  const site = app();
  const late = new Blueprint("late");
  site.registerBlueprint(late);
  assert.throws(
    () => late.appTemplateFilter("x", (v: unknown) => v),
    (error: unknown) => error instanceof FlagonError && error.code === "FLAGON_SETUP_FINISHED" && /appTemplateFilter\("x"\) before registerBlueprint/.test(error.message),
  );
});

test("an async context processor is refused at registration", () => {
  assert.throws(
    // @ts-expect-error an async processor does not type-check either
    () => app().contextProcessor(async () => ({})),
    (error: unknown) => error instanceof FlagonError && error.code === "FLAGON_ASYNC_CONTEXT_PROCESSOR",
  );
});

test("templatesFor(app) from flagon renders outside a request with the app's filters and globals, without context processors", () => {
  const site = app();
  site.route("/post/<int:id>", function show_post() {
    return "post";
  });
  site.templateFilter("shout", (text: string) => `${text.toUpperCase()}!`);
  site.templateGlobal("site_name", "Demo");
  site.contextProcessor(() => ({ site_name: "from processor" }));
  assert.equal(
    templatesFor(site).renderString("{{ 'hi'|shout }} {{ site_name }} {{ url_for('show_post', id=3) }} [{{ request.path }}]"),
    "HI! Demo /post/3 []",
  );
});

test("a request with no context processors adds no values to the render", async () => {
  const site = app();
  const shop = new Blueprint("shop", { urlPrefix: "/shop" });
  shop.route("/", () => JSON.stringify(requestTemplateValues(site)?.templateContext?.() ?? null));
  site.registerBlueprint(shop);
  site.route("/", () => JSON.stringify(requestTemplateValues(site)?.templateContext?.() ?? null) + renderTemplateString("{{ title }}", { title: "t" }));
  assert.equal((await site.testClient().get("/")).text, "nullt");
  assert.equal((await site.testClient().get("/shop/")).text, "null");
});
