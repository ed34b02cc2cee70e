// Jinja's loops (a dict's keys, a trailing `if`, loop.cycle and the like) and tests (`is` with one
// argument without parentheses, and the tests nunjucks lacks), rendered in views.
import { test } from "node:test";
import assert from "node:assert/strict";
import { renderInView, templateSite } from "./_in-view.js";

const tree = [
  { name: "a", children: [{ name: "a<1>", children: [{ name: "a1x" }] }, { name: "a2", children: [] }] },
  { name: "b", children: [] },
];
const context = { items: [1, 2, 3], d: { a: 1, b: 2 }, m: new Map([["x", 1]]), n: 4, empty: [], tree, nested: { a: { b: {} } } };

const cases: { source: string; expected: string; why: string }[] = [
  // what a loop iterates
  { source: `{% for k in d %}{{ k }}{% endfor %}`, expected: "ab", why: "one name over a dict loops over its keys" },
  { source: `{% for k, v in d %}{{ k }}={{ v }};{% endfor %}`, expected: "a=1;b=2;", why: "two names over a dict loop over its pairs" },
  { source: `{% for k in m %}{{ k }}{% endfor %}|{% for k, v in m %}{{ k }}{{ v }}{% endfor %}`, expected: "x|x1", why: "a Map as a dict" },
  { source: `{% for c in "ab" %}{{ c }}.{% endfor %}`, expected: "a.b.", why: "a string loops over its characters" },
  // a trailing if
  { source: `{% for i in items if i > 1 %}{{ i }}:{{ loop.index }}/{{ loop.length }}{{ "," if not loop.last }}{% endfor %}`, expected: "2:1/2,3:2/2", why: "loop counts only the items the if keeps" },
  { source: `{% for i in items if i > 5 %}{{ i }}{% else %}none{% endfor %}`, expected: "none", why: "else runs when the if keeps nothing" },
  { source: `{% for k, v in d.items() if v is even %}{{ k }}{% endfor %}`, expected: "b", why: "the if sees every name of the loop" },
  { source: `{% set limit = 2 %}{% for i in items if i >= limit and i != n %}{{ i }}{% endfor %}`, expected: "23", why: "the if sees the variables outside the loop" },
  { source: `{% for i in (items if n else empty) %}{{ i }}{% endfor %}`, expected: "123", why: "a conditional in parentheses is still the iterable" },
  { source: `{% for i in items if i > 1 %}{% for j in items if j < i %}{{ j }}{% endfor %};{% endfor %}`, expected: "1;12;", why: "nested filtered loops" },
  // scope
  { source: `{% set x = 1 %}{% for i in items %}{% set x = i %}{{ x }}{% endfor %}|{{ x }}`, expected: "123|1", why: "a set inside a loop stays inside it" },
  { source: `{% for i in items %}{% set y = i * 2 %}{% endfor %}[{{ y }}]`, expected: "[]", why: "a name set in a loop is gone after it" },
  { source: `{% set ns = namespace(total=0) %}{% for i in items %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}`, expected: "6", why: "a namespace carries a value out of a loop" },
  // loop attributes
  { source: `{% for i in items %}{{ loop.cycle("odd", "even") }} {% endfor %}`, expected: "odd even odd ", why: "loop.cycle" },
  { source: `{% for i in items %}[{{ loop.previtem }}|{{ loop.nextitem }}]{% endfor %}`, expected: "[|2][1|3][2|]", why: "loop.previtem and loop.nextitem" },
  { source: `{% for i in [1, 1, 2, 2, 1] %}{% if loop.changed(i) %}{{ i }}{% endif %}{% endfor %}`, expected: "121", why: "loop.changed" },
  { source: `{% for x in [1, 2] %}{% for i in [1, 1] %}{% if loop.changed(i) %}{{ i }}{% endif %}{% endfor %};{% endfor %}`, expected: "1;1;", why: "loop.changed starts again with each run of its loop" },
  { source: `{% for p in [[1], [1], [2], [2.0]] %}{{ loop.changed(p) }} {% endfor %}`, expected: "True False True False ", why: "loop.changed compares as ==, so equal lists are no change" },
  { source: `{% for i in items %}{{ loop.depth }}{{ loop.depth0 }}{% endfor %}`, expected: "101010", why: "loop.depth" },
  { source: `{% for k, v in d %}[{{ loop.previtem|join(",") }}|{{ loop.nextitem|join(",") }}]{% endfor %}`, expected: "[|b,2][a,1|]", why: "previtem and nextitem in a loop over a dict's pairs" },
  { source: `{% for i in [1, 1, 2] %}{% if i != loop.previtem %}{{ i }}{% endif %}{% endfor %}`, expected: "12", why: "a loop attribute read on the right of a comparison" },
  { source: `{% for i in items %}{% set l = loop %}{{ l.previtem }}|{% endfor %}`, expected: "|1|2|", why: "the loop object given to a name" },
  // recursive loops
  {
    source: `{% for item in tree recursive %}<li>{{ item.name }} {{ loop.depth }}{{ loop.depth0 }}{% if item.children %}<ul>{{ loop(item.children) }}</ul>{% endif %}</li>{% endfor %}`,
    expected: "<li>a 10<ul><li>a&lt;1&gt; 21<ul><li>a1x 32</li></ul></li><li>a2 21</li></ul></li><li>b 10</li>",
    why: "a recursive loop renders the children at the next depth, escaped once",
  },
  {
    source: `{% for item in tree recursive %}[{{ item.name }} {{ loop.index }}/{{ loop.length }}{{ loop(item.children) }}]{% else %}-{% endfor %}`,
    expected: "[a 1/2[a<1> 1/2[a1x 1/1-]][a2 2/2-]][b 2/2-]".replace("<1>", "&lt;1&gt;"),
    why: "each depth has its own loop.index and length, and its own else for no items",
  },
  {
    source: `{% for item in tree if item.name != "a2" recursive %}{{ item.name }}({{ loop(item.children) }}){% endfor %}`,
    expected: "a(a&lt;1&gt;(a1x()))b()",
    why: "the loop's if filters the items at every depth",
  },
  {
    source: `{% for item in tree recursive %}{% for i in [1] %}{{ loop.depth }}{% endfor %}{{ loop.depth }}{{ loop(item.children) }}{% endfor %}`,
    expected: "1112131211",
    why: "a loop inside a recursive one is at depth 1, as in Jinja",
  },
  {
    source: `{% set x = "out" %}{% for item in tree recursive %}{% set x = item.name %}{{ x }}{{ loop(item.children) }}{% endfor %}|{{ x }}`,
    expected: "aa&lt;1&gt;a1xa2b|out",
    why: "a set inside a recursive loop stays inside its depth",
  },
  {
    source: `{% for k, v in nested recursive %}{{ k }}{{ loop.depth }}{{ loop(v|items) }}{% endfor %}`,
    expected: "a1b2",
    why: "a recursive loop over pairs",
  },
  // tests
  { source: `{{ n is divisibleby 2 }}|{{ n is not divisibleby 3 }}|{{ none is sameas none }}|{{ n is gt 3 }}|{{ n is ne 4 }}`, expected: "True|True|True|True|False", why: "a test's one argument without parentheses" },
  { source: `{{ "y" if n is odd else "n" }}|{% if n is number and n is even %}ok{% endif %}`, expected: "n|ok", why: "a test without an argument still ends at and, else" },
  { source: `{{ 2 is in items }}|{{ 9 is in items }}|{{ "a" is in "cat" }}|{{ 3 is in [1, 2, 3] }}|{{ n is not in [4] }}`, expected: "True|False|True|True|False", why: "the in test, with a list written in place" },
  { source: `{{ items is sequence }}|{{ d is sequence }}|{{ n is sequence }}`, expected: "True|True|False", why: "the sequence test" },
  { source: `{{ true is boolean }}|{{ 1 is boolean }}|{{ true is true }}|{{ 1 is true }}|{{ false is false }}`, expected: "True|False|True|False|True", why: "boolean, true, false" },
  { source: `{{ n is integer }}|{{ 1.5 is float }}|{{ n is float }}`, expected: "True|True|False", why: "integer and float" },
  { source: `{{ "upper" is filter }}|{{ "nope" is filter }}|{{ "even" is test }}|{{ "in" is test }}`, expected: "True|False|True|True", why: "filter and test" },
  { source: `{{ ("x"|safe) is string }}|{{ n is string }}`, expected: "True|False", why: "a safe string is a string" },
];

