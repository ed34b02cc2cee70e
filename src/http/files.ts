/**
 * `sendFile` and `sendFromDirectory`: files streamed from disk with the
 * conditional and range handling of Werkzeug's `send_file`. The one file of
 * `http/` that touches `node:fs`, so fetch-only runtimes can leave it out.
 */
import { open, realpath, type FileHandle } from "node:fs/promises";
import { basename, isAbsolute, resolve, sep } from "node:path";
import { lookup } from "mrmime";
import { NotFound } from "./exceptions.js";

/** Options of `sendFile` and `sendFromDirectory`, as Flask's `send_file`. */
export interface SendFileOptions {
  /** Content type; guessed from `downloadName` or the path when absent. */
  mimetype?: string;
  /** `Content-Disposition: attachment` so browsers save instead of showing (else `inline`). */
  asAttachment?: boolean;
  /** File name the browser sees in `Content-Disposition`; defaults to the file's own name. */
  downloadName?: string;
  /**
   * Seconds clients may cache it (`Cache-Control: public, max-age=N`); absent means the app's
   * `SEND_FILE_MAX_AGE_DEFAULT` inside a request, and `no-cache` when that is `null`.
   */
  maxAge?: number;
  /** `true` (default) derives a strong ETag from size and mtime; a string is used as the ETag; `false` sends none. */
  etag?: boolean | string;
  /** Answer `If-Match`/`If-Unmodified-Since` with 412, `If-None-Match`/`If-Modified-Since` with 304 and `Range` with 206/416 (default true). */
  conditional?: boolean;
}

/** Read size of each chunk pulled from disk. */
const CHUNK_SIZE = 64 * 1024;

/** Werkzeug adds `charset=utf-8` to these besides `text/*`. */
const CHARSET_TYPES = new Set([
  "application/ecmascript",
  "application/javascript",
  "application/sql",
  "application/xml",
  "application/xml-dtd",
  "application/xml-external-parsed-entity",
]);

/**
 * Sends a file as a streamed web `Response`; a missing path or a directory is a `NotFound`.
 *
 * @example
 * return sendFile("/srv/report.pdf", { asAttachment: true }, request.headers, request.method);
 */
export async function sendFile(
  path: string,
  options: SendFileOptions = {},
  requestHeaders: Headers = new Headers(),
  method = "GET",
): Promise<Response> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new NotFound(undefined, { cause: error });
  }
  // Size and mtime come from the open handle, so they describe the bytes we stream.
  let keepOpen = false;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new NotFound();
    const size = stat.size;
    const headers = new Headers();
    // As Werkzeug: a path always gives a download name, so Content-Disposition is always sent,
    // `inline` unless asked to be an attachment.
    const name = options.downloadName ?? basename(path);
    headers.set("content-type", contentType(options.mimetype ?? lookup(name) ?? "application/octet-stream"));
    headers.set("content-disposition", contentDisposition(name, options.asAttachment === true));
    const lastModified = new Date(Math.floor(stat.mtimeMs / 1000) * 1000);
    headers.set("last-modified", lastModified.toUTCString());
    const etag = options.etag ?? true;
    if (etag !== false) {
      const tag = etag === true ? `${size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}` : etag;
      headers.set("etag", tag.startsWith('"') || tag.startsWith("W/") ? tag : `"${tag}"`);
    }
    if (options.maxAge !== undefined && options.maxAge > 0) {
      headers.set("cache-control", `public, max-age=${Math.floor(options.maxAge)}`);
      headers.set("expires", new Date(Date.now() + options.maxAge * 1000).toUTCString());
    } else {
      headers.set("cache-control", options.maxAge === 0 ? "no-cache, max-age=0" : "no-cache");
    }
    headers.set("accept-ranges", "bytes");

    const upper = method.toUpperCase();
    const readable = upper === "GET" || upper === "HEAD";
    let start = 0;
    let end = size - 1;
    let status = 200;
    if ((options.conditional ?? true) && readable) {
      if (preconditionFailed(requestHeaders, headers.get("etag"), lastModified)) {
        return new Response(null, { status: 412, headers: notModifiedHeaders(headers) });
      }
      if (notModified(requestHeaders, headers.get("etag"), lastModified)) {
        return new Response(null, { status: 304, headers: notModifiedHeaders(headers) });
      }
      const range = requestedRange(requestHeaders, size, headers.get("etag"), lastModified);
      if (range === "unsatisfiable") {
        const failed = new Headers({ "content-range": `bytes */${size}`, "accept-ranges": "bytes" });
        return new Response(null, { status: 416, headers: failed });
      }
      if (range !== undefined) {
        ({ start, end } = range);
        status = 206;
        headers.set("content-range", `bytes ${start}-${end}/${size}`);
      }
    }
    const length = Math.max(0, end - start + 1);
    headers.set("content-length", String(length));
    if (upper === "HEAD" || length === 0) return new Response(null, { status, headers });
    keepOpen = true;
    return new Response(fileStream(handle, start, end), { status, headers });
  } finally {
    if (!keepOpen) await handle.close();
  }
}

