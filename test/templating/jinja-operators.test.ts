// Jinja's operators, tuples and indexing where JavaScript's differ, and safe strings (Jinja's Markup)
// kept as markup through them: joined to text, the text is escaped and the markup is not escaped again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Flagon, renderTemplateString, session } from "../../src/index.js";
import { renderInView, templateSite } from "./_in-view.js";

const context = {
  items: [1, 2, 3],
  d: { k: "v" },
  u: "<u>",
  n: 4,
  row: [1, { x: [2] }],
  copy: [1, { x: [2] }],
  when: new Date(0),
  sameWhen: new Date(0),
  m: new Map([["x", 1]]),
  st: new Set([2]),
};
const SAFE = `{% set s = "<b>"|safe %}`;

const cases: { source: string; expected: string; why: string }[] = [
  // ~
  { source: `{{ missing ~ "a" ~ none ~ true }}`, expected: "aNoneTrue", why: "~ joins what {{ }} prints: nothing for undefined, Python's str() for the rest" },
  { source: `{{ 1 ~ 2.5 }}`, expected: "12.5", why: "~ joins numbers as text" },
  { source: `${SAFE}{{ s ~ u }}|{{ u ~ s }}`, expected: "<b>&lt;u&gt;|&lt;u&gt;<b>", why: "~ with markup escapes the text only" },
  { source: `${SAFE}{% set t = s ~ u %}{{ t }}{{ t|length }}`, expected: "<b>&lt;u&gt;12", why: "a joined value stays markup" },
  { source: `{% macro b(x) %}<b>{{ x }}</b>{% endmacro %}{{ b(u) ~ "&" }}`, expected: "<b>&lt;u&gt;</b>&amp;", why: "a macro's output is markup" },
  { source: `${SAFE}{% autoescape false %}{{ s ~ u }}{% endautoescape %}`, expected: "<b><u>", why: "without escaping ~ joins plain text" },
  // +
  { source: `{{ [1] + [2, 3] }}|{{ (items + [4])|length }}`, expected: "[1, 2, 3]|4", why: "+ concatenates lists" },
  { source: `{{ 2 + 3 }}|{{ "a" + "b" }}`, expected: "5|ab", why: "+ still adds numbers and joins texts" },
  { source: `${SAFE}{{ s + u }}|{{ u + s }}`, expected: "<b>&lt;u&gt;|&lt;u&gt;<b>", why: "+ with markup escapes the text" },
  // *
  { source: `{{ "ab" * 3 }}|{{ 2 * "x" }}|{{ "x" * 0 }}|{{ [0] * 3 }}|{{ 3 * 4 }}`, expected: "ababab|xx||[0, 0, 0]|12", why: "* repeats texts and lists" },
  { source: `${SAFE}{{ s * 2 }}`, expected: "<b><b>", why: "* keeps markup safe" },
  // % and tuples
  { source: `{{ "%s-%s" % (1, 2) }}|{{ "%d items" % n }}|{{ "%(k)s!" % d }}|{{ "%.1f" % 2.25 }}`, expected: "1-2|4 items|v!|2.2", why: "% formats as Python" },
  { source: `{{ "%s" % none }}|{{ 7 % 3 }}`, expected: "None|1", why: "% prints None as Python; numbers keep their remainder" },
  { source: `{{ ("<p>%s</p>"|safe) % u }}`, expected: "<p>&lt;u&gt;</p>", why: "a safe format string escapes what it fills in" },
  { source: `{% set t = (1, 2) %}{{ t|length }}|{{ t[1] }}|{{ (1 + 2) * 3 }}`, expected: "2|2|9", why: "(a, b) is a tuple; one value in parentheses is grouping" },
  { source: `{{ ()|length }}|{{ ("<b>%%</b>"|safe) % () }}`, expected: "0|<b>%</b>", why: "() is the empty tuple" },
  { source: `{{ (u,)|length }}|{{ "%s!" % (u,) }}|{{ [1, 2,]|length }}|{{ {"a": 1,}|length }}|{{ range(2,)|join }}`, expected: "1|&lt;u&gt;!|2|1|01", why: "a trailing comma, and (x,) a tuple of one" },
  { source: `{% set nav = [
  ("/", "Home"),
  ("/about", "About"),
] %}{% for href, label in nav %}{{ href }}={{ label }};{% endfor %}`, expected: "/=Home;/about=About;", why: "a list written over several lines with a trailing comma" },
  // comparisons
  { source: `{{ 0 < 20 < 10 }}|{{ 10 > 5 > 1 }}|{{ 1 < n <= 4 < 5 }}|{{ 1 < n <= 3 < 5 }}`, expected: "False|True|True|False", why: "a < b < c is a < b and b < c" },
  { source: `{% if 0 < n < 10 %}in{% endif %}|{% for i in items if 1 < i < 3 %}{{ i }}{% endfor %}`, expected: "in|2", why: "chained comparisons in conditions" },
  // == and != as Python's
  { source: `{{ 1 == "1" }}|{{ 1 != "1" }}|{{ 1 == 1.0 }}|{{ true == 1 }}|{{ none == none }}`, expected: "False|True|True|True|True", why: "== compares as Python: a number never equals its text" },
  { source: `{{ [1, 2] == [1, 2] }}|{{ [1, 2] != [2, 1] }}|{{ {"a": [1]} == {"a": [1]} }}|{{ {"a": 1} == {"a": "1"} }}`, expected: "True|True|True|False", why: "lists and dicts are equal by their items" },
  { source: `{{ row == copy }}|{{ row != copy }}|{{ when == sameWhen }}|{{ items == [1, 2, 3] }}`, expected: "True|False|True|True", why: "values from the context are compared by value, not by identity" },
  { source: `${SAFE}{{ s == "<b>" }}|{{ missing == none }}|{{ missing == 0 }}`, expected: "True|True|False", why: "a safe string equals its text; none equals an undefined value" },
  { source: `{% if row == copy %}same{% endif %}|{{ "y" if [] != [] else "n" }}|{{ not 1 == "1" }}`, expected: "same|n|True", why: "== in conditions" },
  { source: `{{ 1 == 1.0 == true }}|{{ 1 < 2 == true }}|{{ [1] == [1] != [2] }}`, expected: "True|False|True", why: "== and != chained as Python's: 1 < 2 == true is 1 < 2 and 2 == true" },
  { source: `{{ [1] is eq [1] }}|{{ 1 is equalto "1" }}|{{ [1] is sameas [1] }}|{{ 1 is ne "1" }}`, expected: "True|False|False|True", why: "the eq, equalto and ne tests compare as ==; sameas is identity" },
  { source: `{{ [[1], [2], [2]]|select("equalto", [2])|list|length }}|{{ [1, "1"]|reject("eq", 1)|list }}`, expected: "2|[&#39;1&#39;]", why: "select and reject with equalto compare as ==" },
  // in
  { source: `{{ [1] in [[1]] }}|{{ 1 in ["1"] }}|{{ copy[1] in row }}|{{ "x" in m }}|{{ 2 in st }}|{{ "constructor" in {} }}`, expected: "True|False|True|True|True|False", why: "in compares a list's items as ==, looks in a Map's keys and a Set, and a dict's own keys" },
  // assignment
  { source: `{% set a, b = 1, 2 %}{{ a }}{{ b }}|{% set c, e = (3, 4) %}{{ c }}{{ e }}|{% set t = 5, 6 %}{{ t|length }}`, expected: "12|34|2", why: "set unpacks a tuple" },
  { source: `{% for k, v in d|items %}{% set key, value = k, v %}{{ key }}={{ value }}{% endfor %}`, expected: "k=v", why: "set unpacks inside a loop" },
  // indexing and slices
  { source: `{{ items[-1] }}|{{ items[0] }}|{{ "a/b/c".split("/")[-1] }}|{{ "abc"[-2] }}`, expected: "3|1|c|b", why: "negative indexes count from the end" },
  { source: `{{ "abcd"[1:3] }}|{{ "abc"[::-1] }}|{{ items[1:]|join }}`, expected: "bc|cba|23", why: "a slice of a string is a string" },
  { source: `${SAFE}{{ s[0] }}|{{ s[-1] }}|{{ s[1:] }}|{{ s[9] }}`, expected: "<|>|b>|", why: "a safe string's characters and slices are safe" },
  // in
  { source: `${SAFE}{{ "b" in s }}|{{ "x" in s }}`, expected: "True|False", why: "in looks inside a safe string" },
  // join
  { source: `${SAFE}{{ [s, u]|join(", ") }}`, expected: "<b>, &lt;u&gt;", why: "join keeps safe items and escapes the others" },
  { source: `{{ [u, 1, none]|join("<br>"|safe) }}`, expected: "&lt;u&gt;<br>1<br>None", why: "join with a safe separator escapes the items; none is None, as Python's str()" },
  { source: `{{ [u, "&"]|join("-") }}`, expected: "&lt;u&gt;-&amp;", why: "join of plain text is escaped when printed" },
  { source: `${SAFE}{{ [{"n": u}, {"n": s}]|join(", ", attribute="n") }}`, expected: "&lt;u&gt;, <b>", why: "join by attribute" },
  // filters that read a safe string's text
  { source: `${SAFE}{{ s|first }}|{{ s|last }}|{{ s|reverse }}|{{ s|list|join(".") }}|{{ s|urlencode }}`, expected: "&lt;|&gt;|>b<|&lt;.b.&gt;|%3Cb%3E", why: "safe strings as text" },
  { source: `${SAFE}{{ s|tojson }}|{{ {"a": s}|tojson }}`, expected: `"\\u003cb\\u003e"|{"a":"\\u003cb\\u003e"}`, why: "tojson writes a safe string's text" },
  { source: `{{ d|list|join }}|{{ d|first }}|{{ items|first }}{{ items|last }}`, expected: "k|k|13", why: "a dict's list is its keys" },
  // dict()
  { source: `{{ dict(a=1, b="x")|tojson }}|{{ dict({"a": 1}, b=2).b }}`, expected: `{"a":1,"b":"x"}|2`, why: "dict() builds a dict from a dict and keywords" },
];

