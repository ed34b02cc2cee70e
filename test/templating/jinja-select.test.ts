// Jinja's select, reject, selectattr and rejectattr: a test by name, with its arguments, on each item or attribute.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Flagon, TemplateError, renderTemplateString, silentLogger } from "../../src/index.js";
import { renderInView } from "./_in-view.js";

const users = [
  { name: "Cy", age: 41, is_active: true, email: "cy@example.com", address: { city: "Oslo" } },
  { name: "ann", age: 29, is_active: false, email: null, address: { city: "Rome" } },
  { name: "Bo", age: 35, is_active: [], tags: ["x"] },
];

const cases: { source: string; expected: string; context?: Record<string, unknown> }[] = [
  // select and reject
  { source: `{{ numbers|select('odd')|join(',') }}|{{ numbers|reject('odd')|join(',') }}`, expected: "1,3,5|2,4,6", context: { numbers: [1, 2, 3, 4, 5, 6] } },
  { source: `{{ numbers|select('divisibleby', 3)|join(',') }}|{{ numbers|reject('divisibleby', 3)|join(',') }}`, expected: "3,6|1,2,4,5", context: { numbers: [1, 2, 3, 4, 5, 6] } },
  { source: `{{ [0, 1, [], [2], {}, '', 'a', none, false]|select|join(',') }}`, expected: "1,[2],a" },
  { source: `{{ [0, 1, [], [2], '', 'a', none]|reject|length }}`, expected: "4" },
  { source: `{{ users|map(attribute='email')|reject('none')|join(',') }}`, expected: "cy@example.com,", context: { users } },
  { source: `{{ {'a': 1, 'B': 2}|select('upper')|join }}`, expected: "B" },
  { source: `{{ 'aBc'|reject('upper')|join }}`, expected: "ac" },
  // selectattr and rejectattr
  { source: `{{ users|selectattr('is_active')|map(attribute='name')|join(',') }}`, expected: "Cy", context: { users } },
  { source: `{{ users|rejectattr('is_active')|map(attribute='name')|join(',') }}`, expected: "ann,Bo", context: { users } },
  { source: `{{ users|selectattr('age', 'gt', 30)|map(attribute='name')|join(',') }}`, expected: "Cy,Bo", context: { users } },
  { source: `{{ users|selectattr('age', '>=', 35)|map(attribute='name')|join(',') }}`, expected: "Cy,Bo", context: { users } },
  { source: `{{ users|selectattr('email', 'none')|map(attribute='name')|join(',') }}`, expected: "ann", context: { users } },
  { source: `{{ users|rejectattr('email', 'none')|map(attribute='name')|join(',') }}`, expected: "Cy,Bo", context: { users } },
  { source: `{{ users|selectattr('email', 'defined')|map(attribute='name')|join(',') }}`, expected: "Cy,ann", context: { users } },
  { source: `{{ items|rejectattr('name', 'equalto', 'x')|map(attribute='name')|join(',') }}`, expected: "y,z", context: { items: [{ name: "x" }, { name: "y" }, { name: "z" }] } },
  { source: `{{ users|selectattr('address.city', 'eq', 'Rome')|map(attribute='name')|join(',') }}`, expected: "ann", context: { users } },
  { source: `{{ users|rejectattr('address.city')|map(attribute='name')|join(',') }}`, expected: "Bo", context: { users } },
  { source: `{{ users|selectattr('tags.0', 'in', ['x'])|map(attribute='name')|join(',') }}`, expected: "Bo", context: { users } },
  { source: `{{ pairs|selectattr(1, 'gt', 1)|map(attribute=0)|join(',') }}`, expected: "b", context: { pairs: [["a", 1], ["b", 2]] } },
  { source: `{{ [{'name': 'x', 'on': true}, {'name': 'y', 'on': false}]|selectattr('on')|map(attribute='name')|join }}`, expected: "x" },
  {
    source: `{{ rows|selectattr('on')|map(attribute='name')|join }}`,
    expected: "m",
    context: { rows: [new Map<string, unknown>([["name", "m"], ["on", true]]), new Map<string, unknown>([["name", "n"], ["on", false]])] },
  },
  // nothing to select from
  { source: `[{{ missing|select('odd')|join }}{{ none|selectattr('x')|join }}{{ []|rejectattr('x', 'odd')|join }}]`, expected: "[]" },
  // the results as lists: printed, counted, first, looped over, mapped
  { source: `{{ [1, 2, 3]|select('odd') }}`, expected: "[1, 3]" },
  { source: `{{ users|selectattr('age', 'lt', 40)|length }}|{{ (users|selectattr('age', 'lt', 40)|first).name }}`, expected: "2|ann", context: { users } },
  { source: `{{ users|selectattr('age', 'lt', 40)|list|length }}|{{ (users|rejectattr('is_active')|last).name }}`, expected: "2|Bo", context: { users } },
  { source: `{% for user in users|selectattr('is_active', 'false') %}{{ user.name }};{% endfor %}`, expected: "ann;", context: { users } },
  { source: `{{ users|selectattr('age', 'gt', 30)|map(attribute='name')|map('upper')|join(',') }}`, expected: "CY,BO", context: { users } },
  // lower and upper read any value's text, as Jinja's str(value).islower()
  { source: `{{ 3 is lower }}|{{ 'ab1' is lower }}|{{ 'AB' is upper }}|{{ '12' is upper }}|{{ none is upper }}`, expected: "False|True|True|False|False" },
];

