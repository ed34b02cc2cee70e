// renderTemplate / renderTemplateString from "flagon": the current request's app, its folders and Flask's globals.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  Blueprint, Flagon, FlagonError, RenderOutsideRequestError, TemplateError, abort, flash, renderTemplate,
  renderTemplateString, session, silentLogger,
} from "../../src/index.js";

/** A template written for Flask, untouched: layout, blocks, include, url_for keywords, every global. */
const FLASK_LAYOUT = `<!doctype html>
<title>{% block title %}{% endblock %} - {{ config.SITE_NAME }}</title>
<link rel="stylesheet" href="{{ url_for('static', filename='style.css') }}">
<nav>{% if session.user %}{{ session.user }} <a href="{{ url_for('logout') }}">Log out</a>{% else %}<a href="{{ url_for('login', next=request.path) }}">Log in</a>{% endif %}</nav>
{% for category, message in get_flashed_messages(with_categories=true) %}<p class="flash {{ category }}">{{ message }}</p>{% endfor %}
<main>{% block content %}{% endblock %}</main>
{% include "footer.html" %}`;

const FLASK_USERS = `{% extends "layout.html" %}
{% block title %}Users{% endblock %}
{% block content %}<ul>{% for user in users %}<li><a href="{{ url_for('show_user', user_id=user.id, _anchor='top') }}">{{ user.name }}</a></li>{% endfor %}</ul>
<p>{{ g.greeting }} {{ users|length }} {{ request.args.get('sort', 'name') }}</p>{% endblock %}`;

