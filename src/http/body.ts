/**
 * Reading a request body with limits, and parsing JSON, urlencoded and
 * multipart forms. Runtime-free: a server adapter may provide a streaming
 * multipart parser; otherwise the runtime's `Response.formData()` is used on
 * a body already bounded by `MAX_CONTENT_LENGTH`.
 */
import secureJson from "secure-json-parse";
import { BadRequest, RequestEntityTooLarge } from "./exceptions.js";
import { MultiDict, TooManyParameters, parseQueryString } from "./multidict.js";
import { FileStorage } from "./uploads.js";

/** Limits applied while reading and parsing a body; `null` means no limit. */
export interface BodyLimits {
  maxContentLength: number | null;
  maxFormMemorySize: number | null;
  maxFormParts: number | null;
}

/** The fields and files of a parsed form. */
export interface ParsedForm {
  form: MultiDict<string>;
  files: MultiDict<FileStorage>;
}

/** Where a request body comes from; the node adapter and the fetch path each provide one. */
export interface BodySource {
  /** The whole body, refusing (413) more than `limit` bytes while reading. */
  readBytes(limit: number | null): Promise<Uint8Array>;
  /** A streaming multipart parser enforcing `limits` as it goes; optional. */
  readMultipart?(contentType: string, limits: BodyLimits): Promise<ParsedForm>;
}

const EMPTY = new Uint8Array(0);

/**
 * Reads a web ReadableStream into one Uint8Array, failing with 413 past `limit`, and with 400
 * when the stream fails: how a fetch runtime reports a client that left mid-upload.
 */
export async function readStream(stream: ReadableStream<Uint8Array> | null, limit: number | null): Promise<Uint8Array> {
  if (stream === null) return EMPTY;
  const reader = stream.getReader();
  const collected = new ByteCollector(limit);
  try {
    for (;;) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch (error) {
        // As the node adapter answers a body cut off: the client's fault, not a 500 logged as an error.
        throw new BadRequest("The request body could not be read.", { cause: error });
      }
      const { done, value } = read;
      if (done) break;
      if (limit !== null && collected.size + value.byteLength > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(limit);
      }
      collected.append(value);
    }
  } finally {
    reader.releaseLock();
  }
  return collected.bytes();
}

/**
 * Chunks gathered into one array that grows by doubling (never past `cap` unless a chunk needs
 * it). A body sent as a million one-byte chunks costs copies of a byte, not a million chunk
 * objects held until it ends: kept as a list, one million took 430 MB, so a 16 MiB body sent
 * that way would have taken the heap (2026-12-08). The first chunk is kept as it came, so a body
 * that arrives whole is not copied.
 */
export class ByteCollector {
  #bytes: Uint8Array = EMPTY;
  #size = 0;
  /** False while `#bytes` is the first chunk itself, which must not be written into. */
  #owned = false;
  readonly #cap: number | null;

  constructor(cap: number | null = null) {
    this.#cap = cap;
  }

  /** Bytes gathered so far. */
  get size(): number {
    return this.#size;
  }

