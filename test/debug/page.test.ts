import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { renderDebugPage, parseStack, escapeHtml } from "../../src/debug/page.js";
import { createTemplateEnvironment, renderTemplate } from "../../src/templating/index.js";

const here = fileURLToPath(import.meta.url);

function failingView(): never {
  throw new TypeError("cannot read <user> & friends"); // the marked line
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

test("the page names the exception and escapes its message", () => {
  const html = renderDebugPage(caught(failingView));
  assert.match(html, /<h1>TypeError<\/h1>/);
  assert.match(html, /cannot read &#60;user&#62; &#38; friends/);
  assert.ok(!html.includes("<user>"));
});

test("the source around the failing frame is shown with the line highlighted", () => {
  const html = renderDebugPage(caught(failingView));
  assert.ok(html.includes(escapeHtml(here)), "names this test file");
  const highlighted = [...html.matchAll(/<tr class="current"><td class="lineno">\d+<\/td><td><pre>([^<]*)<\/pre>/g)].map((m) => m[1]);
  assert.ok(highlighted.some((text) => text?.includes("the marked line")), "the throwing line is highlighted");
  assert.match(html, /in <code>failingView<\/code>/);
  // Five lines of context on each side of the throw.
  assert.match(html, /function failingView\(\): never \{/);
});

test("request details are shown, credentials hidden", () => {
  const error = new Error("x");
  // No frames, so this file's own source (which holds the cookie text) stays off the page.
  error.stack = "Error: x";
  const html = renderDebugPage(error, {
    method: "POST",
    url: "http://localhost/login?next=<script>",
    headers: new Headers({ cookie: "session=abc", "user-agent": "test" }),
  });
  assert.match(html, /POST http:\/\/localhost\/login\?next=&#60;script&#62;/);
  assert.match(html, /<th>cookie<\/th><td>\[hidden\]<\/td>/);
  assert.ok(!html.includes("session=abc"));
  assert.match(html, /<th>user-agent<\/th><td>test<\/td>/);
});

test("causes are shown after the error they caused", () => {
  const root = new RangeError("root problem");
  const html = renderDebugPage(new Error("wrapper", { cause: root }));
  const wrapper = html.indexOf("Error: wrapper");
  const cause = html.indexOf("RangeError: root problem");
  assert.ok(wrapper >= 0 && cause > wrapper);
  assert.match(html, /The above was caused by/);
});

test("a template error shows the template's source around its line", () => {
  const templates = fileURLToPath(new URL("../templating/fixtures/app/", import.meta.url));
  const env = createTemplateEnvironment({ searchPaths: [templates], urlFor: () => "/" });
  const error = caught(() =>
    renderTemplate(env, "broken.html", {
      explode() {
        throw new Error("template boom");
      },
    }),
  );
  const html = renderDebugPage(error);
  assert.ok(html.includes(`Template <code>${escapeHtml(join(templates, "broken.html"))}</code>, line 5`));
  assert.match(html, /<tr class="current"><td class="lineno">5<\/td><td><pre>  \{\{ explode\(\) \}\}<\/pre>/);
});

test("values that are not errors still render", () => {
  assert.match(renderDebugPage("just a string"), /<h1>string<\/h1>/);
  assert.match(renderDebugPage({ code: 1 }), /\{&#34;code&#34;:1\}/);
});

test("stack lines parse into frames, file URLs into paths", () => {
  const frames = parseStack(
    [
      "Error: x",
      "    at view (file:///srv/app/app.ts:10:5)",
      "    at async Promise.all (index 0)",
      "    at /srv/app/server.js:3:1",
      "    at node:internal/process/task_queues:95:5",
      "    at new Thing (/srv/app/thing.js:7:9)",
    ].join("\n"),
  );
  assert.deepEqual(frames, [
    { name: "view", file: "/srv/app/app.ts", line: 10, column: 5 },
    { name: undefined, file: "/srv/app/server.js", line: 3, column: 1 },
    { name: undefined, file: "node:internal/process/task_queues", line: 95, column: 5 },
    { name: "new Thing", file: "/srv/app/thing.js", line: 7, column: 9 },
  ]);
});
