import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createTemplateEnvironment,
  renderTemplate,
  renderTemplateString,
  TemplateError,
  TemplateNotFoundError,
  type TemplateRequestValues,
} from "../../src/templating/index.js";
import { NotFound } from "../../src/http/exceptions.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const appTemplates = join(fixtures, "app");
const bpTemplates = join(fixtures, "bp");

function urlFor(endpoint: string, values: Record<string, unknown>): string {
  const query = new URLSearchParams(Object.entries(values).map(([k, v]) => [k, String(v)])).toString();
  return `/${endpoint}${query ? `?${query}` : ""}`;
}

function siteEnv(values: TemplateRequestValues | undefined) {
  return createTemplateEnvironment({
    searchPaths: [appTemplates, bpTemplates],
    globals: { config: { DEBUG: false } },
    urlFor,
    context: () => values,
  });
}

test("a Flask-style page with extends, blocks, include, loop and filters renders unchanged", () => {
  const env = siteEnv({
    request: { path: "/users/" },
    session: { user: "ada" },
    g: { greeting: "hi" },
    flashes: () => [["info", "Welcome <back>"]],
  });
  const html = renderTemplate(env, "users.html", {
    title: "all users",
    users: [
      { id: 1, name: "Ada <L>", bio: "<b>math</b>" },
      { id: 2, name: "Alan", bio: "<i>logic</i>" },
    ],
  });
  assert.match(html, /<title>All Users - flagon<\/title>/);
  assert.match(html, /<nav><a href="\/index">Home<\/a> as ada on \/users\/<\/nav>/);
  assert.match(html, /<p class="flash info">Welcome &lt;back&gt;<\/p>/);
  assert.match(html, /<p>2 users, hi, debug=False<\/p>/);
  assert.match(html, /<li class="1"><a href="\/profile\?user_id=1&amp;tab=posts">Ada &lt;L&gt;<\/a> <b>math<\/b><\/li>/);
  assert.match(html, /<li class="2"><a href="\/profile\?user_id=2&amp;tab=posts">Alan<\/a> <i>logic<\/i><\/li>/);
});

test("url_for keyword arguments reach urlFor as a plain values object", () => {
  const calls: [string, Record<string, unknown>][] = [];
  const env = createTemplateEnvironment({
    searchPaths: [],
    urlFor: (endpoint, values) => {
      calls.push([endpoint, values]);
      return "/x";
    },
  });
  renderTemplateString(env, "{{ url_for('profile', user_id=user.id, _external=true) }}{{ url_for('index') }}", { user: { id: 7 } });
  assert.deepEqual(calls, [
    ["profile", { user_id: 7, _external: true }],
    ["index", {}],
  ]);
});

test("the request's own urlFor wins over the environment's", () => {
  const env = createTemplateEnvironment({ searchPaths: [], urlFor: () => "/outside", context: () => ({ urlFor: () => "/inside" }) });
  assert.equal(renderTemplateString(env, "{{ url_for('a') }}"), "/inside");
});

test("request values are read per render, so each render sees its own request", () => {
  let current: TemplateRequestValues = { request: { path: "/one" } };
  const env = createTemplateEnvironment({ searchPaths: [], context: () => current });
  assert.equal(renderTemplateString(env, "{{ request.path }}"), "/one");
  current = { request: { path: "/two" } };
  assert.equal(renderTemplateString(env, "{{ request.path }}"), "/two");
});

test("a value passed to the render hides the global of the same name", () => {
  const env = createTemplateEnvironment({ searchPaths: [], context: () => ({ g: { a: 1 } }) });
  assert.equal(renderTemplateString(env, "{{ g.a }}", { g: { a: 2 } }), "2");
});

test("get_flashed_messages filters by category and returns messages or pairs", () => {
  const env = createTemplateEnvironment({
    searchPaths: [],
    context: () => ({ flashes: () => [["error", "bad"], ["info", "ok"], ["message", "plain"]] }),
  });
  assert.equal(renderTemplateString(env, "{{ get_flashed_messages()|join(',') }}"), "bad,ok,plain");
  assert.equal(
    renderTemplateString(env, "{% for c, m in get_flashed_messages(with_categories=true, category_filter=['error', 'info']) %}{{ c }}={{ m }};{% endfor %}"),
    "error=bad;info=ok;",
  );
});

test("html templates autoescape, text templates do not", () => {
  const env = siteEnv(undefined);
  assert.equal(renderTemplate(env, "note.txt", { name: "<Ada & co>" }).trim(), "Hello <Ada & co>");
  assert.equal(renderTemplateString(env, "{{ name }}", { name: "<Ada>" }), "&lt;Ada&gt;");
});

test("jinja literals True, False and None and dict.items() work", () => {
  const env = createTemplateEnvironment({ searchPaths: [] });
  assert.equal(
    renderTemplateString(env, "{% if True and not False and x is none %}y{% endif %}{% for k, v in d.items() %}{{ k }}{{ v }}{% endfor %}", {
      x: null,
      d: { a: 1 },
    }),
    "ya1",
  );
});

test("tojson gives HTML-safe JSON", () => {
  const env = createTemplateEnvironment({ searchPaths: [] });
  assert.equal(renderTemplateString(env, "{{ v|tojson }}", { v: { s: "</script>&'" } }), '{"s":"\\u003c/script\\u003e\\u0026\\u0027"}');
});

test("the app's templates come before a blueprint's, and a blueprint's own templates are found", () => {
  const env = siteEnv(undefined);
  assert.equal(renderTemplate(env, "bp_page.html", { name: "x" }).trim(), "blueprint page x");
  assert.match(renderTemplate(env, "nav.html"), /<nav>/);
});

