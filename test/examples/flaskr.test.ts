// flagon's port of Flask's tutorial blog (examples/flaskr), tested as Flask's tutorial tests it:
// each test builds an app over a fresh database holding the users "test" and "other" and one post.
import { test } from "node:test";
import assert from "node:assert/strict";
import { g, session, silentLogger } from "../../src/index.js";
import { createApp } from "../../examples/flaskr/app.js";
import { Database, type User } from "../../examples/flaskr/db.js";
import { generatePasswordHash } from "../../examples/flaskr/passwords.js";

function setup() {
  const db = new Database();
  db.insertUser("test", generatePasswordHash("test"));
  db.insertUser("other", generatePasswordHash("other"));
  db.insertPost("test title", "test\nbody", 1, new Date(Date.UTC(2018, 0, 1)));
  const app = createApp({ TESTING: true, DATABASE: db });
  app.logger = silentLogger;
  // What Flask's tests read with `with client:`: the session and g after a request.
  app.route("/_state", function state() {
    return { user_id: session.get("user_id") ?? null, username: (g.user as User | null)?.username ?? null };
  });
  const client = app.testClient();
  const auth = {
    login: (username = "test", password = "test") => client.post("/auth/login", { form: { username, password } }),
    logout: () => client.get("/auth/logout"),
  };
  return { app, db, client, auth };
}

test("createApp() is not in testing mode unless given TESTING", () => {
  assert.equal(createApp().config.TESTING, false);
  assert.equal(createApp({ TESTING: true }).config.TESTING, true);
});

test("/hello says hello", async () => {
  const { client } = setup();
  assert.equal((await client.get("/hello")).text, "Hello, World!");
});

test("register shows its form, then stores the user and redirects to the login page", async () => {
  const { client, db } = setup();
  const form = await client.get("/auth/register");
  assert.equal(form.status, 200);
  assert.match(form.text, /<title>Register - Flaskr<\/title>/);
  assert.match(form.text, /<h1>Register<\/h1>/);
  const r = await client.post("/auth/register", { form: { username: "a", password: "a" } });
  assert.equal(r.status, 302);
  assert.equal(r.headers.get("location"), "/auth/login");
  assert.equal(db.userByName("a")?.username, "a");
  assert.notEqual(db.userByName("a")?.password, "a");
});

for (const [username, password, message] of [
  ["", "", "Username is required."],
  ["a", "", "Password is required."],
  ["test", "test", "User test is already registered."],
] as const) {
  test(`register with username "${username}" and password "${password}" flashes "${message}"`, async () => {
    const { client } = setup();
    const r = await client.post("/auth/register", { form: { username, password } });
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`<div class="flash">${message}</div>`));
  });
}

test("login keeps the user's id in the session and loads the user into g.user", async () => {
  const { client, auth } = setup();
  assert.equal((await client.get("/auth/login")).status, 200);
  const r = await auth.login();
  assert.equal(r.status, 302);
  assert.equal(r.headers.get("location"), "/");
  assert.deepEqual((await client.get("/_state")).json, { user_id: 1, username: "test" });
});

for (const [username, password, message] of [
  ["a", "test", "Incorrect username."],
  ["test", "a", "Incorrect password."],
] as const) {
  test(`login as "${username}" with password "${password}" flashes "${message}"`, async () => {
    const { client, auth } = setup();
    const r = await auth.login(username, password);
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`<div class="flash">${message}</div>`));
    assert.deepEqual((await client.get("/_state")).json, { user_id: null, username: null });
  });
}

test("logout clears the session", async () => {
  const { client, auth } = setup();
  await auth.login();
  const r = await auth.logout();
  assert.equal(r.headers.get("location"), "/");
  assert.deepEqual((await client.get("/_state")).json, { user_id: null, username: null });
});

test("the index shows the posts, with Edit links for their author only once logged in", async () => {
  const { client, auth } = setup();
  let page = (await client.get("/")).text;
  assert.match(page, /Log In/);
  assert.match(page, /Register/);
  assert.doesNotMatch(page, /href="\/1\/update"/);
  assert.doesNotMatch(page, /href="\/create"/);

  await auth.login();
  page = (await client.get("/")).text;
  assert.match(page, /<span>test<\/span>/);
  assert.match(page, /Log Out/);
  assert.match(page, /<h1>test title<\/h1>/);
  assert.match(page, /by test on 2018-01-01/);
  assert.match(page, /test\nbody/);
  assert.match(page, /href="\/1\/update"/);
  assert.match(page, /href="\/create">New/);
});

