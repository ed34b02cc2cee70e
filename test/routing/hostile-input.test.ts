import { test } from "node:test";
import assert from "node:assert/strict";
import { Router, RuleSyntaxError } from "../../src/routing/index.js";

function router(): Router {
  const r = new Router();
  r.add("/files/<path:name>", { endpoint: "file" });
  r.add("/<path:a>/<path:b>", { endpoint: "pair" });
  r.add("/s/<a>-<b>-<c>", { endpoint: "triple" });
  r.add("/user/<int:id>", { endpoint: "user" });
  return r;
}

// A hang shows up as this timeout; nothing here measures speed.
const bounded = { timeout: 10_000 };

test("a 100 KB path through a trailing path converter matches whole", bounded, () => {
  const name = "d/".repeat(50_000) + "f.txt";
  const m = router().match("GET", "/files/" + name);
  assert.equal(m.kind, "match");
  assert.equal(m.kind === "match" && m.values["name"], name);
});

test("10,000 empty segments that fit no rule answer notFound", bounded, () => {
  assert.equal(router().match("GET", "/x" + "/".repeat(10_000)).kind, "notFound");
});

test("10,000 segments are walked without exhausting the stack", bounded, () => {
  const m = router().match("GET", "/files/" + "1/".repeat(10_000) + "end");
  assert.equal(m.kind === "match" && m.endpoint, "file");
});

test("a crafted segment against three string converters answers without backtracking for long", bounded, () => {
  const m = router().match("GET", "/s/" + "a-".repeat(50_000) + "/");
  assert.notEqual(m.kind, "match");
});

test("malformed percent-encoding in a long path is a badRequest, not an exception", bounded, () => {
  const m = router().match("GET", "/user/" + "%E2%9C".repeat(10_000));
  assert.equal(m.kind, "badRequest");
});

test("a custom converter whose regex nests repetitions is refused at registration", () => {
  const r = new Router();
  r.addConverter("evil", { regex: "(a+)+" });
  assert.throws(() => r.add("/e/<evil:x>", { endpoint: "e" }), (error: unknown) => {
    assert.ok(error instanceof RuleSyntaxError);
    assert.match(error.message, /'\/e\/<evil:x>'.*nests unbounded repetitions/);
    return true;
  });
});

test("a list converter with a separator between repetitions is accepted", () => {
  const r = new Router();
  r.addConverter("list", { regex: "[a-z]+(?:,[a-z]+)*", toValue: (raw) => raw.split(",") });
  r.add("/tags/<list:tags>", { endpoint: "tags" });
  const m = r.match("GET", "/tags/a,b,c");
  assert.deepEqual(m.kind === "match" && m.values["tags"], ["a", "b", "c"]);
});

test("nestedQuantifiers: true accepts a regex the check cannot prove safe", () => {
  const r = new Router();
  r.addConverter("words", { regex: "(?:[a-z]+ ?)+", nestedQuantifiers: true });
  r.add("/w/<words:w>", { endpoint: "w" });
  assert.equal(r.match("GET", "/w/ab%20cd").kind, "match");
});

test("an integer beyond 2^53 is not silently rounded: the int rule does not match", () => {
  assert.equal(router().match("GET", "/user/9007199254740993").kind, "match");
  const m = router().match("GET", "/user/9007199254740993");
  assert.equal(m.kind === "match" && m.endpoint, "pair");
});

test("a rule added after a lookup is found under a state with many static texts", () => {
  const r = new Router();
  for (let i = 1; i <= 9; i++) r.add(`/x/<int:n>/a${i}`, { endpoint: `a${i}` });
  assert.equal(r.match("GET", "/x/5/a3").kind, "match");
  r.add("/x/<int:n>/a10", { endpoint: "a10" });
  const m = r.match("GET", "/x/5/a10");
  assert.equal(m.kind === "match" && m.endpoint, "a10");
});

test("a converter that matches on the same router during a lookup leaves the outer lookup's values intact", () => {
  const r = new Router();
  r.addConverter("lookup", {
    regex: "[a-z]+",
    toValue: (raw) => (r.match("GET", `/inner/${raw.length}`).kind === "match" ? raw : raw),
  });
  r.add("/inner/<int:n>", { endpoint: "inner" });
  r.add("/outer/<int:id>/<lookup:name>", { endpoint: "outer" });
  const m = r.match("GET", "/outer/7/abc");
  assert.deepEqual(m.kind === "match" && m.values, { id: 7, name: "abc" });
});

test("a redirect built from a raw path holding control or non-ASCII characters has a valid location", () => {
  const r = new Router();
  r.add("/s/<v>", { endpoint: "s" });
  r.add("/d/<v>/", { endpoint: "d" });
  assert.deepEqual(r.match("GET", "/s//\u0000"), { kind: "redirect", location: "/s/%00" });
  assert.deepEqual(r.match("GET", "/d/é"), { kind: "redirect", location: "/d/%C3%A9/" });
  assert.deepEqual(r.match("GET", "/d/a%20b"), { kind: "redirect", location: "/d/a%20b/" });
});
