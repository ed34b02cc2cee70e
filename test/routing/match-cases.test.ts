import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { MatchResult } from "../../src/routing/index.js";
import { matchTitle, type MatchCase, type MatchExpect } from "../cases/case-types.js";
import { basicMatchingCases } from "../cases/basic-matching.js";
import { priorityCases } from "../cases/priority.js";
import { converterCases } from "../cases/converters.js";
import { strictSlashCases, mergeSlashCases } from "../cases/slashes.js";
import { methodCases } from "../cases/methods.js";
import { defaultsRedirectCases } from "../cases/defaults-redirects.js";
import { percentEncodingCases } from "../cases/percent-encoding.js";
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

const tables: ReadonlyArray<readonly [string, readonly MatchCase[]]> = [
  ["basic matching", basicMatchingCases],
  ["converters", converterCases],
  ["strict slashes", strictSlashCases],
  ["merge slashes", mergeSlashCases],
  ["methods", methodCases],
  ["defaults and redirects", defaultsRedirectCases],
  ["percent-encoding", percentEncodingCases],
];

for (const [name, cases] of tables) {
  describe(name, () => {
    for (const c of cases) test(matchTitle(c), () => run(c));
  });
}

describe("priority", () => {
  for (const c of priorityCases) {
    test(matchTitle(c), () => run(c));
    test(`In reverse registration order, ${matchTitle(c)}`, () => run(c, true));
  }
});