  append(chunk: Uint8Array): void {
    if (this.#size === 0 && !this.#owned) {
      this.#bytes = chunk;
      this.#size = chunk.byteLength;
      return;
    }
    const needed = this.#size + chunk.byteLength;
    if (!this.#owned || needed > this.#bytes.byteLength) {
      let capacity = Math.max(needed, this.#bytes.byteLength * 2, 16 * 1024);
      if (this.#cap !== null) capacity = Math.min(capacity, Math.max(this.#cap, needed));
      const grown = new Uint8Array(capacity);
      grown.set(this.#bytes.subarray(0, this.#size));
      this.#bytes = grown;
      this.#owned = true;
    }
    this.#bytes.set(chunk, this.#size);
    this.#size = needed;
  }

  /** Everything gathered, as one array. */
  bytes(): Uint8Array {
    return this.#owned ? this.#bytes.subarray(0, this.#size) : this.#bytes;
  }
}

/** Joins chunks into one array (no copy for a single chunk). */
export function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The 413 for a body over `MAX_CONTENT_LENGTH`. */
export function tooLarge(limit: number): RequestEntityTooLarge {
  return new RequestEntityTooLarge(`The request body is larger than the limit of ${limit} bytes (MAX_CONTENT_LENGTH).`);
}

/** A BodySource over a web-standard Request. */
export function webBodySource(request: Request): BodySource {
  return {
    readBytes: (limit) => {
      const declared = request.headers.get("content-length");
      if (limit !== null && declared !== null && Number(declared) > limit) return Promise.reject(tooLarge(limit));
      return readStream(request.body, limit);
    },
  };
}

/** The media type of a Content-Type header: lower-case, without parameters. */
export function mediaType(contentType: string | undefined | null): string {
  if (contentType === undefined || contentType === null) return "";
  const semi = contentType.indexOf(";");
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** True for `application/json` and `application/*+json`, as Werkzeug's `is_json`. */
export function isJsonType(type: string): boolean {
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

const decoder = new TextDecoder("utf-8", { fatal: false });
// JSON must be UTF-8 (RFC 8259); replacing bad bytes would hand the view text the client never sent.
const strictDecoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses JSON bytes, refusing bytes that are not UTF-8, prototype-poisoning keys and nesting
 * deeper than `maxDepth`; malformed input is a 400 saying why.
 */
export function parseJson(bytes: Uint8Array, maxDepth: number | null = null): unknown {
  let text: string;
  try {
    text = strictDecoder.decode(bytes);
  } catch (error) {
    throw new BadRequest("Failed to decode JSON object: the JSON body is not valid UTF-8.", { cause: error });
  }
  if (maxDepth !== null && !hasAtMostOpenings(text, maxDepth)) {
    const depth = jsonDepth(text, maxDepth);
    if (depth > maxDepth) throw new BadRequest(`The JSON body is nested deeper than the limit of ${maxDepth} levels (MAX_JSON_DEPTH).`);
  }
  try {
    // Text that cannot spell a dangerous key (no `__proto__`, no `constructor`, no `\u` escape
    // that could spell one) is safe for the built-in parser; secure-json-parse's own scans were
    // 12 % of a 1 KB JSON echo (profile of bench/http echo, 2026-11-25).
    if (!text.includes("__proto__") && !text.includes("constructor") && !text.includes("\\u")) return JSON.parse(text) as unknown;
    return secureJson.parse(text, null, { protoAction: "error", constructorAction: "error" });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BadRequest(`Failed to decode JSON object: ${reason}`, { cause: error });
  }
}

/**
 * Whether the text holds at most `limit` opening brackets, in strings or not: then it cannot
 * nest deeper than `limit`. `indexOf` jumps between them, which costs about a sixth of
 * `jsonDepth`'s walk over every character (1 KB body with 32 brackets: 0.26 against 1.7 µs,
 * 2026-11-25), and most bodies have fewer brackets than the limit.
 */
function hasAtMostOpenings(text: string, limit: number): boolean {
  let count = 0;
  for (let i = text.indexOf("{"); i !== -1; i = text.indexOf("{", i + 1)) if (++count > limit) return false;
  for (let i = text.indexOf("["); i !== -1; i = text.indexOf("[", i + 1)) if (++count > limit) return false;
  return true;
}

/**
 * The nesting depth of JSON text, stopping as soon as it passes `stopAbove`.
 * One loop over the characters, skipping strings: no recursion, so a body of
 * a million `[` costs a scan, not a stack overflow.
 */
export function jsonDepth(text: string, stopAbove: number): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      depth--;
    }
  }
  return max;
}

/**
 * Parses an urlencoded body, with the form limits of Werkzeug (413 when exceeded). As Werkzeug,
 * `MAX_FORM_MEMORY_SIZE` bounds the whole body here, not each field as in a multipart form.
 */
export function parseUrlencoded(bytes: Uint8Array, limits: BodyLimits): MultiDict<string> {
  if (limits.maxFormMemorySize !== null && bytes.byteLength > limits.maxFormMemorySize) {
    throw new RequestEntityTooLarge(
      `The urlencoded form body is larger than the limit of ${limits.maxFormMemorySize} bytes (MAX_FORM_MEMORY_SIZE, which applies to the whole body of an urlencoded form).`,
    );
  }
  try {
    // Parsing stops at the limit, so the pairs past it are never decoded.
    return parseQueryString(decoder.decode(bytes), "form", limits.maxFormParts);
  } catch (error) {
    if (error instanceof TooManyParameters && limits.maxFormParts !== null) throw tooManyParts(limits.maxFormParts);
    throw error;
  }
}

/** The 413 for a multipart form field over `MAX_FORM_MEMORY_SIZE`. */
export function formTooLarge(limit: number): RequestEntityTooLarge {
  return new RequestEntityTooLarge(`A form field is larger than the limit of ${limit} bytes (MAX_FORM_MEMORY_SIZE).`);
}

/** The 413 for a form with more than `MAX_FORM_PARTS` parts. */
export function tooManyParts(limit: number): RequestEntityTooLarge {
  return new RequestEntityTooLarge(`The form has more than ${limit} parts (MAX_FORM_PARTS).`);
}

/** Parses multipart bytes with the runtime's FormData parser, then checks the form limits. */
export async function parseMultipartBytes(bytes: Uint8Array, contentType: string, limits: BodyLimits): Promise<ParsedForm> {
  let parsed: FormData;
  try {
    parsed = await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    throw new BadRequest("The multipart form data is malformed or lacks its boundary.", { cause: error });
  }
  const form = new MultiDict<string>(undefined, "form");
  const files = new MultiDict<FileStorage>(undefined, "files");
  let parts = 0;
  for (const [name, value] of parsed) {
    parts += 1;
    if (limits.maxFormParts !== null && parts > limits.maxFormParts) throw tooManyParts(limits.maxFormParts);
    if (typeof value === "string") {
      if (limits.maxFormMemorySize !== null && value.length > limits.maxFormMemorySize) throw formTooLarge(limits.maxFormMemorySize);
      form.append(name, value);
    } else {
      files.append(name, FileStorage.from(value));
    }
  }
  return { form, files };
}
