/**
 * Trusted proxies, as Werkzeug's ProxyFix: behind N proxies that each append
 * to X-Forwarded-For (and set X-Forwarded-Proto/Host/Port/Prefix), the
 * client's values are the Nth from the right. Off by default, because
 * without a proxy in front anyone can send these headers.
 */
import type { FlagonRequest } from "./http/request.js";
import { FlagonError } from "./routing/index.js";

/** How many proxies to trust for each X-Forwarded-* header (0 ignores it). */
export interface ProxyFixOptions {
  /** X-Forwarded-For → `request.remoteAddr`. */
  for?: number;
  /** X-Forwarded-Proto → `request.scheme`. */
  proto?: number;
  /** X-Forwarded-Host → `request.host` (and so `_external` URLs). */
  host?: number;
  /** X-Forwarded-Port → the port in `request.host`. */
  port?: number;
  /** X-Forwarded-Prefix → `request.scriptRoot`, which `urlFor` puts before every path. */
  prefix?: number;
}

/** Normalized trusted-hop counts, as `proxyFix()` returns them. */
export interface ProxyFix {
  readonly for: number;
  readonly proto: number;
  readonly host: number;
  readonly port: number;
  readonly prefix: number;
}

/** Raised when `TRUSTED_PROXIES` holds something other than a hop count or `proxyFix()` options. */
export class TrustedProxiesError extends FlagonError {
  constructor(value: unknown) {
    super(
      "FLAGON_TRUSTED_PROXIES",
      `TRUSTED_PROXIES is ${describe(value)}; it must be null (off), a number of proxies in front of the app ` +
        `(trusted for X-Forwarded-For, -Proto and -Host), or proxyFix({ for, proto, host, port, prefix }) with whole numbers ≥ 0.`,
    );
  }
}

const KEYS = ["for", "proto", "host", "port", "prefix"] as const;

/**
 * The value for `app.config.TRUSTED_PROXIES`: how many proxies are trusted
 * for each X-Forwarded-* header (defaults as Werkzeug: `for` and `proto` 1,
 * the others 0).
 * @example
 * app.config.TRUSTED_PROXIES = proxyFix({ for: 1, proto: 1, host: 1, prefix: 1 });
 */
export function proxyFix(options: ProxyFixOptions = {}): ProxyFix {
  const fix = { for: 1, proto: 1, host: 0, port: 0, prefix: 0 };
  for (const key of KEYS) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0) throw new TrustedProxiesError(options);
    fix[key] = value;
  }
  return Object.freeze(fix);
}

const cache = new WeakMap<object, ProxyFix>();
const byHops = new Map<number, ProxyFix>();

/** Reads a `TRUSTED_PROXIES` value: `undefined` when off. */
export function trustedProxies(value: unknown): ProxyFix | undefined {
  if (value === null || value === undefined || value === false || value === 0) return undefined;
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 0) throw new TrustedProxiesError(value);
    // Read on every request: a hop count from the environment (FLAGON_TRUSTED_PROXIES=1) is made into options once.
    let fix = byHops.get(value);
    if (fix === undefined) byHops.set(value, (fix = proxyFix({ for: value, proto: value, host: value })));
    return fix;
  }
  if (typeof value !== "object") throw new TrustedProxiesError(value);
  let fix = cache.get(value);
  if (fix === undefined) {
    const options = value as Record<string, unknown>;
    for (const key of Object.keys(options)) if (!(KEYS as readonly string[]).includes(key)) throw new TrustedProxiesError(value);
    // Keys left out of a config object are not trusted (unlike proxyFix()'s Werkzeug defaults): nothing is trusted unless named.
    const explicit: ProxyFixOptions = {};
    for (const key of KEYS) {
      const hops = options[key] ?? 0;
      if (typeof hops !== "number") throw new TrustedProxiesError(value);
      explicit[key] = hops;
    }
    fix = proxyFix(explicit);
    cache.set(value, fix);
  }
  return fix;
}

/**
 * Rewrites `request` from its X-Forwarded-* headers, trusting `fix`'s hop
 * counts. A header with fewer values than trusted hops, or a value that is
 * not a plausible address/scheme/host/path, is ignored (as Werkzeug ignores
 * short headers): the request keeps what the socket said.
 */
export function applyProxyFix(request: FlagonRequest, fix: ProxyFix): void {
  if (fix.for > 0) {
    const addr = nthFromRight(request.header("x-forwarded-for"), fix.for);
    if (addr !== undefined && ADDRESS.test(addr)) request.remoteAddr = addr;
  }
  if (fix.proto > 0) {
    const proto = nthFromRight(request.header("x-forwarded-proto"), fix.proto)?.toLowerCase();
    if (proto === "http" || proto === "https") request.scheme = proto;
  }
  if (fix.host > 0) {
    const host = nthFromRight(request.header("x-forwarded-host"), fix.host);
    if (host !== undefined && HOST.test(host)) request.host = host;
  }
  if (fix.port > 0) {
    const port = nthFromRight(request.header("x-forwarded-port"), fix.port);
    if (port !== undefined && /^\d{1,5}$/.test(port)) request.host = `${hostWithoutPort(request.host)}:${port}`;
  }
  if (fix.prefix > 0) {
    const prefix = nthFromRight(request.header("x-forwarded-prefix"), fix.prefix);
    // As Werkzeug: the prefix becomes the script root without its trailing slash.
    if (prefix !== undefined && PREFIX.test(prefix)) request.scriptRoot = prefix.replace(/\/+$/, "");
  }
}

// IPv4, IPv6 (optionally bracketed) or a proxy's obfuscated name ("unknown", "_hidden"): no spaces, slashes or quotes.
const ADDRESS = /^[\w.:[\]%-]{1,100}$/;
// A host[:port] as a URL authority may hold it, without userinfo or path.
const HOST = /^(?:[\w.-]+|\[[\da-fA-F:.]+\])(?::\d{1,5})?$/;
// An absolute path of URL-safe characters, no "//" that would read as a host.
const PREFIX = /^(?:\/[\w.~%!$&'()*+,;=:@-]+)*\/?$/;

function nthFromRight(header: string | undefined, trusted: number): string | undefined {
  if (header === undefined) return undefined;
  const values = header.split(",");
  if (values.length < trusted) return undefined;
  const value = (values[values.length - trusted] as string).trim();
  return value === "" ? undefined : value;
}

function hostWithoutPort(host: string): string {
  const colon = host.lastIndexOf(":");
  return colon === -1 || host.endsWith("]") ? host : host.slice(0, colon);
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
