// Jinja's {% include %}: a list of names includes the first template that exists, and
// `without context` renders the included template with the globals only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { TemplateError, TemplateNotFoundError } from "../../src/index.js";
import { templateSite } from "./_in-view.js";

const pages = {
  "b.html": `b[{{ name }}]`,
  "c.html": `c`,
  "first.html": `{% include ["missing.html", "b.html", "c.html"] %}`,
  "tuple.html": `{% include ("missing.html", "c.html") %}`,
  "none.html": `<p>{% include ["missing.html", "gone.html"] %}</p>`,
  "empty.html": `{% include [] %}`,
  "optional.html": `[{% include ["missing.html", "gone.html"] ignore missing %}]`,
  "chosen.html": `{% include choice %}`,
  "seen.html": `{{ name }}|{{ item }}|{{ inner }}|{{ site_name }}|{{ request.path }}|{{ url_for('render') }}|{{ config.SITE }}`,
  "without.html": `{% for item in [1] %}{% with inner = 2 %}{% include "seen.html" without context %}{% endwith %}{% endfor %}`,
  "with.html": `{% for item in [1] %}{% with inner = 2 %}{% include "seen.html" with context %}{% endwith %}{% endfor %}`,
  "optional-without.html": `[{% include "missing.html" ignore missing without context %}]{% include ["missing.html", "b.html"] ignore missing without context %}`,
  "escaped.html": `{% include ["missing.html", "raw.txt"] %}`,
  "raw.txt": `{{ name }}`,
  "ignore-alone.html": `{% include "c.html" ignore %}`,
  "context-alone.html": `{% include "c.html" without %}`,
};

async function withSite(body: (site: ReturnType<typeof templateSite>) => Promise<void>): Promise<void> {
  const site = templateSite(pages, { SITE: "Demo" });
  site.app.templateGlobal("site_name", "flagon");
  try {
    await body(site);
  } finally {
    site.done();
  }
}

test("a list of names includes the first template that exists", () =>
  withSite(async (site) => {
    assert.equal(await site.render("first.html", { name: "x" }), "b[x]");
    assert.equal(await site.render("tuple.html"), "c");
  }));

test("a list of which no template exists is a TemplateNotFoundError naming every template tried", () =>
  withSite(async (site) => {
    await assert.rejects(site.render("none.html"), (error: unknown) => {
      assert.ok(error instanceof TemplateNotFoundError);
      assert.deepEqual(error.templates, ["missing.html", "gone.html"]);
      assert.equal(error.template, "gone.html");
      assert.equal(error.from, join(site.dir, "templates", "none.html"));
      assert.ok(error.message.includes(`"missing.html", "gone.html"`), error.message);
      return true;
    });
    await assert.rejects(site.render("empty.html"), (error: unknown) => error instanceof TemplateNotFoundError && error.templates.length === 0);
  }));

test("ignore missing with a list of which no template exists renders nothing", () =>
  withSite(async (site) => {
    assert.equal(await site.render("optional.html"), "[]");
  }));

test("a variable may hold the list of names or a single name", () =>
  withSite(async (site) => {
    assert.equal(await site.render("chosen.html", { choice: ["missing.html", "c.html"], name: "x" }), "c");
    assert.equal(await site.render("chosen.html", { choice: "b.html", name: "x" }), "b[x]");
  }));

test("without context the included template sees the globals but not the page's variables, loop or with names", () =>
  withSite(async (site) => {
    assert.equal(await site.render("without.html", { name: "x" }), "|||flagon|/render|/render|Demo");
  }));

test("with context, the default, may be written out", () =>
  withSite(async (site) => {
    assert.equal(await site.render("with.html", { name: "x" }), "x|1|2|flagon|/render|/render|Demo");
  }));

test("ignore missing combines with without context", () =>
  withSite(async (site) => {
    assert.equal(await site.render("optional-without.html", { name: "x" }), "[]b[]");
  }));

test("a template chosen from a list follows the page's escaping", () =>
  withSite(async (site) => {
    assert.equal(await site.render("escaped.html", { name: "<b>" }), "&lt;b&gt;");
  }));

for (const [page, problem] of [
  ["ignore-alone.html", "expected missing after ignore"],
  ["context-alone.html", "expected context after without"],
] as const) {
  test(`${page}: ${pages[page]} is a TemplateError saying what is missing`, () =>
    withSite(async (site) => {
      await assert.rejects(site.render(page), (error: unknown) => error instanceof TemplateError && error.message.includes(problem));
    }));
}
