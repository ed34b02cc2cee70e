import assert from "node:assert/strict";
import { test } from "node:test";
import { BadRequest } from "../../src/http/exceptions.js";
import { MultiDict, parseQueryString } from "../../src/http/multidict.js";

test("get returns the first value of a repeated key and getAll all of them", () => {
  const args = parseQueryString("a=1&b=2&a=3");
  assert.equal(args.get("a"), "1");
  assert.deepEqual(args.getAll("a"), ["1", "3"]);
});

test("get returns the default for a missing key", () => {
  assert.equal(parseQueryString("").get("x", "none"), "none");
});

test("get with a type converts, and falls back to the default when conversion fails", () => {
  const args = parseQueryString("page=2&bad=x");
  assert.equal(args.get("page", 1, Number), 2);
  assert.equal(args.get("bad", 1, Number), 1);
  assert.equal(args.get("missing", 1, Number), 1);
});

test("require of a missing key is a 400 naming the key", () => {
  const form = new MultiDict<string>(undefined, "form");
  assert.throws(() => form.require("username"), (error: unknown) =>
    error instanceof BadRequest && error.description === "The form is missing the required key 'username'.");
});

test("plus signs and percent-escapes are decoded, malformed escapes kept as written", () => {
  const args = parseQueryString("q=hello+world&e=%C3%A9&bad=%zz");
  assert.equal(args.get("q"), "hello world");
  assert.equal(args.get("e"), "é");
  assert.equal(args.get("bad"), "%zz");
});

test("a key without = has an empty value", () => {
  assert.equal(parseQueryString("flag").get("flag"), "");
});

test("iteration yields one pair per value and toObject keeps first values", () => {
  const args = parseQueryString("a=1&a=2&b=3");
  assert.deepEqual([...args], [["a", "1"], ["a", "2"], ["b", "3"]]);
  assert.deepEqual({ ...args.toObject() }, { a: "1", b: "3" });
  assert.deepEqual({ ...args.toObject({ flat: false }) }, { a: ["1", "2"], b: ["3"] });
});
