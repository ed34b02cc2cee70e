import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { ChildProcess } from "node:child_process";
import { runWithReloader, type Reloader } from "../../src/debug/reloader.js";
import { isAlive, waitUntilDead } from "../_processes.js";

/** The app prints its pid, starts a long-lived helper process and prints that pid too. */
const APP = `
import { spawn } from "node:child_process";
const helper = spawn(process.execPath, ["-e", "setInterval(() => {}, 1 << 30)"], { stdio: "ignore" });
console.log("ready " + process.pid + " " + helper.pid + " " + (process.env.FLAGON_RUN_MAIN ?? "") + " " + process.argv.slice(2).join(","));
setInterval(() => {}, 1 << 30);
`;

/** Resolves with the next "ready" line of the next spawned child. */
async function nextReady(reloader: Reloader): Promise<{ child: ChildProcess; pid: number; helper: number; env: string; args: string }> {
  const [child] = (await once(reloader, "spawn")) as [ChildProcess];
  assert.ok(child.stdout);
  const lines = createInterface({ input: child.stdout });
  const line = await new Promise<string>((done, fail) => {
    lines.once("line", done);
    child.once("exit", (code, signal) => fail(new Error(`app exited (${signal ?? code}) before it was ready`)));
  });
  const [, pid = "", helper = "", env = "", args = ""] = line.split(" ");
  return { child, pid: Number(pid), helper: Number(helper), env, args };
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "flagon-reload-"));
  mkdirSync(join(dir, "lib"));
  mkdirSync(join(dir, "node_modules"));
  writeFileSync(join(dir, "app.mjs"), APP);
  writeFileSync(join(dir, "lib", "util.mjs"), "export const x = 1;\n");
  return dir;
}

test("a source change restarts the app and ends the old process group", async () => {
  const dir = project();
  const reloader = runWithReloader(join(dir, "app.mjs"), ["--port", "0"], {
    watch: [dir],
    stdio: ["ignore", "pipe", "inherit"],
    log: () => {},
  });
  try {
    const first = await nextReady(reloader);
    assert.equal(first.env, "true");
    assert.equal(first.args, "--port,0");
    assert.ok(isAlive(first.pid) && isAlive(first.helper));

    const second = nextReady(reloader);
    writeFileSync(join(dir, "lib", "util.mjs"), "export const x = 2;\n");
    const restarted = await second;
    assert.notEqual(restarted.pid, first.pid);
    await waitUntilDead(first.pid);
    await waitUntilDead(first.helper);
    assert.ok(isAlive(restarted.pid));

    await reloader.close();
    await waitUntilDead(restarted.pid);
    await waitUntilDead(restarted.helper);
  } finally {
    await reloader.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("changes to other file types and inside node_modules are ignored", async () => {
  const dir = project();
  const reloader = runWithReloader(join(dir, "app.mjs"), [], { watch: [dir], stdio: ["ignore", "pipe", "inherit"], log: () => {} });
  try {
    await nextReady(reloader);
    const changes: string[] = [];
    reloader.on("change", (file) => changes.push(file));
    writeFileSync(join(dir, "notes.txt"), "x");
    writeFileSync(join(dir, "node_modules", "dep.js"), "x");
    // A later relevant change proves the earlier events were seen and dropped.
    const next = nextReady(reloader);
    writeFileSync(join(dir, "new-file.mjs"), "export {};\n");
    await next;
    assert.deepEqual([...new Set(changes)], [join(dir, "new-file.mjs")]);
  } finally {
    await reloader.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a folder created after start is watched too", async () => {
  const dir = project();
  const reloader = runWithReloader(join(dir, "app.mjs"), [], { watch: [dir], stdio: ["ignore", "pipe", "inherit"], log: () => {} });
  try {
    await nextReady(reloader);
    const views = join(dir, "views");
    let seen = false;
    reloader.on("change", (file) => {
      if (file.startsWith(views + "/")) seen = true;
    });
    const next = nextReady(reloader);
    mkdirSync(views);
    // The watcher on the new folder is added when its creation is reported; poll until it is in place.
    const deadline = Date.now() + 10_000;
    for (let i = 0; !seen; i += 1) {
      if (Date.now() > deadline) throw new Error("no change seen in a new folder");
      writeFileSync(join(views, `v${i}.ts`), "export {};\n");
      await new Promise((done) => setTimeout(done, 50));
    }
    const ready = await next;
    assert.ok(isAlive(ready.pid));
  } finally {
    await reloader.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an app that crashes takes its helpers with it and is restarted by the next change", async () => {
  const dir = project();
  writeFileSync(
    join(dir, "app.mjs"),
    `import { spawn } from "node:child_process";
const helper = spawn(process.execPath, ["-e", "setInterval(() => {}, 1 << 30)"], { stdio: "ignore" });
process.stdout.write("ready " + process.pid + " " + helper.pid + "\\n", () => process.exit(3));
`,
  );
  const lines: string[] = [];
  const reloader = runWithReloader(join(dir, "app.mjs"), [], {
    watch: [dir],
    stdio: ["ignore", "pipe", "inherit"],
    log: (line) => lines.push(line),
  });
  try {
    const exited = once(reloader, "exit");
    const crashed = await nextReady(reloader);
    const [code] = (await exited) as [number | null];
    assert.equal(code, 3);
    assert.match(lines.join("\n"), /exited \(code 3\); waiting for a change/);
    await waitUntilDead(crashed.helper);
    const next = nextReady(reloader);
    writeFileSync(join(dir, "app.mjs"), APP);
    const ready = await next;
    assert.ok(isAlive(ready.pid));
  } finally {
    await reloader.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the app exits by itself when the reloader is killed outright", async () => {
  const dir = project();
  const reloaderUrl = new URL("../../src/debug/reloader.ts", import.meta.url).href;
  writeFileSync(
    join(dir, "parent.mjs"),
    `const { runWithReloader } = await import(${JSON.stringify(reloaderUrl)});
runWithReloader(${JSON.stringify(join(dir, "app.mjs"))}, [], { watch: [${JSON.stringify(join(dir, "lib"))}], stdio: ["ignore", "inherit", "inherit"], log: () => {} });`,
  );
  const { spawn } = await import("node:child_process");
  const parent = spawn(process.execPath, ["--import", "tsx", join(dir, "parent.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
  let helper = 0;
  try {
    assert.ok(parent.stdout);
    const [line] = (await once(createInterface({ input: parent.stdout }), "line")) as [string];
    const appPid = Number(line.split(" ")[1]);
    helper = Number(line.split(" ")[2]);
    assert.ok(isAlive(appPid));
    parent.kill("SIGKILL");
    await waitUntilDead(appPid);
  } finally {
    parent.kill("SIGKILL");
    // Processes the app started outlive a SIGKILLed reloader; only a clean stop ends them.
    if (helper > 0 && isAlive(helper)) process.kill(helper, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
