// A template missing from {% include %}, {% extends %} or {% import %} is a TemplateNotFoundError, as a missing page is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { TemplateNotFoundError } from "../../src/index.js";
import { templateSite } from "./_in-view.js";

const pages = {
  "include.html": `<p>{% include "partials/missing.html" %}</p>`,
  "extends.html": `{% extends "missing-layout.html" %}`,
  "import.html": `{% from "missing-macros.html" import field %}{{ field() }}`,
  "outer.html": `{% include "include.html" %}`,
  "optional.html": `[{% include "partials/missing.html" ignore missing %}]`,
};

for (const [page, missing, from] of [
  ["include.html", "partials/missing.html", "include.html"],
  ["extends.html", "missing-layout.html", "extends.html"],
  ["import.html", "missing-macros.html", "import.html"],
  ["outer.html", "partials/missing.html", "include.html"],
] as const) {
  test(`${page}: a missing "${missing}" is a TemplateNotFoundError listing the folders and naming ${from}`, async () => {
    const site = templateSite(pages);
    try {
      await assert.rejects(site.render(page), (error: unknown) => {
        assert.ok(error instanceof TemplateNotFoundError);
        assert.equal(error.code, "FLAGON_TEMPLATE_NOT_FOUND");
        assert.equal(error.template, missing);
        assert.equal(error.from, join(site.dir, "templates", from));
        assert.ok(error.message.includes(`looked in ${join(site.dir, "templates")}`), error.message);
        return true;
      });
    } finally {
      site.done();
    }
  });
}

test("a page rendered directly that is missing has no `from`", async () => {
  const site = templateSite(pages);
  try {
    await assert.rejects(site.render("nope.html"), (error: unknown) => error instanceof TemplateNotFoundError && error.from === undefined && error.template === "nope.html");
  } finally {
    site.done();
  }
});

test("{% include ... ignore missing %} still renders nothing for a missing template", async () => {
  const site = templateSite(pages);
  try {
    assert.equal(await site.render("optional.html"), "[]");
  } finally {
    site.done();
  }
});
