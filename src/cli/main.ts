/** The `flagon` command: `flagon run` and `flagon routes`. */
import { parseArgs, USAGE } from "./args.js";
import { findAppFile, loadApp } from "./discover.js";
import { formatRoutes } from "./routes.js";
import { runServer, RUN_FROM_CLI_ENV, type CliIO } from "./run.js";
import { FlagonError } from "../routing/errors.js";

/**
 * Runs the command line `argv` (without `node` and the script); resolves to an
 * exit code, or to `undefined` when a server is left running.
 *
 * @example
 * process.exitCode = (await main(process.argv.slice(2))) ?? process.exitCode;
 */
export async function main(argv: readonly string[], io: CliIO = processIO(argv)): Promise<number | undefined> {
  try {
    const command = parseArgs(argv, io.env);
    if (command.command === "help") {
      io.out(USAGE.trimEnd());
      return 0;
    }
    if (command.command === "routes") {
      const { file, exportName } = findAppFile(io.cwd, command.app);
      io.env[RUN_FROM_CLI_ENV] = "true";
      const app = await loadApp(file, exportName);
      io.out(formatRoutes(app.routes(), { sort: command.sort, allMethods: command.allMethods }));
      return 0;
    }
    await runServer(command, io);
    return undefined;
  } catch (error) {
    // flagon's own errors already say what to do; a stack would only hide that.
    if (error instanceof FlagonError) io.err(`Error: ${error.message}`);
    else io.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return error instanceof FlagonError && error.code === "FLAGON_CLI_USAGE" ? 2 : 1;
  }
}

/** The real process's working directory, environment and output. */
export function processIO(argv: readonly string[]): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    entry: process.argv[1] ?? "",
    argv,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
}
