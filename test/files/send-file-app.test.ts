// sendFile/sendFromDirectory inside an app, as Flask's wrappers of Werkzeug: the download name
// taken from the path, SEND_FILE_MAX_AGE_DEFAULT, and relative paths resolved against the app's root.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { Blueprint, Flagon, sendFile, sendFromDirectory, silentLogger } from "../../src/index.js";

let dir: string;
const BODY = "flagon data\n";

before(() => {
  dir = mkdtempSync(join(tmpdir(), "flagon-send-app-"));
  mkdirSync(join(dir, "files"));
  mkdirSync(join(dir, "static"));
  mkdirSync(join(dir, "admin", "assets"), { recursive: true });
  writeFileSync(join(dir, "files", "data.txt"), BODY);
  writeFileSync(join(dir, "files", "résumé.txt"), BODY);
  writeFileSync(join(dir, "static", "app.css"), "body{}");
  writeFileSync(join(dir, "admin", "assets", "admin.css"), "body{}");
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** An app rooted at `dir` (as `new Flagon(import.meta.url)` from dir/app.ts) with an `admin` blueprint serving assets/. */
function site(config: Record<string, unknown> = {}, root = pathToFileURL(join(dir, "app.ts")).href): Flagon {
  const app = new Flagon(root, { config });
  app.logger = silentLogger;
  const admin = new Blueprint("admin", { urlPrefix: "/admin", staticFolder: "assets", root: pathToFileURL(join(dir, "admin", "routes.ts")).href });
  admin.route("/report", function report() {
    return sendFile("files/data.txt");
  });
  app.registerBlueprint(admin);
  return app;
}

test("sendFile with asAttachment and no downloadName names the attachment after the file", async () => {
  const app = site();
  app.route("/download", () => sendFile(join(dir, "files", "data.txt"), { asAttachment: true }));
  const res = await app.testClient().get("/download");
  assert.equal(res.headers.get("content-disposition"), 'attachment; filename="data.txt"');
  assert.equal(res.text, BODY);
});

test("sendFile without asAttachment sends the file inline under its own name, as Werkzeug", async () => {
  const app = site();
  app.route("/show", () => sendFile(join(dir, "files", "data.txt")));
  app.route("/dir/<name>", ({ name }) => sendFromDirectory(join(dir, "files"), name));
  const client = app.testClient();
  assert.equal((await client.get("/show")).headers.get("content-disposition"), 'inline; filename="data.txt"');
  assert.equal((await client.get("/dir/data.txt")).headers.get("content-disposition"), 'inline; filename="data.txt"');
});

test("a non-ASCII file name is sent as an ASCII filename plus RFC 5987 filename*", async () => {
  const app = site();
  app.route("/cv", () => sendFile(join(dir, "files", "résumé.txt"), { asAttachment: true }));
  const res = await app.testClient().get("/cv");
  assert.equal(res.headers.get("content-disposition"), `attachment; filename="resume.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt`);
});

test("static files are sent inline under their names, as Flask's static route", async () => {
  const client = site().testClient();
  assert.equal((await client.get("/static/app.css")).headers.get("content-disposition"), 'inline; filename="app.css"');
  assert.equal((await client.get("/admin/assets/admin.css")).headers.get("content-disposition"), 'inline; filename="admin.css"');
});

test("static files are no-cache while SEND_FILE_MAX_AGE_DEFAULT is null, the default", async () => {
  const app = site();
  assert.equal(app.config.SEND_FILE_MAX_AGE_DEFAULT, null);
  const res = await app.testClient().get("/static/app.css");
  assert.equal(res.headers.get("cache-control"), "no-cache");
  assert.equal(res.headers.get("expires"), null);
});

test("SEND_FILE_MAX_AGE_DEFAULT makes the app's and blueprints' static files publicly cacheable", async () => {
  const client = site({ SEND_FILE_MAX_AGE_DEFAULT: 3600 }).testClient();
  for (const path of ["/static/app.css", "/admin/assets/admin.css"]) {
    const res = await client.get(path);
    assert.equal(res.headers.get("cache-control"), "public, max-age=3600", path);
    const expires = Date.parse(res.headers.get("expires") ?? "");
    assert.ok(Math.abs(expires - (Date.now() + 3600_000)) < 5000, `${path} expires ${res.headers.get("expires")}`);
    // A revalidation keeps the caching headers.
    const again = await client.get(path, { headers: { "if-none-match": res.headers.get("etag") ?? "" } });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get("cache-control"), "public, max-age=3600");
  }
});

test("SEND_FILE_MAX_AGE_DEFAULT changed after setup counts from the next request", async () => {
  const app = site();
  const client = app.testClient();
  assert.equal((await client.get("/static/app.css")).headers.get("cache-control"), "no-cache");
  app.config.SEND_FILE_MAX_AGE_DEFAULT = 60;
  assert.equal((await client.get("/static/app.css")).headers.get("cache-control"), "public, max-age=60");
});

test("sendFile and sendFromDirectory use SEND_FILE_MAX_AGE_DEFAULT unless given maxAge", async () => {
  const app = site({ SEND_FILE_MAX_AGE_DEFAULT: 120 });
  app.route("/default", () => sendFile(join(dir, "files", "data.txt")));
  app.route("/own", () => sendFile(join(dir, "files", "data.txt"), { maxAge: 30 }));
  app.route("/zero", () => sendFile(join(dir, "files", "data.txt"), { maxAge: 0 }));
  app.route("/dir/<name>", ({ name }) => sendFromDirectory(join(dir, "files"), name));
  const client = app.testClient();
  assert.equal((await client.get("/default")).headers.get("cache-control"), "public, max-age=120");
  assert.equal((await client.get("/dir/data.txt")).headers.get("cache-control"), "public, max-age=120");
  assert.equal((await client.get("/own")).headers.get("cache-control"), "public, max-age=30");
  assert.equal((await client.get("/zero")).headers.get("cache-control"), "no-cache, max-age=0");
});

test("a relative sendFile path resolves against the app's root, not the working directory", async () => {
  const app = site();
  app.route("/report", () => sendFile("files/data.txt"));
  const res = await app.testClient().get("/report");
  assert.equal(res.status, 200);
  assert.equal(res.text, BODY);
});

test("a relative sendFile path with a trailing slash is a 404, as an absolute one is: a file is not a folder", async () => {
  const app = site();
  app.route("/slash", () => sendFile("files/data.txt/"));
  app.route("/dot", () => sendFile("files/data.txt/."));
  app.route("/absolute", () => sendFile(join(dir, "files", "data.txt") + "/"));
  const client = app.testClient();
  assert.equal((await client.get("/slash")).status, 404);
  assert.equal((await client.get("/dot")).status, 404);
  assert.equal((await client.get("/absolute")).status, 404);
});

test("a relative sendFromDirectory folder resolves against the app's root", async () => {
  const app = site();
  app.route("/files/<path:name>", ({ name }) => sendFromDirectory("files", name));
  const client = app.testClient();
  assert.equal((await client.get("/files/data.txt")).text, BODY);
  assert.equal((await client.get("/files/..%2Fstatic/app.css")).status, 404);
});

test("an app root given as a folder path resolves relative paths as one given as import.meta.url", async () => {
  const app = site({}, dir);
  app.route("/report", () => sendFile("files/data.txt"));
  assert.equal((await app.testClient().get("/report")).text, BODY);
});

test("a blueprint's view resolves relative paths against the app's root, as Flask's root_path", async () => {
  const res = await site().testClient().get("/admin/report");
  assert.equal(res.status, 200);
  assert.equal(res.text, BODY);
});

test("an async view still resolves a relative path against the app's root after an await", async () => {
  const app = site();
  app.route("/later", async function later() {
    await new Promise((resolve) => setImmediate(resolve));
    return sendFile("files/data.txt");
  });
  assert.equal((await app.testClient().get("/later")).text, BODY);
});

test("without an app root, and outside a request, relative paths resolve against the working directory", async () => {
  const fromCwd = relative(process.cwd(), join(dir, "files", "data.txt"));
  const app = new Flagon();
  app.route("/report", () => sendFile(fromCwd));
  app.route("/relative-to-root", () => sendFile("files/data.txt"));
  const client = app.testClient();
  assert.equal((await client.get("/report")).text, BODY);
  assert.equal((await client.get("/relative-to-root")).status, 404);
  const outside = await sendFile(fromCwd);
  assert.equal(await outside.text(), BODY);
  assert.equal(outside.headers.get("cache-control"), "no-cache");
});
