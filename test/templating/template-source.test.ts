// A template's text as Jinja reads it (keep_trailing_newline off, newlines as "\n"):
// the newline that ends a template file is not part of what it renders.
import { test } from "node:test";
import assert from "node:assert/strict";
import { renderInView, templateSite } from "./_in-view.js";

test("the one newline that ends a template file is not rendered, as in Jinja", async () => {
  const site = templateSite({
    "hello.txt": "Hello {{ name }}\n",
    "blank.txt": "a\n\n",
    "page.html": "<p>{% include 'icon.html' %} Home</p>\n",
    "icon.html": "<i class=home></i>\n",
    "base.html": "<main>{% block body %}{% endblock %}</main>\n",
    "child.html": "{% extends 'base.html' %}\n{% block body %}hi{% endblock %}\n",
    "macros.html": "{% macro b(x) %}<b>{{ x }}</b>{% endmacro %}\n",
    "uses.html": "{% from 'macros.html' import b %}{{ b(1) }}\n",
  });
  try {
    assert.equal(await site.render("hello.txt", { name: "Ann" }), "Hello Ann");
    assert.equal(await site.render("blank.txt"), "a\n");
    assert.equal(await site.render("page.html"), "<p><i class=home></i> Home</p>");
    assert.equal(await site.render("child.html"), "<main>hi</main>");
    assert.equal(await site.render("uses.html"), "<b>1</b>");
  } finally {
    site.done();
  }
});

test("a template written with \\r\\n line ends renders \\n, as Jinja's newline_sequence", async () => {
  const site = templateSite({ "mail.txt": "Dear {{ name }},\r\n\r\nThanks.\r\n", "old.txt": "a\rb\r" });
  try {
    assert.equal(await site.render("mail.txt", { name: "Bo" }), "Dear Bo,\n\nThanks.");
    assert.equal(await site.render("old.txt"), "a\nb");
  } finally {
    site.done();
  }
});

test("renderTemplateString drops the source's last newline too", async () => {
  assert.equal(await renderInView("<h1>{{ t }}</h1>\n", { t: "x" }), "<h1>x</h1>");
  assert.equal(await renderInView("line\r\n\r\n"), "line\n");
});
