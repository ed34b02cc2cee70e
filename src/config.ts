import type { ProxyFix, ProxyFixOptions } from "./proxy.js";
/** The application's configuration: Flask's keys and defaults, plus loaders. */

/** The keys flagon reads, with their types. */
export interface ConfigValues {
  DEBUG: boolean;
  /** Testing mode: uncaught errors propagate while `PROPAGATE_EXCEPTIONS` is `null`, as in Flask. */
  TESTING: boolean;
  /** Signs the session cookie; required to write a session. */
  SECRET_KEY: string | null;
  /** Older keys still accepted when reading a session cookie (key rotation). */
  SECRET_KEY_FALLBACKS: string[];
  /** Largest accepted body in bytes (413 above); `null` for no limit. */
  MAX_CONTENT_LENGTH: number | null;
  /** Largest non-file form field in bytes (413 above). */
  MAX_FORM_MEMORY_SIZE: number | null;
  /** Most fields + files in one form (413 above). */
  MAX_FORM_PARTS: number | null;
  /** Longest request target (path + query) in bytes (414 above); `null` for no limit. */
  MAX_URL_LENGTH: number | null;
  /** Most `key=value` pairs read from a query string (400 above, when `request.args` is read). */
  MAX_QUERY_PARAMETERS: number | null;
  /** Deepest nesting of arrays and objects in a JSON body (400 above, when the JSON is read). */
  MAX_JSON_DEPTH: number | null;
  /** Largest request head (request line + headers) in bytes, node's `maxHeaderSize` (431 above). */
  MAX_HEADER_SIZE: number;
  /** Most simultaneous connections the node server accepts (`null`: no limit; extra ones are closed). */
  MAX_CONNECTIONS: number | null;
  /** Seconds a client has to send the whole request head (408 after). */
  HEADERS_TIMEOUT: number;
  /** Seconds a client has to send the whole request, body included (408 after). */
  REQUEST_TIMEOUT: number;
  /** Seconds an idle keep-alive connection stays open. */
  KEEP_ALIVE_TIMEOUT: number;
  /** Seconds a graceful shutdown waits for in-flight requests before closing their connections. */
  SHUTDOWN_TIMEOUT: number;
  /** `host[:port]` used by `urlFor(..., { _external: true })` outside a request. */
  SERVER_NAME: string | null;
  APPLICATION_ROOT: string;
  PREFERRED_URL_SCHEME: string;
  SESSION_COOKIE_NAME: string;
  SESSION_COOKIE_DOMAIN: string | null;
  SESSION_COOKIE_PATH: string | null;
  SESSION_COOKIE_HTTPONLY: boolean;
  SESSION_COOKIE_SECURE: boolean;
  SESSION_COOKIE_SAMESITE: "Lax" | "Strict" | "None" | null;
  /** Adds `Partitioned` (CHIPS) to the session cookie; browsers then require `SESSION_COOKIE_SECURE` too. */
  SESSION_COOKIE_PARTITIONED: boolean;
  /** Seconds a permanent session lives (and the oldest signature accepted). */
  PERMANENT_SESSION_LIFETIME: number;
  /** Re-send a permanent session's cookie on every request, so its expiry slides (as Flask, default true). */
  SESSION_REFRESH_EACH_REQUEST: boolean;
  /**
   * Seconds static files and `sendFile`/`sendFromDirectory` (without `maxAge`) may be cached:
   * `Cache-Control: public, max-age=N`; `null` sends `no-cache` (clients revalidate).
   */
  SEND_FILE_MAX_AGE_DEFAULT: number | null;
  /** Sort object keys in JSON responses made by `jsonify`. */
  JSON_SORT_KEYS: boolean;
  /** Re-raise uncaught errors out of `app.fetch` instead of answering 500 (tests); `null` follows `TESTING`. */
  PROPAGATE_EXCEPTIONS: boolean | null;
  /** Proxies in front of the app whose X-Forwarded-* headers are believed: a hop count or `proxyFix()`; `null`: none. */
  TRUSTED_PROXIES: number | ProxyFix | ProxyFixOptions | null;
}