for (const { source, expected, why } of cases) {
  test("in asks a MultiDict, the headers or the session by its keys, as Python's in asks a dict", async () => {
  const app = new Flagon(undefined, { config: { SECRET_KEY: "k" } });
  const page = await app.testRequestContext("/?q=1", { headers: { "x-trace": "t" } }, () => {
    session.set("user", "ann");
    return renderTemplateString(
      "{{ 'q' in request.args }} {{ 'x' in request.args }} {{ 'x-trace' in request.headers }} {{ 'X-Nope' in request.headers }} {{ 'user' in session }} {{ 'q' not in request.args }}",
    );
  });
  assert.equal(page, "True False True False True False");
});

test(`${why}: ${source}`, async () => {
    assert.equal(await renderInView(source, context), expected);
  });
}

test("in a page that is not escaped, ~ and join give plain text, safe parts or not", async () => {
  const site = templateSite({ "note.txt": `{% set s = "<b>"|safe %}{{ s ~ u }}|{{ [s, u]|join(", ") }}` });
  try {
    assert.equal(await site.render("note.txt", { u: "<u>" }), "<b><u>|<b>, <u>");
  } finally {
    site.done();
  }
});

test("set refuses a value with more or fewer items than names", async () => {
  await assert.rejects(renderInView(`{% set a, b = [1] %}`), /not enough values to unpack \(expected 2, got 1\)/);
  await assert.rejects(renderInView(`{% set a, b = 1, 2, 3 %}`), /too many values to unpack \(expected 2, got 3\)/);
});

test("a list repeated past what memory holds fails the render instead of the process", async () => {
  await assert.rejects(renderInView(`{{ ([1, 2, 3] * n)|length }}`, { n: 2 ** 40 }), /too many items/);
});

test("a comma with nothing before it is still an error, as in Jinja", async () => {
  for (const source of ["{{ (,) }}", "{{ [,] }}", "{{ [1,,] }}"]) await assert.rejects(renderInView(source), /unexpected token: ,/, source);
  assert.equal(await renderInView(`{{ [(1,),]|length }}|{{ [ (1, ) , ]|length }}`), "1|1");
});

test("% on numbers takes the sign of the divisor, as Python's: -7 % 3 is 2", async () => {
  assert.equal(await renderInView(`{{ -7 % 3 }}|{{ 7 % -3 }}|{{ 7 % 3 }}|{{ -7.5 % 2 }}|{{ 6 % -3 }}|{{ loop_index % 2 }}`, { loop_index: -1 }), "2|-2|1|0.5|0|1");
});
