// The same app (test/deploy/fixtures/runtime-app.ts: the seed app's JSON API) on Node, Bun, Deno and workerd, passing one smoke test over HTTP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { smokeTest, startServer } from "./_smoke.js";
import { app } from "./fixtures/runtime-app.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = resolve(ROOT, "node_modules/.bin");
const TIMEOUT = { timeout: 120_000 };

test("node: app.listen serves the smoke test", TIMEOUT, async () => {
  const server = await app.listen({ port: 0 });
  try {
    await smokeTest(server.url, "node");
  } finally {
    await server.close();
  }
});

const bun = resolve(BIN, "bun");
test("bun: Bun.serve with app.fetch, straight from the TypeScript source, serves the smoke test", { ...TIMEOUT, skip: existsSync(bun) ? false : `${bun} is missing: run npm ci (the bun devDependency)` }, async () => {
  const server = await startServer(bun, ["test/deploy/fixtures/bun-entry.ts"], { cwd: ROOT });
  try {
    await smokeTest(server.url, "bun");
  } finally {
    await server.stop();
  }
});

const deno = resolve(BIN, "deno");
test("deno: Deno.serve with app.fetch, straight from the TypeScript source, serves the smoke test", { ...TIMEOUT, skip: existsSync(deno) ? false : `${deno} is missing: run npm ci (the deno devDependency)` }, async () => {
  const args = ["run", "--quiet", "--allow-net=127.0.0.1", "--allow-env", "--allow-read", "--sloppy-imports", "test/deploy/fixtures/deno-entry.ts"];
  const server = await startServer(deno, args, { cwd: ROOT, env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" } });
  try {
    await smokeTest(server.url, "deno");
  } finally {
    await server.stop();
  }
});

/** The worker as wrangler would deploy it: an ES module bundle, split so Node-only parts stay in chunks nobody loads. */
async function bundleWorker(): Promise<{ type: "ESModule"; path: string; contents: string }[]> {
  const out = await build({
    entryPoints: [resolve(ROOT, "test/deploy/fixtures/worker-entry.ts")],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "browser"],
    external: ["node:*", ...builtinModules],
    outdir: "/worker",
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles.map((file) => ({ type: "ESModule", path: file.path, contents: file.text }));
}

test("workerd (miniflare, nodejs_compat): the bundled worker serves the smoke test", TIMEOUT, async () => {
  const modules = await bundleWorker();
  const entry = modules.find((module) => module.path.endsWith("/worker-entry.js"));
  assert.ok(entry !== undefined);
  assert.doesNotMatch(entry.contents, /from\s*"node:/, "the entry chunk imports no node:* module");
  const mf = new Miniflare({ modules, modulesRoot: "/worker", compatibilityDate: "2025-07-18", compatibilityFlags: ["nodejs_compat"], host: "127.0.0.1", port: 0 });
  try {
    const url = await mf.ready;
    await smokeTest(url.origin, "workerd");
  } finally {
    await mf.dispose();
  }
});

test("workerd without nodejs_compat: the app still loads; synchronous views work, and an await loses only the context-local request", TIMEOUT, async () => {
  const modules = await bundleWorker();
  const mf = new Miniflare({ modules, modulesRoot: "/worker", compatibilityDate: "2025-07-18", host: "127.0.0.1", port: 0 });
  try {
    const url = await mf.ready;
    const users = await fetch(new URL("/api/users/1", url));
    assert.deepEqual(await users.json(), { id: 1, name: "Alice", email: "alice@example.com" });
    const counter = await fetch(new URL("/counter", url));
    assert.deepEqual(await counter.json(), { count: 1 });
    const asyncView = await fetch(new URL("/async/x", url));
    assert.equal(asyncView.status, 500);
  } finally {
    await mf.dispose();
  }
});
