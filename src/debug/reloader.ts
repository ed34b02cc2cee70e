/**
 * The debug-mode reloader: runs the app in a child process and restarts it
 * when a source file changes, as Werkzeug's reloader does, without ever
 * leaving a child behind.
 */
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { EventEmitter } from "node:events";
import { watch, readdirSync, statSync, type FSWatcher } from "node:fs";
import { extname, join, resolve, basename } from "node:path";

/** Set in the child's environment, as Werkzeug's `WERKZEUG_RUN_MAIN`: "you are the app, do not start another reloader". */
export const RUN_MAIN_ENV = "FLAGON_RUN_MAIN";

/** Options of `runWithReloader`. */
export interface ReloaderOptions {
  /** Folders watched recursively (default: the current directory). */
  watch?: readonly string[];
  /** File endings that trigger a restart (default: JavaScript, TypeScript and JSON). */
  extensions?: readonly string[];
  /** Folder names never watched (default: `node_modules`, `.git` and other tool folders). */
  ignore?: readonly string[];
  /** Quiet time after the last change before restarting, in ms (default 50). */
  debounceMs?: number;
  /** Time a child gets to exit after SIGTERM before SIGKILL, in ms (default 3000). */
  killTimeoutMs?: number;
  /** The child's stdin, stdout and stderr (default: inherited); an IPC channel is always added. */
  stdio?: readonly ["inherit" | "pipe" | "ignore", "inherit" | "pipe" | "ignore", "inherit" | "pipe" | "ignore"];
  /** The child's environment (default: this process's), plus `FLAGON_RUN_MAIN=true`. */
  env?: NodeJS.ProcessEnv;
  /** Status lines such as " * Restarting: app.ts changed" (default: stderr). */
  log?: (line: string) => void;
}

/** Events of a running reloader. */
export interface ReloaderEvents {
  spawn: [child: ChildProcess];
  change: [file: string];
  exit: [code: number | null, signal: NodeJS.Signals | null];
  error: [error: Error];
}

const DEFAULT_EXTENSIONS = [".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs", ".jsx", ".json"];
const DEFAULT_IGNORE = ["node_modules", ".git", ".hg", ".svn", "dist", "coverage", ".cache", "test/artifacts"];

/**
 * Exits the child when the reloader goes away, even on SIGKILL: the IPC
 * channel closes with the parent. Unref'd so it never keeps the app alive.
 */
const CHILD_GUARD =
  'data:text/javascript,if(process.send){process.on("disconnect",()=>process.exit(0));process.channel.unref()}';

/** A running reloader; `close()` stops watching and ends the child. */
export class Reloader extends EventEmitter<ReloaderEvents> {
  #entryFile: string;
  #args: readonly string[];
  #options: ReloaderOptions;
  #watchers = new Map<string, FSWatcher>();
  #child: ChildProcess | undefined;
  #timer: NodeJS.Timeout | undefined;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;
  #log: (line: string) => void;

  constructor(entryFile: string, args: readonly string[], options: ReloaderOptions = {}) {
    super();
    this.#entryFile = resolve(entryFile);
    this.#args = args;
    this.#options = options;
    this.#log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    for (const root of options.watch ?? [process.cwd()]) this.#watchTree(resolve(root));
    // Started on the next turn so callers can listen for the first "spawn".
    this.#queue = new Promise((done) => setImmediate(done)).then(() => {
      if (!this.#closed) this.#start();
    });
  }

  /** The app's current process, if one runs. */
  get child(): ChildProcess | undefined {
    return this.#child;
  }

  /** Stops watching and ends the child and everything it started; resolves once they are gone. */
  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
    this.#queue = this.#queue.then(() => this.#stop());
    return this.#queue;
  }

  #start(): void {
    const execArgv: string[] = [];
    if (/\.[cm]?tsx?$/.test(this.#entryFile)) execArgv.push("--import", import.meta.resolve("tsx"));
    execArgv.push("--import", CHILD_GUARD);
    const stdio: StdioOptions = [...(this.#options.stdio ?? ["inherit", "inherit", "inherit"]), "ipc"];
    const child = spawn(process.execPath, [...execArgv, this.#entryFile, ...this.#args], {
      stdio,
      // Its own process group, so a restart also ends whatever the app started.
      detached: true,
      env: { ...(this.#options.env ?? process.env), [RUN_MAIN_ENV]: "true" },
    });
    this.#child = child;
    child.on("error", (error) => this.emit("error", error));
    child.on("exit", (code, signal) => {
      if (this.#child === child) this.#child = undefined;
      this.emit("exit", code, signal);
      if (!stopping.has(child)) {
        // The app died by itself; whatever it started goes with it, as on a restart.
        if (child.pid !== undefined) killGroup(child.pid, "SIGTERM");
        if (!this.#closed) this.#log(` * The app exited (${signal ?? `code ${code}`}); waiting for a change to restart it`);
      }
    });
    this.emit("spawn", child);
  }

  async #stop(): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.pid === undefined) return;
    stopping.add(child);
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((done) => child.once("exit", () => done()));
    killGroup(child.pid, "SIGTERM");
    const timeout = setTimeout(() => killGroup(child.pid ?? 0, "SIGKILL"), this.#options.killTimeoutMs ?? 3000);
    await exited;
    clearTimeout(timeout);
    // Whatever the app started and left running goes too.
    killGroup(child.pid, "SIGKILL");
    this.#child = undefined;
  }

  #changed(file: string): void {
    if (this.#closed) return;
    const extensions = this.#options.extensions ?? DEFAULT_EXTENSIONS;
    if (extensions.length > 0 && !extensions.includes(extname(file))) return;
    this.emit("change", file);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#queue = this.#queue.then(async () => {
        if (this.#closed) return;
        this.#log(` * Detected change in ${file}, reloading`);
        await this.#stop();
        if (!this.#closed) this.#start();
      });
    }, this.#options.debounceMs ?? 50);
  }

  /**
   * One non-recursive watcher per folder: Node 20's recursive watch on Linux
   * walks every folder, node_modules included, before reporting anything.
   */
  #watchTree(dir: string): void {
    if (this.#closed || this.#watchers.has(dir) || this.#ignored(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (_event, name) => {
        if (name === null) return;
        const full = join(dir, name.toString());
        if (isDirectory(full)) this.#watchTree(full);
        this.#changed(full);
      });
    } catch {
      return;
    }
    watcher.on("error", () => {
      watcher.close();
      this.#watchers.delete(dir);
    });
    this.#watchers.set(dir, watcher);
    let entries: string[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    } catch {
      return;
    }
    for (const name of entries) this.#watchTree(join(dir, name));
  }

  #ignored(dir: string): boolean {
    const ignore = this.#options.ignore ?? DEFAULT_IGNORE;
    const name = basename(dir);
    return ignore.some((pattern) => (pattern.includes("/") ? dir.endsWith(`/${pattern}`) : pattern === name));
  }
}

const stopping = new WeakSet<ChildProcess>();

/**
 * Runs `entryFile` (TypeScript through tsx) in a child process with `args`,
 * restarting it when a watched source file changes.
 *
 * @example
 * if (process.env.FLAGON_RUN_MAIN !== "true") runWithReloader(process.argv[1]!, process.argv.slice(2));
 */
export function runWithReloader(entryFile: string, args: readonly string[] = [], options: ReloaderOptions = {}): Reloader {
  return new Reloader(entryFile, args, options);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
