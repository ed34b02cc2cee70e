// The seed app's site pages (/site/) through the test client: what the browser tests click through, checked
// without a browser, plus the guide's plain answers kept for clients that do not ask for HTML.
import assert from "node:assert/strict";
import { test } from "node:test";
import { silentLogger } from "../../src/index.js";
import { app, createApp } from "../../examples/seed-app/app.js";

app.logger = silentLogger;
const HTML = { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } };

test("every site page renders in the layout with the stylesheet and links built by url_for", async () => {
  const client = app.testClient();
  for (const path of ["/site/", "/site/login", "/site/users/", "/site/users/1"]) {
    const res = await client.get(path, HTML);
    assert.equal(res.status, 200, path);
    assert.match(res.text, /<link rel="stylesheet" href="\/static\/style.css">/, path);
    assert.match(res.text, /<img src="\/site\/static\/flask.svg"/, path);
    assert.match(res.text, /<a href="\/site\/users\/">Users<\/a>/, path);
  }
  const users = await client.get("/site/users/");
  assert.match(users.text, /<a href="\/site\/users\/2">bob<\/a>/);
});

test("the stylesheet and the blueprint's logo are served from their static folders", async () => {
  const client = app.testClient();
  const css = await client.get("/static/style.css");
  assert.equal(css.status, 200);
  assert.match(css.headers.get("content-type") ?? "", /^text\/css/);
  assert.match(css.text, /\.masthead/);
  const logo = await client.get("/site/static/flask.svg");
  assert.equal(logo.status, 200);
  assert.match(logo.headers.get("content-type") ?? "", /^image\/svg\+xml/);
});

test("logging in sets a signed session cookie, redirects to ?next= or the users list, and flashes once", async () => {
  const client = app.testClient();
  const login = await client.post("/site/login", { form: { username: "alice", password: "flagon" } });
  assert.equal(login.status, 302);
  assert.equal(login.headers.get("location"), "/site/users/");
  assert.match(login.headers.get("set-cookie") ?? "", /^session=[^;]+;.*HttpOnly/i);
  const page = await client.get("/site/users/");
  assert.match(page.text, /<li class="flash success" role="status">Welcome back, alice!<\/li>/);
  assert.match(page.text, /Signed in as <strong>alice<\/strong>/);
  assert.doesNotMatch((await client.get("/site/users/")).text, /Welcome back/);

  const next = await app.testClient().post("/site/login?next=/site/admin", { form: { username: "alice", password: "flagon" } });
  assert.equal(next.headers.get("location"), "/site/admin");
  const offsite = await app.testClient().post("/site/login?next=//evil.example/", { form: { username: "alice", password: "flagon" } });
  assert.equal(offsite.headers.get("location"), "/site/users/");
});

test("a wrong password is a 401 with the form and an error flash; logging out clears the user", async () => {
  const client = app.testClient();
  const wrong = await client.post("/site/login", { form: { username: "bob", password: "nope" } });
  assert.equal(wrong.status, 401);
  assert.match(wrong.text, /<li class="flash error" role="status">Wrong username or password.<\/li>/);
  assert.match(wrong.text, /name="username" value="bob"/);
  await client.post("/site/login", { form: { username: "bob", password: "flagon" } });
  const out = await client.get("/site/logout");
  assert.equal(out.headers.get("location"), "/site/");
  const home = await client.get("/site/");
  assert.match(home.text, /You are logged out./);
  assert.doesNotMatch(home.text, /Signed in as/);
});

test("the admin page is 403 for visitors and members and 200 for an administrator", async () => {
  assert.equal((await app.testClient().get("/site/admin")).status, 403);
  const member = app.testClient();
  await member.post("/site/login", { form: { username: "bob", password: "flagon" } });
  assert.equal((await member.get("/site/admin")).status, 403);
  const admin = app.testClient();
  await admin.post("/site/login", { form: { username: "alice", password: "flagon" } });
  const res = await admin.get("/site/admin");
  assert.equal(res.status, 200);
  assert.match(res.text, /Hello alice, you are an administrator/);
});

test("browsers get the 404 and 403 sentences inside the HTML layout; other clients get them exactly, as the guide's table", async () => {
  const client = app.testClient();
  for (const [path, status, sentence] of [
    ["/nope", 404, "Oops! That page does not exist."],
    ["/site/users/99", 404, "Oops! That page does not exist."],
    ["/admin", 403, "Sorry, you are not allowed to view this page."],
  ] as const) {
    const html = await client.get(path, HTML);
    assert.equal(html.status, status, path);
    assert.match(html.text, new RegExp(`<p class="message">${sentence.replace(/[.!]/g, "\\$&")}</p>`), path);
    assert.match(html.text, /<link rel="stylesheet"/, path);
    const plain = await client.get(path);
    assert.equal(plain.status, status, path);
    assert.equal(plain.text, sentence, path);
  }
});

test("an error is a plain 500 without DEBUG and the debug page with it", async () => {
  const production = await app.testClient().get("/site/boom", HTML);
  assert.equal(production.status, 500);
  assert.doesNotMatch(production.text, /Order 7|routes\.ts/);

  const debugApp = createApp({ DEBUG: true });
  debugApp.logger = silentLogger;
  const server = await debugApp.listen({ port: 0 });
  try {
    const res = await fetch(`${server.url}/site/boom`);
    assert.equal(res.status, 500);
    const text = await res.text();
    assert.match(text, /Order 7 has no items to ship/);
    assert.match(text, /site\/routes\.ts/);
  } finally {
    await server.close();
  }
});

test("SECRET_KEY comes from the environment, with a development default that says so", () => {
  assert.match(String(app.config.SECRET_KEY), process.env["SECRET_KEY"] ? /.+/ : /^dev-only-/);
  assert.equal(createApp({ SECRET_KEY: "from-test" }).config.SECRET_KEY, "from-test");
});
