import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter, once } from "node:events";
import { Supervisor, restartDelay, type SupervisedWorker } from "../../src/cli/supervisor.js";

class FakeWorker extends EventEmitter implements SupervisedWorker {
  static nextPid = 100;
  readonly pid = FakeWorker.nextPid++;
  signals: string[] = [];
  kill(signal: NodeJS.Signals): void {
    this.signals.push(signal);
    // Exits on its own turn, like a process.
    setImmediate(() => this.emit("exit", null, signal));
  }
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void {
    this.once("exit", listener);
  }
  listening: (() => void) | undefined;
  onListening(listener: () => void): void {
    this.listening = listener;
  }
  crash(code = 1): void {
    this.emit("exit", code, null);
  }
}

function supervised(count: number, clock = { now: 0 }, onStartupFailure?: () => void) {
  const forked: FakeWorker[] = [];
  const forks = new EventEmitter();
  const lines: string[] = [];
  const supervisor = new Supervisor({
    count,
    ...(onStartupFailure ? { onStartupFailure } : {}),
    baseDelayMs: 1,
    maxDelayMs: 8,
    stableAfterMs: 1000,
    now: () => clock.now,
    log: (line) => lines.push(line),
    fork: () => {
      const worker = new FakeWorker();
      forked.push(worker);
      forks.emit("fork", worker);
      return worker;
    },
  });
  return { supervisor, forked, forks, lines, clock };
}

test("the back-off doubles per crash in a row up to the maximum", () => {
  assert.deepEqual([1, 2, 3, 4, 5, 12].map((n) => restartDelay(n, 100, 1000)), [100, 200, 400, 800, 1000, 1000]);
});

test("every worker is started", () => {
  const { supervisor, forked } = supervised(3);
  supervisor.start();
  assert.equal(forked.length, 3);
  assert.equal(supervisor.workers.length, 3);
});

test("a crashed worker is replaced and the crash is logged", async () => {
  const { supervisor, forked, forks, lines } = supervised(2);
  supervisor.start();
  const replaced = once(forks, "fork");
  forked[0]?.crash(7);
  const [replacement] = (await replaced) as [FakeWorker];
  assert.equal(forked.length, 3);
  assert.deepEqual(supervisor.workers.map((w) => w.pid).sort(), [forked[1]?.pid, replacement.pid].sort());
  assert.match(lines[0] ?? "", /Worker \d+ exited \(code 7\); starting a new one in 1 ms/);
});

test("crashes in a row back off longer; a stable worker resets the count", async () => {
  const { supervisor, forked, forks, lines, clock } = supervised(1);
  supervisor.start();
  for (let i = 0; i < 3; i += 1) {
    const next = once(forks, "fork");
    forked[forked.length - 1]?.crash();
    await next;
  }
  assert.deepEqual(lines.map((line) => /in (\d+) ms/.exec(line)?.[1]), ["1", "2", "4"]);
  clock.now += 5000;
  const next = once(forks, "fork");
  forked[forked.length - 1]?.crash();
  await next;
  assert.match(lines[3] ?? "", /in 1 ms/);
});

test("shutdown sends the signal to every worker, waits for them, and replaces none", async () => {
  const { supervisor, forked } = supervised(3);
  supervisor.start();
  await supervisor.shutdown("SIGTERM");
  assert.deepEqual(forked.map((w) => w.signals), [["SIGTERM"], ["SIGTERM"], ["SIGTERM"]]);
  assert.equal(forked.length, 3);
  assert.equal(supervisor.workers.length, 0);
});

test("a worker waiting to be replaced is not started after shutdown", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const { supervisor, forked } = supervised(1);
  supervisor.start();
  forked[0]?.crash();
  await supervisor.shutdown();
  t.mock.timers.tick(1000);
  assert.equal(forked.length, 1);
});

test("a worker dying before any worker served stops everything instead of looping", async () => {
  let failed = 0;
  const { supervisor, forked } = supervised(2, undefined, () => (failed += 1));
  supervisor.start();
  forked[0]?.crash(1);
  await supervisor.shutdown();
  await new Promise((done) => setImmediate(done));
  assert.equal(failed, 1);
  assert.equal(forked.length, 2);
  assert.deepEqual(forked[1]?.signals, ["SIGTERM"]);
});

test("once a worker has served, a crash is restarted even with a startup-failure handler", async () => {
  let failed = 0;
  const { supervisor, forked, forks } = supervised(1, undefined, () => (failed += 1));
  supervisor.start();
  forked[0]?.listening?.();
  const next = once(forks, "fork");
  forked[0]?.crash(1);
  await next;
  assert.equal(failed, 0);
  assert.equal(forked.length, 2);
  await supervisor.shutdown();
});
