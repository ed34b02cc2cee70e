import assert from "node:assert/strict";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import { Flagon } from "../../src/index.js";

async function siteWithStatic(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "flagon-static-"));
  await mkdir(join(dir, "static", "css"), { recursive: true });
  await writeFile(join(dir, "static", "css", "site.css"), "body{}");
  return dir;
}

test("files in static/ are served under /static with the endpoint 'static'", async () => {
  const dir = await siteWithStatic();
  const app = new Flagon(pathToFileURL(join(dir, "app.ts")).href);
  const response = await app.testClient().get("/static/css/site.css");
  assert.equal(response.status, 200);
  assert.equal(response.text, "body{}");
  assert.match(response.headers.get("content-type") ?? "", /text\/css/);
  assert.equal(app.urlFor("static", { filename: "css/site.css" }), "/static/css/site.css");
});

test("a path climbing out of static/ is a 404", async () => {
  const app = new Flagon(await siteWithStatic());
  assert.equal((await app.testClient().get("/static/..%2Fapp.ts")).status, 404);
});

test("a static file asked for with a trailing slash is a 404", async () => {
  const app = new Flagon(await siteWithStatic());
  const client = app.testClient();
  assert.equal((await client.get("/static/css/site.css/")).status, 404);
  assert.equal((await client.get("/static/css/site.css")).status, 200);
});

test("staticFolder: null registers no static route", () => {
  const app = new Flagon("/tmp", { staticFolder: null });
  assert.equal(app.routes().some((r) => r.endpoint === "static"), false);
});
