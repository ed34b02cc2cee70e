// The public sendFile/sendFromDirectory answer the current request (method, validators, Range) by themselves,
// and blueprints serve their own static folders under "<blueprint>.static".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Blueprint, Flagon, renderTemplateString, sendFile, sendFromDirectory, silentLogger } from "../../src/index.js";

let dir: string;
const BODY = "0123456789abcdefghij";

before(() => {
  dir = mkdtempSync(join(tmpdir(), "flagon-sendfile-"));
  mkdirSync(join(dir, "files"));
  mkdirSync(join(dir, "static"));
  mkdirSync(join(dir, "admin", "assets"), { recursive: true });
  mkdirSync(join(dir, "shop-static"));
  writeFileSync(join(dir, "files", "data.txt"), BODY);
  writeFileSync(join(dir, "secret.txt"), "secret");
  writeFileSync(join(dir, "static", "app.css"), "body{color:red}");
  writeFileSync(join(dir, "admin", "assets", "admin.css"), "body{color:blue}");
  writeFileSync(join(dir, "shop-static", "shop.js"), "console.log(1)");
});

after(() => rmSync(dir, { recursive: true, force: true }));

const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** `Sunday, 06-Nov-94 08:49:37 GMT` */
function rfc850Date(date: Date): string {
  const [day = "", dd = "", month = "", year = "", time = ""] = date.toUTCString().replace(",", "").split(" ");
  return `${LONG_DAYS.find((long) => long.startsWith(day))}, ${dd}-${month}-${year.slice(2)} ${time} GMT`;
}

/** `Sun Nov  6 08:49:37 1994` */
function asctimeDate(date: Date): string {
  const [day = "", dd = "", month = "", year = "", time = ""] = date.toUTCString().replace(",", "").split(" ");
  return `${day} ${month} ${String(Number(dd)).padStart(2, " ")} ${time} ${year}`;
}

function app(): Flagon {
  const app = new Flagon(pathToFileURL(join(dir, "app.ts")).href);
  app.logger = silentLogger;
  app.route("/data", function data() {
    return sendFile(join(dir, "files", "data.txt"));
  });
  app.route("/download", function download() {
    return sendFile(join(dir, "files", "data.txt"), { asAttachment: true, downloadName: "report.txt", maxAge: 60 });
  });
  app.route("/files/<path:name>", function files({ name }) {
    return sendFromDirectory(join(dir, "files"), name);
  });
  const admin = new Blueprint("admin", { urlPrefix: "/admin", staticFolder: "assets", root: pathToFileURL(join(dir, "admin", "routes.ts")).href });
  admin.route("/", function index() {
    return renderTemplateString("{{ url_for('admin.static', filename='admin.css') }} {{ url_for('.static', filename='admin.css') }}");
  });
  const shop = new Blueprint("shop", { urlPrefix: "/shop", staticFolder: "shop-static", staticUrlPath: "/assets" });
  app.registerBlueprint(admin);
  app.registerBlueprint(shop);
  return app;
}

