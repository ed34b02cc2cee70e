/**
 * The HTTPException family: one class per status, each with a default
 * description, thrown by views, by `abort()` and by the HTTP layer.
 */
import type { FlagonResponse } from "./response.js";

/** An HTTP error with a status and a human-readable description. */
export class HTTPException extends Error {
  static status = 500;
  static description = "The server encountered an internal error and was unable to complete your request.";
  readonly status: number;
  readonly description: string;
  /** A ready response to send instead of the error page (set by `abort(response)`). */
  response: FlagonResponse | Response | undefined;

  constructor(description?: string, options?: ErrorOptions) {
    const kind = new.target as typeof HTTPException;
    super(description ?? kind.description, options);
    this.name = kind.name;
    this.status = kind.status;
    this.description = description ?? kind.description;
    this.response = undefined;
  }

  /** Headers the error page must carry (e.g. `Allow` on a 405). */
  headers(): Record<string, string> {
    return {};
  }
}

/** 400: the request is malformed. */
export class BadRequest extends HTTPException {
  static override status = 400;
  static override description = "The browser (or proxy) sent a request that this server could not understand.";
}
/** 401 */
export class Unauthorized extends HTTPException {
  static override status = 401;
  static override description = "The server could not verify that you are authorized to access the URL requested.";
  /** Value of the `WWW-Authenticate` header, if any. */
  wwwAuthenticate: string | undefined;
  constructor(description?: string, options?: ErrorOptions & { wwwAuthenticate?: string }) {
    super(description, options);
    this.wwwAuthenticate = options?.wwwAuthenticate;
  }
  override headers(): Record<string, string> {
    return this.wwwAuthenticate === undefined ? {} : { "www-authenticate": this.wwwAuthenticate };
  }
}
/** 403 */
export class Forbidden extends HTTPException {
  static override status = 403;
  static override description = "You don't have the permission to access the requested resource.";
}
/** 404 */
export class NotFound extends HTTPException {
  static override status = 404;
  static override description =
    "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";
}
/** 405: carries the methods the URL accepts, sent as the `Allow` header. */
export class MethodNotAllowed extends HTTPException {
  static override status = 405;
  static override description = "The method is not allowed for the requested URL.";
  readonly allowed: readonly string[];
  constructor(allowed: readonly string[] = [], description?: string, options?: ErrorOptions) {
    super(description, options);
    this.allowed = allowed;
  }
  override headers(): Record<string, string> {
    return this.allowed.length === 0 ? {} : { allow: this.allowed.join(", ") };
  }
}
/** 406 */
export class NotAcceptable extends HTTPException {
  static override status = 406;
  static override description = "The resource identified by the request is only capable of generating response entities which have content characteristics not acceptable according to the accept headers sent in the request.";
}
/** 408 */
export class RequestTimeout extends HTTPException {
  static override status = 408;
  static override description = "The server closed the network connection because the browser didn't finish the request within the specified time.";
}
/** 409 */
export class Conflict extends HTTPException {
  static override status = 409;
  static override description = "A conflict happened while processing the request.";
}
/** 410 */
export class Gone extends HTTPException {
  static override status = 410;
  static override description = "The requested URL is no longer available on this server and there is no forwarding address.";
}
/** 411 */
export class LengthRequired extends HTTPException {
  static override status = 411;
  static override description = "A request with this method requires a valid Content-Length header.";
}
/** 412 */
export class PreconditionFailed extends HTTPException {
  static override status = 412;
  static override description = "The precondition on the request for the URL failed positive evaluation.";
}
/** 413: the body is larger than `MAX_CONTENT_LENGTH` (or a form limit). */
export class RequestEntityTooLarge extends HTTPException {
  static override status = 413;
  static override description = "The data value transmitted exceeds the capacity limit.";
}
/** 413, under its RFC 9110 name. */
export const ContentTooLarge = RequestEntityTooLarge;
/** 414 */
export class RequestURITooLarge extends HTTPException {
  static override status = 414;
  static override description = "The length of the requested URL exceeds the capacity limit for this server.";
}
/** 415 */
export class UnsupportedMediaType extends HTTPException {
  static override status = 415;
  static override description = "The server does not support the media type transmitted in the request.";
}
/** 416 */
export class RequestedRangeNotSatisfiable extends HTTPException {
  static override status = 416;
  static override description = "The server cannot provide the requested range.";
}
/** 418 */
export class ImATeapot extends HTTPException {
  static override status = 418;
  static override description = "This server is a teapot, not a coffee machine";
}
/** 422 */
export class UnprocessableEntity extends HTTPException {
  static override status = 422;
  static override description = "The request was well-formed but was unable to be followed due to semantic errors.";
}
/** 428 */
export class PreconditionRequired extends HTTPException {
  static override status = 428;
  static override description = "This request is required to be conditional; try using \"If-Match\" or \"If-Unmodified-Since\".";
}
/** 429 */
export class TooManyRequests extends HTTPException {
  static override status = 429;
  static override description = "This user has exceeded an allotted request count. Try again later.";
}
/** 431 */
export class RequestHeaderFieldsTooLarge extends HTTPException {
  static override status = 431;
  static override description = "One or more header fields exceeds the maximum size.";
}
/** 500: wraps whatever was thrown as `originalError`, as Flask does. */
export class InternalServerError extends HTTPException {
  static override status = 500;
  readonly originalError: unknown;
  constructor(description?: string, options?: ErrorOptions & { originalError?: unknown }) {
    super(description, options);
    this.originalError = options?.originalError;
  }
}
/** 501 */
export class NotImplemented extends HTTPException {
  static override status = 501;
  static override description = "The server does not support the action requested by the browser.";
}
/** 502 */
export class BadGateway extends HTTPException {
  static override status = 502;
  static override description = "The proxy server received an invalid response from an upstream server.";
}
/** 503 */
export class ServiceUnavailable extends HTTPException {
  static override status = 503;
  static override description = "The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.";
}
/** 504 */
export class GatewayTimeout extends HTTPException {
  static override status = 504;
  static override description = "The connection to an upstream server timed out.";
}

