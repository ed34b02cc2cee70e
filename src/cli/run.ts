/**
 * `flagon run`: one process, N cluster workers, or (with `--debug`) the app
 * under the reloader. Every mode ends its children on SIGINT and SIGTERM.
 */
import cluster from "node:cluster";
import { dirname, relative } from "node:path";
import type { RunCommand } from "./args.js";
import { findAppFile, loadApp } from "./discover.js";
import { Supervisor, forkClusterWorker, onStopSignal } from "./supervisor.js";
import { runWithReloader, RUN_MAIN_ENV } from "../debug/reloader.js";

/** Set before the app module is imported, so a top-level `app.run()` steps aside (as `FLASK_RUN_FROM_CLI`). */
export const RUN_FROM_CLI_ENV = "FLAGON_RUN_FROM_CLI";

/** Where the CLI runs and writes; `main` passes the real process's. */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The script that started flagon and its arguments, for re-running it under the reloader or as a worker. */
  entry: string;
  argv: readonly string[];
  out(line: string): void;
  err(line: string): void;
}

/** Starts serving as `command` asks; resolves once the server (or the supervisor) runs. */
export async function runServer(command: RunCommand, io: CliIO): Promise<void> {
  const { file, exportName } = findAppFile(io.cwd, command.app);
  if (command.debug && io.env[RUN_MAIN_ENV] !== "true") return startReloader(file, io);
  if (command.workers !== undefined && cluster.isPrimary) return startWorkers(command.workers, file, io);

  io.env[RUN_FROM_CLI_ENV] = "true";
  const app = await loadApp(file, exportName);
  if (command.debug) setDebug(app.config);
  // One line per request, as `app.run()` logs.
  if (typeof app.logRequests === "boolean") app.logRequests = true;
  const server = await app.listen({ host: command.host, port: command.port });
  const worker = cluster.isWorker ? ` (worker ${process.pid})` : "";
  if (!cluster.isWorker) {
    io.err(` * Serving flagon app '${relative(io.cwd, file) || file}'`);
    io.err(` * Debug mode: ${command.debug ? "on" : "off"}`);
  }
  io.err(` * Running on ${server.url}${worker}`);
  if (!cluster.isWorker) io.err("Press CTRL+C to quit");
  onStopSignal(async () => {
    await server.close();
  });
}

function startReloader(file: string, io: CliIO): void {
  const watch = [io.cwd];
  const appDir = dirname(file);
  if (relative(io.cwd, appDir).startsWith("..")) watch.push(appDir);
  io.err(` * Restarting with a file watcher on ${watch.join(", ")}`);
  const reloader = runWithReloader(io.entry, io.argv, { watch, env: io.env, log: io.err });
  onStopSignal(() => reloader.close());
}

function startWorkers(count: number, file: string, io: CliIO): void {
  io.err(` * Serving flagon app '${relative(io.cwd, file) || file}' with ${count} workers (primary ${process.pid})`);
  cluster.setupPrimary({ exec: io.entry, args: [...io.argv] });
  const supervisor = new Supervisor({
    count,
    log: io.err,
    onStartupFailure: () => process.exit(1),
    fork: () => forkClusterWorker(io.env),
  });
  supervisor.start();
  onStopSignal((signal) => supervisor.shutdown(signal));
}


function setDebug(config: unknown): void {
  if (typeof config === "object" && config !== null) (config as Record<string, unknown>)["DEBUG"] = true;
}
