// Jinja's global helpers cycler() and joiner(), rendered in views.
import { test } from "node:test";
import assert from "node:assert/strict";
import { renderInView } from "./_in-view.js";

test("cycler's current is the item next() gives next, and reset() starts over, as Jinja's", async () => {
  const source = "{% set c = cycler('odd', 'even') %}{{ c.current }} {{ c.next() }} {{ c.current }} {{ c.next() }} {{ c.next() }}{{ c.reset() or '' }} {{ c.next() }}";
  assert.equal(await renderInView(source), "odd odd even even odd odd");
});

test("cycler keeps its place across loops, for rows that alternate over several lists", async () => {
  const source = "{% set row = cycler('a', 'b') %}{% for x in [1, 2] %}{{ row.next() }}{% endfor %}{% for y in [3] %}{{ row.next() }}{% endfor %}";
  assert.equal(await renderInView(source), "aba");
});

test("joiner joins with ', ' by default, and what it gives is text", async () => {
  assert.equal(await renderInView("{% set j = joiner() %}{% for x in [1, 2, 3] %}{{ j() }}{{ x }}{% endfor %}"), "1, 2, 3");
  assert.equal(await renderInView("{% set j = joiner(' | ') %}{% for x in ['a', 'b'] %}{{ j() }}{{ x }}{% endfor %}"), "a | b");
  assert.equal(await renderInView("{% set j = joiner('<br>') %}{% for x in ['a', 'b'] %}{{ j() }}{{ x }}{% endfor %}"), "a&lt;br&gt;b");
});
