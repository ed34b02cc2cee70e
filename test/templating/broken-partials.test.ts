// A syntax error in a template that a page includes, extends or imports is the page's
// TemplateError, naming the broken file and line, raised while the page renders.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { TemplateError } from "../../src/index.js";
import { templateSite } from "./_in-view.js";

const files = {
  "partials/broken.html": "one\ntwo\n{{ user.name( }}\n",
  "broken-layout.html": "<main>\n{% block body %}{% endblock %}\n{% if %}\n</main>",
  "broken-macros.html": "{% macro field() %}\n{% for %}\n{% endmacro %}",
  "include.html": "<p>\n{% include 'partials/broken.html' %}\n</p>",
  "include-list.html": "{% include ['nope.html', 'partials/broken.html'] %}",
  "include-without.html": "{% include 'partials/broken.html' without context %}",
  "nested.html": "{% for x in [1] %}{% include 'include.html' %}{% endfor %}",
  "extends.html": "{% extends 'broken-layout.html' %}{% block body %}x{% endblock %}",
  "import.html": "{% from 'broken-macros.html' import field %}{{ field() }}",
};

for (const [page, broken, line] of [
  ["include.html", "partials/broken.html", 3],
  ["include-list.html", "partials/broken.html", 3],
  ["include-without.html", "partials/broken.html", 3],
  ["nested.html", "partials/broken.html", 3],
  ["extends.html", "broken-layout.html", 3],
  ["import.html", "broken-macros.html", 2],
] as const) {
  test(`${page}: a syntax error in ${broken} is a TemplateError at ${broken}, line ${line}`, async () => {
    const site = templateSite(files);
    try {
      await assert.rejects(site.render(page), (error: unknown) => {
        assert.ok(error instanceof TemplateError, String(error));
        assert.equal(error.template, page);
        assert.equal(error.file, join(site.dir, "templates", broken));
        assert.equal(error.line, line);
        return true;
      });
      // The app still serves: the failure was raised in the render, not later outside it.
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal((await site.app.testClient().get("/render")).status, 200);
    } finally {
      site.done();
    }
  });
}
