/**
 * The public `sendFile` and `sendFromDirectory`: http/files.ts's senders (and,
 * for bytes in memory, http/representation.ts's) answering the current
 * request's method, validators and `Range` header without the view passing them.
 */
import { NodeOnlyError } from "./adapters/node-only.js";
import { Flagon } from "./app.js";
import { currentRequest } from "./context.js";
import { type SendFileOptions, type SendableData, dataRepresentation, respondWith } from "./http/representation.js";

// node:fs lives in http/files.ts, loaded on the first send so the core loads on fetch-only runtimes.
async function files(feature: string): Promise<typeof import("./http/files.js") & typeof import("./server/paths.js")> {
  try {
    const [senders, paths] = await Promise.all([import("./http/files.js"), import("./server/paths.js")]);
    return { ...senders, ...paths };
  } catch (error) {
    throw new NodeOnlyError(feature, "the file system (node:fs)", error);
  }
}

/** What the request being handled adds to a send: its app's root and cache default, its method and validators. */
interface RequestSend {
  /** The app's root (`new Flagon(root)`), which relative paths resolve against, as Flask's `root_path`. */
  root: string | undefined;
  options: SendFileOptions;
  headers: Headers | undefined;
  method: string | undefined;
}

function requestSend(options: SendFileOptions): RequestSend {
  const request = currentRequest();
  // Outside a request there is nothing to be conditional on: the whole file, as for a GET.
  if (request === undefined) return { root: undefined, options, headers: undefined, method: undefined };
  const app = request.binding instanceof Flagon ? request.binding : undefined;
  // As Flask's send_file: without max_age of its own, the app's SEND_FILE_MAX_AGE_DEFAULT.
  const maxAge = app?.config.SEND_FILE_MAX_AGE_DEFAULT ?? null;
  return {
    root: app?.root,
    options: options.maxAge === undefined && maxAge !== null ? { ...options, maxAge } : options,
    headers: request.headers,
    method: request.method,
  };
}

/**
 * Sends a file from disk, streamed, as Flask's `send_file`: ETag and
 * Last-Modified, 304 to conditional requests, 206/416 to `Range`, no body
 * for HEAD. A missing path or a directory is a `NotFound`. A relative path
 * is relative to the app's root, as Flask's `root_path` (the working
 * directory outside a request or for an app without a root).
 *
 * @example
 * app.route("/report", function report() {
 *   return sendFile("/srv/report.pdf", { asAttachment: true, downloadName: "report.pdf" });
 * });
 */
export async function sendFile(path: string, options?: SendFileOptions): Promise<Response>;
/**
 * Sends bytes the view made (a CSV export, an image it drew, an upload) as Flask's `send_file`
 * of a file object: `downloadName` (or a `File`'s own name) names the download and guesses the
 * type, `mimetype` or a `Blob`'s type sets it; without any of them it throws `SendFileError`.
 * Range and conditional requests are answered as for a file on disk, validated by an `etag`
 * string if one is given. Needs no file system, so it works on every runtime.
 *
 * @example
 * return sendFile(new TextEncoder().encode(csv), { downloadName: "report.csv", asAttachment: true });
 */
export async function sendFile(data: SendableData, options?: SendFileOptions): Promise<Response>;
export async function sendFile(source: string | SendableData, options: SendFileOptions = {}): Promise<Response> {
  const send = requestSend(options);
  if (typeof source !== "string") {
    // Bytes in memory need no file system: answered here, without loading http/files.ts.
    return respondWith(dataRepresentation(source, send.options), send.options, send.headers ?? new Headers(), send.method ?? "GET");
  }
  const path = source;
  const { sendFile, resolveFolder } = await files("sendFile()");
  // resolve() drops a trailing "/" or "/.", which would send "report.pdf/" as the file itself;
  // kept, the file system refuses it (ENOTDIR), as it does an absolute path written so.
  const target = send.root === undefined ? path : resolveFolder(send.root, path) + (/\/\.?$/.test(path) ? "/" : "");
  return sendFile(target, send.options, send.headers, send.method);
}

/**
 * Sends `name` from inside `dir` (for names taken from the URL); anything that
 * would leave `dir` (`..`, encoded dots, absolute paths, NUL, symlinks out) is
 * a `NotFound`, as a missing file is. A relative `dir` is relative to the
 * app's root, as in `sendFile`.
 *
 * @example
 * app.route("/uploads/<path:name>", ({ name }) => sendFromDirectory("/srv/uploads", name));
 */
export async function sendFromDirectory(dir: string, name: string, options: SendFileOptions = {}): Promise<Response> {
  const send = requestSend(options);
  const { sendFromDirectory, resolveFolder } = await files("sendFromDirectory()");
  const folder = send.root === undefined ? dir : resolveFolder(send.root, dir);
  return sendFromDirectory(folder, name, send.options, send.headers, send.method);
}

export type { SendFileOptions, SendableData };
