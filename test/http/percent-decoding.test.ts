// Query strings and urlencoded forms are decoded as Python's urllib.parse.unquote(errors="replace"):
// every valid escape is decoded, an invalid `%` stays as written, bytes that are not UTF-8 become
// U+FFFD. The expected values were printed by Python 3's unquote.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Flagon } from "../../src/index.js";

function makeApp(): Flagon {
  const app = new Flagon();
  app.route("/args", (_, request) => request.args.toObject({ flat: false }));
  app.post("/form", (_, request) => request.form.toObject({ flat: false }));
  return app;
}

const cases: [escaped: string, decoded: string][] = [
  ["%zz%41", "%zzA"],
  ["%E0%A4%A", "\uFFFD%A"],
  ["%41%", "A%"],
  ["%4", "%4"],
  ["%%41", "%A"],
  ["%C3%28", "\uFFFD("],
  ["%ED%A0%80", "\uFFFD\uFFFD\uFFFD"],
  ["%F4%90%80%80", "\uFFFD\uFFFD\uFFFD\uFFFD"],
  ["%F0%9F%98%80x%FF", "\u{1F600}x\uFFFD"],
  ["%e2%82%ac%zz", "€%zz"],
  ["caf%C3%A9+%ZZ", "café %ZZ"],
];

for (const [escaped, decoded] of cases) {
  test(`?k=${escaped} gives k = ${JSON.stringify(decoded)} in args, and as a key too`, async () => {
    const { json } = await makeApp().testClient().get(`/args?k=${escaped}&${escaped}=v`);
    assert.deepEqual(json, { k: [decoded], [decoded]: ["v"] });
  });

  test(`an urlencoded form field k=${escaped} gives ${JSON.stringify(decoded)}`, async () => {
    const { json } = await makeApp().testClient().post("/form", {
      body: `k=${escaped}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.deepEqual(json, { k: [decoded] });
  });
}

test("a bad escape in one value leaves the other pairs decoded as usual", async () => {
  const { json } = await makeApp().testClient().get("/args?a=%zz&b=%C3%A9&c=x+y");
  assert.deepEqual(json, { a: ["%zz"], b: ["é"], c: ["x y"] });
});

test("a character beyond ASCII between escapes ends the escaped run, as in Python", async () => {
  // Python decodes "%C3é%A9" as two byte runs, C3 and A9, neither of them UTF-8 alone.
  const { json } = await makeApp().testClient().post("/form", {
    body: new TextEncoder().encode("k=%C3é%A9"),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  assert.deepEqual(json, { k: ["\uFFFDé\uFFFD"] });
});
