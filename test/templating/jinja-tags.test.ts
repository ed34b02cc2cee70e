// Jinja's {% with %}, {% autoescape %} and namespace() with {% set ns.attr %}, rendered in views.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Flagon, TemplateError, flash, renderTemplateString, silentLogger } from "../../src/index.js";
import { installJinjaSyntax } from "../../src/templating/_jinja-syntax.js";
import { renderInView, templateSite } from "./_in-view.js";

/** Flask's documented flashing pattern, unchanged. */
const FLASK_FLASHES = `{% with messages = get_flashed_messages() %}{% if messages %}<ul class=flashes>{% for message in messages %}<li>{{ message }}</li>{% endfor %}</ul>{% endif %}{% endwith %}`;

test("Flask's flashing pattern with {% with messages = get_flashed_messages() %} lists flashes, and prints nothing without any", async () => {
  const app = new Flagon(undefined, { staticFolder: null, config: { SECRET_KEY: "with-test" } });
  app.logger = silentLogger;
  app.route("/save", function save() {
    flash("Saved.");
    return "ok";
  });
  app.route("/", function page() {
    return `[${renderTemplateString(FLASK_FLASHES)}]`;
  });
  const client = app.testClient();
  assert.equal((await client.get("/")).text, "[]");
  await client.get("/save");
  assert.equal((await client.get("/")).text, "[<ul class=flashes><li>Saved.</li></ul>]");
  assert.equal((await client.get("/")).text, "[]");
});

test("{% with %} binds several comma-separated names, visible only inside the block", async () => {
  assert.equal(await renderInView("{% with a = 1, b = 'x' %}{{ a }}{{ b }}{% endwith %}[{{ a }}{{ b }}]"), "1x[]");
});

test("{% with %} values are computed outside the block, as in Jinja 2.9+", async () => {
  assert.equal(await renderInView("{% set a = 1 %}{% with a = 2, b = a %}{{ a }}{{ b }}{% endwith %}{{ a }}"), "211");
});

test("a {% set %} inside {% with %}, with or without assignments, does not leak out of the block", async () => {
  assert.equal(await renderInView("{% with %}{% set foo = 42 %}{{ foo }}{% endwith %}[{{ foo }}]"), "42[]");
  assert.equal(await renderInView("{% set foo = 1 %}{% with x = 2 %}{% set foo = x %}{{ foo }}{% endwith %}{{ foo }}"), "21");
});

test("{% with %} inside a loop shadows the loop variable for the block only", async () => {
  assert.equal(await renderInView("{% for x in [1, 2] %}{% with x = x * 10 %}{{ x }}{% endwith %}{{ x }};{% endfor %}"), "101;202;");
});

test("{% with %} honours whitespace control", async () => {
  assert.equal(await renderInView("{%- with a = 1 -%}  {{ a }}  {%- endwith -%}  !"), "1!");
});

test("a {% with %} name is seen by an included template and works inside a child template's block", async () => {
  const site = templateSite({
    "base.html": "<main>{% block body %}{% endblock %}</main>",
    "part.html": "part {{ x }}",
    "child.html": `{% extends "base.html" %}{% block body %}{% with x = 5 %}{{ x }}, {% include "part.html" %}{% endwith %}{% endblock %}`,
  });
  try {
    assert.equal(await site.render("child.html"), "<main>5, part 5</main>");
  } finally {
    site.done();
  }
});

test("a malformed {% with %} is a TemplateError with the line", async () => {
  await assert.rejects(renderInView("\n{% with a = 1 b = 2 %}{% endwith %}"), (error: unknown) => {
    assert.ok(error instanceof TemplateError);
    assert.match(error.problem, /with: expected a comma/);
    assert.equal(error.line, 2);
    return true;
  });
  await assert.rejects(renderInView("{% with a = 1 %}no end"), TemplateError);
});

test("{% autoescape false %} prints unescaped in an .html template, {% autoescape true %} escapes in a .txt one", async () => {
  const site = templateSite({
    "page.html": "{% autoescape false %}{{ h }}{% endautoescape %}|{{ h }}",
    "mail.txt": "{% autoescape true %}{{ h }}{% endautoescape %}|{{ h }}",
  });
  try {
    assert.equal(await site.render("page.html", { h: "<b>" }), "<b>|&lt;b&gt;");
    assert.equal(await site.render("mail.txt", { h: "<b>" }), "&lt;b&gt;|<b>");
  } finally {
    site.done();
  }
});

test("namespace() carries a value out of a loop with {% set ns.attr = value %}", async () => {
  const source = "{% set ns = namespace(found=false) %}{% for x in xs %}{% if x %}{% set ns.found = true %}{% endif %}{% endfor %}{{ 'yes' if ns.found else 'no' }}";
  assert.equal(await renderInView(source, { xs: [0, 0, 3] }), "yes");
  assert.equal(await renderInView(source, { xs: [0] }), "no");
});

test("namespace() takes a dict and keywords, and {% set ns.attr %}...{% endset %} captures a block", async () => {
  assert.equal(
    await renderInView("{% set ns = namespace({'a': 1}, b=2) %}{% set ns.text %}<{{ ns.a + ns.b }}>{% endset %}{{ ns.text }}"),
    "<3>",
  );
});

test("what {% set x %}...{% endset %} or {% filter %} captures is markup: escaped once, not again when printed", async () => {
  assert.equal(await renderInView("{% set x %}<b>{{ v }}</b>{% endset %}{{ x }}", { v: "<i>" }), "<b>&lt;i&gt;</b>");
  assert.equal(await renderInView("{% filter upper %}<b>{{ v }}</b>{% endfilter %}", { v: "<i>" }), "<B>&LT;I&GT;</B>");
});

