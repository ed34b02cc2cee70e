import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Blueprint, Flagon, type ListeningServer, renderTemplateString } from "../../src/index.js";
import { bodyOf, get, rawRequest } from "../security/_raw.js";

interface Logged {
  error: unknown;
  method: string | undefined;
  path: string | undefined;
}
const logged: Logged[] = [];
const app = new Flagon();
app.logger = { request: () => undefined, error: (error, entry) => logged.push({ error, method: entry?.method, path: entry?.path }) };

app.route("/ok", function ok() {
  return "ok";
});
app.route("/throw", function thrower() {
  throw new Error("secret internal detail /etc/passwd");
});
app.route("/reject", async function rejecter() {
  await Promise.resolve();
  throw new Error("secret rejected detail");
});
app.route("/reject-plain", function rejectPlain() {
  return Promise.reject(new Error("plain rejected"));
});
app.route("/throw-string", function throwString() {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw "a string, not an Error";
});
app.route("/template", function template() {
  return renderTemplateString("before {{ boom() }} after", {
    boom: () => {
      throw new Error("template helper failed");
    },
  });
});
app.route("/template-syntax", function templateSyntax() {
  return renderTemplateString("{% if %}");
});
app.route("/stream-fails", function streamFails() {
  return (async function* body() {
    yield "first part ";
    throw new Error("stream broke");
  })();
});

const hooks = new Blueprint("hooks", { urlPrefix: "/hooks" });
hooks.route("/before", function beforeView() {
  return "view ran";
});
hooks.route("/after", function afterView() {
  return "view ran";
});
hooks.route("/teardown", function teardownView() {
  return "teardown view";
});
hooks.route("/teardown-async", function teardownAsyncView() {
  return "teardown async view";
});
hooks.route("/handler", function handlerView() {
  throw new TypeError("handled by a broken handler");
});
hooks.route("/handler-async", function handlerAsyncView() {
  throw new RangeError("handled by a rejecting handler");
});
hooks.beforeRequest((request) => {
  if (request.endpoint === "hooks.beforeView") throw new Error("before hook failed");
  return undefined;
});
hooks.afterRequest((response, request) => {
  if (request.endpoint === "hooks.afterView") throw new Error("after hook failed");
  return response;
});
hooks.teardownRequest((_, request) => {
  if (request.endpoint === "hooks.teardownView") throw new Error("teardown failed");
});
hooks.teardownRequest(async (_, request) => {
  if (request.endpoint === "hooks.teardownAsyncView") throw new Error("async teardown failed");
});
hooks.errorHandler(TypeError, () => {
  throw new Error("error handler failed");
});
hooks.errorHandler(RangeError, async () => {
  throw new Error("async error handler failed");
});
app.registerBlueprint(hooks);

let server: ListeningServer;
before(async () => {
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
});

async function expect500ThenOk(target: string): Promise<string> {
  const answer = await rawRequest(server.port, get(target));
  assert.equal(answer.status, 500, `${target} answered ${answer.status}`);
  const next = await rawRequest(server.port, get("/ok"));
  assert.equal(next.status, 200, `the request after ${target} was not served`);
  return bodyOf(answer);
}

const cases: [string, string][] = [
  ["a view that throws", "/throw"],
  ["an async view that rejects", "/reject"],
  ["a plain view that returns a rejected promise", "/reject-plain"],
  ["a view that throws a string", "/throw-string"],
  ["a template that fails while rendering", "/template"],
  ["a template with a syntax error", "/template-syntax"],
  ["a before-request hook that throws", "/hooks/before"],
  ["an after-request hook that throws", "/hooks/after"],
  ["an error handler that throws", "/hooks/handler"],
  ["an async error handler that rejects", "/hooks/handler-async"],
];
for (const [what, target] of cases) {
  test(`${what} gives a 500 and the next request is served`, async () => {
    await expect500ThenOk(target);
  });
}

test("a teardown hook that throws or rejects does not change the response and the next request is served", async () => {
  for (const target of ["/hooks/teardown", "/hooks/teardown-async"]) {
    const answer = await rawRequest(server.port, get(target));
    assert.equal(answer.status, 200);
  }
  assert.equal((await rawRequest(server.port, get("/ok"))).status, 200);
});

test("a stream that fails after its first chunk cuts the connection and the next request is served", async () => {
  const answer = await rawRequest(server.port, get("/stream-fails"));
  assert.equal(answer.status, 200);
  assert.equal(answer.closed, true);
  assert.doesNotMatch(answer.text, /0\r\n\r\n$/, "a failed stream must not look complete");
  assert.equal((await rawRequest(server.port, get("/ok"))).status, 200);
});

test("a 500 response carries no stack trace or internal message when DEBUG is off", async () => {
  for (const target of ["/throw", "/reject"]) {
    const body = await expect500ThenOk(target);
    assert.doesNotMatch(body, /secret|passwd|at .*\(|\.ts:\d+/);
    assert.match(body, /Internal Server Error/);
  }
});

test("a 500 in JSON (Accept: application/json) carries no internal message either", async () => {
  const answer = await rawRequest(server.port, get("/throw", { Accept: "application/json" }));
  assert.equal(answer.status, 500);
  assert.doesNotMatch(bodyOf(answer), /secret|passwd/);
});

test("an uncaught error is logged exactly once, with the request's method and path", async () => {
  logged.length = 0;
  await rawRequest(server.port, get("/throw?x=1"));
  assert.equal(logged.length, 1);
  const [entry] = logged;
  assert.equal(entry?.method, "GET");
  assert.equal(entry?.path, "/throw");
  assert.match(String((entry?.error as Error).message), /secret internal detail/);
});

test("a rejected promise from an async view is logged exactly once, with method and path", async () => {
  logged.length = 0;
  await rawRequest(server.port, `POST /reject HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  // POST to a GET-only rule is a 405, not an error: nothing is logged.
  assert.equal(logged.length, 0);
  await rawRequest(server.port, get("/reject"));
  assert.equal(logged.length, 1);
  assert.deepEqual([logged[0]?.method, logged[0]?.path], ["GET", "/reject"]);
});

test("a 4xx is not logged as an error", async () => {
  logged.length = 0;
  await rawRequest(server.port, get("/nope"));
  assert.equal(logged.length, 0);
});

test("with DEBUG on, the 500 page shows the error message and stack", async () => {
  const debugApp = new Flagon(undefined, { config: { DEBUG: true } });
  debugApp.logger = { request: () => undefined, error: () => undefined };
  debugApp.route("/throw", function thrower() {
    throw new Error("visible in debug");
  });
  const debugServer = await debugApp.listen({ port: 0 });
  try {
    const answer = await rawRequest(debugServer.port, get("/throw"));
    assert.equal(answer.status, 500);
    assert.match(bodyOf(answer), /visible in debug/);
  } finally {
    await debugServer.close();
  }
});
