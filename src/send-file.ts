/**
 * The public `sendFile` and `sendFromDirectory`: http/files.ts's senders
 * answering the current request's method, validators and `Range` header
 * without the view passing them.
 */
import { currentRequest } from "./context.js";
import { sendFile as sendFileFor, sendFromDirectory as sendFromDirectoryFor, type SendFileOptions } from "./http/files.js";

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
export function sendFile(path: string, options: SendFileOptions = {}): Promise<Response> {
  const [headers, method] = requestConditions();
  return sendFileFor(path, options, headers, method);
}

/**
 * Sends `name` from inside `dir` (for names taken from the URL); anything that
 * would leave `dir` (`..`, encoded dots, absolute paths, NUL, symlinks out) is
 * a `NotFound`, as a missing file is.
 *
 * @example
 * app.route("/uploads/<path:name>", ({ name }) => sendFromDirectory("/srv/uploads", name));
 */
export function sendFromDirectory(dir: string, name: string, options: SendFileOptions = {}): Promise<Response> {
  const [headers, method] = requestConditions();
  return sendFromDirectoryFor(dir, name, options, headers, method);
}

export type { SendFileOptions };