test("{% set x.attr %} on something other than a namespace fails, as in Jinja", async () => {
  await assert.rejects(renderInView("{% set d = {} %}{% set d.x = 1 %}"), /cannot assign attribute on non-namespace object/);
});

test("{% autoescape true %} reaches a {% block %} inside it in a .txt template", async () => {
  const site = templateSite({ "mail.txt": "{% autoescape true %}A:{{ u }} B:{% block b %}{{ u }}{% endblock %}{% endautoescape %} C:{{ u }}" });
  try {
    assert.equal(await site.render("mail.txt", { u: "<i>" }), "A:&lt;i&gt; B:&lt;i&gt; C:<i>");
  } finally {
    site.done();
  }
});

test("{% autoescape false %} reaches a {% block %} inside it in an .html template; a block outside still escapes", async () => {
  const site = templateSite({
    "page.html": "{% autoescape false %}{% block raw %}{{ h }}{% set x %}{{ h }}{% endset %}{{ x }}{% endblock %}{% endautoescape %}|{% block escaped %}{{ h }}{% endblock %}",
  });
  try {
    assert.equal(await site.render("page.html", { h: "<b>" }), "<b><b>|&lt;b&gt;");
  } finally {
    site.done();
  }
});

test("a block nested in another, or inside a nested {% autoescape %}, follows its nearest {% autoescape %}", async () => {
  const site = templateSite({
    "nested.txt":
      "{% autoescape true %}{% block a %}[{{ u }}{% block b %}({{ u }}){% endblock %}" +
      "{% autoescape false %}{% block c %}<{{ u }}>{% endblock %}{% endautoescape %}]{% endblock %}{% endautoescape %}",
  });
  try {
    assert.equal(await site.render("nested.txt", { u: "<i>" }), "[&lt;i&gt;(&lt;i&gt;)<<i>>]");
  } finally {
    site.done();
  }
});

test("a child's block overriding one inside the parent's {% autoescape %} follows the child's own text", async () => {
  const site = templateSite({
    "base.txt": "{% autoescape true %}{% block a %}base {{ u }}{% endblock %}{% endautoescape %}",
    "plain.txt": "{% extends 'base.txt' %}{% block a %}child {{ u }}, {{ super() }}{% endblock %}",
    "wrapped.txt": "{% extends 'base.txt' %}{% autoescape True %}{% block a %}child {{ u }}{% endblock %}{% endautoescape %}",
  });
  try {
    assert.equal(await site.render("base.txt", { u: "<i>" }), "base &lt;i&gt;");
    assert.equal(await site.render("plain.txt", { u: "<i>" }), "child <i>, base &lt;i&gt;");
    assert.equal(await site.render("wrapped.txt", { u: "<i>" }), "child &lt;i&gt;");
  } finally {
    site.done();
  }
});

test("a {% block %} inside {% autoescape %} with a value known only while rendering is a TemplateError saying what to write", async () => {
  const site = templateSite({ "page.txt": "{% autoescape flag %}{% block a %}{{ u }}{% endblock %}{% endautoescape %}" });
  try {
    await assert.rejects(site.render("page.txt", { u: "<i>", flag: true }), (error: unknown) => {
      assert.ok(error instanceof TemplateError);
      assert.match(error.message, /\{% block a %\} is inside \{% autoescape %\} with a value known only while rendering; write \{% autoescape true %\}/);
      return true;
    });
    assert.equal(await renderInView("{% autoescape flag %}{{ u }}{% endautoescape %}", { u: "<i>", flag: false }), "<i>");
  } finally {
    site.done();
  }
});

test("installing the Jinja syntax refuses a nunjucks whose compiled output {% autoescape %} cannot rewrite, before patching", () => {
  const prototype = {};
  const changed = {
    compiler: { compile: () => "output += runtime.suppressValue(value, env.opts.autoescape && true);\n", Compiler: { prototype } },
    nodes: {},
    runtime: {},
  };
  assert.throws(() => installJinjaSyntax(changed as never), /compiles \{\{ value \}\} differently from nunjucks 3\.2.*Install nunjucks 3\.2\.x/);
  assert.deepEqual(Object.keys(prototype), []);
});

test("self.block() renders a block again, as the page's last template defines it, escaped once", async () => {
  const site = templateSite({
    "base.html": `<title>{% block title %}Site{% endblock %}</title><h1>{{ self.title() }}</h1>`,
    "page.html": `{% extends "base.html" %}{% block title %}{{ name }} &amp; co{% endblock %}`,
  });
  try {
    assert.equal(await site.render("page.html", { name: "<Ann>" }), "<title>&lt;Ann&gt; &amp; co</title><h1>&lt;Ann&gt; &amp; co</h1>");
    assert.equal(await site.render("base.html"), "<title>Site</title><h1>Site</h1>");
  } finally {
    site.done();
  }
});

test("self names a block that does not exist: an error naming it; printed, self says what it is", async () => {
  await assert.rejects(renderInView(`{{ self.nope() }}`), /Unable to call `self\["nope"\]`/);
  assert.equal(await renderInView(`{{ self }}|{{ "yes" if self }}`), "&lt;TemplateReference&gt;|yes");
});

test("self.block() renders with the page's names, not those of a loop around the call", async () => {
  assert.equal(await renderInView(`{% block a %}{{ x|default('none') }}{% endblock %}|{% for x in [1, 2] %}{{ self.a() }}{% endfor %}`), "none|nonenone");
});
