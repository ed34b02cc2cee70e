import assert from "node:assert/strict";
import { test } from "node:test";
import * as flagon from "../../src/index.js";
import { Flagon } from "../../src/index.js";
import { TestClient } from "../../src/testing/index.js";

function echoApp(): Flagon {
  const app = new Flagon(undefined, { staticFolder: null });
  app.route("/<path:rest>", ({ rest }, request) => ({
    rest,
    rawPath: request.rawPath,
    query: request.rawQuery,
    host: request.headers.get("host"),
    remoteAddr: request.remoteAddr ?? null,
  }));
  app.route("/b", () => "b");
  return app;
}

test("the test client sends the path as written: dot segments and backslashes reach the app, as over a socket", async () => {
  const client = echoApp().testClient();
  assert.equal(((await client.get("/a/../b")).json as { rawPath: string }).rawPath, "/a/../b");
  assert.equal(((await client.get("/a/%2e%2e/b")).json as { rest: string }).rest, "a/../b");
  assert.equal(((await client.get("/a\\b")).json as { rest: string }).rest, "a\\b");
});

test("the test client percent-encodes what a browser would: spaces and characters outside ASCII", async () => {
  const seen = (await echoApp().testClient().get("/caf é?q=ü v")).json as { rawPath: string; rest: string; query: string };
  assert.equal(seen.rawPath, "/caf%20%C3%A9");
  assert.equal(seen.rest, "caf é");
  assert.equal(seen.query, "q=%C3%BC%20v");
});

test("the test client sends a Host header and a loopback address unless told otherwise", async () => {
  const client = echoApp().testClient();
  assert.deepEqual(
    { ...((await client.get("/who")).json as object) },
    { rest: "who", rawPath: "/who", query: "", host: "localhost", remoteAddr: "127.0.0.1" },
  );
  assert.equal(((await client.get("/who", { headers: { host: "shop.example" } })).json as { host: string }).host, "shop.example");
});

test("a HEAD answer through the test client has the GET's Content-Length and no body, as over a socket", async () => {
  const response = await echoApp().testClient().head("/b");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-length"), "1");
  assert.equal(response.body.length, 0);
});

test("a reply with a whole body has its Content-Length through the test client and app.fetch, as over a socket", async () => {
  const app = new Flagon(undefined, { staticFolder: null });
  app.route("/text", () => "héllo");
  app.route("/json", () => ({ a: 1 }));
  app.route("/bytes", () => new Uint8Array([1, 2, 3]));
  app.route("/stream", () => (async function* () { yield "x"; })());
  const client = app.testClient();
  assert.equal((await client.get("/text")).headers.get("content-length"), "6");
  assert.equal((await client.get("/json")).headers.get("content-length"), "7");
  assert.equal((await client.get("/bytes")).headers.get("content-length"), "3");
  assert.equal((await client.get("/nope")).headers.get("content-length"), String((await client.get("/nope")).body.byteLength));
  assert.equal((await client.options("/text")).headers.get("content-length"), "0");
  assert.equal((await client.get("/stream")).headers.get("content-length"), null);
  assert.equal((await app.fetch(new Request("http://localhost/text"))).headers.get("content-length"), "6");
});

test("the test client drives any app with a fetch method through it", async () => {
  const seen: string[] = [];
  const client = new TestClient({
    fetch: async (request) => {
      seen.push(new URL(request.url).pathname);
      return new Response("ok");
    },
  });
  assert.equal((await client.get("/x/../y")).text, "ok");
  assert.deepEqual(seen, ["/y"]);
});

test("the router is exported from the main entry point too", () => {
  const router = new flagon.Router();
  router.add("/post/<int:post_id>", { endpoint: "show_post" });
  assert.deepEqual(router.match("GET", "/post/42"), { kind: "match", endpoint: "show_post", values: { post_id: 42 } });
});

test("the test client hands a flagon app the Host header as given, so an invalid one gets the app's 400", async () => {
  const app = new Flagon(undefined, { staticFolder: null });
  app.route("/who", (_, request) => request.host);
  const client = app.testClient();
  const spaced = await client.get("/who", { headers: { host: "exa mple.com" } });
  assert.equal(spaced.status, 400);
  assert.match(spaced.text, /Host header is invalid/);
  assert.equal((await client.get("/who", { headers: { host: "evil.com/x" } })).status, 400);
  assert.equal((await client.get("/who", { headers: { host: "shop.example:8080" } })).text, "shop.example:8080");
});
