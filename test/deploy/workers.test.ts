// app.run({ workers }) from code: N cluster workers on one port, a killed worker replaced, SIGTERM drains every worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { get, type IncomingMessage } from "node:http";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { workerCount, WorkersOptionError } from "../../src/adapters/cluster.js";
import { Flagon } from "../../src/index.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Lines of a child's stdout+stderr, awaited by pattern. */
class Lines {
  readonly all: string[] = [];
  #waiting: { pattern: RegExp; resolve: (match: RegExpExecArray) => void }[] = [];
  #used = new Set<number>();

  constructor(child: ChildProcess) {
    let partial = "";
    const onData = (chunk: Buffer) => {
      partial += chunk.toString();
      const lines = partial.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        this.all.push(line);
        this.#match();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
  }

  /** The next line not yet consumed that matches `pattern`. */
  next(pattern: RegExp): Promise<RegExpExecArray> {
    return new Promise((resolve) => {
      this.#waiting.push({ pattern, resolve });
      this.#match();
    });
  }

  #match(): void {
    this.#waiting = this.#waiting.filter(({ pattern, resolve }) => {
      for (let i = 0; i < this.all.length; i += 1) {
        if (this.#used.has(i)) continue;
        const found = pattern.exec(this.all[i] ?? "");
        if (found !== null) {
          this.#used.add(i);
          resolve(found);
          return false;
        }
      }
      return true;
    });
  }
}

function request(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get(url, { agent: false }, resolve).on("error", reject));
}

async function readAll(response: IncomingMessage): Promise<string> {
  let body = "";
  response.setEncoding("utf8");
  for await (const chunk of response) body += chunk as string;
  return body;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("app.run({ workers: 2 }) serves from two processes, replaces a killed one, and drains all on SIGTERM", { timeout: 90_000 }, async () => {
  const primary = spawn(process.execPath, ["--import", "tsx", "test/deploy/fixtures/workers-app.ts"], {
    cwd: ROOT,
    env: { ...process.env, WORKERS: "2", PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines = new Lines(primary);
  const pids = new Set<number>();
  try {
    const running = /^ \* Running on (http:\/\/\S+)$/;
    const [a, b] = await Promise.all([lines.next(running), lines.next(running)]);
    assert.equal(a[1], b[1], "both workers share one port");
    const base = a[1] as string;

    // Each request on a new connection: the primary hands connections round-robin to the workers.
    for (let i = 0; i < 20 && pids.size < 2; i += 1) pids.add(((JSON.parse(await readAll(await request(`${base}/pid`))) as { pid: number }).pid));
    assert.equal(pids.size, 2, "both workers answered");
    assert.ok(!pids.has(primary.pid ?? -1), "the primary does not serve");

    const [victim] = [...pids] as [number];
    process.kill(victim, "SIGKILL");
    await lines.next(new RegExp(`Worker ${victim} exited \\(SIGKILL\\); starting a new one in \\d+ ms`));
    await lines.next(running);
    const after = new Set<number>();
    for (let i = 0; i < 20 && after.size < 2; i += 1) after.add(((JSON.parse(await readAll(await request(`${base}/pid`))) as { pid: number }).pid));
    assert.equal(after.size, 2);
    assert.ok(!after.has(victim), "the killed worker is gone and another serves in its place");
    for (const pid of after) pids.add(pid);

    // A request in flight when SIGTERM arrives completes before its worker exits.
    const slow = await request(`${base}/slow`);
    const body = readAll(slow);
    const exited = once(primary, "exit");
    primary.kill("SIGTERM");
    assert.match(await body, /^started by \d+\nfinished after SIGTERM\n$/);
    const [code] = await exited;
    assert.equal(code, 0, lines.all.join("\n"));
    // The primary exits only once the supervisor has seen every worker exit.
    for (const pid of pids) assert.ok(!isAlive(pid), `worker ${pid} exited`);
  } finally {
    if (primary.exitCode === null) primary.kill("SIGKILL");
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  }
});

test("workers: true means one per CPU; anything but a whole number ≥ 1 is an error naming the option", () => {
  assert.ok(workerCount(true) >= 1);
  assert.equal(workerCount(3), 3);
  for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => workerCount(bad), WorkersOptionError);
});

test("app.run({ workers, debug: true }) is refused: the reloader runs one process", async () => {
  const app = new Flagon();
  await assert.rejects(app.run({ workers: 2, debug: true }), /cannot be combined with workers/);
});
