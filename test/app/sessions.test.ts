import assert from "node:assert/strict";
import { test } from "node:test";
import { Flagon, flash, getFlashedMessages, session } from "../../src/index.js";
import { loadSession } from "../../src/sessions/cookie-session.js";
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
