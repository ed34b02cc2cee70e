/**
 * The one small app every server implements, and the answers they must all
 * give. Rules are written in flagon syntax; the other servers use the same
 * list converted to `:name` parameters.
 */
import { parseRule } from "../router/convert.js";

/** Thirty rules that sit beside the measured ones, like the rest of a real app. */
export const OTHER_RULES: readonly string[] = [
  "/about",
  "/contact",
  "/login",
  "/logout",
  "/signup",
  "/search",
  "/feed",
  "/settings",
  "/settings/profile",
  "/settings/security",
  "/users",
  "/users/<username>",
  "/users/<username>/followers",
  "/users/<username>/following",
  "/user/<int:user_id>/posts",
  "/user/<int:user_id>/posts/<int:post_id>",
  "/user/<int:user_id>/avatar",
  "/posts",
  "/posts/<int:post_id>",
  "/posts/<int:post_id>/comments",
  "/posts/<int:post_id>/comments/<int:comment_id>",
  "/tags",
  "/tags/<tag>",
  "/tags/<tag>/posts",
  "/orgs/<org>",
  "/orgs/<org>/members",
  "/orgs/<org>/repos/<repo>",
  "/orgs/<org>/repos/<repo>/issues/<int:number>",
  "/health",
  "/version",
];

/** A flagon rule as `/users/:username`, the syntax every other framework here reads. */
export function colonRule(rule: string): string {
  return parseRule(rule)
    .map((p) => (p.kind === "static" ? p.text : `:${p.name}`))
    .join("");
}

/** What every other rule answers. */
export const OTHER_BODY = "other";

/** The header the blueprint's hook requires, and its value. */
export const TOKEN_HEADER = "x-token";
export const TOKEN = "bench";

/** A JSON document of exactly `size` bytes: a list of records, padded to length. */
function jsonDocument(size: number): string {
  const items: { id: number; name: string; tags: string[]; active: boolean }[] = [];
  // Each record takes under 70 bytes, so stop while one more still fits.
  for (let i = 0; JSON.stringify({ items, pad: "" }).length + 70 < size; i++) {
    items.push({ id: i, name: `item number ${i}`, tags: ["a", "b"], active: i % 2 === 0 });
  }
  const base = JSON.stringify({ items, pad: "" }).length;
  return JSON.stringify({ items, pad: "x".repeat(size - base) });
}

/** A 1 KB JSON document for the echo route. */
export const ECHO_BODY: string = jsonDocument(1024);

export interface HttpCase {
  readonly id: string;
  readonly title: string;
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly status: number;
  /** Media type without parameters; not checked when absent. */
  readonly type?: string;
  /** Exact body text, or JSON compared by value; not checked when absent (404 pages differ). */
  readonly text?: string;
  readonly json?: unknown;
  /** Timed by wrk; the rest are checked only. */
  readonly timed: boolean;
}

export const HTTP_CASES: readonly HttpCase[] = [
  { id: "text", title: "GET / (text)", method: "GET", path: "/", headers: {}, status: 200, type: "text/html", text: "Hello, World!", timed: true },
  {
    id: "param",
    title: "GET /user/12345 (JSON, 30 other rules)",
    method: "GET",
    path: "/user/12345",
    headers: {},
    status: 200,
    type: "application/json",
    json: { id: 12345, name: "user12345" },
    timed: true,
  },
  { id: "notFound", title: "GET /no/such/page (404)", method: "GET", path: "/no/such/page", headers: {}, status: 404, timed: true },
  {
    id: "echo",
    title: "POST /echo (1 KB JSON echoed)",
    method: "POST",
    path: "/echo",
    headers: { "content-type": "application/json" },
    body: ECHO_BODY,
    status: 200,
    type: "application/json",
    json: JSON.parse(ECHO_BODY),
    timed: true,
  },
  {
    id: "blueprint",
    title: "GET /api/items/42 (blueprint prefix + hook)",
    method: "GET",
    path: "/api/items/42",
    headers: { [TOKEN_HEADER]: TOKEN },
    status: 200,
    type: "application/json",
    json: { id: 42, blueprint: "api" },
    timed: true,
  },
  { id: "hookRefuses", title: "GET /api/items/42 without token (401 from the hook)", method: "GET", path: "/api/items/42", headers: {}, status: 401, timed: false },
  { id: "other", title: "GET /posts/7/comments/3 (another rule)", method: "GET", path: "/posts/7/comments/3", headers: {}, status: 200, text: OTHER_BODY, timed: false },
];
