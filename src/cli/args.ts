/** Parsing of `flagon run` and `flagon routes` command lines. */
import { availableParallelism } from "node:os";
import { FlagonError } from "../routing/errors.js";

/** `flagon run`: serve the app. */
export interface RunCommand {
  command: "run";
  app: string | undefined;
  host: string;
  port: number;
  debug: boolean;
  /** Worker processes under node:cluster; `undefined` runs in this process. */
  workers: number | undefined;
}

/** How `flagon routes` orders the table, as `flask routes --sort`. */
export type RouteSort = "endpoint" | "methods" | "rule" | "match";

/** `flagon routes`: print the route table. */
export interface RoutesCommand {
  command: "routes";
  app: string | undefined;
  sort: RouteSort;
  allMethods: boolean;
}

export interface HelpCommand {
  command: "help";
}

export type CliCommand = RunCommand | RoutesCommand | HelpCommand;

/** A command line flagon cannot understand; the message says what to type instead. */
export class CliUsageError extends FlagonError {
  constructor(problem: string) {
    super("FLAGON_CLI_USAGE", `${problem}. Run "flagon --help" for usage.`);
  }
}

export const USAGE = `Usage: flagon <command> [options]

Commands:
  run      Serve the app
  routes   Show the app's routes

Options of run:
  --app PATH[:NAME]    The app module; NAME is the export (default: app, then
                       the default export). Without --app: env FLAGON_APP, then
                       "flagon": { "app": ... } in package.json, then app.ts,
                       app.js or src/app.ts
  --host HOST          Interface to bind (default 127.0.0.1)
  --port PORT          Port to bind (default 5000)
  --debug              Reloader and debug error page on (never in production)
  --workers [N]        N processes under node:cluster (default: one per CPU)

Options of routes:
  --app PATH[:NAME]    As above
  --sort KEY           endpoint (default), methods, rule or match
  --all-methods        Also show HEAD and OPTIONS
`;

const SORTS: readonly RouteSort[] = ["endpoint", "methods", "rule", "match"];

/**
 * Parses a command line (without `node` and the script); throws `CliUsageError`.
 *
 * @example
 * parseArgs(["run", "--port", "8000", "--debug"]);
 */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") return { command: "help" };
  if (command !== "run" && command !== "routes") throw new CliUsageError(`Unknown command "${command}"; use "run" or "routes"`);
  const flags = readFlags(rest, command === "run" ? RUN_FLAGS : ROUTES_FLAGS);
  if (flags.has("help")) return { command: "help" };
  const app = flags.get("app") ?? (env["FLAGON_APP"] || undefined);
  if (command === "routes") {
    const sort = flags.get("sort") ?? "endpoint";
    if (!(SORTS as readonly string[]).includes(sort)) {
      throw new CliUsageError(`--sort must be one of ${SORTS.join(", ")}, not "${sort}"`);
    }
    return { command: "routes", app, sort: sort as RouteSort, allMethods: flags.has("all-methods") };
  }
  const port = integer("--port", flags.get("port") ?? "5000", 0, 65535);
  let workers: number | undefined;
  if (flags.has("workers")) {
    const value = flags.get("workers");
    workers = value === "" ? availableParallelism() : integer("--workers", value ?? "", 1, 1024);
  }
  const debug = flags.has("debug");
  if (debug && workers !== undefined) {
    throw new CliUsageError("--debug runs one process under the reloader and cannot be combined with --workers");
  }
  return { command: "run", app, host: flags.get("host") ?? "127.0.0.1", port, debug, workers };
}

/** Flags each command accepts: `true` when the flag takes a value, `"optional"` when it may. */
type FlagSpec = Readonly<Record<string, boolean | "optional">>;
const RUN_FLAGS: FlagSpec = { app: true, host: true, port: true, debug: false, workers: "optional", help: false };
const ROUTES_FLAGS: FlagSpec = { app: true, sort: true, "all-methods": false, help: false };

/** Reads `--name value`, `--name=value` and bare `--name`; a bare flag is stored as "". */
function readFlags(args: readonly string[], spec: FlagSpec): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (arg === "-h") {
      flags.set("help", "");
      continue;
    }
    if (!arg.startsWith("--")) throw new CliUsageError(`Unexpected argument "${arg}"`);
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = spec[name];
    if (kind === undefined) throw new CliUsageError(`Unknown option "--${name}"`);
    if (kind === false) {
      if (eq !== -1) throw new CliUsageError(`--${name} takes no value`);
      flags.set(name, "");
      continue;
    }
    if (eq !== -1) {
      flags.set(name, arg.slice(eq + 1));
      continue;
    }
    const next = args[i + 1];
    if (next === undefined || next.startsWith("--")) {
      if (kind === true) throw new CliUsageError(`--${name} needs a value`);
      flags.set(name, "");
      continue;
    }
    flags.set(name, next);
    i += 1;
  }
  return flags;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new CliUsageError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}
