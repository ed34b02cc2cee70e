import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Flagon, Blueprint, flash } from "../../src/index.js";
import { templatesFor, templateSearchPaths, rootDirectory } from "../../src/templating/app-templates.js";

function site() {
  const dir = mkdtempSync(join(tmpdir(), "flagon-site-"));
  mkdirSync(join(dir, "templates"));
  mkdirSync(join(dir, "admin_templates"));
  writeFileSync(
    join(dir, "templates", "page.html"),
    `{% for m in get_flashed_messages() %}[{{ m }}]{% endfor %}` +
      `<a href="{{ url_for('show_post', post_id=3, page=2) }}">{{ request.path }}</a> ` +
      `{{ g.user }} {{ session.name }} {{ config.SITE }}`,
  );
  writeFileSync(join(dir, "admin_templates", "admin.html"), `admin {{ url_for('admin.index') }}`);
  const app = new Flagon(pathToFileURL(join(dir, "app.ts")).href, { config: { SECRET_KEY: "test-key", SITE: "Demo" } });
  app.route("/post/<int:post_id>", function show_post({ post_id }) {
    return `post ${post_id}`;
  });
  app.route("/login", function login() {
    flash("Welcome!");
    return "ok";
  });
  app.route("/", function index(_params, request) {
    request.g["user"] = "ada";
    return templatesFor(app).render("page.html");
  });
  const admin = new Blueprint("admin", { urlPrefix: "/admin", templateFolder: join(dir, "admin_templates") });
  admin.route("/", function index() {
    return templatesFor(app).render("admin.html");
  });
  app.registerBlueprint(admin);
  return { app, dir };
}

test("a template rendered in a view sees url_for, request, g, session, flashes and config of that request", async () => {
  const { app, dir } = site();
  try {
    const client = app.testClient();
    await client.get("/login");
    const res = await client.get("/");
    assert.equal(res.status, 200);
    assert.equal(res.text, `[Welcome!]<a href="/post/3?page=2">/</a> ada  Demo`);
    // The flash was consumed by the first render.
    assert.equal((await client.get("/")).text, `<a href="/post/3?page=2">/</a> ada  Demo`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a blueprint's template folder is searched after the app's and relative url_for works", async () => {
  const { app, dir } = site();
  try {
    assert.deepEqual(templateSearchPaths(app), [join(dir, "templates"), join(dir, "admin_templates")]);
    const res = await app.testClient().get("/admin/");
    assert.equal(res.text, "admin /admin/");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("outside a request, url_for builds with the app and request globals are empty", () => {
  const { app, dir } = site();
  try {
    assert.equal(
      templatesFor(app).renderString("{{ url_for('show_post', post_id=1) }}|{{ request.path }}|{{ config.SITE }}"),
      "/post/1||Demo",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the environment is reused, and rebuilt when DEBUG changes", () => {
  const { app, dir } = site();
  try {
    const first = templatesFor(app);
    assert.equal(templatesFor(app), first);
    app.config.DEBUG = true;
    const debug = templatesFor(app);
    assert.notEqual(debug, first);
    assert.equal(debug.debug, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the root is the folder of the module URL, a folder path, or the working directory", () => {
  assert.equal(rootDirectory("file:///srv/site/app.ts"), "/srv/site");
  assert.equal(rootDirectory("/srv/site"), "/srv/site");
  assert.equal(rootDirectory("file:///srv/site/"), "/srv/site/");
  assert.equal(rootDirectory(undefined), process.cwd());
});
