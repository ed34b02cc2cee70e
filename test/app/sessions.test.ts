import assert from "node:assert/strict";
import { test } from "node:test";
import { Flagon, MissingSecretKeyError, flash, getFlashedMessages, session } from "../../src/index.js";
import { loadSession, saveSession } from "../../src/sessions/cookie-session.js";
import { Session, type SessionValue } from "../../src/sessions/session.js";
import { FlagonResponse } from "../../src/http/response.js";
import { Config } from "../../src/config.js";

function quiet(app: Flagon): Flagon {
  app.logger = { request: () => undefined, error: () => undefined };
  return app;
}

function makeApp(config: Record<string, unknown> = { SECRET_KEY: "s3cret" }): Flagon {
  const app = quiet(new Flagon(undefined, { config }));
  app.route("/set/<value>", ({ value }) => {
    session.set("value", value);
    return "set";
  });
  app.route("/get", () => `value=${String(session.get("value") ?? "none")}`);
  app.route("/clear", () => {
    session.clear();
    return "cleared";
  });
  app.route("/permanent", () => {
    session.permanent = true;
    session.set("p", 1);
    return "permanent";
  });
  return app;
}

test("a session value survives to the next request through the cookie", async () => {
  const client = makeApp().testClient();
  await client.get("/set/ann");
  assert.equal((await client.get("/get")).text, "value=ann");
});

