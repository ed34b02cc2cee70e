// Jinja's truth test (empty list, dict, string, Map and Set are false) in if, elif, not, and, or and inline if.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Flagon, renderTemplateString, silentLogger } from "../../src/index.js";
import { renderInView } from "./_in-view.js";

const IF = "{% if v %}T{% else %}F{% endif %}";

const values: { name: string; value: unknown; truthy: boolean }[] = [
  { name: "an empty list", value: [], truthy: false },
  { name: "a list of one zero", value: [0], truthy: true },
  { name: "an empty dict", value: {}, truthy: false },
  { name: "a dict with a key", value: { a: 0 }, truthy: true },
  { name: "an empty string", value: "", truthy: false },
  { name: "the string '0'", value: "0", truthy: true },
  { name: "zero", value: 0, truthy: false },
  { name: "none", value: null, truthy: false },
  { name: "an empty Map", value: new Map(), truthy: false },
  { name: "a Map with an entry", value: new Map([["a", 1]]), truthy: true },
  { name: "an empty Set", value: new Set(), truthy: false },
  { name: "a Set with a member", value: new Set([0]), truthy: true },
  { name: "an object of a class", value: new (class User {})(), truthy: true },
];

for (const { name, value, truthy } of values) {
  test(`${name} is ${truthy ? "true" : "false"} in {% if %}, not, and, or and an inline if`, async () => {
    const t = truthy ? "T" : "F";
    const f = truthy ? "F" : "T";
    assert.equal(await renderInView(IF, { v: value }), t);
    assert.equal(await renderInView("{% if not v %}T{% else %}F{% endif %}", { v: value }), f);
    assert.equal(await renderInView("{{ 'T' if v else 'F' }}", { v: value }), t);
    assert.equal(await renderInView("{% if v and 1 %}T{% else %}F{% endif %}{% if v or 0 %}T{% else %}F{% endif %}", { v: value }), t + t);
  });
}

test("an empty list literal and an empty dict literal are false, as in Jinja", async () => {
  assert.equal(await renderInView("{% if [] %}T{% else %}F{% endif %}{% if {} %}T{% else %}F{% endif %}"), "FF");
});

test("elif follows Jinja's truth test", async () => {
  assert.equal(await renderInView("{% if a %}a{% elif b %}b{% elif c %}c{% else %}none{% endif %}", { a: [], b: {}, c: [1] }), "c");
});

test("and/or give back one of their operands, chosen by Jinja's truth test", async () => {
  assert.equal(await renderInView("{{ [] or 'default' }}|{{ 'x' and 'y' }}|{{ ('' or 'b') }}", {}), "default|y|b");
  assert.equal(await renderInView("{% set r = [] and 'never' %}{{ r|length }}:{{ r is string }}"), "0:False");
  assert.equal(await renderInView("{% set r = ['a'] or 'never' %}{{ r|join }}"), "a");
});

test("and/or stop at the first operand that decides, so the second is not evaluated", async () => {
  let calls = 0;
  const count = () => ++calls;
  assert.equal(await renderInView("{{ [] and count() }}{{ 'x' or count() }}{% if [] and count() %}{% endif %}", { count }), "[]x");
  assert.equal(calls, 0);
});

test("an empty safe string is false, a non-empty one true", async () => {
  assert.equal(await renderInView("{% if ''|safe %}T{% else %}F{% endif %}{% if 'x'|safe %}T{% else %}F{% endif %}"), "FT");
});

test("{% for %}...{% else %} runs the else branch for an empty list, an empty dict and none", async () => {
  const source = "{% for x in v %}{{ x }}{% else %}empty{% endfor %}";
  for (const v of [[], {}, null, undefined]) assert.equal(await renderInView(source, { v }), "empty");
  assert.equal(await renderInView(source, { v: ["a"] }), "a");
});

test("request.args is false without a query string and true with one, as Werkzeug's MultiDict", async () => {
  const source = "{% if request.args %}query{% else %}none{% endif %}";
  assert.equal(await renderInView(source), "none");
  assert.equal(await renderInView(source, {}, { q: "1" }), "query");
});

test("an empty session is false, one with a value true, as Flask's session dict", async () => {
  const app = new Flagon(undefined, { staticFolder: null, config: { SECRET_KEY: "truthy-session" } });
  app.logger = silentLogger;
  app.route("/", function page() {
    return renderTemplateString("{% if session %}user{% else %}anonymous{% endif %}");
  });
  app.route("/set", function set(_, request) {
    app.sessionOf(request).set("user", "ann");
    return "ok";
  });
  const client = app.testClient();
  assert.equal((await client.get("/")).text, "anonymous");
  await client.get("/set");
  assert.equal((await client.get("/")).text, "user");
});

test("the seed app's layout prints no flash list when there are no messages", async () => {
  const { app } = await import("../../examples/seed-app/app.js");
  app.logger = silentLogger;
  const page = await app.testClient().get("/site/");
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /<ul class="flashes">/);
});