for (const { source, expected, context } of cases) {
  test(`${source} renders ${JSON.stringify(expected)}`, async () => {
    assert.equal(await renderInView(source, context), expected);
  });
}

/** Each of Jinja's tests by name, with items and arguments, and what `select` keeps, joined by commas (or counted). */
const namedTests: { names: string[]; items: string; args?: string; then?: string; expected: string }[] = [
  { names: ["odd"], items: "[1, 2, 3, -3, 3.5]", expected: "1,3,-3" },
  { names: ["even"], items: "[1, 2, 3, -4]", expected: "2,-4" },
  { names: ["divisibleby"], items: "[3, 4, 6]", args: "3", expected: "3,6" },
  { names: ["defined"], items: "[1, missing]", expected: "1" },
  { names: ["undefined"], items: "[1, missing]", expected: "" },
  { names: ["none"], items: "[1, none]", expected: "None" },
  { names: ["boolean"], items: "[1, true, 'x']", expected: "True" },
  { names: ["false"], items: "[0, false, none]", expected: "False" },
  { names: ["true"], items: "[1, true]", expected: "True" },
  { names: ["integer"], items: "[1, 1.5, '1']", expected: "1" },
  { names: ["float"], items: "[1, 1.5]", expected: "1.5" },
  { names: ["lower"], items: "['a', 'B', 1]", expected: "a" },
  { names: ["upper"], items: "['a', 'B', 1]", expected: "B" },
  { names: ["string"], items: "['a', 1]", expected: "a" },
  { names: ["mapping"], items: "[{'k': 1}, [1], 1]", expected: "{'k': 1}" },
  { names: ["number"], items: "[1, 'a', true]", expected: "1,True" },
  { names: ["sequence", "iterable"], items: "['a', [1], 1]", expected: "a,[1]" },
  { names: ["callable"], items: "[1, range]", then: "length", expected: "1" },
  { names: ["sameas"], items: "[same, [1]]", args: "same", expected: "[1]" },
  { names: ["escaped"], items: "['<b>'|safe, 'i']", expected: "<b>" },
  { names: ["in"], items: "[1, 5]", args: "[1, 2]", expected: "1" },
  { names: ["filter"], items: "['upper', 'nosuch']", expected: "upper" },
  { names: ["test"], items: "['odd', 'nosuch']", expected: "odd" },
  { names: ["==", "eq", "equalto"], items: "[1, 2]", args: "2", expected: "2" },
  { names: ["!=", "ne"], items: "[1, 2]", args: "2", expected: "1" },
  { names: [">", "gt", "greaterthan"], items: "[1, 2, 3]", args: "2", expected: "3" },
  { names: [">=", "ge"], items: "[1, 2, 3]", args: "2", expected: "2,3" },
  { names: ["<", "lt", "lessthan"], items: "[1, 2, 3]", args: "2", expected: "1" },
  { names: ["<=", "le"], items: "[1, 2, 3]", args: "2", expected: "1,2" },
];

for (const { names, items, args, then = "join(',')", expected } of namedTests) {
  for (const name of names) {
    const call = args === undefined ? `'${name}'` : `'${name}', ${args}`;
    test(`select(${call}) knows Jinja's ${name} test`, async () => {
      // Unescaped, so the items print as they are.
      const source = `{% autoescape false %}{{ ${items}|select(${call})|${then} }}{% endautoescape %}`;
      assert.equal(await renderInView(source, { same: [1] }), expected);
    });
  }
}

test("an unknown test is a TemplateError naming it, once there are items to test", async () => {
  for (const source of [`{{ [1]|select('odd3')|list }}`, `{{ [1]|reject('odd3')|list }}`, `{{ users|selectattr('age', 'odd3')|list }}`, `{{ users|rejectattr('age', 'odd3')|list }}`]) {
    await assert.rejects(
      renderInView(source, { users }),
      (error: unknown) => error instanceof TemplateError && /no test named 'odd3'/.test(error.message) && error.line === 1,
      source,
    );
  }
  assert.equal(await renderInView(`[{{ []|select('odd3')|join }}{{ none|selectattr('age', 'odd3')|join }}]`), "[]");
});

test("selectattr and rejectattr without an attribute are a TemplateError", async () => {
  await assert.rejects(renderInView(`{{ [1]|selectattr|list }}`), (error: unknown) => error instanceof TemplateError && /selectattr: missing parameter for attribute name/.test(error.message));
  await assert.rejects(renderInView(`{{ [1]|rejectattr()|list }}`), /rejectattr: missing parameter for attribute name/);
});

test("select and selectattr use the app's tests, with all their arguments", async () => {
  const app = new Flagon(undefined, { staticFolder: null });
  app.logger = silentLogger;
  app.templateTest("between", (n: number, low: number, high: number) => low <= n && n <= high);
  app.templateTest("adult", (age: number) => age >= 18);
  const source = `{{ [1, 5, 9]|select('between', 2, 8)|join(',') }}|{{ [1, 5, 9]|reject('between', 2, 8)|join(',') }}|{{ people|selectattr('age', 'adult')|map(attribute='name')|join(',') }}|{{ people|rejectattr('age', 'adult')|map(attribute='name')|join(',') }}`;
  app.route("/", () => renderTemplateString(source, { people: [{ name: "kid", age: 9 }, { name: "ann", age: 30 }] }));
  assert.equal((await app.testClient().get("/")).text, "5|1,9|ann|kid");
});
