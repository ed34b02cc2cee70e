// Jinja's block modifiers: {% block name scoped %} and {% block name required %}.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TemplateError } from "../../src/index.js";
import { renderInView, templateSite } from "./_in-view.js";

test("a block marked scoped sees the loop around it, in the page and where a child overrides it", async () => {
  const site = templateSite({
    "list.html": "<ul>{% for item in items %}{% block item scoped %}<li>{{ item }}</li>{% endblock %}{% endfor %}</ul>",
    "fancy.html": "{% extends 'list.html' %}{% block item scoped %}<li class=x>{{ item }} {{ loop.index }}</li>{% endblock item %}",
  });
  try {
    assert.equal(await site.render("list.html", { items: ["a", "b"] }), "<ul><li>a</li><li>b</li></ul>");
    assert.equal(await site.render("fancy.html", { items: ["a", "b"] }), "<ul><li class=x>a 1</li><li class=x>b 2</li></ul>");
  } finally {
    site.done();
  }
});

test("a required block must be overridden: rendered as it is, it is a TemplateError naming it", async () => {
  const site = templateSite({
    "base.html": "<main>{% block content required %}\n  {# each page fills this #}\n{% endblock %}</main>",
    "page.html": "{% extends 'base.html' %}{% block content %}hi{% endblock %}",
    "middle.html": "{% extends 'base.html' %}{% block title %}t{% endblock %}",
    "leaf.html": "{% extends 'middle.html' %}{% block content %}leaf{% endblock %}",
  });
  try {
    assert.equal(await site.render("page.html"), "<main>hi</main>");
    assert.equal(await site.render("leaf.html"), "<main>leaf</main>");
    for (const name of ["base.html", "middle.html"]) {
      await assert.rejects(site.render(name), (error: unknown) => error instanceof TemplateError && /Required block 'content' not found/.test(error.message));
    }
  } finally {
    site.done();
  }
});

test("a required block holding more than space and comments is a TemplateError, as in Jinja", async () => {
  await assert.rejects(
    renderInView("{% block b required %}text{% endblock %}"),
    (error: unknown) => error instanceof TemplateError && /Required blocks can only contain comments or whitespace/.test(error.message),
  );
  await assert.rejects(renderInView("{% block b scoped required %} {% endblock %}"), /Required block 'b' not found/);
});