/**
 * Flask's defaults, with safe limits added: a 16 MiB body, 8 KiB URLs, 1000
 * query parameters, JSON nested at most 64 deep (see docs/security.md).
 */
export const DEFAULT_CONFIG: Readonly<ConfigValues> = Object.freeze({
  DEBUG: false,
  TESTING: false,
  SECRET_KEY: null,
  SECRET_KEY_FALLBACKS: [],
  MAX_CONTENT_LENGTH: 16 * 1024 * 1024,
  MAX_FORM_MEMORY_SIZE: 500_000,
  MAX_FORM_PARTS: 1000,
  MAX_URL_LENGTH: 8192,
  MAX_QUERY_PARAMETERS: 1000,
  MAX_JSON_DEPTH: 64,
  MAX_HEADER_SIZE: 16 * 1024,
  MAX_CONNECTIONS: null,
  HEADERS_TIMEOUT: 20,
  REQUEST_TIMEOUT: 60,
  KEEP_ALIVE_TIMEOUT: 5,
  SHUTDOWN_TIMEOUT: 10,
  SERVER_NAME: null,
  APPLICATION_ROOT: "/",
  PREFERRED_URL_SCHEME: "http",
  SESSION_COOKIE_NAME: "session",
  SESSION_COOKIE_DOMAIN: null,
  SESSION_COOKIE_PATH: null,
  SESSION_COOKIE_HTTPONLY: true,
  SESSION_COOKIE_SECURE: false,
  SESSION_COOKIE_SAMESITE: "Lax",
  SESSION_COOKIE_PARTITIONED: false,
  PERMANENT_SESSION_LIFETIME: 31 * 24 * 60 * 60,
  SESSION_REFRESH_EACH_REQUEST: true,
  SEND_FILE_MAX_AGE_DEFAULT: null,
  JSON_SORT_KEYS: false,
  PROPAGATE_EXCEPTIONS: null,
  TRUSTED_PROXIES: null,
});

/** Names that would reach an object's prototype instead of a key of its own. */
const UNSAFE_KEYS = new Set(["__proto__", "prototype", "constructor"]);

/**
 * `app.config`: the keys of ConfigValues plus any of your own (upper-case by convention).
 * @example app.config.fromEnv("FLAGON_"); app.config.SECRET_KEY = "...";
 */
export class Config implements ConfigValues {
  [key: string]: unknown;
  declare DEBUG: boolean;
  declare TESTING: boolean;
  declare SECRET_KEY: string | null;
  declare SECRET_KEY_FALLBACKS: string[];
  declare MAX_CONTENT_LENGTH: number | null;
  declare MAX_FORM_MEMORY_SIZE: number | null;
  declare MAX_FORM_PARTS: number | null;
  declare MAX_URL_LENGTH: number | null;
  declare MAX_QUERY_PARAMETERS: number | null;
  declare MAX_JSON_DEPTH: number | null;
  declare MAX_HEADER_SIZE: number;
  declare MAX_CONNECTIONS: number | null;
  declare HEADERS_TIMEOUT: number;
  declare REQUEST_TIMEOUT: number;
  declare KEEP_ALIVE_TIMEOUT: number;
  declare SHUTDOWN_TIMEOUT: number;
  declare SERVER_NAME: string | null;
  declare APPLICATION_ROOT: string;
  declare PREFERRED_URL_SCHEME: string;
  declare SESSION_COOKIE_NAME: string;
  declare SESSION_COOKIE_DOMAIN: string | null;
  declare SESSION_COOKIE_PATH: string | null;
  declare SESSION_COOKIE_HTTPONLY: boolean;
  declare SESSION_COOKIE_SECURE: boolean;
  declare SESSION_COOKIE_SAMESITE: "Lax" | "Strict" | "None" | null;
  declare SESSION_COOKIE_PARTITIONED: boolean;
  declare PERMANENT_SESSION_LIFETIME: number;
  declare SESSION_REFRESH_EACH_REQUEST: boolean;
  declare SEND_FILE_MAX_AGE_DEFAULT: number | null;
  declare JSON_SORT_KEYS: boolean;
  declare PROPAGATE_EXCEPTIONS: boolean | null;
  declare TRUSTED_PROXIES: number | ProxyFix | ProxyFixOptions | null;

