import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findAppFile, loadApp, AppNotFoundError } from "../../src/cli/discover.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

function withDir(files: readonly string[], body: (dir: string) => void | Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "flagon-cli-"));
    try {
      for (const file of files) {
        mkdirSync(join(dir, file, ".."), { recursive: true });
        writeFileSync(join(dir, file), "");
      }
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  "app.ts is preferred over app.js and src/app.ts",
  withDir(["app.ts", "app.js", "src/app.ts"], (dir) => {
    assert.deepEqual(findAppFile(dir, undefined), { file: join(dir, "app.ts"), exportName: undefined });
  }),
);

test(
  "app.js is found when there is no app.ts",
  withDir(["app.js", "src/app.ts"], (dir) => {
    assert.equal(findAppFile(dir, undefined).file, join(dir, "app.js"));
  }),
);

test(
  "src/app.ts is found last",
  withDir(["src/app.ts", "other.ts"], (dir) => {
    assert.equal(findAppFile(dir, undefined).file, join(dir, "src/app.ts"));
  }),
);

test(
  "no app file is an error that lists where flagon looked",
  withDir(["main.ts"], (dir) => {
    assert.throws(
      () => findAppFile(dir, undefined),
      (error: unknown) =>
        error instanceof AppNotFoundError &&
        error.code === "FLAGON_APP_NOT_FOUND" &&
        /looked for app\.ts, app\.js.*src\/app\.ts.*--app/.test(error.message),
    );
  }),
);

test(
  "--app is resolved against the working directory and may name the export",
  withDir(["site/server.ts"], (dir) => {
    assert.deepEqual(findAppFile(dir, "site/server.ts"), { file: join(dir, "site/server.ts"), exportName: undefined });
    assert.deepEqual(findAppFile(dir, "site/server.ts:application"), { file: join(dir, "site/server.ts"), exportName: "application" });
    assert.throws(() => findAppFile(dir, "site/missing.ts"), /"site\/missing\.ts" \(from --app.*\) does not exist/);
    assert.throws(() => findAppFile(dir, "site"), AppNotFoundError);
  }),
);

test("the app export is loaded from a JavaScript module", async () => {
  const app = await loadApp(join(fixtures, "fake-app.mjs"));
  assert.equal(app.routes()[0]?.endpoint, "index");
});

test("a TypeScript app is loaded directly", async () => {
  const app = await loadApp(join(fixtures, "ts-app", "app.ts"));
  assert.deepEqual(app.routes(), [{ rule: "/typed/<int:id>", endpoint: "typed", methods: ["GET"] }]);
});

test("a default export is accepted when there is no app export", async () => {
  const app = await loadApp(join(fixtures, "default-app", "app.mjs"));
  assert.equal(app.routes()[0]?.endpoint, "from_default");
});

test("a module without an app says what to export", async () => {
  await assert.rejects(loadApp(join(fixtures, "not-an-app.mjs")), (error: unknown) =>
    error instanceof AppNotFoundError && /does not export a flagon app as "app" or as its default export/.test(error.message),
  );
  await assert.rejects(loadApp(join(fixtures, "fake-app.mjs"), "application"), /does not export a flagon app as "application"/);
});

test(
  "package.json can name the app, ahead of the default places",
  withDir(["app.ts", "examples/site/app.ts"], (dir) => {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "x", flagon: { app: "examples/site/app.ts" } }));
    assert.equal(findAppFile(dir, undefined).file, join(dir, "examples/site/app.ts"));
    assert.equal(findAppFile(dir, "app.ts").file, join(dir, "app.ts"));
  }),
);

test(
  "a package.json without a flagon section changes nothing",
  withDir(["app.js"], (dir) => {
    writeFileSync(join(dir, "package.json"), "{ not json");
    assert.equal(findAppFile(dir, undefined).file, join(dir, "app.js"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ flagon: { app: 3 } }));
    assert.equal(findAppFile(dir, undefined).file, join(dir, "app.js"));
  }),
);
