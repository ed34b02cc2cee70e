/**
 * Flask's SecureCookieSessionInterface: the session is JSON in a cookie,
 * with a timestamp, signed with SECRET_KEY (older keys from
 * SECRET_KEY_FALLBACKS still verify).
 */
import type { ConfigValues } from "../config.js";
import type { FlagonResponse } from "../http/response.js";
import { FlagonError } from "../routing/index.js";
import { Session, type SessionValue } from "./session.js";
import { fromBase64Url, sign, toBase64Url, unsign } from "./signing.js";

/** Browsers drop cookies over 4093 bytes; flagon refuses to write one rather than lose it silently. */
export const MAX_COOKIE_SIZE = 4093;

export type SessionConfig = Pick<
  ConfigValues,
  | "SECRET_KEY" | "SECRET_KEY_FALLBACKS" | "SESSION_COOKIE_NAME" | "SESSION_COOKIE_DOMAIN" | "SESSION_COOKIE_PATH"
  | "SESSION_COOKIE_HTTPONLY" | "SESSION_COOKIE_SECURE" | "SESSION_COOKIE_SAMESITE" | "SESSION_COOKIE_PARTITIONED"
  | "PERMANENT_SESSION_LIFETIME" | "SESSION_REFRESH_EACH_REQUEST" | "APPLICATION_ROOT"
>;

/** Raised when a session is written but no SECRET_KEY is set. */
export class MissingSecretKeyError extends FlagonError {
  constructor() {
    super(
      "FLAGON_NO_SECRET_KEY",
      "The session is unavailable because no secret key was set. Set app.config.SECRET_KEY to a long random string " +
        "(for example from the FLAGON_SECRET_KEY environment variable with app.config.fromEnv()).",
    );
  }
}

/** Raised when the signed session cookie would be larger than browsers keep. */
export class SessionTooLargeError extends FlagonError {
  constructor(size: number) {
    super(
      "FLAGON_SESSION_TOO_LARGE",
      `The session cookie would be ${size} bytes, over the ${MAX_COOKIE_SIZE}-byte limit browsers enforce. ` +
        "Store less in the session (keep an id there and the data on the server).",
    );
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A key that is `undefined` is unset, as `null` is: `{ SECRET_KEY: process.env.SECRET_KEY }` gives
 * one when the variable is missing, and signing with it would sign with the text "undefined".
 */
export function isKey(secret: string | null | undefined): secret is string {
  return typeof secret === "string" && secret !== "";
}

function secretsOf(config: SessionConfig): string[] {
  const secrets = isKey(config.SECRET_KEY) ? [config.SECRET_KEY] : [];
  for (const fallback of config.SECRET_KEY_FALLBACKS) if (isKey(fallback)) secrets.push(fallback);
  return secrets;
}

/**
 * Reads the session from its cookie value; anything tampered, expired or unreadable gives an
 * empty session, still marked `fromCookie` so that clearing it deletes the bad cookie.
 */
export async function loadSession(cookieValue: string | undefined, config: SessionConfig, now = Date.now()): Promise<Session> {
  if (cookieValue === undefined) return new Session();
  const rejected = () => new Session({}, true);
  if (cookieValue === "") return rejected();
  // flagon never writes a cookie this long, so a longer one is forged: skip the HMAC and JSON work.
  if (cookieValue.length > MAX_COOKIE_SIZE) return rejected();
  const secrets = secretsOf(config);
  if (secrets.length === 0) return rejected();
  const value = await unsign(cookieValue, secrets);
  if (value === null) return rejected();
  const dot = value.lastIndexOf(".");
  const timestamp = Number.parseInt(value.slice(dot + 1), 36);
  if (dot <= 0 || !Number.isFinite(timestamp)) return rejected();
  if (now / 1000 - timestamp > config.PERMANENT_SESSION_LIFETIME) return rejected();
  const bytes = fromBase64Url(value.slice(0, dot));
  if (bytes === null) return rejected();
  try {
    const parsed: unknown = JSON.parse(decoder.decode(bytes));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return rejected();
    return new Session(parsed as Record<string, SessionValue>, true);
  } catch {
    return rejected();
  }
}

/**
 * True when `saveSession` has something to do: a changed or read session, or a permanent one
 * to refresh. Kept apart so a request whose session nobody touched costs no save.
 */
export function sessionNeedsSave(session: Session, config: SessionConfig): boolean {
  return session.modified || session.accessed || refreshes(session, config);
}

/** As Flask's `should_set_cookie`: a permanent session is re-sent each request so its expiry slides. */
function refreshes(session: Session, config: SessionConfig): boolean {
  return session.permanent && config.SESSION_REFRESH_EACH_REQUEST;
}

/**
 * Writes (or deletes) the session cookie on `response` when the session changed, or, with
 * SESSION_REFRESH_EACH_REQUEST, when it is permanent.
 */
export async function saveSession(session: Session, response: FlagonResponse, config: SessionConfig, now = Date.now()): Promise<void> {
  if (session.accessed) appendVary(response, "Cookie");
  if (!session.modified && !refreshes(session, config)) return;
  const name = config.SESSION_COOKIE_NAME;
  const path = config.SESSION_COOKIE_PATH ?? config.APPLICATION_ROOT ?? "/";
  const base = {
    path,
    ...(config.SESSION_COOKIE_DOMAIN !== null ? { domain: config.SESSION_COOKIE_DOMAIN } : {}),
    secure: config.SESSION_COOKIE_SECURE,
    httpOnly: config.SESSION_COOKIE_HTTPONLY,
    ...(config.SESSION_COOKIE_SAMESITE !== null ? { sameSite: config.SESSION_COOKIE_SAMESITE.toLowerCase() as "lax" | "strict" | "none" } : {}),
    ...(config.SESSION_COOKIE_PARTITIONED ? { partitioned: true } : {}),
  };
  const values = session.toJSON();
  if (Object.keys(values).length === 0) {
    // As Flask, an emptied session deletes its cookie; only when one came, valid or not, to save a
    // useless header. By hand rather than deleteCookie(): a partitioned cookie is only removed by a
    // Set-Cookie that is partitioned too.
    if (session.modified && session.fromCookie) {
      response.setCookie(name, "", { ...base, expires: new Date(0), maxAge: 0 });
      appendVary(response, "Cookie");
    }
    return;
  }
  const secret = config.SECRET_KEY;
  if (!isKey(secret)) throw new MissingSecretKeyError();
  const payload = toBase64Url(encoder.encode(JSON.stringify(values)));
  const signed = await sign(`${payload}.${Math.floor(now / 1000).toString(36)}`, secret);
  const options = session.permanent
    ? { ...base, expires: new Date(now + config.PERMANENT_SESSION_LIFETIME * 1000) }
    : base;
  const size = name.length + 1 + signed.length + 120;
  if (size > MAX_COOKIE_SIZE) throw new SessionTooLargeError(size);
  response.setCookie(name, signed, options);
  appendVary(response, "Cookie");
}

function appendVary(response: FlagonResponse, value: string): void {
  const vary = response.headers.get("vary");
  if (vary === null) response.headers.set("vary", value);
  else if (!vary.toLowerCase().split(/\s*,\s*/).includes(value.toLowerCase())) response.headers.set("vary", `${vary}, ${value}`);
}