/**
 * Sends `name` from inside `dir`, never from outside it: `..` segments, encoded
 * dots or slashes, backslashes, absolute paths, NUL bytes and symlinks that
 * lead out of `dir` are all a `NotFound`, as a missing file is.
 */
export async function sendFromDirectory(
  dir: string,
  name: string,
  options: SendFileOptions = {},
  requestHeaders?: Headers,
  method?: string,
): Promise<Response> {
  // resolve() drops a trailing "/" or "/.", which would turn "data.txt/" into the file itself;
  // a file is not a folder, and the file system refuses such a path too (ENOTDIR).
  if (!isSafeName(name) || namesFolder(name)) throw new NotFound();
  const root = resolve(dir);
  const target = resolve(root, name);
  if (!isInside(root, target)) throw new NotFound();
  let realRoot: string;
  let realTarget: string;
  try {
    [realRoot, realTarget] = await Promise.all([realpath(root), realpath(target)]);
  } catch (error) {
    throw new NotFound(undefined, { cause: error });
  }
  if (!isInside(realRoot, realTarget)) throw new NotFound();
  // Named as asked, not as realpath found it: a symlink "latest.txt" is downloaded as "latest.txt".
  const named = options.downloadName === undefined ? { ...options, downloadName: basename(target) } : options;
  return sendFile(realTarget, named, requestHeaders, method);
}

/** True when `name` is a plain relative path with no way to climb out of its folder. */
export function isSafeName(name: string): boolean {
  if (name === "" || name.includes("\0") || name.includes("\\")) return false;
  if (isAbsolute(name) || /^[a-zA-Z]:/.test(name)) return false;
  // The name arrives percent-decoded once; what is still encoded was encoded twice on purpose.
  if (/%(?:2e|2f|5c|00)/i.test(name)) return false;
  return !name.split("/").some((segment) => segment === "..");
}

/** True when `name` ends as a folder does: `a/`, `a/.`. */
function namesFolder(name: string): boolean {
  return name.endsWith("/") || name.endsWith("/.") || name === ".";
}

function isInside(root: string, target: string): boolean {
  return target.startsWith(root.endsWith(sep) ? root : root + sep);
}

function contentType(mimetype: string): string {
  const essence = mimetype.split(";")[0]?.trim().toLowerCase() ?? "";
  const wantsCharset = essence.startsWith("text/") || CHARSET_TYPES.has(essence) || essence.endsWith("+xml");
  return wantsCharset && !/charset=/i.test(mimetype) ? `${mimetype}; charset=utf-8` : mimetype;
}

/** As Werkzeug: an ASCII `filename` for old clients plus RFC 5987 `filename*` when the name is not ASCII. */
function contentDisposition(name: string, asAttachment: boolean): string {
  const kind = asAttachment ? "attachment" : "inline";
  const ascii = name.normalize("NFKD").replace(/[^\x20-\x7e]/g, "");
  let value = `${kind}; filename="${ascii.replace(/["\\]/g, "\\$&")}"`;
  if (ascii !== name) {
    const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    value += `; filename*=UTF-8''${encoded}`;
  }
  return value;
}

/** RFC 9110, section 8.8.3.2: the same opaque tag, and neither weak. */
function strongMatch(candidate: string, etag: string | null): boolean {
  return etag !== null && !etag.startsWith("W/") && candidate === etag;
}

/**
 * RFC 9110, section 13.2.2: `If-Match` (strong comparison; `*` matches any file) and, without
 * it, `If-Unmodified-Since` fail the request with 412. Werkzeug checks them only around a 304;
 * nginx and Fastify's `send` check them as here, so a client resuming a download with
 * `If-Match` never splices two versions of a file.
 */
function preconditionFailed(request: Headers, etag: string | null, lastModified: Date): boolean {
  const ifMatch = request.get("if-match");
  if (ifMatch !== null) {
    if (ifMatch.trim() === "*") return false;
    return !ifMatch.split(",").some((candidate) => strongMatch(candidate.trim(), etag));
  }
  const since = request.get("if-unmodified-since");
  if (since === null) return false;
  const time = parseHttpDate(since);
  // An invalid date is ignored (RFC 9110, section 13.1.4).
  return time !== undefined && lastModified.getTime() > time;
}

/** RFC 9110: `If-None-Match` wins over `If-Modified-Since`; weak comparison for both. */
function notModified(request: Headers, etag: string | null, lastModified: Date): boolean {
  const ifNoneMatch = request.get("if-none-match");
  if (ifNoneMatch !== null) {
    if (etag === null) return false;
    if (ifNoneMatch.trim() === "*") return true;
    const ours = opaque(etag);
    return ifNoneMatch.split(",").some((candidate) => opaque(candidate.trim()) === ours);
  }
  const since = request.get("if-modified-since");
  if (since === null) return false;
  const time = parseHttpDate(since);
  // RFC 9110, section 13.1.3: an invalid date, or one later than the server's clock, is ignored.
  return time !== undefined && time <= Date.now() && lastModified.getTime() <= time;
}

