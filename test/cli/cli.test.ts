import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync, rmSync, copyFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isAlive, waitUntilDead } from "../_processes.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(repo, "bin", "flagon.js");
const fixtures = join(repo, "test", "cli", "fixtures");

/** A running `flagon` process whose stderr lines can be awaited. */
class Flagon {
  readonly child: ChildProcess;
  #lines: string[] = [];
  #waiters: { pattern: RegExp; done: (m: RegExpExecArray) => void }[] = [];
  /** Every stderr line, claimed or not. */
  readonly all: string[] = [];
  stdout = "";

  constructor(args: readonly string[], cwd = repo) {
    this.child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FLAGON_APP: "" } });
    this.child.stdout?.on("data", (chunk: Buffer) => (this.stdout += chunk.toString()));
    createInterface({ input: this.child.stderr! }).on("line", (line) => {
      this.all.push(line);
      // Each line satisfies at most one waiter; unclaimed lines wait for a later line() call.
      const index = this.#waiters.findIndex((waiter) => waiter.pattern.test(line));
      const waiter = this.#waiters[index];
      if (waiter === undefined) {
        this.#lines.push(line);
        return;
      }
      this.#waiters.splice(index, 1);
      waiter.done(waiter.pattern.exec(line) as RegExpExecArray);
    });
  }

  /** Resolves with the first stderr line matching `pattern` that has not been consumed yet. */
  line(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
    for (const [i, line] of this.#lines.entries()) {
      const match = pattern.exec(line);
      if (match) {
        this.#lines.splice(i, 1);
        return Promise.resolve(match);
      }
    }
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no line matching ${pattern}; got:\n${this.all.join("\n")}`)), timeoutMs);
      const onExit = () => fail(new Error(`flagon exited before printing ${pattern}:\n${this.all.join("\n")}`));
      this.child.once("exit", onExit);
      this.#waiters.push({
        pattern,
        done: (match) => {
          clearTimeout(timer);
          this.child.off("exit", onExit);
          done(match);
        },
      });
    });
  }

  async exit(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const [code] = (await once(this.child, "exit")) as [number | null];
    return code;
  }
}

async function getJson(url: string): Promise<{ pid: number; debug: boolean; fromCli: string | null }> {
  const res = await fetch(url);
  return (await res.json()) as { pid: number; debug: boolean; fromCli: string | null };
}

test("flagon routes prints the table of a TypeScript app", async () => {
  const flagon = new Flagon(["routes", "--app", join(fixtures, "ts-app", "app.ts")]);
  assert.equal(await flagon.exit(), 0);
  assert.equal(flagon.stdout, "Endpoint  Methods  Rule\n--------  -------  ---------------\ntyped     GET      /typed/<int:id>\n");
});

test("flagon routes finds app.ts in the working directory and sorts by rule", async () => {
  const flagon = new Flagon(["routes", "--sort", "rule"], join(fixtures, "ts-app"));
  assert.equal(await flagon.exit(), 0);
  assert.match(flagon.stdout, /^typed\s+GET\s+\/typed\/<int:id>$/m);
});

test("flagon without an app exits 1 and says where it looked", async () => {
  const dir = mkdtempSync(join(tmpdir(), "flagon-cli-"));
  try {
    const flagon = new Flagon(["routes"], dir);
    assert.equal(await flagon.exit(), 1);
    assert.match(flagon.all.join("\n"), /^Error: Could not find an app in .*looked for app\.ts/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a TypeScript app outside a package with \"type\": \"module\" exits 1 saying to add it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "flagon-cli-"));
  try {
    writeFileSync(join(dir, "app.ts"), "export const app = import.meta.url;\n");
    const flagon = new Flagon(["routes"], dir);
    assert.equal(await flagon.exit(), 1);
    assert.match(flagon.all.join("\n"), /^Error: Cannot import .*app\.ts as an ES module: add "type": "module"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a usage error exits 2", async () => {
  const flagon = new Flagon(["run", "--port", "x"]);
  assert.equal(await flagon.exit(), 2);
  assert.match(flagon.all.join("\n"), /--port must be a whole number/);
});

test("flagon run serves the app until SIGTERM", async () => {
  const flagon = new Flagon(["run", "--app", join(fixtures, "fake-app.mjs"), "--port", "0"]);
  try {
    const [, url = ""] = await flagon.line(/^ \* Running on (http:\/\/127\.0\.0\.1:\d+)$/);
    assert.ok(flagon.all.includes(" * Debug mode: off"));
    const body = await getJson(url);
    assert.equal(body.pid, flagon.child.pid);
    assert.equal(body.debug, false);
    assert.equal(body.fromCli, "true");
    flagon.child.kill("SIGTERM");
    assert.equal(await flagon.exit(), 0);
  } finally {
    flagon.child.kill("SIGKILL");
  }
});

test("flagon run --debug runs the app under the reloader and restarts it on change", async () => {
  const dir = mkdtempSync(join(tmpdir(), "flagon-cli-"));
  copyFileSync(join(fixtures, "fake-app.mjs"), join(dir, "app.mjs"));
  const flagon = new Flagon(["run", "--debug", "--port", "0"], dir);
  try {
    const [, url = ""] = await flagon.line(/^ \* Running on (http:\/\/\S+)$/);
    const first = await getJson(url);
    assert.equal(first.debug, true);
    assert.notEqual(first.pid, flagon.child.pid);

    writeFileSync(join(dir, "helper.mjs"), "export const changed = true;\n");
    const [, url2 = ""] = await flagon.line(/^ \* Running on (http:\/\/\S+)$/);
    const second = await getJson(url2);
    assert.notEqual(second.pid, first.pid);
    await waitUntilDead(first.pid);

    flagon.child.kill("SIGTERM");
    assert.equal(await flagon.exit(), 0);
    await waitUntilDead(second.pid);
  } finally {
    flagon.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});

test("flagon run --workers shares one port, replaces a killed worker and stops them all on SIGTERM", async () => {
  const flagon = new Flagon(["run", "--app", join(fixtures, "fake-app.mjs"), "--port", "0", "--workers", "2"]);
  const pids = new Set<number>();
  try {
    const workerLine = /^ \* Running on (http:\/\/\S+) \(worker (\d+)\)$/;
    const [a, b] = await Promise.all([flagon.line(workerLine), flagon.line(workerLine)]);
    assert.equal(a[1], b[1], "both workers listen on the same port");
    pids.add(Number(a[2])).add(Number(b[2]));
    assert.equal(pids.size, 2);
    const served = await getJson(a[1] ?? "");
    assert.ok(pids.has(served.pid));

    process.kill(Number(a[2]), "SIGKILL");
    await flagon.line(new RegExp(`Worker ${a[2]} exited \\(SIGKILL\\); starting a new one`));
    const [, , replacement = ""] = await flagon.line(workerLine);
    pids.add(Number(replacement));
    assert.ok(!["", a[2], b[2]].includes(replacement));

    flagon.child.kill("SIGTERM");
    assert.equal(await flagon.exit(), 0);
    for (const pid of pids) await waitUntilDead(pid);
  } finally {
    flagon.child.kill("SIGKILL");
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  }
});

test("flagon run --workers with an app that cannot start exits 1 instead of restarting forever", async () => {
  const flagon = new Flagon(["run", "--app", join(fixtures, "not-an-app.mjs"), "--port", "0", "--workers", "2"]);
  try {
    assert.equal(await flagon.exit(), 1);
    assert.match(flagon.all.join("\n"), /does not export a flagon app/);
    assert.match(flagon.all.join("\n"), /before serving; stopping/);
  } finally {
    flagon.child.kill("SIGKILL");
  }
});

const realApp = join(repo, "src", "app.ts");
const skipReal = existsSync(realApp) ? false : "needs src/app.ts (the Flagon app)";

function writeRealApp(dir: string): void {
  const index = pathToFileURL(join(repo, "src", "index.ts")).href;
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(
    join(dir, "app.ts"),
    `import { Flagon } from ${JSON.stringify(index)};
export const app = new Flagon(import.meta.url);
app.route("/", function home() {
  return "Hello from flagon";
});
app.route("/post/<int:post_id>", { methods: ["GET", "POST"] }, function show_post({ post_id }) {
  return \`Post \${post_id}\`;
});
app.route("/boom", function boom(): string {
  throw new Error("kaboom in the view");
});
`,
  );
}

test("flagon routes and flagon run work with a real Flagon app", { skip: skipReal }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "flagon-real-"));
  writeRealApp(dir);
  try {
    const routes = new Flagon(["routes", "--sort", "rule"], dir);
    assert.equal(await routes.exit(), 0, routes.all.join("\n"));
    assert.match(routes.stdout, /^Endpoint\s+Methods\s+Rule$/m);
    assert.match(routes.stdout, /^home\s+GET\s+\/$/m);
    assert.match(routes.stdout, /^show_post\s+GET, POST\s+\/post\/<int:post_id>$/m);

    const server = new Flagon(["run", "--port", "0"], dir);
    try {
      const [, url = ""] = await server.line(/^ \* Running on (http:\/\/\S+)$/);
      const home = await fetch(url + "/");
      assert.equal(await home.text(), "Hello from flagon");
      await server.line(/^127\.0\.0\.1 - "GET \/" 200 [\d.]+ms$/);
      assert.equal(await (await fetch(url + "/post/7")).text(), "Post 7");
      const boom = await fetch(url + "/boom");
      assert.equal(boom.status, 500);
      assert.ok(!(await boom.text()).includes("kaboom"), "no error details without debug");
      server.child.kill("SIGTERM");
      assert.equal(await server.exit(), 0);
    } finally {
      server.child.kill("SIGKILL");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("flagon run --debug shows the debug page of a real Flagon app", { skip: skipReal }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "flagon-real-"));
  writeRealApp(dir);
  const server = new Flagon(["run", "--debug", "--port", "0"], dir);
  try {
    const [, url = ""] = await server.line(/^ \* Running on (http:\/\/\S+)$/);
    const boom = await fetch(url + "/boom");
    assert.equal(boom.status, 500);
    const page = await boom.text();
    assert.match(page, /kaboom in the view/);
    assert.match(page, /<tr class="current"><td class="lineno">\d+<\/td><td><pre>  throw new Error\(&#34;kaboom in the view&#34;\);<\/pre>/);
    server.child.kill("SIGTERM");
    assert.equal(await server.exit(), 0);
  } finally {
    server.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
