// A safe string (Jinja's Markup: `|safe`, a block {% set %}) escapes what its methods and filters put into it,
// so a hostile value cannot come out unescaped inside a result that stays safe. Rendered in views.
import { test } from "node:test";
import assert from "node:assert/strict";
import { renderInView } from "./_in-view.js";

const u = "<script>x</script>";
const U = "&lt;script&gt;x&lt;/script&gt;";
/** An object whose text is markup (not a dict: its toString() is what prints). */
class Widget {
  toString(): string {
    return u;
  }
}
const hostile = { u, user: { name: u }, markup: new Widget() };

test("format() on a captured block escapes the value it puts in", async () => {
  assert.equal(await renderInView("{% set t %}Hi {}{% endset %}{{ t.format(u) }}", hostile), `Hi ${U}`);
});

test("format() on a safe string escapes positional and keyword values, attributes and !r, and keeps safe values", async () => {
  assert.equal(
    await renderInView("{% set s = '<b>ok</b>'|safe %}{{ ('<p>{0}|{x}|{1.name}|{0!r}|{2}</p>'|safe).format(u, user, s, x=u) }}", hostile),
    `<p>${U}|${U}|${U}|&#39;${U}&#39;|<b>ok</b></p>`,
  );
});

test("replace() on a captured block escapes old and new, and keeps the count", async () => {
  assert.equal(await renderInView("{% set t %}Hi NAME{% endset %}{{ t.replace('NAME', u) }}", hostile), `Hi ${U}`);
  // `old` is escaped too, so it matches the escaped text the block holds.
  assert.equal(await renderInView("{% set t %}{{ v }}{% endset %}{{ t.replace('<', '[', 1) }}", { v: "a<b<c" }), "a[b&lt;c");
});

test("join() on a safe separator escapes the items, except safe ones", async () => {
  assert.equal(await renderInView("{% set sep %}<br>{% endset %}{{ sep.join([u, 'a'|safe, 1]) }}", hostile), `${U}<br>a<br>1`);
});

test("split() on a safe string gives safe parts, printed as they are", async () => {
  assert.equal(await renderInView("{% for part in ('<b>a</b>,<i>b</i>'|safe).split(',') %}{{ part }};{% endfor %}"), "<b>a</b>;<i>b</i>;");
});

test("no Python method of a safe string prints a hostile argument unescaped", async () => {
  const calls = [
    "format(u)", "format(u, x=u)", "format(markup)", "replace('T', u)", "replace(old='T', new=u)", "join([u])", "join([markup])",
    "strip(u)", "lstrip(u)", "rstrip(u)", "zfill(3)", "split(u)", "upper()", "title()", "startswith(u)", "count(u)", "find(u)",
  ];
  for (const call of calls) {
    const page = await renderInView(`{% set t %}T{}{% endset %}[{{ t.${call} }}]`, hostile);
    assert.ok(!page.includes("<script>"), `t.${call} printed ${page}`);
  }
});

test("the replace filter on a captured block escapes old and new, and keeps the count", async () => {
  assert.equal(await renderInView("{% set t %}Hi NAME{% endset %}{{ t|replace('NAME', u) }}", hostile), `Hi ${U}`);
  assert.equal(await renderInView("{% set t %}NAME NAME{% endset %}{{ t|replace('NAME', u, 1) }}", hostile), `${U} NAME`);
  assert.equal(await renderInView("{% set t %}NAME{% endset %}{{ t|replace(old='NAME', new=markup) }}", hostile), U);
});

test("the replace filter on a plain string gives text that is escaped when printed", async () => {
  assert.equal(await renderInView("{{ 'Hi <NAME>'|replace('NAME', u) }}", hostile), `Hi &lt;${U}&gt;`);
});