  /** The app's root (Flask's `root_path`), which relative `fromFile` paths start from. A private field, so no config key. */
  readonly #root: string | undefined;

  constructor(initial?: Partial<ConfigValues> & Record<string, unknown>, root?: string) {
    Object.assign(this, DEFAULT_CONFIG, { SECRET_KEY_FALLBACKS: [] });
    this.#root = root;
    if (initial !== undefined) this.fromObject(initial);
  }

  /**
   * Copies the upper-case keys of `source`, as Flask's `from_object`. A key given as `undefined`
   * (an unset environment variable: `{ SECRET_KEY: process.env.SECRET_KEY }`) keeps its value, as
   * an option left out would: copied, it turned limits off and left SECRET_KEY neither set nor `null`.
   */
  fromObject(source: Readonly<Record<string, unknown>>): this {
    for (const key of Object.keys(source)) {
      if (key === key.toUpperCase() && source[key] !== undefined) this[key] = source[key];
    }
    return this;
  }

  /**
   * Loads `PREFIX_KEY` environment variables as `KEY`; values that parse as
   * JSON (`true`, `5`, `{"a":1}`) are parsed, others stay strings. As Flask's
   * `from_prefixed_env`, `PREFIX_KEY__INNER` sets `INNER` in the object at
   * `KEY`, made if missing, and variables are read in sorted order.
   */
  fromEnv(prefix = "FLAGON_", env: Readonly<Record<string, string | undefined>> = readEnv()): this {
    for (const name of Object.keys(env).sort()) {
      const raw = env[name];
      if (!name.startsWith(prefix) || raw === undefined) continue;
      const [key = "", ...path] = name.slice(prefix.length).split("__");
      // Only upper-case keys, as fromObject, and inner keys with a name: "__proto__" from the
      // environment must not reach a prototype.
      if (key.length === 0 || key !== key.toUpperCase() || path.some((part) => part === "" || UNSAFE_KEYS.has(part))) continue;
      let value: unknown = raw;
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
      if (path.length === 0) {
        this[key] = value;
        continue;
      }
      let target = this as Record<string, unknown>;
      for (const part of [key, ...path.slice(0, -1)]) {
        // Own keys only: `toString` in a variable's name is a new key, not Object's method.
        const next = Object.hasOwn(target, part) ? target[part] : undefined;
        if (next === undefined || next === null) target = target[part] = {};
        else if (typeof next === "object") target = next as Record<string, unknown>;
        else throw new TypeError(`fromEnv: ${name} sets a key inside '${part}', which holds ${typeof next}, not an object`);
      }
      target[path.at(-1)!] = value;
    }
    return this;
  }

  /**
   * Loads the upper-case keys of a JSON file; `silent` ignores a missing file. A relative path is
   * read from the app's root, as Flask's `from_file` reads it from `root_path`, not from the
   * directory the process started in (`flagon run` may start anywhere above the app).
   */
  async fromFile(path: string, options: { silent?: boolean } = {}): Promise<this> {
    const { readFile } = await import("node:fs/promises");
    const file = this.#root === undefined ? path : (await import("./server/paths.js")).resolveFolder(this.#root, path);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if (options.silent === true && (error as { code?: string }).code === "ENOENT") return this;
      throw new Error(`Unable to load configuration file ${file}: ${(error as Error).message}`, { cause: error });
    }
    return this.fromObject(JSON.parse(text) as Record<string, unknown>);
  }

  /** The keys starting with `prefix`, without it and lower-cased (Flask's `get_namespace`). */
  getNamespace(prefix: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(this)) {
      if (key.startsWith(prefix)) out[key.slice(prefix.length).toLowerCase()] = this[key];
    }
    return out;
  }
}

function readEnv(): Record<string, string | undefined> {
  const proc = (globalThis as { process?: { env: Record<string, string | undefined> } }).process;
  return proc?.env ?? {};
}
