import assert from "node:assert/strict";
import { test } from "node:test";
import { Flagon, silentLogger } from "../../src/index.js";
import { bodyOf, rawRequest } from "../security/_raw.js";

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

test("with DEBUG on, the debug page still shows for a request whose Host header is invalid", async () => {
  const app = new Flagon(undefined, { config: { DEBUG: true } });
  app.logger = silentLogger;
  app.route("/boom", function boom() {
    throw new RangeError("debug me too");
  });
  const server = await app.listen({ port: 0 });
  try {
    const answer = await rawRequest(server.port, "GET /boom?x=1 HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n");
    assert.equal(answer.status, 500);
    const html = bodyOf(answer);
    assert.match(html, /debug me too/);
    assert.match(html, /GET \/boom\?x=1/);
  } finally {
    await server.close();
  }
});
