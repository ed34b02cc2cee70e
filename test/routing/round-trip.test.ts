import { test } from "node:test";
import assert from "node:assert/strict";
import { Router } from "../../src/routing/index.js";

function roundTrip(rule: string, values: Record<string, unknown>): Record<string, unknown> {
  const router = new Router();
  router.add(rule, { endpoint: "e" });
  const url = router.build("e", values);
  const m = router.match("GET", url);
  assert.equal(m.kind, "match", `built ${url}, which does not match ${rule}`);
  return m.kind === "match" ? m.values : {};
}

test("a float is built with every digit it needs and no exponent, so it matches back exactly", () => {
  for (const v of [1 / 3, 0.1 + 0.2, 5e-324, 1e21, 123456789.125, 2]) {
    assert.equal(roundTrip("/f/<float:v>", { v })["v"], v);
  }
  const router = new Router();
  router.add("/f/<float:v>", { endpoint: "f" });
  assert.equal(router.build("f", { v: 1e21 }), "/f/1000000000000000000000.0");
  assert.equal(router.build("f", { v: 2 }), "/f/2.0");
});

test("a string holding a slash beside static text in one segment is built encoded and matches back", () => {
  assert.deepEqual(roundTrip("/m/<int:a>-<v>", { a: 0, v: "a/b" }), { a: 0, v: "a/b" });
  assert.deepEqual(roundTrip("/n/x<v>", { v: "/" }), { v: "/" });
});