for (const { source, expected, why } of cases) {
  test(`${why}: ${source}`, async () => {
    assert.equal(await renderInView(source, context), expected);
  });
}

test("an included template sees every loop attribute", async () => {
  const site = templateSite({
    "table.html": `{% for row in rows %}{% include "row.html" %}{% endfor %}`,
    "row.html": `<tr class="{{ loop.cycle('odd', 'even') }}">{{ row }}{{ "," if loop.nextitem }}</tr>`,
  });
  try {
    assert.equal(await site.render("table.html", { rows: ["a", "b", "c"] }), `<tr class="odd">a,</tr><tr class="even">b,</tr><tr class="odd">c</tr>`);
  } finally {
    site.done();
  }
});

test("a recursive loop in a block of a page that extends another, and in a page that is not escaped", async () => {
  const site = templateSite({
    "base.html": `<nav>{% block nav %}{% endblock %}</nav>`,
    "page.html": `{% extends "base.html" %}{% block nav %}{% for item in tree recursive %}<a>{{ item.name }}</a>{{ loop(item.children or []) }}{% endfor %}{% endblock %}`,
    "tree.txt": `{% for item in tree recursive %}{{ "  " * loop.depth0 }}{{ item.name }}\n{{ loop(item.children) }}{% endfor %}`,
  });
  try {
    assert.equal(await site.render("page.html", { tree }), "<nav><a>a</a><a>a&lt;1&gt;</a><a>a1x</a><a>a2</a><a>b</a></nav>");
    assert.equal(await site.render("tree.txt", { tree }), "a\n  a<1>\n    a1x\n  a2\nb\n");
  } finally {
    site.done();
  }
});

test("calling loop() outside a recursive loop, or without the items, is a TemplateError", async () => {
  await assert.rejects(renderInView(`{% for i in items %}{{ loop([1]) }}{% endfor %}`, context), /only a loop marked recursive can be called again/);
  await assert.rejects(renderInView(`{% for i in tree recursive %}{% for c in i.children %}{{ loop(c) }}{% endfor %}{% endfor %}`, context), /marked recursive/);
  await assert.rejects(renderInView(`{% for i in tree recursive %}{{ loop() }}{% endfor %}`, context), /give it the items to loop over/);
  await assert.rejects(renderInView(`{% asyncEach i in items recursive %}{% endeach %}`, context), /only a \{% for %\} loop can be recursive/);
});

test("loop.cycle with no values is an error, as in Jinja", async () => {
  await assert.rejects(renderInView(`{% for i in items %}{{ loop.cycle() }}{% endfor %}`, context), /loop.cycle\(\) needs at least one value/);
});