const BY_STATUS = new Map<number, typeof HTTPException>();
for (const kind of [
  BadRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed, NotAcceptable, RequestTimeout, Conflict,
  Gone, LengthRequired, PreconditionFailed, RequestEntityTooLarge, RequestURITooLarge, UnsupportedMediaType,
  RequestedRangeNotSatisfiable, ImATeapot, UnprocessableEntity, PreconditionRequired, TooManyRequests,
  RequestHeaderFieldsTooLarge, InternalServerError, NotImplemented, BadGateway, ServiceUnavailable, GatewayTimeout,
] as (typeof HTTPException)[]) {
  BY_STATUS.set(kind.status, kind);
}

/** The HTTPException class for a status, if flagon has one. */
export function exceptionClassFor(status: number): typeof HTTPException | undefined {
  return BY_STATUS.get(status);
}

/**
 * Stops the request with the HTTPException for `status`, or sends `response` as it is.
 * @example abort(403, "Admins only.")
 */
export function abort(statusOrResponse: number | FlagonResponse | Response, description?: string): never {
  if (typeof statusOrResponse !== "number") {
    const error = new HTTPException(description);
    error.response = statusOrResponse;
    throw error;
  }
  const kind = BY_STATUS.get(statusOrResponse);
  if (kind === undefined) {
    throw new LookupError(statusOrResponse);
  }
  // MethodNotAllowed takes the allowed methods first, as Werkzeug's does: abort(405, "...") gives no `Allow`.
  throw kind === MethodNotAllowed ? new MethodNotAllowed([], description) : new kind(description);
}

class LookupError extends Error {
  constructor(status: number) {
    super(`abort(${status}): no HTTPException is defined for status ${status}; pass a response instead, e.g. abort(makeResponse("...", ${status})).`);
    this.name = "LookupError";
  }
}
