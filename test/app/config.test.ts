import assert from "node:assert/strict";
import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { Config } from "../../src/config.js";
import { Flagon } from "../../src/index.js";

test("defaults follow Flask", () => {
  const config = new Config();
  assert.equal(config.DEBUG, false);
  assert.equal(config.SESSION_COOKIE_NAME, "session");
  assert.equal(config.MAX_FORM_MEMORY_SIZE, 500_000);
  assert.equal(config.MAX_FORM_PARTS, 1000);
});

test("fromEnv reads prefixed variables and parses JSON values", () => {
  const config = new Config().fromEnv("FLAGON_", { FLAGON_DEBUG: "true", FLAGON_SECRET_KEY: "abc", FLAGON_MAX_CONTENT_LENGTH: "1024", OTHER: "x" });
  assert.equal(config.DEBUG, true);
  assert.equal(config.SECRET_KEY, "abc");
  assert.equal(config.MAX_CONTENT_LENGTH, 1024);
  assert.equal(config["OTHER"], undefined);
});

test("fromObject copies only upper-case keys", () => {
  const config = new Config().fromObject({ SERVER_NAME: "x.test", lower: 1 });
  assert.equal(config.SERVER_NAME, "x.test");
  assert.equal(config["lower"], undefined);
});

test("fromFile loads a JSON file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "flagon-config-"));
  const path = join(dir, "config.json");
  await writeFile(path, JSON.stringify({ SECRET_KEY: "from-file" }));
  assert.equal((await new Config().fromFile(path)).SECRET_KEY, "from-file");
});

test("fromFile names the file when it is missing", async () => {
  await assert.rejects(new Config().fromFile("/nonexistent/flagon.json"), /flagon\.json/);
});

test("app.config.fromFile reads a relative path from the app's root, as Flask's from_file reads it from root_path", async () => {
  const dir = await mkdtemp(join(tmpdir(), "flagon-config-"));
  await writeFile(join(dir, "config.json"), JSON.stringify({ SECRET_KEY: "beside-the-app" }));
  // The working directory (the repository) has no config.json: only the app's folder does.
  const app = new Flagon(pathToFileURL(join(dir, "app.ts")).href);
  assert.equal((await app.config.fromFile("config.json")).SECRET_KEY, "beside-the-app");
  const folderApp = new Flagon(dir);
  assert.equal((await folderApp.config.fromFile("config.json")).SECRET_KEY, "beside-the-app");
});

test("a key given as undefined keeps its default: an unset variable does not turn off a limit", async () => {
  // `{ MAX_CONTENT_LENGTH: process.env.MAX ? Number(process.env.MAX) : undefined }`: undefined is "not given", as in options.
  const config: Record<string, unknown> = { MAX_CONTENT_LENGTH: undefined, SECRET_KEY: undefined, MAX_URL_LENGTH: 100 };
  const app = new Flagon(undefined, { config });
  app.logger = { request: () => undefined, error: () => undefined };
  assert.equal(app.config.MAX_CONTENT_LENGTH, 16 * 1024 * 1024);
  assert.equal(app.config.SECRET_KEY, null);
  assert.equal(app.config.MAX_URL_LENGTH, 100);
  app.post("/upload", (_, request) => String(request.body?.length));
  const response = await app.testClient().post("/upload", { body: new Uint8Array(16 * 1024 * 1024 + 1) });
  assert.equal(response.status, 413);
});

test("fromEnv sets keys inside objects with __, as Flask's from_prefixed_env", () => {
  const config = new Config({ DB: { host: "localhost", port: 5432 } }).fromEnv("FLAGON_", {
    FLAGON_DB__port: "6543",
    FLAGON_DB__options__ssl: "true",
    FLAGON_CACHE__TTL: "60",
  });
  assert.deepEqual(config["DB"], { host: "localhost", port: 6543, options: { ssl: true } });
  assert.deepEqual(config["CACHE"], { TTL: 60 });
});

test("fromEnv refuses inner keys that would reach a prototype, and a key inside a value that is not an object", () => {
  const config = new Config().fromEnv("FLAGON_", { FLAGON_X__constructor: "1", "FLAGON_Y____proto__": "1", FLAGON_Z__prototype__a: "1" });
  assert.equal(config["X"], undefined);
  assert.equal(config["Y"], undefined);
  assert.equal(({} as Record<string, unknown>)["a"], undefined);
  assert.throws(() => new Config().fromEnv("FLAGON_", { FLAGON_PREFERRED_URL_SCHEME__inner: "1" }), /FLAGON_PREFERRED_URL_SCHEME__inner sets a key inside .PREFERRED_URL_SCHEME., which holds string/);
});

test("fromEnv makes a new key where a name matches an inherited member, as toString", () => {
  const config = new Config().fromEnv("FLAGON_", { FLAGON_X__toString__a: "1" });
  assert.deepEqual(config["X"], { toString: { a: 1 } });
});
