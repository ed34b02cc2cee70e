import assert from "node:assert/strict";
import { test } from "node:test";
import { Flagon, silentLogger } from "../../src/index.js";

test("with DEBUG on, a served app shows the debug page for an uncaught error", async () => {
  const app = new Flagon(undefined, { config: { DEBUG: true } });
  app.logger = silentLogger;
  app.route("/boom", function boom() {
    throw new RangeError("debug me");
  });
  const server = await app.listen({ port: 0 });
  try {
    const response = await fetch(`${server.url}/boom`);
    assert.equal(response.status, 500);
    const html = await response.text();
    assert.match(html, /RangeError/);
    assert.match(html, /debug me/);
  } finally {
    await server.close();
  }
});

test("with DEBUG off, the same error shows no detail", async () => {
  const app = new Flagon();
  app.logger = silentLogger;
  app.route("/boom", function boom() {
    throw new RangeError("hidden detail");
  });
  const server = await app.listen({ port: 0 });
  try {
    const response = await fetch(`${server.url}/boom`);
    assert.equal(response.status, 500);
    assert.doesNotMatch(await response.text(), /hidden detail|RangeError/);
  } finally {
    await server.close();
  }
});