test("an error while rendering names the template file and the line", () => {
  const env = siteEnv(undefined);
  assert.throws(
    () =>
      renderTemplate(env, "broken.html", {
        explode() {
          throw new RangeError("no more");
        },
      }),
    (error: unknown) => {
      assert.ok(error instanceof TemplateError);
      assert.equal(error.code, "FLAGON_TEMPLATE");
      assert.equal(error.template, "broken.html");
      assert.equal(error.file, join(appTemplates, "broken.html"));
      assert.equal(error.line, 5);
      assert.equal(error.problem, "RangeError: no more");
      assert.ok(error.cause instanceof RangeError);
      assert.match(error.message, /broken\.html, line 5/);
      return true;
    },
  );
});

test("an error raised by a filter names the line of the filter, not of an earlier call", () => {
  const env = createTemplateEnvironment({
    searchPaths: [],
    filters: {
      shout() {
        throw new TypeError("filter failed");
      },
    },
  });
  assert.throws(
    () => renderTemplateString(env, "a\n{{ range(2)|length }}\n\n{{ 'x'|shout }}\n"),
    (error: unknown) => {
      assert.ok(error instanceof TemplateError);
      assert.equal(error.line, 4);
      assert.ok(error.cause instanceof TypeError);
      return true;
    },
  );
});

test("a syntax error names the template file and the line", () => {
  const env = siteEnv(undefined);
  assert.throws(
    () => renderTemplate(env, "syntax.html"),
    (error: unknown) => {
      assert.ok(error instanceof TemplateError);
      assert.equal(error.line, 3);
      assert.match(error.message, /unexpected token.*syntax\.html, line 3/);
      return true;
    },
  );
});

test("an HTTP error raised by a template helper keeps its status", () => {
  const env = createTemplateEnvironment({ searchPaths: [] });
  assert.throws(
    () =>
      renderTemplateString(env, "x {{ fail() }}", {
        fail() {
          throw new NotFound();
        },
      }),
    NotFound,
  );
});

test("a missing template says where flagon looked", () => {
  const env = siteEnv(undefined);
  assert.throws(
    () => renderTemplate(env, "nope.html"),
    (error: unknown) => error instanceof TemplateNotFoundError && error.message.includes(appTemplates) && error.code === "FLAGON_TEMPLATE_NOT_FOUND",
  );
});

test("in debug mode an edited template is re-read; otherwise it stays cached", () => {
  const dir = mkdtempSync(join(tmpdir(), "flagon-tpl-"));
  try {
    writeFileSync(join(dir, "page.html"), "v1");
    const debug = createTemplateEnvironment({ searchPaths: [dir], debug: true });
    const cached = createTemplateEnvironment({ searchPaths: [dir] });
    assert.equal(renderTemplate(debug, "page.html"), "v1");
    assert.equal(renderTemplate(cached, "page.html"), "v1");
    writeFileSync(join(dir, "page.html"), "v2");
    assert.equal(renderTemplate(debug, "page.html"), "v2");
    assert.equal(renderTemplate(cached, "page.html"), "v1");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("url_for without any urlFor source is a clear template error", () => {
  const env = createTemplateEnvironment({ searchPaths: [] });
  assert.throws(() => renderTemplateString(env, "{{ url_for('x') }}"), /url_for\('x'\) is not available/);
});

test("an error inside an included template names the included file", () => {
  const env = createTemplateEnvironment({
    searchPaths: [appTemplates],
    urlFor: () => {
      throw new TypeError("no such endpoint");
    },
  });
  assert.throws(
    () => renderTemplate(env, "users.html", { users: [] }),
    (error: unknown) => {
      assert.ok(error instanceof TemplateError);
      assert.equal(error.template, "users.html");
      assert.equal(error.file, join(appTemplates, "nav.html"));
      assert.equal(error.line, 1);
      assert.equal(error.problem, "TypeError: no such endpoint");
      assert.ok(error.cause instanceof TypeError);
      return true;
    },
  );
});

test("a Session-like session reads as a dict: session.user, session['user'], 'user' in session, session.get()", () => {
  const store = new Map<string, unknown>([["user", "ada"]]);
  const session = { get: (key: string, fallback?: unknown) => (store.has(key) ? store.get(key) : fallback), has: (key: string) => store.has(key), keys: () => [...store.keys()] };
  const env = createTemplateEnvironment({ searchPaths: [], context: () => ({ session }) });
  assert.equal(
    renderTemplateString(env, "{{ session.user }} {{ session['user'] }} {{ 'user' in session }} {{ 'x' in session }} {{ session.get('x', 'guest') }}"),
    "ada ada True False guest",
  );
  assert.equal(renderTemplateString(env, "{% for k, v in session %}{{ k }}={{ v }}{% endfor %}"), "user=ada");
});

test("getFlashedMessages from the request answers get_flashed_messages with the parsed options", () => {
  const seen: unknown[] = [];
  const env = createTemplateEnvironment({
    searchPaths: [],
    context: () => ({
      getFlashedMessages: (options) => {
        seen.push(options);
        return ["hi"];
      },
    }),
  });
  assert.equal(renderTemplateString(env, "{{ get_flashed_messages(category_filter=['error'])|join }}"), "hi");
  assert.deepEqual(seen, [{ withCategories: false, categoryFilter: ["error"] }]);
});

test("flagon's own Session reads as a dict in templates", async () => {
  const { Session } = await import("../../src/sessions/session.js");
  const session = new Session({ user: "ada" });
  const env = createTemplateEnvironment({ searchPaths: [], context: () => ({ session }) });
  assert.equal(renderTemplateString(env, "{{ session.user }}|{{ session.missing }}|{{ session.get('missing', 'guest') }}"), "ada||guest");
});
