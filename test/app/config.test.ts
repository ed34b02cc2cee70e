import assert from "node:assert/strict";
import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Config } from "../../src/config.js";

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
