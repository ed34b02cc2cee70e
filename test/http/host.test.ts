// request.host is checked when read: several Host lines or a value that is not host[:port] is a
// 400 (never a URL pointing elsewhere), and a request without a Host falls back as Werkzeug does.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Flagon, renderTemplateString, silentLogger, urlFor } from "../../src/index.js";
import { BadRequest } from "../../src/http/exceptions.js";
import { FlagonRequest } from "../../src/http/request.js";
import { proxyFix } from "../../src/proxy.js";
import { bodyOf, rawRequest } from "../security/_raw.js";

function makeApp(): Flagon {
  const app = new Flagon();
  app.logger = silentLogger;
  app.route("/who", function who(_, request) {
    return { host: request.host, external: urlFor("who", { _external: true }) };
  });
  app.route("/page", function page() {
    return renderTemplateString("{{ url_for('page', _external=True) }}");
  });
  app.route("/plain", function plain() {
    return "plain";
  });
  return app;
}

/** Sends `head` (request line and headers, without the blank line) to a fresh server for `app`. */
async function overSocket(app: Flagon, head: string): Promise<{ status: number; body: string }> {
  const server = await app.listen({ port: 0 });
  try {
    const answer = await rawRequest(server.port, `${head}\r\nConnection: close\r\nAccept: application/json\r\n\r\n`);
    return { status: answer.status, body: bodyOf(answer) };
  } finally {
    await server.close();
  }
}

async function overFetch(app: Flagon, path: string, host: string): Promise<Response> {
  return app.fetch(new Request(`http://app.test${path}`, { headers: { host, accept: "application/json" } }));
}

test("two Host lines are a 400 saying the Host header was given more than once", async () => {
  const { status, body } = await overSocket(makeApp(), "GET /who HTTP/1.1\r\nHost: a.example\r\nHost: b.example");
  assert.equal(status, 400);
  assert.match(body, /Host header was given more than once/);
  assert.doesNotMatch(body, /a\.example, b\.example/);
});

for (const host of ["a b/c?d#", "evil.com@good.example", "good.example/evil", "good.example:80x", "a\\b"]) {
  test(`a Host of ${JSON.stringify(host)} is a 400 when a view builds an external URL`, async () => {
    const { status, body } = await overSocket(makeApp(), `GET /who HTTP/1.1\r\nHost: ${host}`);
    assert.equal(status, 400);
    assert.match(body, /The Host header is invalid/);
  });
}

test("an invalid Host reaching a fetch runtime is a 400 too", async () => {
  const response = await overFetch(makeApp(), "/who", "evil.com@good.example");
  assert.equal(response.status, 400);
  assert.match(await response.text(), /The Host header is invalid/);
});

test("url_for(_external=True) in a template answers an invalid Host with 400, not 500", async () => {
  const { status, body } = await overSocket(makeApp(), "GET /page HTTP/1.1\r\nHost: evil.com@good.example");
  assert.equal(status, 400);
  assert.match(body, /The Host header is invalid/);
});

test("a bad Host costs nothing until something reads the host", async () => {
  const { status, body } = await overSocket(makeApp(), "GET /plain HTTP/1.1\r\nHost: a.example\r\nHost: b.example");
  assert.equal(status, 200);
  assert.equal(body, "plain");
});

for (const host of ["example.com", "example.com:8080", "127.0.0.1:5000", "[::1]", "[2001:db8::1]:8443", "xn--bcher-kva.example", "my_host.local"]) {
  test(`a Host of ${host} is used as sent`, async () => {
    const response = await overFetch(makeApp(), "/who", host);
    assert.deepEqual(await response.json(), { host, external: `http://${host}/who` });
  });
}

test("an empty Host falls back on the address and port the request arrived on", async () => {
  const app = makeApp();
  const server = await app.listen({ port: 0 });
  try {
    const answer = await rawRequest(server.port, "GET /who HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n");
    assert.equal(answer.status, 200);
    const host = `127.0.0.1:${server.port}`;
    assert.deepEqual(JSON.parse(bodyOf(answer)), { host, external: `http://${host}/who` });
  } finally {
    await server.close();
  }
});

test("an HTTP/1.0 request without Host gets SERVER_NAME when it is set", async () => {
  const app = makeApp();
  app.config.SERVER_NAME = "shop.example";
  const { status, body } = await overSocket(app, "GET /who HTTP/1.0");
  assert.equal(status, 200);
  assert.deepEqual(JSON.parse(body), { host: "shop.example", external: "http://shop.example/who" });
});

test("an HTTP/1.0 request without Host and without SERVER_NAME gets the server's address", async () => {
  const app = makeApp();
  const server = await app.listen({ port: 0 });
  try {
    const answer = await rawRequest(server.port, "GET /who HTTP/1.0\r\n\r\n");
    assert.equal(answer.status, 200);
    assert.equal((JSON.parse(bodyOf(answer)) as { external: string }).external, `http://127.0.0.1:${server.port}/who`);
  } finally {
    await server.close();
  }
});

test("a request with no Host, no SERVER_NAME and no server address is a 400 when the host is read", () => {
  const request = new FlagonRequest("GET", "/", "", {}, undefined);
  assert.throws(() => request.host, (error: unknown) => error instanceof BadRequest && /no Host header/.test(error.description));
});

test("the server's address as a host puts IPv6 in brackets and leaves out the default port", () => {
  const over = (localAddress: string, localPort: number) =>
    FlagonRequest.fromNode({ headers: {}, rawHeaders: [], socket: { localAddress, localPort } }, "GET", "/", "", undefined).host;
  assert.equal(over("::1", 8080), "[::1]:8080");
  assert.equal(over("10.0.0.2", 80), "10.0.0.2");
});

test("a trusted X-Forwarded-Host replaces a bad Host header instead of failing", async () => {
  const app = makeApp();
  app.config.TRUSTED_PROXIES = proxyFix({ host: 1 });
  const { status, body } = await overSocket(app, "GET /who HTTP/1.1\r\nHost: a b\r\nX-Forwarded-Host: shop.example");
  assert.equal(status, 200);
  assert.deepEqual(JSON.parse(body), { host: "shop.example", external: "http://shop.example/who" });
});

test("an untrusted X-Forwarded-Host leaves a bad Host header to fail", async () => {
  const { status } = await overSocket(makeApp(), "GET /who HTTP/1.1\r\nHost: a b\r\nX-Forwarded-Host: shop.example");
  assert.equal(status, 400);
});

test("a bad Host read to apply a trusted X-Forwarded-Port is a 400, not a 500", async () => {
  const app = makeApp();
  app.config.TRUSTED_PROXIES = proxyFix({ port: 1 });
  const { status, body } = await overSocket(app, "GET /plain HTTP/1.1\r\nHost: a b\r\nX-Forwarded-Port: 8443");
  assert.equal(status, 400);
  assert.match(body, /Host header is invalid/);
});
