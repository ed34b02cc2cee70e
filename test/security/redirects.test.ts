import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Flagon, type ListeningServer, makeResponse, redirect, safeRedirect, UnsafeRedirectError } from "../../src/index.js";
import { get, rawRequest } from "./_raw.js";

const errors: unknown[] = [];
const app = new Flagon();
app.logger = { request: () => undefined, error: (error) => errors.push(error) };
app.route("/next", function next(_, request) {
  return safeRedirect(request.args.get("next"), "/home");
});
app.route("/go", function go(_, request) {
  return redirect(request.args.get("to") ?? "/");
});
app.route("/header", function header(_, request) {
  const response = makeResponse("ok");
  response.headers.set("x-echo", request.args.get("v") ?? "");
  return response;
});
app.route("/cookie", function cookie(_, request) {
  return makeResponse("ok").setCookie("c", request.args.get("v") ?? "");
});

let server: ListeningServer;
before(async () => {
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
});

test("redirect() refuses a location with CR or LF", () => {
  assert.throws(() => redirect("/a\r\nSet-Cookie: x=1"), UnsafeRedirectError);
  assert.throws(() => redirect("/a\nb"), UnsafeRedirectError);
});

test("a CRLF smuggled into redirect() through a view is a 500 and no injected header reaches the client", async () => {
  const answer = await rawRequest(server.port, get("/go?to=/a%0D%0ASet-Cookie:%20owned=1"));
  assert.equal(answer.status, 500);
  assert.doesNotMatch(answer.text, /owned/);
});

test("a CRLF in a header value set by a view is a 500, never a split response", async () => {
  const answer = await rawRequest(server.port, get("/header?v=a%0D%0AX-Injected:%201"));
  assert.equal(answer.status, 500);
  assert.doesNotMatch(answer.text, /X-Injected/i);
});

test("a CRLF in a cookie value is percent-encoded inside Set-Cookie, never a split response", async () => {
  const answer = await rawRequest(server.port, get("/cookie?v=a%0D%0AX-Injected:%201"));
  assert.equal(answer.status, 200);
  assert.doesNotMatch(answer.text, /\r\nX-Injected/i);
  assert.match(answer.text, /\r\nset-cookie: c=a%0D%0AX-Injected/i);
});

const refused = [
  "//evil.com", "//evil.com/path", "/\\evil.com", "/\\/evil.com", "\\\\evil.com", "https://evil.com", "http://evil.com/",
  "HTTPS://evil.com", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", " /evil", "/\tevil.com",
  "/\x00evil", "evil.com", "", "%2F%2Fevil.com", "%5C%5Cevil.com", "///evil.com", "/\r\n/evil.com",
];
for (const target of refused) {
  test(`safeRedirect sends ${JSON.stringify(target)} to the fallback`, () => {
    assert.equal(safeRedirect(target, "/home").headers.get("location"), "/home");
  });
}

for (const target of ["/", "/account", "/a/b?x=1#frag", "/%2F%2Fevil.com", "/search?q=//evil.com"]) {
  test(`safeRedirect follows the local path ${JSON.stringify(target)}`, () => {
    assert.equal(safeRedirect(target, "/home").headers.get("location"), target);
  });
}

test("?next= with an encoded //evil.com through the server redirects to the fallback", async () => {
  for (const next of ["%2F%2Fevil.com", "%2F%5Cevil.com", "https%3A%2F%2Fevil.com", "%2F%09%2Fevil.com"]) {
    const answer = await rawRequest(server.port, get(`/next?next=${next}`));
    assert.equal(answer.status, 302);
    assert.match(answer.text, /\r\nlocation: \/home\r\n/i, `next=${next}`);
  }
});
