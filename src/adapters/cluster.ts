/**
 * `app.run({ workers })`: the primary process forks N workers under
 * node:cluster (they share the port) and keeps them alive with the CLI's
 * Supervisor; each worker runs the same module and serves through `app.run`.
 */
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import type { Flagon, ListeningServer, RunOptions } from "../app.js";
import { Supervisor, forkClusterWorker, onStopSignal } from "../cli/supervisor.js";
import { FlagonError } from "../routing/errors.js";
import { runApp } from "../server/node.js";

/** Raised when `workers` is not a whole number ≥ 1 (or `true`), or is combined with the reloader. */
export class WorkersOptionError extends FlagonError {
  constructor(problem: string) {
    super("FLAGON_WORKERS", `app.run({ workers }): ${problem}`);
  }
}

/** The number of workers `workers` asks for: `true` is one per CPU. */
export function workerCount(workers: number | true): number {
  if (workers === true) return availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new WorkersOptionError(`workers is ${String(workers)}; give a whole number ≥ 1, or true for one per CPU.`);
  return workers;
}

/** Runs `app` in `options.workers` cluster workers; in the primary resolves undefined once they are forked. */
export async function runWorkers(app: Flagon, options: RunOptions & { workers: number | true }): Promise<ListeningServer | undefined> {
  const { workers, ...serveOptions } = options;
  // Under `flagon run` the CLI serves (and runs its own workers with --workers).
  if (process.env["FLAGON_RUN_FROM_CLI"] === "true") return undefined;
  const count = workerCount(workers);
  if (options.debug === true || app.config.DEBUG) {
    throw new WorkersOptionError("debug runs one process under the reloader and cannot be combined with workers; drop one of them.");
  }
  if (cluster.isWorker) return runApp(app, serveOptions);
  process.stdout.write(` * Starting ${count} workers (primary ${process.pid})\n`);
  const supervisor = new Supervisor({
    count,
    // A worker that never listened means the app cannot start: stop instead of restarting forever.
    onStartupFailure: () => process.exit(1),
    fork: () => forkClusterWorker(),
  });
  supervisor.start();
  onStopSignal((signal) => supervisor.shutdown(signal));
  return undefined;
}
