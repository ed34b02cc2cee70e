// Filters whose nunjucks versions read values as JavaScript does (parseInt, parseFloat,
// encodeURIComponent, a bare trim, striptags without unescaping), rendered as Jinja's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { renderInView } from "./_in-view.js";

const cases: { source: string; expected: string; context?: Record<string, unknown> }[] = [
  // int and float: Python's int() (then int(float()), which ignores the base) and float(),
  // with Jinja's defaults 0 and 0.0 when they fail.
  { source: `{{ "x"|int }}|{{ none|int }}|{{ "x"|int(5) }}|{{ "x"|int(default=7) }}`, expected: "0|0|5|7" },
  { source: `{{ "12abc"|int }}|{{ "3.9"|int }}|{{ " -7 "|int }}|{{ "1_000"|int }}|{{ "1e3"|int }}|{{ 4.7|int }}|{{ true|int }}`, expected: "0|3|-7|1000|1000|4|1" },
  { source: `{{ "ff"|int(base=16) }}|{{ "0x1A"|int(0, 16) }}|{{ "0b101"|int(base=0) }}|{{ "0o17"|int(base=8) }}|{{ "9"|int(base=8) }}`, expected: "255|26|5|15|9" },
  { source: `{{ "x"|float + 1 }}|{{ "12abc"|float(2.5) }}|{{ " 1.5e1 "|float }}|{{ ".5"|float }}|{{ none|float(-1) }}|{{ "1__0"|float }}`, expected: "1|2.5|15|0.5|-1|0" },
  { source: `{{ ("x"|float) is number }}|{{ "x"|float(default=3) }}`, expected: "True|3" },
  // trim(chars), as Python's str.strip(chars); a safe string stays safe.
  { source: `[{{ "xxaxx"|trim("x") }}|{{ "  a  "|trim }}|{{ "-=a=-"|trim(chars="-=") }}|{{ ("<b> "|safe)|trim }}]`, expected: "[a|a|a|<b>]" },
  // striptags: tags and comments out, whitespace collapsed, then entities read, as markupsafe's striptags.
  { source: `{{ "<p>Fish &amp; chips</p>"|striptags }}`, expected: "Fish &amp; chips" },
  { source: `{{ "a &lt;b&gt; &#39;c&#39; &#x41;&quot;"|striptags }}`, expected: "a &lt;b&gt; &#39;c&#39; A&quot;" },
  { source: `{{ html|striptags }}`, expected: "x y\u00a0z &amp;unknownentity;", context: { html: "<em>x</em>  <!-- a\nnote -->\n y&nbsp;z &unknownentity;" } },
  // urlencode: Python's quote (keeping "/") for text; for a dict or pairs, keys and values quoted for a query string.
  { source: `{{ "a/b?c=d e!'()*~"|urlencode }}`, expected: "a/b%3Fc%3Dd%20e%21%27%28%29%2A~" },
  { source: `{{ {"q": "fish & chips", "p/": 2, "n": none}|urlencode }}`, expected: "q=fish+%26+chips&amp;p%2F=2&amp;n=None" },
  { source: `{{ [("a", "1 2"), ("b", "é")]|urlencode }}|{{ 42|urlencode }}`, expected: "a=1+2&amp;b=%C3%A9|42" },
  // title: a word starts after a space, a hyphen or an opening bracket, and the rest is lower-cased.
  { source: `{{ "hello-world (foo) [bar] {baz} <qux> snake_case mIxEd"|title }}`, expected: "Hello-World (Foo) [Bar] {Baz} &lt;Qux&gt; Snake_case Mixed" },
  { source: `{{ ("<b>x</b> y"|safe)|title }}|{{ ""|title }}|{{ 12|title }}`, expected: "<B>x</b> Y||12" },
  // indent(width=4, first=false, blank=false): blank lines stay empty unless blank=true; width may be text.
  { source: `{{ t|indent(2) }}`, expected: "a\n\n  b\n    c", context: { t: "a\n\nb\n  c" } },
  { source: `{{ t|indent(2, blank=true) }}`, expected: "a\n  \n  b", context: { t: "a\n\nb" } },
  { source: `{{ t|indent(first=true) }}|{{ t|indent(0) }}|{{ t|indent("> ", true) }}`, expected: "    a\n    b|a\nb|&gt; a\n&gt; b", context: { t: "a\nb" } },
  { source: `[{{ t|indent(2) }}]`, expected: "[a\n  b\n]", context: { t: "a\r\nb\n" } },
  // dictsort(case_sensitive=false, by='key', reverse=false), over a dict or a Map.
  { source: `{% for k, v in d|dictsort(reverse=true) %}{{ k }}={{ v }};{% endfor %}`, expected: "c=1;B=3;a=2;", context: { d: { a: 2, c: 1, B: 3 } } },
  { source: `{% for k, v in d|dictsort(true) %}{{ k }};{% endfor %}|{% for k, v in d|dictsort(by="value", reverse=true) %}{{ k }};{% endfor %}`, expected: "B;a;c;|B;a;c;", context: { d: { a: 2, c: 1, B: 3 } } },
  { source: `{% for k, v in m|dictsort %}{{ k }}={{ v }};{% endfor %}`, expected: "x=1;y=2;", context: { m: new Map([["y", 2], ["x", 1]]) } },
  // escape, e, forceescape and safe print a value as {{ }} does, Python's str(): None, True, [1, 2].
  { source: `{{ none|e }}|{{ true|escape }}|{{ [1, "<a>"]|e }}|{{ {"k": 1}|forceescape }}|{{ missing|e }}|{{ 3|e }}`, expected: "None|True|[1, &#39;&lt;a&gt;&#39;]|{&#39;k&#39;: 1}||3" },
  { source: `{{ none|safe }}|{{ false|safe }}|{{ ["<b>"]|safe }}|{{ missing|safe }}|{{ ("<i>"|safe)|e }}|{{ ("<i>"|safe)|forceescape }}`, expected: "None|False|['<b>']||<i>|&lt;i&gt;" },
  // round: Python's round(), which rounds a tie to the even neighbour and reads the float as stored.
  { source: `{{ 2.5|round }}|{{ 3.5|round }}|{{ 0.5|round }}|{{ -1.5|round }}|{{ -2.5|round }}|{{ 2.6|round }}|{{ -0.4|round }}`, expected: "2|4|0|-2|-2|3|0" },
  { source: `{{ 2.675|round(2) }}|{{ 0.125|round(2) }}|{{ 0.375|round(2) }}|{{ 1.005|round(2) }}|{{ 3.14159|round(3) }}|{{ 7|round(2) }}`, expected: "2.67|0.12|0.38|1|3.142|7" },
  { source: `{{ 45|round(-1) }}|{{ 55|round(-1) }}|{{ 1234.5|round(-2) }}|{{ 1250|round(-2) }}|{{ 1.55|round(1, 'ceil') }}|{{ 1.55|round(1, 'floor') }}`, expected: "40|60|1200|1200|1.6|1.5" },
];

for (const { source, expected, context } of cases) {
  test(`${source} renders ${JSON.stringify(expected)}`, async () => {
    assert.equal(await renderInView(source, context), expected);
  });
}

test("striptags reads 50,000 unclosed < in one pass, keeping them as text", async () => {
  const started = performance.now();
  assert.equal(await renderInView("{{ s|striptags|length }}", { s: "<a ".repeat(50_000) }), String(3 * 50_000 - 1));
  assert.ok(performance.now() - started < 2_000);
});

test("dictsort by anything but the key or the value is a TemplateError, as Jinja's FilterArgumentError", async () => {
  await assert.rejects(renderInView(`{{ {"a": 1}|dictsort(by="name") }}`), /You can only sort by either "key" or "value"/);
});

test("round with a method other than common, ceil or floor is a TemplateError, as Jinja's FilterArgumentError", async () => {
  await assert.rejects(renderInView(`{{ 1.5|round(method="up") }}`), /method must be common, ceil or floor/);
});
