// `npx flagon routes` and `npx flagon run`, as a user types them, from the repository root and from inside
// examples/seed-app (an npm workspace that depends on flagon).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const seedApp = join(repo, "examples", "seed-app");
const TIMEOUT = 60_000;

function npx(args: readonly string[], cwd: string) {
  // FLAGON_APP would override the discovery under test.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== "FLAGON_APP" && key !== "SECRET_KEY"));
  return spawn("npx", ["--no-install", "flagon", ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
}

async function routes(cwd: string): Promise<string> {
  const child = npx(["routes", "--sort", "rule"], cwd);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  assert.equal(code, 0, stderr);
  return stdout;
}

for (const [where, cwd] of [["the repository root", repo], ["examples/seed-app", seedApp]] as const) {
  test(`npx flagon routes from ${where} prints the seed app's table, site and static routes included`, { timeout: TIMEOUT }, async () => {
    const table = await routes(cwd);
    assert.match(table, /^Endpoint\s+Methods\s+Rule$/m);
    assert.match(table, /^home\s+GET\s+\/$/m);
    assert.match(table, /^site\.login\s+GET, POST\s+\/site\/login$/m);
    assert.match(table, /^site\.static\s+GET\s+\/site\/static\/<path:filename>$/m);
    assert.match(table, /^static\s+GET\s+\/static\/<path:filename>$/m);
    assert.match(table, /^users\.get_user\s+GET\s+\/users\/<int:user_id>$/m);
  });

  test(`npx flagon run from ${where} serves the site, its templates and static files`, { timeout: TIMEOUT }, async () => {
    const child = npx(["run", "--port", "0"], cwd);
    const lines: string[] = [];
    try {
      const url = await new Promise<string>((done, fail) => {
        child.once("exit", () => fail(new Error(`flagon exited:\n${lines.join("\n")}`)));
        createInterface({ input: child.stderr }).on("line", (line) => {
          lines.push(line);
          const match = /^ \* Running on (http:\/\/\S+)$/.exec(line);
          if (match?.[1] !== undefined) done(match[1]);
        });
      });
      assert.equal(await (await fetch(`${url}/`)).text(), "Hello, World!");
      const page = await fetch(`${url}/site/users/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<a href="\/site\/users\/2">bob<\/a>/);
      const css = await fetch(`${url}/static/style.css`);
      assert.equal(css.status, 200);
      assert.match(css.headers.get("content-type") ?? "", /^text\/css/);
      await css.arrayBuffer();
      const exited = once(child, "exit");
      // npx runs flagon in a child; signal the whole group as a terminal's Ctrl+C does.
      process.kill(-(child.pid as number), "SIGINT");
      await exited;
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), "SIGKILL");
    }
  });
}
