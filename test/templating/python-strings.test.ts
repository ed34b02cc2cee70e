// Python's str methods on template strings, with Python's semantics where JavaScript has a method of the same name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { renderInView } from "./_in-view.js";

const yes = (condition: string) => `{% if ${condition} %}y{% else %}n{% endif %}`;

const cases: { source: string; expected: string; context?: Record<string, unknown> }[] = [
  { source: yes("'Hello'.startswith('He')") + yes("'Hello'.startswith('lo')") + yes("url.startswith(('http:', 'https:'))"), expected: "yny", context: { url: "https://x" } },
  { source: yes("'Hello'.endswith('lo')") + yes("'Hello'.endswith('He', 0, 2)") + yes("'Hello'.startswith('ll', 2)"), expected: "yyy" },
  { source: "[{{ '  x  '.strip() }}][{{ 'xxhixx'.strip('x') }}][{{ '--a--'.lstrip('-') }}][{{ '--a--'.rstrip('-') }}][{{ '  a '.lstrip() }}]", expected: "[x][hi][a--][--a][a ]" },
  { source: "{{ 'MiXed'.lower() }} {{ 'MiXed'.upper() }} {{ 'hello wORLD'.title() }} {{ 'hELLO wORLD'.capitalize() }}", expected: "mixed MIXED Hello World Hello world" },
  { source: "{{ 'a  b\tc '.split()|join('|') }}/{{ 'a,b,,c'.split(',')|join('|') }}/{{ 'a,b,c'.split(',', 1)|join('|') }}", expected: "a|b|c/a|b||c/a|b,c" },
  { source: "{{ 'a b c'.split(maxsplit=1)|join('|') }}/{{ '  a b  '.split(none, 1)|join('|') }}/{{ ''.split()|length }}", expected: "a|b c/a|b  /0" },
  { source: "{{ 'aaa'.replace('a', 'b') }} {{ 'aaa'.replace('a', 'b', 2) }} {{ 'x'.replace('x', '$&$&') }} {{ 'ab'.replace('', '-') }}", expected: "bbb bba $&amp;$&amp; -a-b-" },
  { source: "{{ ', '.join(['a', 'b']) }} {{ '-'.join([1, 2]) }} {{ ''.join('abc') }}", expected: "a, b 1-2 abc" },
  { source: "{{ '{} and {}'.format('a', 'b') }} {{ '{1}{0}'.format('a', 'b') }} {{ '{name}!'.format(name='x') }} {{ '{{}}'.format() }}", expected: "a and b ba x! {}" },
  { source: "{{ '[{:>5}|{:<4}|{:^5}|{:.2f}|{:,}|{:05d}|{:+.1%}]'.format('ab', 'c', 'm', 3.14159, 1234567, 42, 0.125) }}", expected: "[   ab|c   |  m  |3.14|1,234,567|00042|+12.5%]" },
  { source: "{{ '{0.name} is {0.age}; {1[0]}'.format(user, ['first']) }} {{ '{!r}'.format('q') }}", expected: "Ann is 30; first &#39;q&#39;", context: { user: { name: "Ann", age: 30 } } },
  { source: "{{ 'banana'.count('a') }} {{ 'banana'.count('an', 2) }} {{ 'banana'.find('n') }} {{ 'banana'.find('x') }} {{ 'banana'.find('a', 2) }}", expected: "3 1 2 -1 3" },
  { source: yes("'123'.isdigit()") + yes("'12a'.isdigit()") + yes("'abc'.isalpha()") + yes("'ab1'.isalpha()") + yes("'ab1'.isalnum()") + yes("''.isalnum()"), expected: "ynynyn" },
  { source: "{{ '42'.zfill(5) }} {{ '-42'.zfill(5) }} {{ '12345'.zfill(3) }}", expected: "00042 -0042 12345" },
  // Methods Python has no name for still come from JavaScript.
  { source: "{{ 'abc'.at(-1) }} {{ 'abc'.padStart(5, '.') }}", expected: "c ..abc" },
  { source: "{{ name.upper() }}", expected: "ANN", context: { name: "ann" } },
];

for (const { source, expected, context } of cases) {
  test(`${source} renders ${JSON.stringify(expected)}`, async () => {
    assert.equal(await renderInView(source, context), expected);
  });
}

test("a method of a safe string returns a safe string, as Jinja's Markup does", async () => {
  assert.equal(await renderInView("{{ ('<b>x</b>'|safe).upper() }} {{ ('<b>x</b>'|safe).replace('x', 'y') }}"), "<B>X</B> <b>y</b>");
});

test("a method called with a keyword it does not take is a TemplateError naming it", async () => {
  await assert.rejects(renderInView("{{ 'a'.split(separator=',') }}"), /split\(\) got an unexpected keyword argument 'separator'/);
});
