import assert from "node:assert/strict";
import { test } from "node:test";
import {
  BadRequest, ContentTooLarge, Forbidden, HTTPException, InternalServerError, MethodNotAllowed, NotFound,
  RequestEntityTooLarge, abort, exceptionClassFor,
} from "../../src/http/exceptions.js";
import { makeResponse } from "../../src/http/response.js";

test("abort(404) throws NotFound with its default description", () => {
  assert.throws(() => abort(404), (error: unknown) => error instanceof NotFound && error.status === 404 && error.description.includes("not found"));
});

test("abort(403, description) keeps the description", () => {
  assert.throws(() => abort(403, "Admins only."), (error: unknown) => error instanceof Forbidden && error.description === "Admins only.");
});

test("abort(response) throws an HTTPException carrying that response", () => {
  const response = makeResponse("teapot", 418);
  assert.throws(() => abort(response), (error: unknown) => error instanceof HTTPException && error.response === response);
});

test("abort with a status flagon has no class for says what to do", () => {
  assert.throws(() => abort(499), /no HTTPException is defined for status 499/);
});

test("every listed status has a class whose name matches", () => {
  for (const status of [400, 401, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 416, 418, 422, 428, 429, 431, 500, 501, 502, 503, 504]) {
    const kind = exceptionClassFor(status);
    assert.ok(kind !== undefined, `no class for ${status}`);
    const error = new kind();
    assert.equal(error.status, status);
    assert.equal(error.name, kind.name);
    assert.ok(error instanceof HTTPException);
  }
});

test("MethodNotAllowed puts the allowed methods in an Allow header", () => {
  assert.deepEqual(new MethodNotAllowed(["GET", "HEAD"]).headers(), { allow: "GET, HEAD" });
});

test("ContentTooLarge is RequestEntityTooLarge under its RFC 9110 name", () => {
  assert.equal(ContentTooLarge, RequestEntityTooLarge);
  assert.equal(new ContentTooLarge().status, 413);
});

test("InternalServerError keeps the original error", () => {
  const original = new TypeError("boom");
  assert.equal(new InternalServerError(undefined, { originalError: original }).originalError, original);
});

test("a subclass instance is also its parent class", () => {
  assert.ok(new BadRequest() instanceof Error);
});
