// Jinja filters nunjucks lacks (format, map, unique, max, min, items, filesizeformat, xmlattr, attr),
// and keyword arguments for the ones it has, rendered in views.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TemplateError } from "../../src/index.js";
import { percentFormat } from "../../src/templating/_python-format.js";
import { renderInView, templateSite } from "./_in-view.js";

const users = [
  { name: "Cy", age: 41, city: "Oslo", address: { city: "Oslo" } },
  { name: "ann", age: 29, city: "Rome", address: { city: "Rome" } },
  { name: "Bo", age: 35, city: "oslo" },
];

const cases: { source: string; expected: string; context?: Record<string, unknown> }[] = [
  // format: Python's % formatting (output is autoescaped, hence &#39;).
  { source: `{{ "%s - %s"|format("a", "b") }}`, expected: "a - b" },
  { source: `{{ "%d|%i|%.2f|%5.1f|%-4d|%05d|%+d"|format(7.9, 3, 3.14159, 2.25, 42, 42, 5) }}`, expected: "7|3|3.14|  2.2|42  |00042|+5" },
  { source: `{{ "%r %x %X %o %e %%"|format("a", 255, 255, 8, 1234.5) }}`, expected: "&#39;a&#39; ff FF 10 1.234500e+03 %" },
  { source: `{{ "%(name)s is %(age)d"|format(name="Ann", age=30) }}`, expected: "Ann is 30" },
  { source: `{{ "%s %s %s"|format(none, true, [1, "a"]) }}`, expected: "None True [1, &#39;a&#39;]" },
  { source: `{{ "%.1f"|format(0.125 * 10) }}`, expected: "1.2" },
  // map
  { source: `{{ users|map(attribute="name")|join(", ") }}`, expected: "Cy, ann, Bo", context: { users } },
  { source: `{{ ["a", "b"]|map("upper")|join }}`, expected: "AB" },
  { source: `{{ ["a-b", "c"]|map("replace", "-", "+")|join(",") }}`, expected: "a+b,c" },
  { source: `{{ users|map(attribute="address.city", default="?")|join(",") }}`, expected: "Oslo,Rome,?", context: { users } },
  { source: `{{ pairs|map(attribute="1")|join(",") }}`, expected: "b,d", context: { pairs: [["a", "b"], ["c", "d"]] } },
  // unique
  { source: `{{ ["a", "A", "b", "a"]|unique|join }}`, expected: "ab" },
  { source: `{{ ["a", "A", "b"]|unique(case_sensitive=true)|join }}`, expected: "aAb" },
  { source: `{{ users|unique(attribute="city")|map(attribute="name")|join(",") }}`, expected: "Cy,ann", context: { users } },
  // max and min
  { source: `{{ [3, 1, 2]|max }} {{ [3, 1, 2]|min }}`, expected: "3 1" },
  { source: `{{ ["b", "A", "c"]|min }} {{ ["B", "a"]|max }} {{ ["B", "a"]|max(case_sensitive=true) }}`, expected: "A B a" },
  { source: `{{ (users|max(attribute="age")).name }} {{ (users|min(attribute="age")).name }}`, expected: "Cy ann", context: { users } },
  { source: `[{{ []|max }}]`, expected: "[]" },
  // items
  { source: `{% for k, v in {"a": 1, "b": 2}|items %}{{ k }}={{ v }};{% endfor %}`, expected: "a=1;b=2;" },
  { source: `{% for k, v in m|items %}{{ k }}={{ v }};{% endfor %}`, expected: "x=1;", context: { m: new Map([["x", 1]]) } },
  { source: `{% for k, v in nothing|items %}{{ k }}{% else %}empty{% endfor %}`, expected: "empty" },
  // filesizeformat
  { source: `{{ 0|filesizeformat }}|{{ 1|filesizeformat }}|{{ 300|filesizeformat }}|{{ 1000|filesizeformat }}`, expected: "0 Bytes|1 Byte|300 Bytes|1.0 kB" },
  { source: `{{ 1250|filesizeformat }}|{{ 1500000|filesizeformat }}|{{ n|filesizeformat }}`, expected: "1.2 kB|1.5 MB|3.0 GB", context: { n: 3e9 } },
  { source: `{{ 1024|filesizeformat(true) }}|{{ 1048576|filesizeformat(binary=true) }}|{{ 1000|filesizeformat(true) }}`, expected: "1.0 KiB|1.0 MiB|1000 Bytes" },
  // groupby: Jinja's sorted (grouper, list) pairs
  { source: `{% for g in users|groupby("city") %}{{ g.grouper }}:{{ g.list|map(attribute="name")|join("+") }};{% endfor %}`, expected: "Oslo:Cy+Bo;Rome:ann;", context: { users } },
  { source: `{% for city, items in users|groupby("city", case_sensitive=true) %}{{ city }}={{ items|length }};{% endfor %}`, expected: "Oslo=1;Rome=1;oslo=1;", context: { users } },
  { source: `{% for g in users|groupby("address.city", default="none") %}{{ g.grouper }}={{ g.list|length }};{% endfor %}`, expected: "none=1;Oslo=1;Rome=1;", context: { users } },
  // xmlattr and attr
  {
    source: `<a{{ {"class": "btn", "href": "/x?a=1&b=2", "id": none, "title": missing, "data-n": 3}|xmlattr }}>`,
    expected: `<a class="btn" href="/x?a=1&amp;b=2" data-n="3">`,
  },
  { source: `<a {{ {"title": "<b>"}|xmlattr(false) }}>|{{ {}|xmlattr }}|`, expected: `<a title="&lt;b&gt;">||` },
  { source: `{{ users[0]|attr("name") }}`, expected: "Cy", context: { users } },
  // wordwrap, as Python's textwrap (the results checked against Python 3.11)
  { source: `{{ t|wordwrap(20) }}`, expected: "Hello there -- you\ngoof-ball, use the\n-b option!", context: { t: "Hello there -- you goof-ball, use the -b option!" } },
  { source: `{{ t|wordwrap(12, break_on_hyphens=false) }}`, expected: "a goof-ball\nhere", context: { t: "a goof-ball here" } },
  { source: `{{ t|wordwrap(5) }}|{{ t|wordwrap(5, false) }}`, expected: "abcde\nfghij\nkl mn|abcdefghijkl\nmn", context: { t: "abcdefghijkl mn" } },
  { source: `{{ t|wordwrap(6) }}`, expected: "self-\nmade-\nman", context: { t: "self-made-man" } },
  { source: `{{ t|wordwrap(10, wrapstring="<br>") }}`, expected: "one two&lt;br&gt;three four&lt;br&gt;five", context: { t: "one two three four five" } },
  { source: `{{ t|wordwrap(10) }}`, expected: "  lead\nspace and\n\npara two\nhere ok", context: { t: "  lead space and\n\npara two here ok\n" } },
  { source: `{{ t|wordwrap }}`, expected: `${"word ".repeat(15)}word\n${"word ".repeat(3)}word`, context: { t: "word ".repeat(20) } },
  // pprint, as Python's pformat
  { source: `{{ {"b": 1, "a": [1, "x", none, true]}|pprint }}`, expected: "{&#39;a&#39;: [1, &#39;x&#39;, None, True], &#39;b&#39;: 1}" },
  { source: `{{ "it's"|pprint }}|{{ 3|pprint }}|{{ missing|pprint }}`, expected: "&quot;it&#39;s&quot;|3|None" },
  // keyword arguments of nunjucks' own filters
  { source: `{{ users|sort(attribute="age")|map(attribute="name")|join(",") }}`, expected: "ann,Bo,Cy", context: { users } },
  { source: `{{ users|sort(attribute="age", reverse=true)|map(attribute="name")|join(",") }}`, expected: "Cy,Bo,ann", context: { users } },
  { source: `{{ users|join(", ", attribute="name") }}|{{ users|sum(attribute="age") }}`, expected: "Cy, ann, Bo|105", context: { users } },
  { source: `{{ 3.14159|round(precision=2) }}|{{ ""|default("x", boolean=true) }}|{{ {"a": 1}|tojson(indent=1) }}`, expected: '3.14|x|{\n "a": 1\n}' },
];

