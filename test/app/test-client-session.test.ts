// The test client's sessionTransaction, as Flask's session_transaction: read and change the session
// the client's cookie holds, signed as the app signs it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Flagon, session } from "../../src/index.js";
import { TestClient } from "../../src/testing/index.js";

function sessionApp(): Flagon {
  const app = new Flagon(undefined, { staticFolder: null, config: { SECRET_KEY: "transaction-test" } });
  app.route("/login/<int:id>", function login({ id }) {
    session.set("user_id", id);
    return "in";
  });
  app.route("/me", function me() {
    return String(session.get("user_id") ?? "nobody");
  });
  return app;
}

test("a session set in a transaction is what the app reads, signed with its key", async () => {
  const client = sessionApp().testClient();
  await client.sessionTransaction((s) => s.set("user_id", 7));
  assert.equal((await client.get("/me")).text, "7");
});

test("a transaction reads what the app put in the session, and clearing it logs out", async () => {
  const client = sessionApp().testClient();
  await client.get("/login/3");
  assert.equal(await client.sessionTransaction((s) => s.get("user_id")), 3);
  await client.sessionTransaction((s) => s.clear());
  assert.equal((await client.get("/me")).text, "nobody");
});

test("a transaction that changes nothing leaves the cookie as it was", async () => {
  const client = sessionApp().testClient();
  await client.get("/login/5");
  const before = client.cookies["session"];
  await client.sessionTransaction((s) => s.get("user_id"));
  assert.equal(client.cookies["session"], before);
});

test("sessionTransaction on a client of another fetch app says it needs a flagon app", async () => {
  const client = new TestClient({ fetch: async () => new Response("x") });
  await assert.rejects(client.sessionTransaction(() => undefined), /needs the test client of a flagon app/);
});