for (const [label, path] of [["sendFile", "/data"], ["sendFromDirectory", "/files/data.txt"]] as const) {
  test(`${label} answers a Range header of the current request with 206`, async () => {
    const res = await app().testClient().get(path, { headers: { range: "bytes=2-5" } });
    assert.equal(res.status, 206);
    assert.equal(res.text, "2345");
    assert.equal(res.headers.get("content-range"), `bytes 2-5/${BODY.length}`);
  });

  test(`${label} answers a range past the end with 416`, async () => {
    const res = await app().testClient().get(path, { headers: { range: "bytes=500-" } });
    assert.equal(res.status, 416);
    assert.equal(res.headers.get("content-range"), `bytes */${BODY.length}`);
  });

  test(`${label} answers If-None-Match with the file's ETag with 304`, async () => {
    const client = app().testClient();
    const first = await client.get(path);
    assert.equal(first.status, 200);
    assert.equal(first.text, BODY);
    const etag = first.headers.get("etag");
    assert.ok(etag);
    const again = await client.get(path, { headers: { "if-none-match": etag } });
    assert.equal(again.status, 304);
    assert.equal(again.text, "");
    const modified = await client.get(path, { headers: { "if-modified-since": first.headers.get("last-modified") ?? "" } });
    assert.equal(modified.status, 304);
  });

  test(`${label} answers If-Modified-Since in the obsolete RFC 850 and asctime forms with 304`, async () => {
    const client = app().testClient();
    const lastModified = new Date((await client.get(path)).headers.get("last-modified") ?? "");
    for (const since of [rfc850Date(lastModified), asctimeDate(lastModified)]) {
      const res = await client.get(path, { headers: { "if-modified-since": since } });
      assert.equal(res.status, 304, since);
    }
  });

  test(`${label} ignores an If-Modified-Since that is not an HTTP-date, or is later than now`, async () => {
    const client = app().testClient();
    const lastModified = (await client.get(path)).headers.get("last-modified") ?? "";
    for (const since of ["2999", "Tue, 01 Jan 2999 00:00:00 GMT", lastModified.replace(" GMT", " UTC"), lastModified.toLowerCase(), `${lastModified}, ${lastModified}`, "Sun, 31 Feb 2021 00:00:00 GMT"]) {
      const res = await client.get(path, { headers: { "if-modified-since": since } });
      assert.equal(res.status, 200, since);
      assert.equal(res.text, BODY);
    }
  });

  test(`${label} answers HEAD with the headers and no body`, async () => {
    const res = await app().testClient().head(path);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-length"), String(BODY.length));
    assert.equal(res.body.length, 0);
  });
}

test("sendFile's options reach the response", async () => {
  const res = await app().testClient().get("/download");
  assert.equal(res.headers.get("content-disposition"), 'attachment; filename="report.txt"');
  assert.equal(res.headers.get("cache-control"), "public, max-age=60");
  assert.equal(res.text, BODY);
});

test("sendFromDirectory still refuses names that leave the folder", async () => {
  const client = app().testClient();
  for (const path of ["/files/../secret.txt", "/files/..%2Fsecret.txt", "/files/%2e%2e/secret.txt"]) {
    assert.equal((await client.get(path)).status, 404, path);
  }
});

test("a file's name with a trailing slash is a 404: a file is not a folder", async () => {
  const client = app().testClient();
  for (const path of ["/files/data.txt/", "/files/data.txt/.", "/static/app.css/", "/admin/assets/admin.css/"]) {
    assert.equal((await client.get(path)).status, 404, path);
  }
  assert.equal((await client.get("/files/data.txt")).status, 200);
});

test("outside a request sendFile sends the whole file", async () => {
  const res = await sendFile(join(dir, "files", "data.txt"));
  assert.equal(res.status, 200);
  assert.equal(await res.text(), BODY);
});

test("a blueprint's staticFolder is served under its prefix as '<blueprint>.static', and url_for builds it", async () => {
  const site = app();
  const client = site.testClient();
  const css = await client.get("/admin/assets/admin.css");
  assert.equal(css.status, 200);
  assert.equal(css.text, "body{color:blue}");
  assert.match(css.headers.get("content-type") ?? "", /^text\/css/);
  assert.equal((await client.get("/admin/")).text, "/admin/assets/admin.css /admin/assets/admin.css");
  assert.equal(site.urlFor("admin.static", { filename: "admin.css" }), "/admin/assets/admin.css");
  // The app's own static folder is unaffected and does not serve the blueprint's files.
  assert.equal((await client.get("/static/app.css")).text, "body{color:red}");
  assert.equal((await client.get("/static/admin.css")).status, 404);
});

test("a blueprint's staticUrlPath names the URL; without a root its folder is relative to the app's", async () => {
  const site = app();
  assert.equal(site.urlFor("shop.static", { filename: "shop.js" }), "/shop/assets/shop.js");
  const res = await site.testClient().get("/shop/assets/shop.js");
  assert.equal(res.status, 200);
  assert.equal(res.text, "console.log(1)");
  assert.deepEqual(site.routes().find((r) => r.endpoint === "shop.static")?.rule, "/shop/assets/<path:filename>");
});

test("a blueprint's static route answers conditional requests too", async () => {
  const client = app().testClient();
  const first = await client.get("/admin/assets/admin.css");
  const again = await client.get("/admin/assets/admin.css", { headers: { "if-none-match": first.headers.get("etag") ?? "" } });
  assert.equal(again.status, 304);
  assert.equal((await client.get("/admin/assets/../../secret.txt")).status, 404);
});
