import { test } from "node:test";
import assert from "node:assert/strict";
import { BuildError, FlagonError, type BuildOptions } from "../../src/routing/index.js";
import { describeRules } from "../cases/case-types.js";
import { buildCases } from "../cases/building.js";
import { routerFor } from "./_router-from-case.js";

for (const c of buildCases) {
  const call = `build(${JSON.stringify(c.endpoint)}, ${JSON.stringify(c.values ?? {})}${c.method ? `, { method: "${c.method}" }` : ""}${c.appendUnknown === false ? ", { appendUnknown: false }" : ""})`;
  const outcome = "expect" in c ? `gives ${c.expect}` : `throws a BuildError naming ${c.error.mentions.join(", ")}`;
  test(`${call} ${outcome} given ${describeRules(c.rules)}${c.why ? `: ${c.why}` : ""}.`, () => {
    const router = routerFor(c.rules);
    const options: BuildOptions = {};
    if (c.method !== undefined) options.method = c.method;
    if (c.appendUnknown !== undefined) options.appendUnknown = c.appendUnknown;
    const build = () => router.build(c.endpoint, c.values ?? {}, options);
    if ("expect" in c) {
      assert.equal(build(), c.expect);
    } else {
      assert.throws(build, (error: unknown) => {
        assert.ok(error instanceof BuildError, `expected a BuildError, got ${String(error)}`);
        assert.ok(error instanceof FlagonError);
        for (const word of c.error.mentions) assert.match(error.message, new RegExp(word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
        return true;
      });
    }
  });
}
