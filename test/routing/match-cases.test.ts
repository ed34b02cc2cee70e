import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { MatchResult } from "../../src/routing/index.js";
import { matchTitle, type MatchCase, type MatchExpect } from "../cases/case-types.js";
import { matchTables } from "../cases/tables.js";
import { routerFor } from "./_router-from-case.js";

/** Reduces a router answer to the shape of a case expectation, so one deepEqual shows the whole difference. */
function observed(result: MatchResult, expect: MatchExpect): unknown {
  switch (result.kind) {
    case "match":
      return { kind: "match", endpoint: result.endpoint, values: { ...result.values } };
    case "redirect":
      assert.equal(result.status, 308, "redirects are 308");
      return { kind: "redirect", location: result.location };
    case "methodNotAllowed":
      return { kind: "methodNotAllowed", allowed: [...result.allowed] };
    case "badRequest":
      assert.equal(typeof result.message, "string");
      assert.ok(result.message.length > 0, "a bad request says what was wrong");
      return { kind: "badRequest" };
    case "notFound":
      return { kind: "notFound" };
    default:
      return { unexpected: result, wanted: expect.kind };
  }
}

function wanted(expect: MatchExpect): unknown {
  return expect.kind === "match" ? { kind: "match", endpoint: expect.endpoint, values: { ...(expect.values ?? {}) } } : expect;
}

function run(c: MatchCase, reverse = false): void {
  const rules = reverse ? [...c.rules].reverse() : c.rules;
  const router = routerFor(rules, c.router);
  const result = router.match(c.method ?? "GET", c.path, c.query);
  assert.deepEqual(observed(result, c.expect), wanted(c.expect));
}

for (const [name, cases] of matchTables) {
  describe(name, () => {
    for (const c of cases) {
      test(matchTitle(c), () => run(c));
      // The most specific rule must win whatever the registration order.
      if (name === "priority") test(`In reverse registration order, ${matchTitle(c)}`, () => run(c, true));
    }
  });
}
