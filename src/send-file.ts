/**
 * The public `sendFile` and `sendFromDirectory`: http/files.ts's senders
 * answering the current request's method, validators and `Range` header
 * without the view passing them.
 */
import { NodeOnlyError } from "./adapters/node-only.js";
import { currentRequest } from "./context.js";
import type { SendFileOptions } from "./http/files.js";

// node:fs lives in http/files.ts, loaded on the first send so the core loads on fetch-only runtimes.
async function files(feature: string): Promise<typeof import("./http/files.js")> {
  try {
    return await import("./http/files.js");
  } catch (error) {
    throw new NodeOnlyError(feature, "the file system (node:fs)", error);
  }
}

function requestConditions(): [headers: Headers | undefined, method: string | undefined] {
  const request = currentRequest();
  // Outside a request there is nothing to be conditional on: the whole file, as for a GET.
  return request === undefined ? [undefined, undefined] : [request.headers, request.method];
}

/**
 * Sends a file from disk, streamed, as Flask's `send_file`: ETag and
 * Last-Modified, 304 to conditional requests, 206/416 to `Range`, no body
 * for HEAD. A missing path or a directory is a `NotFound`.
 *
 * @example
 * app.route("/report", function report() {
 *   return sendFile("/srv/report.pdf", { asAttachment: true, downloadName: "report.pdf" });
 * });
 */
export async function sendFile(path: string, options: SendFileOptions = {}): Promise<Response> {
  const [headers, method] = requestConditions();
  return (await files("sendFile()")).sendFile(path, options, headers, method);
}

/**
 * Sends `name` from inside `dir` (for names taken from the URL); anything that
 * would leave `dir` (`..`, encoded dots, absolute paths, NUL, symlinks out) is
 * a `NotFound`, as a missing file is.
 *
 * @example
 * app.route("/uploads/<path:name>", ({ name }) => sendFromDirectory("/srv/uploads", name));
 */
export async function sendFromDirectory(dir: string, name: string, options: SendFileOptions = {}): Promise<Response> {
  const [headers, method] = requestConditions();
  return (await files("sendFromDirectory()")).sendFromDirectory(dir, name, options, headers, method);
}

export type { SendFileOptions };
