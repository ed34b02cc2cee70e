/**
 * The router's shared case tables, run again through a whole app: each expectation becomes
 * its HTTP answer (200 with the view's values, 308 + Location, 405 + Allow, 404, 400).
 * Paths that a WHATWG URL would rewrite (dot segments, raw non-ASCII) go over a real socket,
 * so the app sees exactly the bytes the case names.
 */
import { describe, test, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { Flagon, type RouteOptions } from "../../src/index.js";
import { matchTables } from "../cases/tables.js";
import { describeExpect, describeRules, httpExpectation, ruleSpec, type MatchCase } from "../cases/case-types.js";

function appFor(c: MatchCase): Flagon {
  const app = new Flagon(undefined, { staticFolder: null });
  const views = new Map<string, (params: Record<string, unknown>) => unknown>();
  for (const input of c.rules) {
    const s = ruleSpec(input);
    let view = views.get(s.endpoint);
    if (!view) views.set(s.endpoint, (view = (params) => ({ endpoint: s.endpoint, values: params })));
    // Flask keeps dots for blueprint names; the endpoint's spelling is not what these cases pin.
    const options: RouteOptions = { endpoint: s.endpoint.replaceAll(".", "_") };
    if (s.methods !== undefined) options.methods = s.methods;
    const strictSlashes = s.strictSlashes ?? c.router?.strictSlashes;
    const mergeSlashes = s.mergeSlashes ?? c.router?.mergeSlashes;
    if (strictSlashes !== undefined) options.strictSlashes = strictSlashes;
    if (mergeSlashes !== undefined) options.mergeSlashes = mergeSlashes;
    if (s.defaults !== undefined) options.defaults = s.defaults;
    if (s.redirectTo !== undefined) options.redirectTo = s.redirectTo;
    if (s.provideAutomaticOptions !== undefined) options.provideAutomaticOptions = s.provideAutomaticOptions;
    app.route(s.rule, options, view as never);
  }
  return app;
}

interface Answer {
  status: number;
  location: string | null;
  allow: string | null;
  body: string;
}

function survivesUrlParsing(path: string): boolean {
  try {
    return new URL(path, "http://localhost").pathname === path;
  } catch {
    return false;
  }
}

async function overSocket(app: Flagon, method: string, target: string): Promise<Answer> {
  const server = await app.listen({ port: 0 });
  try {
    return await new Promise<Answer>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: server.port, method, path: target, agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null, allow: (res.headers.allow as string | undefined) ?? null, body }),
        );
      });
      req.on("error", reject);
      req.end();
    });
  } finally {
    await server.close();
  }
}

async function answer(c: MatchCase): Promise<Answer> {
  const app = appFor(c);
  const method = c.method ?? "GET";
  const target = c.query !== undefined ? `${c.path}?${c.query}` : c.path;
  if (!survivesUrlParsing(c.path) || /[^\x21-\x7e]/.test(target)) return overSocket(app, method, target.replace(/[^\x21-\x7e]/g, encodeURIComponent));
  const response = await app.testClient().request(method, target);
  return { status: response.status, location: response.headers.get("location"), allow: response.headers.get("allow"), body: response.text };
}

const servers: Promise<unknown>[] = [];
after(() => Promise.all(servers));

for (const [name, cases] of matchTables) {
  describe(`${name}, through the app`, () => {
    // buildOnly is a router option with no app counterpart.
    for (const c of cases.filter((c) => !c.rules.some((r) => typeof r !== "string" && r.buildOnly))) {
      const method = c.method ?? "GET";
      const expected = httpExpectation(c.expect);
      test(`${method} ${c.path}${c.query ? "?" + c.query : ""} answers ${expected.status}: ${describeExpect(c.expect)} given ${describeRules(c.rules)}`, async () => {
        const got = await answer(c);
        assert.equal(got.status, expected.status, `body: ${got.body.slice(0, 200)}`);
        if (expected.location !== undefined) assert.equal(got.location, expected.location);
        if (expected.allow !== undefined) assert.equal(got.allow, expected.allow);
        if (c.expect.kind === "match" && method !== "HEAD" && method !== "OPTIONS") {
          const body = JSON.parse(got.body) as { endpoint: string; values: Record<string, unknown> };
          assert.equal(body.endpoint, c.expect.endpoint);
          assert.deepEqual(body.values, JSON.parse(JSON.stringify(c.expect.values ?? {})));
        }
      });
    }
  });
}