test("the session cookie is HttpOnly and SameSite=Lax, without Expires by default", async () => {
  const response = await makeApp().testClient().get("/set/x");
  const cookie = response.headers.get("set-cookie") ?? "";
  assert.match(cookie, /^session=/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.doesNotMatch(cookie, /Expires|Secure/);
});

test("SESSION_COOKIE_SECURE adds Secure", async () => {
  const response = await makeApp({ SECRET_KEY: "k", SESSION_COOKIE_SECURE: true }).testClient().get("/set/x");
  assert.match(response.headers.get("set-cookie") ?? "", /Secure/);
});

test("a permanent session's cookie has Expires", async () => {
  const response = await makeApp().testClient().get("/permanent");
  assert.match(response.headers.get("set-cookie") ?? "", /Expires=/);
});

test("a tampered cookie gives an empty session", async () => {
  const client = makeApp().testClient();
  await client.get("/set/ann");
  const value = client.cookies["session"] ?? "";
  client.setCookie("session", value.replace(/^./, (c) => (c === "e" ? "f" : "e")));
  assert.equal((await client.get("/get")).text, "value=none");
});

test("a cookie signed with a fallback key is still read", async () => {
  const client = makeApp({ SECRET_KEY: "old" }).testClient();
  await client.get("/set/ann");
  const cookie = client.cookies["session"] ?? "";
  const rotated = makeApp({ SECRET_KEY: "new", SECRET_KEY_FALLBACKS: ["old"] }).testClient();
  rotated.setCookie("session", cookie);
  assert.equal((await rotated.get("/get")).text, "value=ann");
});

test("a cookie older than PERMANENT_SESSION_LIFETIME is ignored", async () => {
  const client = makeApp().testClient();
  await client.get("/set/ann");
  const config = new Config({ SECRET_KEY: "s3cret", PERMANENT_SESSION_LIFETIME: 60 });
  const later = Date.now() + 61_000;
  const loaded = await loadSession(client.cookies["session"], config, later);
  assert.equal(loaded.get("value"), undefined);
  assert.equal((await loadSession(client.cookies["session"], config)).get("value"), "ann");
});

test("clearing the session deletes the cookie", async () => {
  const client = makeApp().testClient();
  await client.get("/set/ann");
  const response = await client.get("/clear");
  assert.match(response.headers.get("set-cookie") ?? "", /^session=; Max-Age=0/);
  assert.equal(client.cookies["session"], undefined);
});

test("writing a session without SECRET_KEY is a 500 whose log says to set it", async () => {
  const app = makeApp({});
  const logged: unknown[] = [];
  app.logger = { request: () => undefined, error: (error) => logged.push(error) };
  const response = await app.testClient().get("/set/x");
  assert.equal(response.status, 500);
  assert.match(String(logged[0]), /SECRET_KEY/);
});

test("an undefined SECRET_KEY, as an unset environment variable gives, is no key: writing a session fails", async () => {
  // `{ SECRET_KEY: process.env.SECRET_KEY }` compiles without exactOptionalPropertyTypes; unset, it must not sign with "undefined".
  const app = makeApp({ SECRET_KEY: undefined });
  const logged: unknown[] = [];
  app.logger = { request: () => undefined, error: (error) => logged.push(error) };
  const response = await app.testClient().get("/set/x");
  assert.equal(response.status, 500);
  assert.equal(response.headers.get("set-cookie"), null);
  assert.ok(logged[0] instanceof MissingSecretKeyError, String(logged[0]));
});

test("a cookie signed with the text 'undefined' is not read when SECRET_KEY or a fallback is undefined", async () => {
  const forger = makeApp({ SECRET_KEY: "undefined" }).testClient();
  await forger.get("/set/admin");
  const forged = forger.cookies["session"] ?? "";
  for (const config of [{ SECRET_KEY: undefined }, { SECRET_KEY: "s3cret", SECRET_KEY_FALLBACKS: [undefined] }]) {
    const client = makeApp(config).testClient();
    client.setCookie("session", forged);
    assert.equal((await client.get("/get")).text, "value=none", JSON.stringify(config));
  }
});

test("a session too large for a cookie is refused with a clear error", async () => {
  const app = makeApp();
  const logged: unknown[] = [];
  app.logger = { request: () => undefined, error: (error) => logged.push(error) };
  app.route("/big", () => {
    session.set("big", "x".repeat(5000));
    return "big";
  });
  assert.equal((await app.testClient().get("/big")).status, 500);
  assert.match(String(logged[0]), /4093-byte limit/);
});

test("flashed messages are shown once, with categories when asked", async () => {
  const app = makeApp();
  app.route("/flash", () => {
    flash("Saved.", "success");
    flash("Careful.", "warning");
    return "flashed";
  });
  app.route("/show", () => ({ all: getFlashedMessages({ withCategories: true }) }));
  app.route("/warnings", () => getFlashedMessages({ categoryFilter: ["warning"] }));
  const client = app.testClient();
  await client.get("/flash");
  assert.deepEqual((await client.get("/show")).json, { all: [["success", "Saved."], ["warning", "Careful."]] });
  assert.deepEqual((await client.get("/show")).json, { all: [] });
  await client.get("/flash");
  assert.deepEqual((await client.get("/warnings")).json, ["Careful."]);
});

/** A permanent session's cookie as flagon would have written it at `when`. */
async function permanentCookie(values: Record<string, SessionValue>, when: number, config: Config): Promise<string> {
  const session = new Session({ ...values, _permanent: true });
  session.modified = true;
  const response = new FlagonResponse("");
  await saveSession(session, response, config, when);
  return /^session=([^;]*)/.exec(response.headers.get("set-cookie") ?? "")?.[1] ?? "";
}

const DAY = 24 * 60 * 60 * 1000;

test("a permanent session's cookie is re-sent with a fresh expiry on a request that does not touch it", async () => {
  const app = makeApp();
  app.route("/untouched", () => "ok");
  const client = app.testClient();
  client.setCookie("session", await permanentCookie({ value: "ann" }, Date.now() - 10 * DAY, app.config));
  const response = await client.get("/untouched");
  const cookie = response.headers.get("set-cookie") ?? "";
  assert.match(cookie, /^session=/);
  const expires = Date.parse(/Expires=([^;]*)/.exec(cookie)?.[1] ?? "");
  const lifetime = app.config.PERMANENT_SESSION_LIFETIME * 1000;
  assert.ok(Math.abs(expires - (Date.now() + lifetime)) < 5000, cookie);
  assert.equal(response.headers.get("vary"), "Cookie");
  assert.equal((await client.get("/get")).text, "value=ann");
});

test("a refreshed permanent session outlives the lifetime counted from its first cookie", async () => {
  const app = makeApp();
  app.route("/untouched", () => "ok");
  const client = app.testClient();
  const first = await permanentCookie({ value: "ann" }, Date.now() - 10 * DAY, app.config);
  client.setCookie("session", first);
  await client.get("/untouched");
  const later = Date.now() + 25 * DAY;
  assert.equal((await loadSession(first, app.config, later)).get("value"), undefined);
  assert.equal((await loadSession(client.cookies["session"], app.config, later)).get("value"), "ann");
});

test("with SESSION_REFRESH_EACH_REQUEST false a permanent session's cookie is sent only when it changes", async () => {
  const app = makeApp({ SECRET_KEY: "s3cret", SESSION_REFRESH_EACH_REQUEST: false });
  app.route("/untouched", () => "ok");
  const client = app.testClient();
  await client.get("/permanent");
  assert.equal((await client.get("/untouched")).headers.get("set-cookie"), null);
  assert.equal((await client.get("/get")).headers.get("set-cookie"), null);
  assert.match((await client.get("/set/bob")).headers.get("set-cookie") ?? "", /Expires=/);
});

test("a session that is not permanent is not re-sent when untouched or only read", async () => {
  const app = makeApp();
  app.route("/untouched", () => "ok");
  const client = app.testClient();
  await client.get("/set/ann");
  assert.equal((await client.get("/untouched")).headers.get("set-cookie"), null);
  assert.equal((await client.get("/get")).headers.get("set-cookie"), null);
});

for (const [label, cookie] of [
  ["tampered with", async (config: Config) => (await permanentCookie({ value: "ann" }, Date.now(), config)).replace(/.$/, (c) => (c === "A" ? "B" : "A"))],
  ["expired", (config: Config) => permanentCookie({ value: "ann" }, Date.now() - 40 * DAY, config)],
  ["signed with an unknown key", () => permanentCookie({ value: "ann" }, Date.now(), new Config({ SECRET_KEY: "other" }))],
  ["not a session cookie at all", () => "garbage"],
] as const) {
  test(`clearing a session whose cookie was ${label} deletes the cookie`, async () => {
    const app = makeApp();
    const client = app.testClient();
    client.setCookie("session", await cookie(app.config));
    assert.equal((await client.get("/get")).text, "value=none");
    const response = await client.get("/clear");
    assert.match(response.headers.get("set-cookie") ?? "", /^session=; Max-Age=0/);
    assert.equal(client.cookies["session"], undefined);
  });
}

test("an invalid cookie the view does not change is left alone, as Flask", async () => {
  const client = makeApp().testClient();
  client.setCookie("session", "garbage");
  assert.equal((await client.get("/get")).headers.get("set-cookie"), null);
  assert.equal(client.cookies["session"], "garbage");
});

test("clearing a session when the request carried no session cookie sends no Set-Cookie", async () => {
  const response = await makeApp().testClient().get("/clear");
  assert.equal(response.headers.get("set-cookie"), null);
});

test("SESSION_COOKIE_PARTITIONED adds Partitioned to the session cookie and to its deletion", async () => {
  const client = makeApp({ SECRET_KEY: "k", SESSION_COOKIE_SECURE: true, SESSION_COOKIE_PARTITIONED: true }).testClient();
  const set = (await client.get("/set/x")).headers.get("set-cookie") ?? "";
  assert.match(set, /; Secure/);
  assert.match(set, /; Partitioned/);
  const deleted = (await client.get("/clear")).headers.get("set-cookie") ?? "";
  assert.match(deleted, /^session=; Max-Age=0/);
  assert.match(deleted, /; Partitioned/);
});

test("the session cookie is not Partitioned by default", async () => {
  const response = await makeApp().testClient().get("/set/x");
  assert.doesNotMatch(response.headers.get("set-cookie") ?? "", /Partitioned/);
});