test("the truncate filter on a safe string escapes a custom end", async () => {
  const t = "{% set t %}<b>Hello</b> world, again and again{% endset %}";
  // 18 characters of `u` within 25: the text is cut at 7, as Jinja's `s[:length - len(end)]`.
  assert.equal(await renderInView(`${t}{{ t|truncate(25, true, u) }}`, hostile), `<b>Hell${U}`);
  assert.equal(await renderInView(`${t}{{ t|truncate(25, killwords=true, end=u) }}`, hostile), `<b>Hell${U}`);
  assert.equal(await renderInView(`${t}{{ t|truncate(15) }}`, hostile), "<b>Hello</b>...");
});

test("the truncate filter on a plain string with a safe end escapes the string and keeps the end", async () => {
  assert.equal(await renderInView(`{{ "<i>Hello</i> world, again and again"|truncate(20, false, " <a>more</a>"|safe) }}`), "&lt;i&gt;Hello <a>more</a>");
});

test("the truncate filter keeps text within length + leeway, counts the end within the length, and refuses an end longer than it", async () => {
  assert.equal(await renderInView(`{{ "Hello world again"|truncate(14) }}`), "Hello world again");
  assert.equal(await renderInView(`{{ "Hello world again"|truncate(14, leeway=0) }}`), "Hello...");
  assert.equal(await renderInView(`{{ "Hello world again and again"|truncate(14, end="…") }}`), "Hello world…");
  assert.equal(await renderInView(`{{ "Hello world again and again"|truncate(14, true) }}`), "Hello world...");
  assert.equal(await renderInView(`{{ "Hello world again and again"|truncate(12, true) }}`), "Hello wor...");
  await assert.rejects(renderInView(`{{ "Hello world again"|truncate(2) }}`), /truncate: expected length >= 3, got 2/);
  // Characters, as Python counts them: an emoji is one, not two UTF-16 units.
  assert.equal(await renderInView(`{{ "😀😀😀😀😀😀😀"|truncate(4, true, "…") }}`), "😀😀😀😀😀😀😀");
  assert.equal(await renderInView(`{{ "😀😀😀😀😀😀😀😀😀😀"|truncate(4, true, "…", 0) }}`), "😀😀😀…");
});

test("the center, indent and join filters put nothing unescaped into a safe string", async () => {
  for (const source of ["{{ t|center(30) }}", "{{ t|indent(u) }}", "{{ t|indent(2, true) }}", "{{ [t, u]|join(t) }}", "{{ [t, u]|join(u) }}"]) {
    const page = await renderInView(`{% set t %}<b>a</b>\nb{% endset %}${source}`, hostile);
    assert.ok(!page.includes("<script>"), `${source} printed ${page}`);
  }
});

test("format with a safe format string escapes the text of lists, dicts, objects, %r and %c", async () => {
  const cases: [string, string][] = [
    ["('<p>%s</p>'|safe)|format([u])", `<p>[&#39;${U}&#39;]</p>`],
    ["('<p>%(a)s</p>'|safe)|format(a={'k': u})", `<p>{&#39;k&#39;: &#39;${U}&#39;}</p>`],
    ["('<p>%s</p>'|safe)|format(markup)", `<p>${U}</p>`],
    ["('<p>%r</p>'|safe)|format(u)", `<p>&#39;${U}&#39;</p>`],
    ["('<p>%c</p>'|safe)|format(60)", "<p>&lt;</p>"],
    ["('<p>%s|%d</p>'|safe)|format('<b>ok</b>'|safe, 7)", "<p><b>ok</b>|7</p>"],
  ];
  for (const [source, expected] of cases) assert.equal(await renderInView(`{{ ${source} }}`, hostile), expected, source);
});

test("format with a plain format string gives text escaped as a whole when printed, safe values included", async () => {
  assert.equal(await renderInView("{{ '<p>%s|%s</p>'|format(u, '<b>'|safe) }}", hostile), `&lt;p&gt;${U}|&lt;b&gt;&lt;/p&gt;`);
});