const DAY_NAMES = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAY_NAMES = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
/** `Sun, 06 Nov 1994 08:49:37 GMT` */
const IMF_FIXDATE = new RegExp(`^${DAY_NAMES}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
/** `Sunday, 06-Nov-94 08:49:37 GMT` */
const RFC850_DATE = new RegExp(`^${LONG_DAY_NAMES}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
/** `Sun Nov  6 08:49:37 1994` */
const ASCTIME_DATE = new RegExp(`^${DAY_NAMES} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/**
 * Milliseconds since the epoch of an HTTP-date (RFC 9110, section 5.6.7: IMF-fixdate, or the
 * obsolete RFC 850 and asctime forms), or `undefined` for anything else. Unlike `Date.parse`,
 * which reads "2999" as a year, only these three forms count, case-sensitive as the RFC says.
 */
function parseHttpDate(text: string): number | undefined {
  let parts: [day: string, month: string, year: number, time: string[]];
  let match: RegExpExecArray | null;
  if ((match = IMF_FIXDATE.exec(text)) !== null) {
    const [, day = "", month = "", year = "", ...time] = match;
    parts = [day, month, Number(year), time];
  } else if ((match = RFC850_DATE.exec(text)) !== null) {
    const [, day = "", month = "", year = "", ...time] = match;
    parts = [day, month, twoDigitYear(Number(year)), time];
  } else if ((match = ASCTIME_DATE.exec(text)) !== null) {
    const [, month = "", day = "", hour = "", minute = "", second = "", year = ""] = match;
    parts = [day, month, Number(year), [hour, minute, second]];
  } else {
    return undefined;
  }
  const [dayText, month, year, time] = parts;
  const day = Number(dayText.trim());
  const [hour, minute, second] = time.map(Number) as [number, number, number];
  // 60 is a leap second (the RFC allows it); the Date carries it into the next minute.
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years below 100 as 19xx.
  date.setUTCFullYear(year, MONTHS.indexOf(month), day);
  // A day the month does not have (31 Feb) would roll over into the next month.
  if (date.getUTCDate() !== day) return undefined;
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** RFC 9110: a two-digit year more than 50 years ahead is the latest past year with those digits. */
function twoDigitYear(yy: number): number {
  const now = new Date().getUTCFullYear();
  let year = now - (now % 100) + yy;
  if (year > now + 50) year -= 100;
  return year;
}

function opaque(tag: string): string {
  return tag.startsWith("W/") ? tag.slice(2) : tag;
}

function notModifiedHeaders(headers: Headers): Headers {
  const kept = new Headers();
  for (const name of ["etag", "last-modified", "cache-control", "expires", "accept-ranges"]) {
    const value = headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  return kept;
}

/**
 * The single byte range asked for, `undefined` to send everything (no or
 * unparsable `Range`, several ranges, or a stale `If-Range`), or
 * `"unsatisfiable"` for a 416.
 */
function requestedRange(
  request: Headers,
  size: number,
  etag: string | null,
  lastModified: Date,
): { start: number; end: number } | "unsatisfiable" | undefined {
  const header = request.get("range");
  if (header === null) return undefined;
  const ifRange = request.get("if-range");
  if (ifRange !== null) {
    const trimmed = ifRange.trim();
    const fresh = trimmed.startsWith('"') || trimmed.startsWith("W/") ? strongMatch(trimmed, etag) : parseHttpDate(trimmed) === lastModified.getTime();
    if (!fresh) return undefined;
  }
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return undefined;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return undefined;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== "" && Number(last) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}

/** Pulls chunks only as the consumer reads, and closes the file on end, error or cancel. */
function fileStream(handle: FileHandle, start: number, end: number): ReadableStream<Uint8Array> {
  let position = start;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const want = Math.min(CHUNK_SIZE, end - position + 1);
          const chunk = new Uint8Array(want);
          const { bytesRead } = await handle.read(chunk, 0, want, position);
          position += bytesRead;
          // A file that shrank while streaming cannot fill the Content-Length already sent: ending
          // the body here would pass the short file off as whole (and leave a keep-alive client
          // waiting for the rest), so the stream fails and the server cuts the connection.
          if (bytesRead === 0) throw new Error(`The file shrank while it was sent: ${end - position + 1} of its ${end - start + 1} bytes are missing.`);
          controller.enqueue(bytesRead === want ? chunk : chunk.subarray(0, bytesRead));
          if (position > end) {
            await close();
            controller.close();
          }
        } catch (error) {
          await close().catch(() => {});
          controller.error(error);
        }
      },
      cancel: close,
    },
    { highWaterMark: 1 },
  );
}
