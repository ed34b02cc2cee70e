/**
 * Keeps N worker processes alive: a worker that dies is replaced after a
 * back-off that grows while it keeps crashing, and `shutdown` passes the
 * signal to every worker and waits for all of them.
 */
import cluster from "node:cluster";

/** The part of a cluster `Worker` the supervisor uses (so tests can pass fakes). */
export interface SupervisedWorker {
  readonly pid: number | undefined;
  kill(signal: NodeJS.Signals): void;
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** Called once the worker serves; lets the supervisor tell a broken app from a crash. */
  onListening?(listener: () => void): void;
}

export interface SupervisorOptions {
  count: number;
  fork: () => SupervisedWorker;
  log?: (line: string) => void;
  /** First back-off in ms (default 100), doubled per crash in a row up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A worker that lived this long resets its slot's crash count (default 10 s). */
  stableAfterMs?: number;
  /** Time workers get to exit after the shutdown signal before SIGKILL (default 10 s). */
  killTimeoutMs?: number;
  now?: () => number;
  /**
   * Called instead of restarting when a worker dies before any worker ever
   * listened: the app cannot start (bad import, port taken), and retrying
   * would only loop. Without it such workers are restarted like any other.
   */
  onStartupFailure?: () => void;
}

interface Slot {
  worker: SupervisedWorker | undefined;
  startedAt: number;
  crashes: number;
  timer: NodeJS.Timeout | undefined;
}

/** The delay before restarting a worker that crashed `crashes` times in a row. */
export function restartDelay(crashes: number, baseDelayMs = 100, maxDelayMs = 30_000): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, crashes - 1));
}

/** Supervises workers; see `SupervisorOptions`. */
export class Supervisor {
  #options: SupervisorOptions;
  #slots: Slot[] = [];
  #stopping: Promise<void> | undefined;
  #log: (line: string) => void;
  #now: () => number;
  #served = false;

  constructor(options: SupervisorOptions) {
    this.#options = options;
    this.#log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.#now = options.now ?? Date.now;
  }

  /** Forks every worker. */
  start(): void {
    for (let i = 0; i < this.#options.count; i += 1) {
      const slot: Slot = { worker: undefined, startedAt: 0, crashes: 0, timer: undefined };
      this.#slots.push(slot);
      this.#spawn(slot);
    }
  }

  /** Live workers, for tests and status output. */
  get workers(): SupervisedWorker[] {
    return this.#slots.flatMap((slot) => (slot.worker === undefined ? [] : [slot.worker]));
  }

  /** Sends `signal` to every worker, stops replacing them, and resolves when all have exited. */
  shutdown(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    this.#stopping ??= this.#shutdown(signal);
    return this.#stopping;
  }

  async #shutdown(signal: NodeJS.Signals): Promise<void> {
    const exits: Promise<void>[] = [];
    for (const slot of this.#slots) {
      clearTimeout(slot.timer);
      const worker = slot.worker;
      if (worker === undefined) continue;
      exits.push(new Promise((done) => worker.onExit(() => done())));
      worker.kill(signal);
    }
    const timeout = setTimeout(() => {
      for (const worker of this.workers) worker.kill("SIGKILL");
    }, this.#options.killTimeoutMs ?? 10_000);
    await Promise.all(exits);
    clearTimeout(timeout);
  }

  #spawn(slot: Slot): void {
    slot.timer = undefined;
    const worker = this.#options.fork();
    slot.worker = worker;
    slot.startedAt = this.#now();
    worker.onListening?.(() => {
      this.#served = true;
    });
    worker.onExit((code, signal) => {
      if (slot.worker === worker) slot.worker = undefined;
      if (this.#stopping !== undefined) return;
      const onStartupFailure = this.#options.onStartupFailure;
      if (!this.#served && onStartupFailure !== undefined) {
        this.#log(` * Worker ${worker.pid ?? "?"} exited (${signal ?? `code ${code}`}) before serving; stopping`);
        void this.shutdown().then(onStartupFailure);
        return;
      }
      if (this.#now() - slot.startedAt >= (this.#options.stableAfterMs ?? 10_000)) slot.crashes = 0;
      slot.crashes += 1;
      const delay = restartDelay(slot.crashes, this.#options.baseDelayMs, this.#options.maxDelayMs);
      this.#log(` * Worker ${worker.pid ?? "?"} exited (${signal ?? `code ${code}`}); starting a new one in ${delay} ms`);
      slot.timer = setTimeout(() => this.#spawn(slot), delay);
    });
  }
}

/** A node:cluster worker as the supervisor drives it; signals go straight to its process, whose own handler drains it. */
export function forkClusterWorker(env?: NodeJS.ProcessEnv): SupervisedWorker {
  const worker = cluster.fork(env);
  return {
    get pid() {
      return worker.process.pid;
    },
    kill: (signal) => void worker.process.kill(signal),
    onExit: (listener) => void worker.once("exit", listener),
    onListening: (listener) => void worker.once("listening", () => listener()),
  };
}

/** Runs `stop` once on the first SIGINT or SIGTERM, then exits (0, or 1 if it failed); a second signal exits at once. */
export function onStopSignal(stop: (signal: NodeJS.Signals) => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}
