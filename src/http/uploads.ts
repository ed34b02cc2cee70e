/**
 * Uploaded files, as Werkzeug hands them to a Flask view: `request.files` holds
 * `FileStorage` objects, web `File`s that also answer to `filename`, `mimetype` and `save()`,
 * and `secureFilename` turns the name a client sent into one safe to store under.
 */
import { mediaType } from "./body.js";

/**
 * A file of a multipart form. It is a web `File` (`name`, `type`, `size`, `text()`,
 * `arrayBuffer()`, `stream()`), with the names a Flask view uses for Werkzeug's `FileStorage`.
 * The bytes are in memory: the form's limits (`MAX_CONTENT_LENGTH`) bound them while reading.
 */
export class FileStorage extends File {
  /**
   * The file name the client sent: possibly empty, and never safe as a path as it is
   * (`../../etc/passwd`); pass it through `secureFilename` before storing under it.
   */
  get filename(): string {
    return this.name;
  }

  /** The part's `Content-Type` as the client sent it; `text/plain` when it sent none, the default RFC 7578 gives a part. */
  get contentType(): string {
    return this.type;
  }

  /** The content type without its parameters, in lower case: `text/plain`. */
  get mimetype(): string {
    return mediaType(this.type);
  }

  /**
   * Writes the file to `destination`, replacing a file there, as Werkzeug's `save`. The path is
   * used as given: build it from `secureFilename(file.filename)`, never from the raw name.
   * @example await file.save(join(UPLOAD_FOLDER, secureFilename(file.filename)))
   */
  async save(destination: string | URL): Promise<void> {
    // files.ts holds http/'s file system, loaded here rather than at the top: this module also
    // runs where there is none (the fetch adapter on Workers), and only a view that saves needs it.
    const { writeBytes } = await import("./files.js");
    await writeBytes(destination, new Uint8Array(await this.arrayBuffer()));
  }

  /** A `FileStorage` with the bytes, name and type of a web `File`, without copying the bytes. */
  static from(file: File): FileStorage {
    return file instanceof FileStorage ? file : new FileStorage([file], file.name, { type: file.type, lastModified: file.lastModified });
  }
}

/** Names Windows gives devices: a file called so, with any extension, cannot be created there. */
const WINDOWS_DEVICES = new Set(["CON", "PRN", "AUX", "NUL", ...Array.from({ length: 10 }, (_, i) => `COM${i}`), ...Array.from({ length: 10 }, (_, i) => `LPT${i}`)]);

/**
 * A file name safe to store under, from one a client sent, as Werkzeug's `secure_filename`:
 * accents dropped to ASCII, path separators and runs of white space made one `_`, every
 * character but letters, digits, `_`, `.` and `-` removed, and leading or trailing `.` and `_`
 * stripped, so no name climbs out of its folder or hides itself. The result may be empty:
 * choose a name of your own then. Both `/` and `\` separate, and Windows device names get a
 * leading `_`, whatever the server's system, since uploads often end up on another.
 * @example secureFilename("../../../etc/passwd") // "etc_passwd"
 */
export function secureFilename(filename: string): string {
  const ascii = filename.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  const joined = ascii
    .replace(/[/\\]/g, " ")
    // Python's split() also splits on the separators \x1c-\x1f, which \s leaves out.
    .split(/[\s\x1c-\x1f]+/)
    .filter((word) => word !== "")
    .join("_");
  const safe = joined.replace(/[^A-Za-z0-9_.-]/g, "").replace(/^[._]+|[._]+$/g, "");
  return safe !== "" && WINDOWS_DEVICES.has(safe.split(".")[0]!.toUpperCase()) ? `_${safe}` : safe;
}