test("posts are listed newest first, with a rule between them and none after the last", async () => {
  const { client, db } = setup();
  db.insertPost("second", "b", 2, new Date(Date.UTC(2019, 5, 2)));
  const page = (await client.get("/")).text;
  assert.ok(page.indexOf("second") < page.indexOf("test title"));
  assert.match(page, /by other on 2019-06-02/);
  assert.equal(page.match(/<hr>/g)?.length, 1);
});

for (const [method, path] of [["GET", "/create"], ["GET", "/1/update"], ["POST", "/create"], ["POST", "/1/update"], ["POST", "/1/delete"]] as const) {
  test(`${method} ${path} sends a visitor who is not logged in to the login page`, async () => {
    const { client } = setup();
    const r = method === "GET" ? await client.get(path) : await client.post(path, { form: { title: "t", body: "b" } });
    assert.equal(r.status, 302);
    assert.equal(r.headers.get("location"), "/auth/login");
  });
}

test("only a post's author may update or delete it: others get 403 and no Edit link", async () => {
  const { client, auth, db } = setup();
  db.updatePost(1, { author_id: 2 });
  await auth.login();
  assert.equal((await client.post("/1/update", { form: { title: "x", body: "" } })).status, 403);
  assert.equal((await client.post("/1/delete")).status, 403);
  assert.equal(db.post(1)?.title, "test title");
  assert.doesNotMatch((await client.get("/")).text, /href="\/1\/update"/);
});

for (const path of ["/2/update", "/2/delete"]) {
  test(`POST ${path} for a post that does not exist is a 404 that says which`, async () => {
    const { client, auth } = setup();
    await auth.login();
    const r = await client.post(path, { form: { title: "x", body: "" } });
    assert.equal(r.status, 404);
    assert.match(r.text, /Post id 2 doesn(&#39;|&#x27;|')t exist\./);
  });
}

test("create stores a post by the logged-in user", async () => {
  const { client, auth, db } = setup();
  await auth.login();
  assert.match((await client.get("/create")).text, /<title>New Post - Flaskr<\/title>/);
  const r = await client.post("/create", { form: { title: "created", body: "" } });
  assert.equal(r.headers.get("location"), "/");
  assert.equal(db.posts().length, 2);
  assert.equal(db.posts()[0]?.author_id, 1);
});

test("update shows the post in its form, then changes it", async () => {
  const { client, auth, db } = setup();
  await auth.login();
  const form = (await client.get("/1/update")).text;
  assert.match(form, /<title>Edit "test title" - Flaskr<\/title>/);
  assert.match(form, /value="test title"/);
  assert.match(form, /<textarea name="body" id="body">test\nbody<\/textarea>/);
  assert.match(form, /<form action="\/1\/delete" method="post">/);
  const r = await client.post("/1/update", { form: { title: "updated", body: "" } });
  assert.equal(r.headers.get("location"), "/");
  assert.equal(db.post(1)?.title, "updated");
});

for (const path of ["/create", "/1/update"]) {
  test(`POST ${path} without a title flashes "Title is required." and keeps what was typed`, async () => {
    const { client, auth, db } = setup();
    await auth.login();
    const r = await client.post(path, { form: { title: "", body: "kept <b>body</b>" } });
    assert.equal(r.status, 200);
    assert.match(r.text, /<div class="flash">Title is required\.<\/div>/);
    assert.match(r.text, /<textarea name="body" id="body">kept &lt;b&gt;body&lt;\/b&gt;<\/textarea>/);
    assert.equal(db.posts().length, 1);
    assert.equal(db.post(1)?.title, "test title");
  });
}

test("delete removes the post and redirects to the index", async () => {
  const { client, auth, db } = setup();
  await auth.login();
  const r = await client.post("/1/delete");
  assert.equal(r.headers.get("location"), "/");
  assert.equal(db.post(1), undefined);
});

test("the stylesheet is served from static/", async () => {
  const { client } = setup();
  const r = await client.get("/static/style.css");
  assert.equal(r.status, 200);
  assert.match(r.text, /\.flash/);
});
