import assert from "node:assert/strict";
import { test } from "node:test";
import { runSoak, soakProblems } from "./soak.js";

test("three seconds of 300 keep-alive connections with good and bad requests: no 5xx, no errors, every answered request handled", { timeout: 60_000 }, async () => {
  const result = await runSoak(3, 300);
  assert.deepEqual(soakProblems(result), []);
  assert.ok(result.good.completed > 0 && result.bad.completed > 0);
});
