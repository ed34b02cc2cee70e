/**
 * The debug error page: the exception, its causes, the stack and the source
 * around each frame, as Werkzeug's debugger shows it (without the console).
 * Only ever rendered when `DEBUG` is on.
 */
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The request that failed, as far as the page shows it. */
export interface DebugRequest {
  method: string;
  url: string;
  headers?: Headers | Readonly<Record<string, string>>;
}

/** One parsed V8 stack frame. */
export interface StackFrame {
  /** Function name as V8 printed it, or `undefined` for top-level code. */
  name: string | undefined;
  /** File path (already converted from a `file:` URL) or V8's location text (`node:internal/...`). */
  file: string;
  line: number;
  column: number;
}

/** Lines shown on each side of the failing line. */
const CONTEXT_LINES = 5;
/** Files bigger than this are not read for excerpts. */
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
const MAX_FRAMES = 40;
const MAX_CAUSES = 5;

/**
 * Renders the debug page for an error thrown while handling `request`.
 *
 * @example
 * return new Response(renderDebugPage(error, { method: req.method, url: req.url }), { status: 500, headers: { "content-type": "text/html; charset=utf-8" } });
 */
export function renderDebugPage(error: unknown, request?: DebugRequest): string {
  const sources = new Map<string, string[] | undefined>();
  const chain = causeChain(error);
  const top = describe(chain[0]);
  const sections = chain.map((item, index) => {
    const intro = index === 0 ? "" : `<p class="cause-intro">The above was caused by:</p>`;
    return intro + errorSection(item, sources);
  });
  const requestPart = request === undefined ? "" : requestSection(request);
  const plain = chain.map((item) => (item instanceof Error ? (item.stack ?? describe(item)) : describe(item))).join("\n\nCaused by: ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(top)} // flagon debugger</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(errorName(chain[0]))}</h1>
<p class="message">${escapeHtml(errorMessage(chain[0]))}</p>
<p class="note">This page is shown because debug mode is on. Never turn on debug mode on a public server.</p>
</header>
${requestPart}
${sections.join("\n")}
<details><summary>Plain traceback</summary><pre class="plain">${escapeHtml(plain)}</pre></details>
</body>
</html>
`;
}

/** Parses a V8 stack into frames, skipping lines that are not frames. */
export function parseStack(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const text of stack.split("\n")) {
    const match = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/.exec(text);
    if (match === null) continue;
    const [, name, location = "", line = "0", column = "0"] = match;
    let file = location;
    if (file.startsWith("file://")) {
      try {
        file = fileURLToPath(file);
      } catch {
        // Keep the URL text when it is not a valid file URL.
      }
    }
    frames.push({ name, file, line: Number(line), column: Number(column) });
  }
  return frames;
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [error];
  let current: unknown = error;
  while (chain.length <= MAX_CAUSES && current instanceof Error && current.cause !== undefined && !chain.includes(current.cause)) {
    current = current.cause;
    chain.push(current);
  }
  return chain;
}

function errorSection(error: unknown, sources: Map<string, string[] | undefined>): string {
  const parts = [`<section class="error"><h2>${escapeHtml(describe(error))}</h2>`];
  const template = templateLocation(error);
  if (template !== undefined) {
    const excerpt = excerptOf(template.file, template.line, sources);
    parts.push(
      `<div class="frame template"><h3>Template <code>${escapeHtml(template.file)}</code>, line ${template.line}</h3>${excerpt}</div>`,
    );
  }
  const stack = error instanceof Error && typeof error.stack === "string" ? error.stack : "";
  const frames = parseStack(stack).slice(0, MAX_FRAMES);
  if (frames.length === 0 && template === undefined) parts.push(`<p class="no-stack">No stack trace.</p>`);
  // Most recent call last, as Python tracebacks read.
  for (const frame of frames.reverse()) {
    const library = frame.file.includes("/node_modules/") || !isLocalFile(frame.file);
    const where = `<code>${escapeHtml(frame.file)}</code>, line ${frame.line}${frame.name === undefined ? "" : `, in <code>${escapeHtml(frame.name)}</code>`}`;
    const excerpt = library ? "" : excerptOf(frame.file, frame.line, sources);
    parts.push(`<div class="frame${library ? " library" : ""}"><h3>${where}</h3>${excerpt}</div>`);
  }
  parts.push("</section>");
  return parts.join("\n");
}

/** A flagon `TemplateError` knows the template file and line; show that source too. */
function templateLocation(error: unknown): { file: string; line: number } | undefined {
  if (!(error instanceof Error)) return undefined;
  const { file, line } = error as { file?: unknown; line?: unknown };
  return typeof file === "string" && typeof line === "number" ? { file, line } : undefined;
}

function isLocalFile(file: string): boolean {
  return file.startsWith("/") || /^[a-zA-Z]:[\\/]/.test(file);
}

function excerptOf(file: string, line: number, sources: Map<string, string[] | undefined>): string {
  if (!sources.has(file)) sources.set(file, readLines(file));
  const lines = sources.get(file);
  if (lines === undefined || line < 1 || line > lines.length) return "";
  const first = Math.max(1, line - CONTEXT_LINES);
  const last = Math.min(lines.length, line + CONTEXT_LINES);
  const rows: string[] = [];
  for (let n = first; n <= last; n += 1) {
    const current = n === line ? ` class="current"` : "";
    rows.push(`<tr${current}><td class="lineno">${n}</td><td><pre>${escapeHtml(lines[n - 1] ?? "")}</pre></td></tr>`);
  }
  return `<table class="source">${rows.join("")}</table>`;
}

function readLines(file: string): string[] | undefined {
  try {
    if (!isLocalFile(file) || statSync(file).size > MAX_SOURCE_BYTES) return undefined;
    return readFileSync(file, "utf8").split(/\r?\n/);
  } catch {
    return undefined;
  }
}

function requestSection(request: DebugRequest): string {
  const rows: string[] = [];
  const headers = request.headers instanceof Headers ? [...request.headers.entries()] : Object.entries(request.headers ?? {});
  for (const [name, value] of headers) {
    // Credentials stay off the page even in debug mode.
    const shown = /^(cookie|authorization|proxy-authorization)$/i.test(name) ? "[hidden]" : value;
    rows.push(`<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(shown)}</td></tr>`);
  }
  const table = rows.length === 0 ? "" : `<table class="headers">${rows.join("")}</table>`;
  return `<section class="request"><h2>${escapeHtml(request.method)} ${escapeHtml(request.url)}</h2>${table}</section>`;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return typeof error === "string" ? error : (JSON.stringify(error) ?? String(error));
  } catch {
    return String(error);
  }
}

function describe(error: unknown): string {
  return `${errorName(error)}: ${errorMessage(error)}`;
}

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#fafafa;color:#222}
header{background:#b3261e;color:#fff;padding:16px 24px}
header h1{margin:0;font-size:22px}
.message{font:16px/1.4 ui-monospace,monospace;white-space:pre-wrap;margin:8px 0}
.note{opacity:.85;font-size:12px;margin:0}
section{padding:8px 24px}
h2{font-size:16px;font-family:ui-monospace,monospace}
.frame{background:#fff;border:1px solid #ddd;border-radius:4px;margin:8px 0;padding:4px 8px}
.frame h3{font-size:13px;font-weight:normal;margin:4px 0}
.frame.library{opacity:.6}
.source{border-collapse:collapse;width:100%;font:12px ui-monospace,monospace}
.source pre{margin:0;white-space:pre-wrap}
.source .lineno{color:#888;text-align:right;padding-right:8px;width:4em;user-select:none}
.source tr.current{background:#fde2e1}
.headers th{text-align:left;padding-right:12px;font-weight:normal;color:#555}
.cause-intro{font-style:italic;padding:0 24px}
.plain{font:12px ui-monospace,monospace;white-space:pre-wrap;padding:8px 24px}
details{padding:8px 24px}
`;
