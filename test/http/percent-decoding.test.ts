// Query strings and urlencoded forms are decoded as Werkzeug decodes them, with Python's
// urllib.parse.unquote(errors="werkzeug.url_quote"): every valid escape is decoded, an invalid `%`
// stays as written, bytes that are not UTF-8 are written back as `%XX`. The expected values were
// printed by Python 3's parse_qsl with Werkzeug's error handler.
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
  ["%E0%A4%A", "%E0%A4%A"],
  ["%41%", "A%"],
  ["%4", "%4"],
  ["%%41", "%A"],
  ["%C3%28", "%C3("],
  ["%ED%A0%80", "%ED%A0%80"],
  ["%F4%90%80%80", "%F4%90%80%80"],
  ["%F0%9F%98%80x%FF", "\u{1F600}x%FF"],
  ["%e2%82%ac%zz", "€%zz"],
  ["caf%C3%A9+%ZZ", "café %ZZ"],
  ["%C0%AF", "%C0%AF"],
  ["%F5%80", "%F5%80"],
  ["%E1%80%E1%80%80", "%E1%80\u1000"],
  ["%F0%90%80", "%F0%90%80"],
  ["%ff%fe", "%FF%FE"],
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
  assert.deepEqual(json, { k: ["%C3é%A9"] });
});
