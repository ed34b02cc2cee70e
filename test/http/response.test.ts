import assert from "node:assert/strict";
import { test } from "node:test";
import { FlagonResponse, NoResponseError, UnsafeRedirectError, jsonify, makeResponse, redirect, toResponse } from "../../src/http/response.js";

test("a string becomes 200 text/html", () => {
  const response = toResponse("hi", "home");
  assert.equal(response.status, 200);
  assert.equal(response.contentType, "text/html; charset=utf-8");
  assert.equal(response.body, "hi");
});

test("an object or array becomes JSON", () => {
  assert.equal(toResponse({ a: 1 }, "x").body, '{"a":1}');
  assert.equal(toResponse([1, 2], "x").contentType, "application/json");
});

test("bytes become application/octet-stream", () => {
  assert.equal(toResponse(new Uint8Array([1]), "x").contentType, "application/octet-stream");
});

test("an ArrayBuffer or a view of one is sent as its bytes, not as JSON", async () => {
  const buffer = new Uint8Array([104, 105, 33, 33]).buffer;
  for (const value of [buffer, new DataView(buffer, 0, 2), new Uint16Array(buffer, 2, 1)]) {
    const response = toResponse(value, "x");
    assert.equal(response.contentType, "application/octet-stream");
    assert.deepEqual([...new Uint8Array(await response.toWebResponse().arrayBuffer())], [...new Uint8Array(buffer, value instanceof ArrayBuffer ? 0 : value.byteOffset, value.byteLength)]);
  }
});

test("undefined is an error naming the endpoint", () => {
  assert.throws(() => toResponse(undefined, "show_post"), (error: unknown) => error instanceof NoResponseError && error.message.includes('"show_post"'));
});

test("a web Response is wrapped with its status and headers", async () => {
  const response = toResponse(new Response("x", { status: 201, headers: { "x-a": "1" } }), "x");
  assert.equal(response.status, 201);
  assert.equal(response.headers.get("x-a"), "1");
  assert.equal(await response.toWebResponse().text(), "x");
});

test("jsonify sets the status", () => {
  const response = jsonify({ ok: true }, 201);
  assert.equal(response.status, 201);
  assert.equal(response.body, '{"ok":true}');
});

test("makeResponse applies status and headers", () => {
  const response = makeResponse("gone", 410, { "x-why": "moved" });
  assert.equal(response.status, 410);
  assert.equal(response.headers.get("x-why"), "moved");
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
});

test("redirect defaults to 302 and sends the location as given", () => {
  const response = redirect("/user/42");
  assert.equal(response.status, 302);
  assert.equal(response.headers.get("location"), "/user/42");
});

test("redirect percent-encodes characters outside ASCII as UTF-8 and leaves the rest as given", () => {
  const response = redirect("/€uro/%41?next=é&x=a b");
  assert.equal(response.headers.get("location"), "/%E2%82%ACuro/%41?next=%C3%A9&x=a b");
});

test("redirect percent-encodes control characters other than CR and LF instead of failing on them", () => {
  assert.equal(redirect("/a\0b\u0001c\u007fd\te").headers.get("location"), "/a%00b%01c%7Fd%09e");
});

test("redirect refuses a location with CR or LF", () => {
  assert.throws(() => redirect("/x\r\nSet-Cookie: a=b"), UnsafeRedirectError);
});

test("setCookie and deleteCookie add Set-Cookie headers", () => {
  const response = new FlagonResponse("x");
  response.setCookie("a", "1", { httpOnly: true });
  response.deleteCookie("b");
  const cookies = response.headers.getSetCookie();
  assert.equal(cookies.length, 2);
  assert.match(cookies[0] ?? "", /^a=1; Path=\/; HttpOnly$/);
  assert.match(cookies[1] ?? "", /^b=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970/);
});

test("an async iterable is streamed", async () => {
  async function* parts() {
    yield "a";
    yield new TextEncoder().encode("b");
  }
  assert.equal(await toResponse(parts(), "x").toWebResponse().text(), "ab");
});

test("safeRedirect follows a local path and refuses other hosts", async () => {
  const { safeRedirect } = await import("../../src/http/response.js");
  assert.equal(safeRedirect("/account?tab=1").headers.get("location"), "/account?tab=1");
  for (const target of ["https://evil.test/", "//evil.test", "/\\evil.test", "javascript:alert(1)", "/x\ty", null, undefined, ""]) {
    assert.equal(safeRedirect(target, "/home").headers.get("location"), "/home", String(target));
  }
});
