/** Finding and importing the app module for `flagon run` and `flagon routes`. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { FlagonError } from "../routing/errors.js";

/** One row of `app.routes()`. */
export interface RouteInfo {
  rule: string;
  endpoint: string;
  methods: readonly string[];
}

/** What `app.listen()` resolves to. */
export interface ListeningServer {
  port: number;
  url: string;
  close(): Promise<void> | void;
}

/** The part of a `Flagon` app the CLI uses. */
export interface CliApp {
  routes(): readonly RouteInfo[];
  listen(options: { port?: number; host?: string }): Promise<ListeningServer>;
  config?: unknown;
  /** When present, `flagon run` turns it on so each request is logged. */
  logRequests?: boolean;
}

/** The app module cannot be found or does not export an app; the message says where flagon looked. */
export class AppNotFoundError extends FlagonError {
  constructor(message: string, options?: ErrorOptions) {
    super("FLAGON_APP_NOT_FOUND", message, options);
  }
}

/** Where `flagon run` looks when `--app` is not given, in order. */
export const APP_CANDIDATES = ["app.ts", "app.js", "app.mts", "app.mjs", "src/app.ts", "src/app.js"];

/**
 * Resolves `--app path[:name]` to an absolute file and an export name; without
 * it, `"flagon": { "app": "..." }` in the folder's package.json, then the
 * default candidates.
 */
export function findAppFile(cwd: string, option: string | undefined): { file: string; exportName: string | undefined } {
  option ??= packageJsonApp(cwd);
  if (option !== undefined) {
    // "app.ts:application" names the export; a Windows drive letter is not a name.
    const colon = option.lastIndexOf(":");
    const hasName = colon > 1 && /^[A-Za-z_$][\w$]*$/.test(option.slice(colon + 1));
    const path = hasName ? option.slice(0, colon) : option;
    const file = resolve(cwd, path);
    if (!isFile(file)) {
      throw new AppNotFoundError(
        `The app file "${path}" (from --app, FLAGON_APP or package.json "flagon.app") does not exist (looked for ${file}).`,
      );
    }
    return { file, exportName: hasName ? option.slice(colon + 1) : undefined };
  }
  for (const candidate of APP_CANDIDATES) {
    const file = resolve(cwd, candidate);
    if (isFile(file)) return { file, exportName: undefined };
  }
  throw new AppNotFoundError(
    `Could not find an app in ${cwd}: looked for ${APP_CANDIDATES.join(", ")}. ` +
      `Pass the file with --app path/to/app.ts or set FLAGON_APP.`,
  );
}

/** Imports the app module and returns its `app` export (or the named one, or the default export). */
export async function loadApp(file: string, exportName?: string): Promise<CliApp> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    if ((error as { code?: unknown }).code === "ERR_UNKNOWN_FILE_EXTENSION") {
      throw new AppNotFoundError(
        `Cannot import ${file}: TypeScript needs tsx. Start flagon through its "flagon" command, or run node with --import tsx.`,
        { cause: error },
      );
    }
    const code = (error as { code?: unknown }).code;
    // Only when the app file itself is what loaded as CommonJS, not a dependency of it.
    if ((code === "ERR_REQUIRE_CYCLE_MODULE" || code === "ERR_REQUIRE_ESM") && String((error as Error).message).includes(file)) {
      // Outside a package with "type": "module", a .ts file loads as CommonJS, where import.meta and import fail.
      throw new AppNotFoundError(
        `Cannot import ${file} as an ES module: add "type": "module" to the package.json beside it (create one if there is none), or name the file with .mts.`,
        { cause: error },
      );
    }
    throw error;
  }
  const names = exportName === undefined ? ["app", "default"] : [exportName];
  for (const name of names) {
    const candidate = mod[name];
    if (isApp(candidate)) return candidate;
  }
  const wanted = exportName === undefined ? `as "app" or as its default export` : `as "${exportName}"`;
  throw new AppNotFoundError(
    `${file} does not export a flagon app ${wanted}. Add "export const app = new Flagon(import.meta.url);" to it.`,
  );
}

/** `"flagon": { "app": "examples/site/app.ts" }` in package.json, for projects whose app is not at a default place. */
function packageJsonApp(cwd: string): string | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(resolve(cwd, "package.json"), "utf8"));
  } catch {
    return undefined;
  }
  const section = typeof manifest === "object" && manifest !== null ? (manifest as { flagon?: unknown }).flagon : undefined;
  const app = typeof section === "object" && section !== null ? (section as { app?: unknown }).app : undefined;
  return typeof app === "string" && app !== "" ? app : undefined;
}

function isApp(value: unknown): value is CliApp {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { routes?: unknown }).routes === "function" &&
    typeof (value as { listen?: unknown }).listen === "function"
  );
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
