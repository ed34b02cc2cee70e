/** Cookie header parsing and Set-Cookie building (cookie@1 underneath). */
import { parseCookie, stringifySetCookie } from "cookie";

/** Options of `response.setCookie()`; `maxAge` is in seconds. */
export interface CookieOptions {
  maxAge?: number;
  expires?: Date;
  domain?: string;
  path?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: "lax" | "strict" | "none" | boolean;
  partitioned?: boolean;
}

/** No cookies: without a prototype, as every parsed set is. */
const NO_COOKIES: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);

/**
 * Parses a `Cookie` header into name → value (first value wins, as browsers send the most specific
 * first). The object has no prototype, as `MultiDict.toObject()`: a cookie the client did not send
 * reads as `undefined`, even one named `constructor` or `toString`, and one named `__proto__` is a cookie.
 */
export function parseCookies(header: string | null | undefined): Readonly<Record<string, string>> {
  if (header === null || header === undefined || header.length === 0) return NO_COOKIES;
  const parsed = parseCookie(header);
  const out = Object.create(null) as Record<string, string>;
  for (const name of Object.keys(parsed)) {
    const value = parsed[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** A `Set-Cookie` header value; refuses names or values that could split headers. */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  const { maxAge, expires, domain, path = "/", secure, httpOnly, sameSite, partitioned } = options;
  return stringifySetCookie(name, value, {
    path,
    ...(maxAge !== undefined ? { maxAge } : {}),
    ...(expires !== undefined ? { expires } : {}),
    ...(domain !== undefined ? { domain } : {}),
    ...(secure !== undefined ? { secure } : {}),
    ...(httpOnly !== undefined ? { httpOnly } : {}),
    ...(sameSite !== undefined ? { sameSite } : {}),
    ...(partitioned !== undefined ? { partitioned } : {}),
  });
}
