// The request's URL parts, headers and credentials, as Werkzeug's Request names them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Flagon } from "../../src/index.js";
import { proxyFix } from "../../src/proxy.js";

function echoApp(read: (request: import("../../src/index.js").FlagonRequest) => unknown): Flagon {
  const app = new Flagon(undefined, { staticFolder: null });
  app.route("/<path:p>", { methods: ["GET", "POST"] }, function show(_, request) {
    return { value: read(request) ?? null };
  });
  return app;
}

async function read(app: Flagon, path: string, init: Parameters<ReturnType<Flagon["testClient"]>["get"]>[1] = {}, method: "get" | "post" = "get"): Promise<unknown> {
  const response = await app.testClient()[method](path, init);
  assert.equal(response.status, 200, response.text);
  return (response.json as { value: unknown }).value;
}

test("url, baseUrl, urlRoot, hostUrl and fullPath", async () => {
  const app = echoApp((r) => [r.url, r.baseUrl, r.urlRoot, r.hostUrl, r.fullPath]);
  assert.deepEqual(await read(app, "/a%20b/c?x=1&y=%20", { headers: { host: "example.com" } }), [
    "http://example.com/a%20b/c?x=1&y=%20", "http://example.com/a%20b/c", "http://example.com/", "http://example.com/", "/a b/c?x=1&y=%20",
  ]);
  assert.deepEqual((await read(app, "/p", { headers: { host: "example.com" } }) as string[])[4], "/p?");
});

test("behind a trusted proxy's prefix, url, baseUrl and urlRoot are under it; hostUrl is not", async () => {
  const app = echoApp((r) => [r.url, r.baseUrl, r.urlRoot, r.hostUrl, r.isSecure]);
  app.config["TRUSTED_PROXIES"] = proxyFix({ proto: 1, prefix: 1 });
  const headers = { host: "example.com", "x-forwarded-prefix": "/shop", "x-forwarded-proto": "https" };
  assert.deepEqual(await read(app, "/cart?id=3", { headers }), [
    "https://example.com/shop/cart?id=3", "https://example.com/shop/cart", "https://example.com/shop/", "https://example.com/", true,
  ]);
});

test("contentType, contentLength, referrer, origin, userAgent and isSecure", async () => {
  const app = echoApp((r) => [r.contentType ?? null, r.contentLength ?? null, r.referrer ?? null, r.origin ?? null, r.userAgent ?? null, r.isSecure]);
  assert.deepEqual(
    await read(app, "/x", { headers: { referer: "https://a.example/", origin: "https://a.example", "user-agent": "curl/8" }, json: { a: 1 } }, "post"),
    ["application/json", 7, "https://a.example/", "https://a.example", "curl/8", false],
  );
  assert.deepEqual(await read(app, "/x"), [null, null, null, null, null, false]);
});

test("values: the query string's, then the form's, except on GET", async () => {
  const app = echoApp((r) => r.values.toObject({ flat: false }));
  assert.deepEqual(await read(app, "/x?a=1&b=2", { form: { a: "3", c: "4" } }, "post"), { a: ["1", "3"], b: ["2"], c: ["4"] });
  assert.deepEqual(await read(app, "/x?a=1"), { a: ["1"] });
});

test("authorization: basic, bearer and parameters, as Werkzeug parses them", async () => {
  const app = echoApp((r) => r.authorization);
  const basic = (text: string): string => `Basic ${Buffer.from(text).toString("base64")}`;
  assert.deepEqual(await read(app, "/x", { headers: { authorization: basic("ann:s3:cr€t") } }), { type: "basic", username: "ann", password: "s3:cr€t" });
  assert.deepEqual(await read(app, "/x", { headers: { authorization: basic("ann") } }), { type: "basic", username: "ann", password: "" });
  assert.deepEqual(await read(app, "/x", { headers: { authorization: "Bearer abc.DEF-123==" } }), { type: "bearer", token: "abc.DEF-123==" });
  assert.deepEqual(await read(app, "/x", { headers: { authorization: 'Digest username="ann", realm="a, b", nc=00000001' } }), {
    type: "digest", parameters: { username: "ann", realm: "a, b", nc: "00000001" },
  });
  for (const bad of ["Basic !!!", "Basic YW5u=", `Basic ${Buffer.from([0xff, 0x3a]).toString("base64")}`]) {
    assert.equal(await read(app, "/x", { headers: { authorization: bad } }), null, bad);
  }
  assert.equal(await read(app, "/x"), null);
});

test("an authorization parameter named __proto__ is a parameter", async () => {
  const app = echoApp((r) => {
    const parameters = r.authorization?.parameters ?? {};
    return [Object.getPrototypeOf(parameters), parameters["__proto__"]];
  });
  assert.deepEqual(await read(app, "/x", { headers: { authorization: "Digest __proto__=x" } }), [null, "x"]);
});
