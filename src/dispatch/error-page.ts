/** The default answer to an HTTP error no handler took: a small HTML page, or JSON for a client that prefers it. */
import { reasonPhrase } from "../_status.js";
import type { HTTPException } from "../http/exceptions.js";
import type { FlagonRequest } from "../http/request.js";
import { FlagonResponse, HTML, escapeHtml, jsonify } from "../http/response.js";

// Default error pages by status, then description: most are the same few pages again and again.
// Keyed in two steps: a key joining them was a new string to hash on every error (1 % of a 404's
// CPU in a wrk profile, 2026-11-25); a description's hash is kept in the string itself.
const errorPages = new Map<number, Map<string, string>>();
const MAX_CACHED_ERROR_PAGES = 256;
let cachedErrorPages = 0;

function errorPageHtml(status: number, name: string, description: string): string {
  let pages = errorPages.get(status);
  let page = pages?.get(description);
  if (page === undefined) {
    page = `<!doctype html>\n<html lang=en>\n<title>${status} ${escapeHtml(name)}</title>\n<h1>${escapeHtml(name)}</h1>\n<p>${escapeHtml(description)}</p>\n`;
    if (cachedErrorPages < MAX_CACHED_ERROR_PAGES) {
      if (pages === undefined) errorPages.set(status, (pages = new Map()));
      pages.set(description, page);
      cachedErrorPages++;
    }
  }
  return page;
}

/** The page of `status` with `description`, and the headers the error adds (`Allow`, `Retry-After`). */
export function errorPage(request: FlagonRequest, status: number, description: string, headers?: Readonly<Record<string, string>>): FlagonResponse {
  const name = reasonPhrase(status);
  let response: FlagonResponse;
  if (request.prefersJson) {
    response = jsonify({ code: status, name, description }, status);
  } else {
    response = new FlagonResponse(errorPageHtml(status, name, description), status, undefined, HTML);
  }
  if (headers !== undefined) for (const key of Object.keys(headers)) response.headers.set(key, headers[key]!);
  return response;
}

/** The page of an HTTP error. */
export function errorPageFor(request: FlagonRequest, error: HTTPException): FlagonResponse {
  return errorPage(request, error.status, error.description, error.headers());
}
