import { test } from "node:test";
import assert from "node:assert/strict";
import { DuplicateRuleError, FlagonError, RuleSyntaxError } from "../../src/routing/index.js";
import { describeRules } from "../cases/case-types.js";
import { registrationErrorCases, registrationOkCases } from "../cases/registration.js";
import { routerFor } from "./_router-from-case.js";

for (const c of registrationErrorCases) {
  const kind = c.error === "syntax" ? "a rule syntax error" : "a duplicate rule error";
  test(`Registering ${describeRules(c.rules)} throws ${kind}${c.why ? `: ${c.why}` : ""}.`, () => {
    assert.throws(
      () => routerFor(c.rules),
      (error: unknown) => {
        assert.ok(error instanceof FlagonError, `expected a FlagonError, got ${String(error)}`);
        assert.ok(error instanceof (c.error === "syntax" ? RuleSyntaxError : DuplicateRuleError), `got ${error.name}: ${error.message}`);
        assert.match(error.code, /^FLAGON_[A-Z_]+$/);
        for (const word of c.mentions) assert.ok(error.message.includes(word), `message ${JSON.stringify(error.message)} should mention ${word}`);
        return true;
      },
    );
  });
}

for (const c of registrationOkCases) {
  test(`Registering ${describeRules(c.rules)} succeeds: ${c.why}.`, () => {
    const router = routerFor(c.rules);
    assert.equal(router.rules().length, c.rules.length);
  });
}
