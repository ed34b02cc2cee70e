import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Flagon, type ListeningServer, session } from "../../src/index.js";
import { sign } from "../../src/sessions/signing.js";
import { toBase64Url } from "../../src/sessions/signing.js";
import { bodyOf, get, rawRequest } from "./_raw.js";

function makeApp(config: Record<string, unknown>): Flagon {
  const app = new Flagon(undefined, { config });
  app.logger = { request: () => undefined, error: () => undefined };
  app.route("/set/<value>", function set({ value }) {
    session.set("user", value);
    return "set";
  });
  app.route("/big/<int:n>", function big({ n }) {
    session.set("blob", "x".repeat(n));
    return "big";
  });
  app.route("/get", function read() {
    return `user=${String(session.get("user") ?? "none")}`;
  });
  app.route("/touch", function touch() {
    session.set("touched", true);
    return `user=${String(session.get("user") ?? "none")}`;
  });
  return app;
}

const app = makeApp({ SECRET_KEY: "current-key" });
let server: ListeningServer;
before(async () => {
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
});

function cookieFrom(text: string): string {
  const match = /\r\nset-cookie: session=([^;\r]*)/i.exec(text);
  assert.ok(match !== null, "no session cookie was set");
  return match[1] as string;
}

async function userWith(port: number, cookie: string): Promise<string> {
  const answer = await rawRequest(port, get("/get", { Cookie: `session=${cookie}` }));
  assert.equal(answer.status, 200, "a bad session cookie must not fail the request");
  return bodyOf(answer);
}

async function forge(payload: unknown, secret: string, timestamp = Math.floor(Date.now() / 1000)): Promise<string> {
  const body = toBase64Url(new TextEncoder().encode(JSON.stringify(payload)));
  return sign(`${body}.${timestamp.toString(36)}`, secret);
}

test("a cookie signed with SECRET_KEY is read back", async () => {
  const cookie = cookieFrom((await rawRequest(server.port, get("/set/alice"))).text);
  assert.equal(await userWith(server.port, cookie), "user=alice");
});

test("a changed payload with the original signature is ignored", async () => {
  const cookie = cookieFrom((await rawRequest(server.port, get("/set/alice"))).text);
  const [, stamp, mac] = cookie.split(".");
  const evil = `${toBase64Url(new TextEncoder().encode('{"user":"admin"}'))}.${stamp}.${mac}`;
  assert.equal(await userWith(server.port, evil), "user=none");
});

test("a flipped signature character, a truncated signature or no signature is ignored", async () => {
  const cookie = cookieFrom((await rawRequest(server.port, get("/set/alice"))).text);
  const last = cookie.at(-1) === "A" ? "B" : "A";
  for (const bad of [cookie.slice(0, -1) + last, cookie.slice(0, -5), cookie.slice(0, cookie.lastIndexOf(".")), `${cookie}.`, "garbage", "...", "%%%"]) {
    assert.equal(await userWith(server.port, bad), "user=none", bad);
  }
});

test("a signature spelled another way, with only the unused bits of its last character changed, is ignored", async () => {
  const cookie = cookieFrom((await rawRequest(server.port, get("/set/alice"))).text);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  // 32 bytes in 43 characters leave the last character's two lowest bits unused.
  const alias = alphabet[alphabet.indexOf(cookie.at(-1)!) ^ 1]!;
  assert.equal(await userWith(server.port, cookie.slice(0, -1) + alias), "user=none");
  // The body too has one spelling: `{"user":"alice"}` is 16 bytes in 22 characters, 4 bits unused.
  const body = toBase64Url(new TextEncoder().encode('{"user":"alice"}'));
  const bodyAlias = body.slice(0, -1) + alphabet[alphabet.indexOf(body.at(-1)!) ^ 1]!;
  const stamp = Math.floor(Date.now() / 1000).toString(36);
  assert.equal(await userWith(server.port, await sign(`${body}.${stamp}`, "current-key")), "user=alice");
  assert.equal(await userWith(server.port, await sign(`${bodyAlias}.${stamp}`, "current-key")), "user=none");
});

test("a cookie signed with an unknown key is ignored", async () => {
  assert.equal(await userWith(server.port, await forge({ user: "admin" }, "guessed-key")), "user=none");
});

test("a cookie signed with a key in SECRET_KEY_FALLBACKS is accepted and re-signed with SECRET_KEY when written", async () => {
  const rotated = makeApp({ SECRET_KEY: "new-key", SECRET_KEY_FALLBACKS: ["current-key"] });
  const rotatedServer = await rotated.listen({ port: 0 });
  try {
    const oldCookie = cookieFrom((await rawRequest(server.port, get("/set/alice"))).text);
    assert.equal(await userWith(rotatedServer.port, oldCookie), "user=alice");
    const answer = await rawRequest(rotatedServer.port, get("/touch", { Cookie: `session=${oldCookie}` }));
    const newCookie = cookieFrom(answer.text);
    // The re-signed cookie verifies under the new key alone.
    const newOnly = makeApp({ SECRET_KEY: "new-key" });
    const newOnlyServer = await newOnly.listen({ port: 0 });
    try {
      assert.equal(await userWith(newOnlyServer.port, newCookie), "user=alice");
      assert.equal(await userWith(newOnlyServer.port, oldCookie), "user=none");
    } finally {
      await newOnlyServer.close();
    }
  } finally {
    await rotatedServer.close();
  }
});

test("a validly signed cookie older than PERMANENT_SESSION_LIFETIME is ignored", async () => {
  const old = await forge({ user: "alice" }, "current-key", Math.floor(Date.now() / 1000) - 40 * 24 * 3600);
  assert.equal(await userWith(server.port, old), "user=none");
});

test("a validly signed __proto__ key in the session stays plain data", async () => {
  const cookie = await forge(JSON.parse('{"__proto__":{"polluted":1},"user":"alice"}'), "current-key");
  assert.equal(await userWith(server.port, cookie), "user=alice");
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
});

test("an incoming session cookie longer than any flagon writes is ignored without failing", async () => {
  assert.equal(await userWith(server.port, "a".repeat(8000)), "user=none");
});

test("a session too large for a cookie is a 500 with a logged SessionTooLargeError, never a truncated cookie", async () => {
  const errors: unknown[] = [];
  const bigApp = makeApp({ SECRET_KEY: "k" });
  bigApp.logger = { request: () => undefined, error: (error) => errors.push(error) };
  const bigServer = await bigApp.listen({ port: 0 });
  try {
    const answer = await rawRequest(bigServer.port, get("/big/5000"));
    assert.equal(answer.status, 500);
    assert.doesNotMatch(answer.text, /set-cookie/i);
    assert.equal(errors.length, 1);
    assert.equal((errors[0] as { code?: string }).code, "FLAGON_SESSION_TOO_LARGE");
    assert.equal((await rawRequest(bigServer.port, get("/big/100"))).status, 200);
  } finally {
    await bigServer.close();
  }
});