for (const { source, expected, context } of cases) {
  test(`${source} renders ${JSON.stringify(expected)}`, async () => {
    assert.equal(await renderInView(source, context), expected);
  });
}

test("format with a safe format string escapes the values it inserts and stays safe", async () => {
  assert.equal(await renderInView(`{{ ("<b>%s</b>"|safe)|format(v) }}`, { v: "<i>" }), "<b>&lt;i&gt;</b>");
});

test("upper and lower keep a safe string safe, as Jinja's Markup", async () => {
  assert.equal(await renderInView(`{{ ("<b>x</b>"|safe)|upper }} {{ ("<B>X</B>"|safe)|lower }} {{ "<b>"|upper }}`), "<B>X</B> <b>x</b> &lt;B&gt;");
});

test("format with too few values, or positional and keyword values together, is a TemplateError", async () => {
  await assert.rejects(renderInView(`{{ "%s %s"|format(1) }}`), (error: unknown) => error instanceof TemplateError && /not enough arguments/.test(error.message));
  await assert.rejects(renderInView(`{{ "%s"|format(1, 2) }}`), /not all arguments converted/);
  await assert.rejects(renderInView(`{{ "%s"|format(1, a=2) }}`), /positional and keyword arguments/);
});

test("a keyword a filter does not take is a TemplateError naming it", async () => {
  await assert.rejects(renderInView(`{{ [1]|join(sep=",") }}`), /join\(\) got an unexpected keyword argument 'sep'/);
});

