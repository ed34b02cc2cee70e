import { test } from "node:test";
import assert from "node:assert/strict";
import { Flagon, urlFor } from "../../src/index.js";
import { proxyFix, TrustedProxiesError } from "../../src/proxy.js";
import { silentLogger } from "../../src/logging.js";

function makeApp(): Flagon {
  const app = new Flagon();
  app.logger = silentLogger;
  app.route("/who", function who(_, request) {
    return {
      remoteAddr: request.remoteAddr ?? null,
      scheme: request.scheme,
      host: request.host,
      root: request.scriptRoot,
      external: urlFor("who", { _external: true }),
      path: urlFor("who"),
    };
  });
  return app;
}

const FORWARDED = {
  "x-forwarded-for": "203.0.113.9",
  "x-forwarded-proto": "https",
  "x-forwarded-host": "shop.example",
  "x-forwarded-prefix": "/store",
};

async function getOverSocket(app: Flagon, headers: Record<string, string>): Promise<Record<string, unknown>> {
  const server = await app.listen({ port: 0 });
  try {
    const response = await fetch(`${server.url}/who`, { headers });
    return (await response.json()) as Record<string, unknown>;
  } finally {
    await server.close();
  }
}

test("without trusted proxies a client cannot spoof its address, scheme, host or root", async () => {
  const app = makeApp();
  const seen = await getOverSocket(app, FORWARDED);
  assert.equal(seen["remoteAddr"], "127.0.0.1");
  assert.equal(seen["scheme"], "http");
  assert.match(String(seen["host"]), /^127\.0\.0\.1:\d+$/);
  assert.equal(seen["root"], "");
  assert.equal(seen["external"], `http://${String(seen["host"])}/who`);
});

test("proxyFix trusts one hop of X-Forwarded-For, -Proto, -Host and -Prefix", async () => {
  const app = makeApp();
  app.config["TRUSTED_PROXIES"] = proxyFix({ for: 1, proto: 1, host: 1, prefix: 1 });
  const seen = await getOverSocket(app, FORWARDED);
  assert.deepEqual(seen, {
    remoteAddr: "203.0.113.9",
    scheme: "https",
    host: "shop.example",
    root: "/store",
    external: "https://shop.example/store/who",
    path: "/store/who",
  });
});

test("with one trusted hop only the address the proxy appended counts, not what the client sent", async () => {
  const app = makeApp();
  app.config["TRUSTED_PROXIES"] = proxyFix({ for: 1 });
  const { json } = await app.testClient().get("/who", { headers: { "x-forwarded-for": "6.6.6.6, 198.51.100.7" } });
  assert.equal((json as Record<string, unknown>)["remoteAddr"], "198.51.100.7");
});

test("two trusted hops take the second value from the right; a shorter header is ignored", async () => {
  const app = makeApp();
  app.config["TRUSTED_PROXIES"] = proxyFix({ for: 2 });
  const client = app.testClient();
  const two = await client.get("/who", { headers: { "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.2" } });
  assert.equal((two.json as Record<string, unknown>)["remoteAddr"], "198.51.100.7");
  const short = await client.get("/who", { headers: { "x-forwarded-for": "198.51.100.7" } });
  // The connection's own address stays: the test client's loopback.
  assert.equal((short.json as Record<string, unknown>)["remoteAddr"], "127.0.0.1");
});

test("proxyFix() defaults to Werkzeug's: address and scheme trusted, host and prefix not", async () => {
  const app = makeApp();
  app.config["TRUSTED_PROXIES"] = proxyFix();
  const { json } = await app.testClient().get("/who", { headers: { host: "app.local", ...FORWARDED } });
  assert.deepEqual(json, {
    remoteAddr: "203.0.113.9",
    scheme: "https",
    host: "app.local",
    root: "",
    external: "https://app.local/who",
    path: "/who",
  });
});

test("TRUSTED_PROXIES = 1 trusts address, scheme and host (the headers nginx sets)", async () => {
  const app = makeApp();
  app.config.fromObject({ TRUSTED_PROXIES: 1 });
  const { json } = await app.testClient().get("/who", { headers: { host: "app.local", ...FORWARDED } });
  const seen = json as Record<string, unknown>;
  assert.equal(seen["remoteAddr"], "203.0.113.9");
  assert.equal(seen["external"], "https://shop.example/who");
});

test("a TRUSTED_PROXIES object from the environment trusts only the headers it names", async () => {
  const app = makeApp();
  app.config.fromEnv("FLAGON_", { FLAGON_TRUSTED_PROXIES: '{"prefix":1}' });
  const { json } = await app.testClient().get("/who", { headers: { host: "app.local", ...FORWARDED } });
  const seen = json as Record<string, unknown>;
  assert.equal(seen["remoteAddr"], "127.0.0.1");
  assert.equal(seen["external"], "http://app.local/store/who");
});

test("forwarded values that are not a scheme, a host or a path are ignored", async () => {
  const app = makeApp();
  app.config["TRUSTED_PROXIES"] = proxyFix({ for: 1, proto: 1, host: 1, prefix: 1 });
  const { json } = await app.testClient().get("/who", {
    headers: {
      host: "app.local",
      "x-forwarded-for": "<script>",
      "x-forwarded-proto": "javascript",
      "x-forwarded-host": "evil.example/path@x",
      "x-forwarded-prefix": "//evil.example",
    },
  });
  assert.deepEqual(json, { remoteAddr: "127.0.0.1", scheme: "http", host: "app.local", root: "", external: "http://app.local/who", path: "/who" });
});

test("X-Forwarded-Port replaces the port of the host", async () => {
  const app = makeApp();
  app.config["TRUSTED_PROXIES"] = proxyFix({ host: 1, port: 1 });
  const { json } = await app.testClient().get("/who", { headers: { "x-forwarded-host": "shop.example:80", "x-forwarded-port": "8443" } });
  assert.equal((json as Record<string, unknown>)["host"], "shop.example:8443");
});

test("the prefix changes built URLs, not routing: the proxy strips it before the app sees the path", async () => {
  const app = makeApp();
  app.config["TRUSTED_PROXIES"] = proxyFix({ prefix: 1 });
  const response = await app.testClient().get("/who", { headers: { "x-forwarded-prefix": "/store/" } });
  assert.equal(response.status, 200);
  assert.equal((response.json as Record<string, unknown>)["path"], "/store/who");
});

test("a bad proxyFix option or TRUSTED_PROXIES value is a FlagonError saying what is allowed", async () => {
  assert.throws(() => proxyFix({ for: -1 }), TrustedProxiesError);
  assert.throws(() => proxyFix({ host: 1.5 }), /TRUSTED_PROXIES/);
  const app = makeApp();
  // As a JSON config file could hold it: the type forbids it, the runtime must still refuse it.
  (app.config as Record<string, unknown>)["TRUSTED_PROXIES"] = { x_for: 1 };
  await assert.rejects(app.testClient().get("/who"), (error: unknown) => error instanceof TrustedProxiesError && error.code === "FLAGON_TRUSTED_PROXIES");
});
