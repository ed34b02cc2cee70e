/**
 * `sendFile` and `sendFromDirectory`: files streamed from disk, answered as
 * `representation.ts` answers anything sent as a file. The one file of `http/`
 * that touches `node:fs`, so fetch-only runtimes can leave it out.
 */
import { open, realpath, writeFile, type FileHandle } from "node:fs/promises";
import { basename, isAbsolute, resolve, sep } from "node:path";
import { NotFound } from "./exceptions.js";
import { type Representation, type SendFileOptions, respondWith } from "./representation.js";

export type { SendFileOptions };

/** Writes `bytes` to `path`, replacing a file there: how an upload is saved (`FileStorage.save`). */
export async function writeBytes(path: string | URL, bytes: Uint8Array): Promise<void> {
  await writeFile(path, bytes);
}

/** Read size of each chunk pulled from disk. */
const CHUNK_SIZE = 64 * 1024;

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
    const sent: Representation = {
      size: stat.size,
      type: undefined,
      // As Werkzeug: a path always gives a download name, so Content-Disposition is always sent.
      name: options.downloadName ?? basename(path),
      lastModified: new Date(Math.floor(stat.mtimeMs / 1000) * 1000),
      derivedEtag: `${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}`,
      body: (start, end) => {
        keepOpen = true;
        return fileStream(handle, start, end);
      },
    };
    return respondWith(sent, options, requestHeaders, method);
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
