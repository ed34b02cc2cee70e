/**
 * The request logger: one line per request, replaceable as a whole by any
 * object with `request` and `error`.
 */

/** What is known about a finished request. */
export interface RequestLogEntry {
  method: string;
  /** Path with its query string, as the client sent it. */
  path: string;
  status: number;
  /** Time from receiving the request to the response being ready, in milliseconds. */
  durationMs: number;
  remoteAddr?: string | undefined;
}

/** Where flagon reports requests and uncaught errors; set `app.logger` to replace it. */
export interface RequestLogger {
  request(entry: RequestLogEntry): void;
  error(error: unknown, entry?: Partial<RequestLogEntry>): void;
}

/** Formats one request as `127.0.0.1 - "GET /path" 200 1.2ms`. */
export function formatRequestLine(entry: RequestLogEntry): string {
  const ms = entry.durationMs < 10 ? entry.durationMs.toFixed(1) : Math.round(entry.durationMs).toString();
  // Control characters in the path could forge extra log lines.
  const path = entry.path.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return `${entry.remoteAddr ?? "-"} - "${entry.method} ${path}" ${entry.status} ${ms}ms`;
}

/**
 * The default logger: request lines and error stacks to stderr (or to `write`).
 *
 * @example
 * app.logger = createRequestLogger({ write: (line) => myLog.info(line) });
 */
export function createRequestLogger(options: { write?: (line: string) => void } = {}): RequestLogger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  return {
    request(entry) {
      write(formatRequestLine(entry));
    },
    error(error, entry) {
      const where = entry?.method !== undefined && entry.path !== undefined ? ` on ${entry.method} ${entry.path}` : "";
      const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
      write(`Exception${where}:\n${detail}`);
    },
  };
}

/** A logger that drops everything, for tests and for apps that log elsewhere. */
export const silentLogger: RequestLogger = {
  request() {},
  error() {},
};