function site(config: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "flagon-render-"));
  mkdirSync(join(dir, "templates"));
  mkdirSync(join(dir, "admin", "templates"), { recursive: true });
  writeFileSync(join(dir, "templates", "layout.html"), FLASK_LAYOUT);
  writeFileSync(join(dir, "templates", "users.html"), FLASK_USERS);
  writeFileSync(join(dir, "templates", "footer.html"), "<footer>{{ config.SITE_NAME }}</footer>");
  writeFileSync(join(dir, "admin", "templates", "dashboard.html"), `{% extends "layout.html" %}{% block content %}admin at {{ url_for('.dashboard') }}{% endblock %}`);
  const app = new Flagon(pathToFileURL(join(dir, "app.ts")).href, { config: { SECRET_KEY: "render-test", SITE_NAME: "Demo", ...config } });
  app.logger = silentLogger;
  app.route("/login", { methods: ["GET", "POST"] }, function login(_, request) {
    if (request.method === "POST") {
      session.set("user", request.form.require("username"));
      flash("Logged in.", "success");
    }
    return "ok";
  });
  app.route("/logout", function logout() {
    return "bye";
  });
  app.route("/users/<int:user_id>", function show_user({ user_id }) {
    return String(user_id);
  });
  app.route("/users/", function list_users(_, request) {
    request.g["greeting"] = "Hi";
    return renderTemplate("users.html", { users: [{ id: 1, name: "Ann & Bo" }, { id: 2, name: "Cy" }] });
  });
  app.route("/string", function string() {
    return renderTemplateString("<b>{{ name }}</b> {{ url_for('show_user', user_id=3) }} {{ session.user }}", { name: "<i>" });
  });
  app.route("/page/<name>", function page({ name }) {
    return renderTemplate(name);
  });
  const admin = new Blueprint("admin", { urlPrefix: "/admin", templateFolder: "templates", root: pathToFileURL(join(dir, "admin", "routes.ts")).href });
  admin.route("/", function dashboard() {
    return renderTemplate("dashboard.html");
  });
  app.registerBlueprint(admin);
  return { app, dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test("a Flask template renders unchanged with url_for keywords, request, session, g, config and flashes", async () => {
  const { app, done } = site();
  try {
    const client = app.testClient();
    const anonymous = await client.get("/users/", { query: { sort: "age" } });
    assert.equal(anonymous.status, 200);
    assert.match(anonymous.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(anonymous.text, /<title>Users - Demo<\/title>/);
    assert.match(anonymous.text, /<link rel="stylesheet" href="\/static\/style.css">/);
    assert.match(anonymous.text, /<a href="\/login\?next=\/users\/">Log in<\/a>/);
    assert.match(anonymous.text, /<a href="\/users\/1#top">Ann &amp; Bo<\/a>/);
    assert.match(anonymous.text, /<p>Hi 2 age<\/p>/);
    assert.match(anonymous.text, /<footer>Demo<\/footer>/);
    assert.doesNotMatch(anonymous.text, /class="flash/);

    await client.post("/login", { form: { username: "ann" } });
    const after = await client.get("/users/");
    assert.match(after.text, /<nav>ann <a href="\/logout">Log out<\/a><\/nav>/);
    assert.match(after.text, /<p class="flash success">Logged in.<\/p>/);
    // Flashes are consumed by the page that showed them.
    assert.doesNotMatch((await client.get("/users/")).text, /Logged in/);
  } finally {
    done();
  }
});

test("renderTemplateString autoescapes and sees the request's globals", async () => {
  const { app, done } = site();
  try {
    const client = app.testClient();
    await client.post("/login", { form: { username: "cy" } });
    assert.equal((await client.get("/string")).text, "<b>&lt;i&gt;</b> /users/3 cy");
  } finally {
    done();
  }
});

test("a blueprint's templateFolder is found relative to its own root and can extend the app's layout", async () => {
  const { app, done } = site();
  try {
    const res = await app.testClient().get("/admin/");
    assert.equal(res.status, 200);
    assert.match(res.text, /<main>admin at \/admin\/<\/main>/);
  } finally {
    done();
  }
});

test("outside a request renderTemplate and renderTemplateString throw a FlagonError that says what to do", () => {
  assert.throws(() => renderTemplate("users.html"), (error: unknown) => {
    assert.ok(error instanceof RenderOutsideRequestError);
    assert.ok(error instanceof FlagonError);
    assert.equal(error.code, "FLAGON_RENDER_OUTSIDE_REQUEST");
    assert.match(error.message, /renderTemplate\("users.html"\).*no request is being handled.*Call it from a view/);
    return true;
  });
  assert.throws(() => renderTemplateString("x"), RenderOutsideRequestError);
});

test("a template error names the file and the line, and is a 500 without DEBUG", async () => {
  const { app, dir, done } = site();
  try {
    writeFileSync(join(dir, "templates", "broken.html"), `{% extends "layout.html" %}\n{% block content %}\nfine\n{{ nope() }}\n{% endblock %}`);
    let caught: unknown;
    app.errorHandler(500, (error) => {
      caught = (error as { originalError?: unknown }).originalError;
      return "handled";
    });
    const res = await app.testClient().get("/page/broken.html");
    assert.equal(res.text, "handled");
    assert.ok(caught instanceof TemplateError);
    assert.equal(caught.file, join(dir, "templates", "broken.html"));
    assert.equal(caught.line, 4);
    assert.match(caught.message, /broken\.html, line 4/);
  } finally {
    done();
  }
});

test("an abort() inside a template keeps its status", async () => {
  const { app, dir, done } = site();
  try {
    writeFileSync(join(dir, "templates", "guarded.html"), "{{ deny() }}");
    app.route("/guarded", function guarded() {
      return renderTemplate("guarded.html", { deny: () => abort(403) });
    });
    assert.equal((await app.testClient().get("/guarded")).status, 403);
  } finally {
    done();
  }
});

test("with DEBUG on an edited template shows on the next request; with DEBUG off the first version is kept", async () => {
  for (const debug of [true, false]) {
    const { app, dir, done } = site({ DEBUG: debug });
    try {
      const file = join(dir, "templates", "live.html");
      writeFileSync(file, "version one");
      const client = app.testClient();
      assert.equal((await client.get("/page/live.html")).text, "version one");
      writeFileSync(file, "version two");
      // A later mtime, so a loader that compares times sees the change whatever the clock's resolution.
      const later = new Date(Date.now() + 5000);
      utimesSync(file, later, later);
      assert.equal((await client.get("/page/live.html")).text, debug ? "version two" : "version one", `DEBUG=${debug}`);
    } finally {
      done();
    }
  }
});

test("an object's own get() wins over the Jinja dict get(), so request.args.get and form.get work", async () => {
  const { app, done } = site();
  try {
    app.route("/args", function args() {
      return renderTemplateString("{{ request.args.get('q', 'none') }}|{{ request.args.get('missing', 'dflt') }}|{{ plain.get('a') }}|{{ plain.get('b', 2) }}", { plain: { a: 1 } });
    });
    assert.equal((await app.testClient().get("/args", { query: { q: "flask" } })).text, "flask|dflt|1|2");
  } finally {
    done();
  }
});
