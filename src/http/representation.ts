/**
 * What every file flagon sends shares, wherever its bytes come from: the content type and
 * disposition, the validators (`ETag`, `Last-Modified`), caching, and the answers to
 * conditional and range requests, as Werkzeug's `send_file` gives them (RFC 9110). Runtime-free:
 * `sendFile` of bytes in memory works where there is no file system; `files.ts` adds the disk.
 */
import { lookup } from "mrmime";
import { FlagonError } from "../routing/errors.js";
import { FileStorage } from "./uploads.js";

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

/** Werkzeug adds `charset=utf-8` to these besides `text/*`. */
const CHARSET_TYPES = new Set([
  "application/ecmascript",
  "application/javascript",
  "application/sql",
  "application/xml",
  "application/xml-dtd",
  "application/xml-external-parsed-entity",
]);

/** What is sent: its size, what it may be validated by, and its bytes from `start` to `end` (inclusive). */
export interface Representation {
  readonly size: number;
  /** Its content type when it carries one (a `Blob`'s), used when `name` tells none. */
  readonly type: string | undefined;
  /** The name it is sent as: it names the download, and the type is guessed from it. */
  readonly name: string | undefined;
  /** To the second, as `Last-Modified` carries it; none for bytes made by the view. */
  readonly lastModified: Date | undefined;
  /** The tag `etag: true` gives; none where there is nothing cheap to derive one from. */
  readonly derivedEtag: string | undefined;
  /** Called only when a body is sent. */
  body(start: number, end: number): BodyInit;
}

/**
 * The response to a GET or HEAD (or any other method, answered in full) of `sent`: 200 with
 * every byte, 206 with the range asked for, 304 or 412 to a conditional request, 416 to a
 * range past the end.
 */
export function respondWith(sent: Representation, options: SendFileOptions, requestHeaders: Headers, method: string): Response {
  const { size, name, lastModified } = sent;
  const headers = new Headers();
  // The name first, as Werkzeug: it is the app's word, where a Blob's type may not be.
  const mimetype = options.mimetype ?? (name === undefined ? undefined : lookup(name)) ?? sent.type ?? "application/octet-stream";
  headers.set("content-type", contentType(mimetype));
  // As Werkzeug: a name gives Content-Disposition, `inline` unless asked to be an attachment.
  if (name !== undefined) headers.set("content-disposition", contentDisposition(name, options.asAttachment === true));
  if (lastModified !== undefined) headers.set("last-modified", lastModified.toUTCString());
  const etag = options.etag ?? true;
  const tag = etag === true ? sent.derivedEtag : etag === false ? undefined : etag;
  if (tag !== undefined) headers.set("etag", tag.startsWith('"') || tag.startsWith("W/") ? tag : `"${tag}"`);
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
  return new Response(sent.body(start, end), { status, headers });
}

/** Bytes a view made, as `sendFile` takes them: a `Blob` (a `File`, an upload) or bytes. */
export type SendableData = Blob | ArrayBuffer | ArrayBufferView;

/** Raised when bytes are sent with nothing to tell their content type by. */
export class SendFileError extends FlagonError {
  constructor(message: string) {
    super("FLAGON_SEND_FILE", message);
  }
}

/**
 * The representation of bytes in memory, as Werkzeug's `send_file` of a file object: named by
 * `downloadName` (or a `File`'s own name), typed by `mimetype`, that name, or else a `Blob`'s
 * own type, validated only by an `etag` string given (there is no modification time, and
 * hashing every download to derive a tag would cost more than resending small files).
 *
 * An upload (`FileStorage`) lends neither its name nor its type: both are what the client
 * said, and a part sent as `text/html` and served inline would run its script on the app's
 * origin whatever name the app gave it.
 */
export function dataRepresentation(data: SendableData, options: SendFileOptions): Representation {
  const blob = data instanceof Blob ? data : undefined;
  const bytes = blob === undefined ? asBytes(data as ArrayBuffer | ArrayBufferView) : undefined;
  const upload = data instanceof FileStorage;
  if (upload && options.mimetype === undefined && options.downloadName === undefined) {
    throw new SendFileError(
      "sendFile(upload): an upload's own name and type are the client's; pass downloadName (e.g. secureFilename(file.filename)) or mimetype.",
    );
  }
  const fileName = !upload && typeof File === "function" && data instanceof File && data.name !== "" ? data.name : undefined;
  const name = options.downloadName ?? fileName;
  const type = !upload && blob !== undefined && blob.type !== "" ? blob.type : undefined;
  if (options.mimetype === undefined && type === undefined && name === undefined) {
    throw new SendFileError("sendFile(data): cannot tell the content type of bytes without a name; pass mimetype or downloadName.");
  }
  if (options.asAttachment === true && name === undefined) {
    throw new SendFileError("sendFile(data, { asAttachment: true }): an attachment needs a name; pass downloadName.");
  }
  return {
    size: blob?.size ?? bytes!.byteLength,
    type,
    name,
    lastModified: undefined,
    derivedEtag: undefined,
    body: (start, end) => (blob !== undefined ? blob.slice(start, end + 1) : bytes!.subarray(start, end + 1)),
  };
}

function asBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  return (data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) as Uint8Array<ArrayBuffer>;
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
function preconditionFailed(request: Headers, etag: string | null, lastModified: Date | undefined): boolean {
  const ifMatch = request.get("if-match");
  if (ifMatch !== null) {
    if (ifMatch.trim() === "*") return false;
    return !ifMatch.split(",").some((candidate) => strongMatch(candidate.trim(), etag));
  }
  const since = request.get("if-unmodified-since");
  if (since === null || lastModified === undefined) return false;
  const time = parseHttpDate(since);
  // An invalid date is ignored (RFC 9110, section 13.1.4).
  return time !== undefined && lastModified.getTime() > time;
}

/** RFC 9110: `If-None-Match` wins over `If-Modified-Since`; weak comparison for both. */
function notModified(request: Headers, etag: string | null, lastModified: Date | undefined): boolean {
  const ifNoneMatch = request.get("if-none-match");
  if (ifNoneMatch !== null) {
    if (etag === null) return false;
    if (ifNoneMatch.trim() === "*") return true;
    const ours = opaque(etag);
    return ifNoneMatch.split(",").some((candidate) => opaque(candidate.trim()) === ours);
  }
  const since = request.get("if-modified-since");
  if (since === null || lastModified === undefined) return false;
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
  lastModified: Date | undefined,
): { start: number; end: number } | "unsatisfiable" | undefined {
  const header = request.get("range");
  if (header === null) return undefined;
  const ifRange = request.get("if-range");
  if (ifRange !== null) {
    const trimmed = ifRange.trim();
    const fresh = trimmed.startsWith('"') || trimmed.startsWith("W/") ? strongMatch(trimmed, etag) : parseHttpDate(trimmed) === lastModified?.getTime();
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

