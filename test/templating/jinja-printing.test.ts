// {{ value }} prints Python's str() of the value, as Jinja does: True, None, [1, 'a'], {'k': 'v'},
// nothing for an undefined value, escaped in an escaped page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { renderInView, templateSite } from "./_in-view.js";

const itself: unknown[] = [];
itself.push(itself);
const context = {
  nothing: null,
  gone: undefined,
  words: ["a", "it's", 'say "hi"'],
  row: { id: 7, tags: ["x"], parent: null, ok: true },
  m: new Map<unknown, unknown>([["k", 1], [2, "two"]]),
  set: new Set([1, 2]),
  empty: new Set(),
  itself,
  notANumber: Number.NaN,
  secret: function secret(): string {
    return "api-key=1";
  },
  anonymous: [() => 1][0],
  far: -Infinity,
  named: new (class Point {
    toString(): string {
      return "Point(1, 2)";
    }
  })(),
};

const cases: { source: string; expected: string; why: string }[] = [
  { source: `{{ true }}|{{ false }}|{{ none }}|{{ True }}|{{ None }}`, expected: "True|False|None|True|None", why: "booleans and none as Python's" },
  { source: `[{{ missing }}|{{ gone }}|{{ missing.attribute }}|{{ nothing }}]`, expected: "[|||None]", why: "undefined prints nothing, null from the context is None" },
  { source: `{{ [1, 2] }}|{{ [] }}|{{ [[1], [none, true]] }}`, expected: "[1, 2]|[]|[[1], [None, True]]", why: "lists with their items' repr" },
  { source: `{{ words }}`, expected: `[&#39;a&#39;, &quot;it&#39;s&quot;, &#39;say &quot;hi&quot;&#39;]`, why: "strings in a list quoted as Python's repr, then escaped" },
  { source: `{{ {"a": 1} }}|{{ {} }}|{{ row }}`, expected: "{&#39;a&#39;: 1}|{}|{&#39;id&#39;: 7, &#39;tags&#39;: [&#39;x&#39;], &#39;parent&#39;: None, &#39;ok&#39;: True}", why: "dicts in their order, nested" },
  { source: `{{ ["<b>"] }}`, expected: "[&#39;&lt;b&gt;&#39;]", why: "the repr is escaped like any text" },
  { source: `{% autoescape false %}{{ ["<b>"] }}{% endautoescape %}`, expected: "['<b>']", why: "not escaped where escaping is off" },
  { source: `{{ m }}|{{ set }}|{{ empty }}`, expected: "{&#39;k&#39;: 1, 2: &#39;two&#39;}|{1, 2}|set()", why: "a Map as a dict, a Set as a set" },
  { source: `{{ itself }}`, expected: "[[...]]", why: "a list holding itself, as Python writes it" },
  { source: `{{ "<i>" }}|{{ 1.5 }}|{{ -2 }}|{{ notANumber }}|{{ far }}`, expected: "&lt;i&gt;|1.5|-2|nan|-inf", why: "text and numbers as before; nan and inf as Python's" },
  { source: `{{ named }}|{{ "<b>"|safe }}|{{ ["a"]|join }}`, expected: "Point(1, 2)|<b>|a", why: "an object's own text, and safe strings, as they are" },
  { source: `{{ secret }}|{{ [secret] }}|{{ anonymous }}`, expected: "&lt;function secret&gt;|[&lt;function secret&gt;]|&lt;function &lt;anonymous&gt;&gt;", why: "a function by its name, never its source" },
];

for (const { source, expected, why } of cases) {
  test(`${why}: ${source}`, async () => {
    assert.equal(await renderInView(source, context), expected);
  });
}

test("a page that is not escaped prints the repr as it is", async () => {
  const site = templateSite({ "note.txt": `{{ words }} {{ row }} {{ odd }}` });
  try {
    assert.equal(
      await site.render("note.txt", { ...context, odd: ["tab\there", "\x01"] }),
      `['a', "it's", 'say "hi"'] {'id': 7, 'tags': ['x'], 'parent': None, 'ok': True} ['tab\\there', '\\x01']`,
    );
  } finally {
    site.done();
  }
});