test("items of a list is a TemplateError, as in Jinja", async () => {
  await assert.rejects(renderInView(`{{ [1]|items }}`), /can only get item pairs from a mapping/);
});

test("format with 50,000 unclosed %( fails at once with a TemplateError, not after a rescan per %(", async () => {
  await assert.rejects(renderInView("{{ s|format(a=1) }}", { s: "%(".repeat(50_000) }), (error: unknown) => error instanceof TemplateError && /incomplete format key/.test(error.message));
  assert.equal(await renderInView("{{ s|format(a=1) }}", { s: "%(a)s".repeat(50_000) }), "1".repeat(50_000));
});

test("pprint writes what does not fit in 80 columns one item a line, as Python's pformat", async () => {
  const site = templateSite({ "data.txt": "{{ value|pprint }}" });
  try {
    const value = { key: "v".repeat(30), other: [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000], nested: { z: "word ".repeat(20) } };
    assert.equal(
      await site.render("data.txt", { value }),
      [
        "{'key': 'vvvvvvvvvvvvvvvvvvvvvvvvvvvvvv',",
        " 'nested': {'z': 'word word word word word word word word word word word word '",
        "                 'word word word word word word word word '},",
        " 'other': [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]}",
      ].join("\n"),
    );
    assert.equal(await site.render("data.txt", { value: "word ".repeat(20) }), `('${"word ".repeat(15)}'\n '${"word ".repeat(5)}')`);
  } finally {
    site.done();
  }
});

test("wordwrap refuses a width below one, as textwrap does, and a fraction, which would never end", async () => {
  await assert.rejects(renderInView(`{{ "a b"|wordwrap(0) }}`), /invalid width 0 \(must be a whole number > 0\)/);
  await assert.rejects(renderInView(`{{ "abc"|wordwrap(0.5) }}`), /invalid width 0.5/);
  await assert.rejects(renderInView(`{{ "abcdef"|wordwrap(2.5) }}`), /invalid width 2.5/);
});

test("format reads a %(key) with parentheses inside, %.f and %% as Python does", () => {
  assert.equal(percentFormat("%(a(b))s and %(n).f%%", { "a(b)": "x", n: 2.5 }), "x and 2%");
});
