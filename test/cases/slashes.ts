import type { MatchCase } from "./case-types.js";

const ALL = ["GET", "HEAD", "OPTIONS"];
const getBranchPostLeaf = [
  { rule: "/bar/", endpoint: "get", methods: ["GET"] },
  { rule: "/bar", endpoint: "post", methods: ["POST"] },
];

/** Strict slashes (branch rules redirect, leaf rules refuse a slash) and merged slashes. */
export const strictSlashCases: readonly MatchCase[] = [
  { rules: ["/bar/"], path: "/bar", expect: { kind: "redirect", location: "/bar/" }, why: "a branch rule visited without its slash redirects" },
  { rules: ["/bar/"], path: "/bar/", expect: { kind: "match", endpoint: "/bar/" } },
  { rules: ["/bar/"], path: "/bar", query: "aha=muhaha", expect: { kind: "redirect", location: "/bar/?aha=muhaha" }, why: "the query string is kept" },
  { rules: ["/bar/"], path: "/bar", query: "a=1&b=%20x", expect: { kind: "redirect", location: "/bar/?a=1&b=%20x" }, why: "the query string is kept as sent" },
  { rules: ["/bar/"], method: "HEAD", path: "/bar", expect: { kind: "redirect", location: "/bar/" } },
  { rules: ["/a/b/c/"], path: "/a/b/c", expect: { kind: "redirect", location: "/a/b/c/" } },
  { rules: ["/users/<int:id>/"], path: "/users/5", expect: { kind: "redirect", location: "/users/5/" } },
  { rules: ["/users/<int:id>/"], path: "/users/5/", expect: { kind: "match", endpoint: "/users/<int:id>/", values: { id: 5 } } },
  { rules: ["/foo"], path: "/foo/", expect: { kind: "notFound" }, why: "a leaf rule visited with a slash is not found" },
  { rules: ["/user/<name>"], path: "/user/joe/", expect: { kind: "notFound" } },
  { rules: ["/foo", "/foo/"], path: "/foo", expect: { kind: "match", endpoint: "/foo" }, why: "a leaf and a branch of the same path are distinct rules" },
  { rules: ["/foo", "/foo/"], path: "/foo/", expect: { kind: "match", endpoint: "/foo/" } },
  { rules: ["/foo/", "/<name>"], path: "/foo", expect: { kind: "redirect", location: "/foo/" }, why: "the slash redirect is chosen before a less specific rule" },
  { rules: ["/foo/", "/<name>"], path: "/bar", expect: { kind: "match", endpoint: "/<name>", values: { name: "bar" } } },
  { rules: [{ rule: "/foo", endpoint: "foo", strictSlashes: false }], path: "/foo/", expect: { kind: "match", endpoint: "foo" }, why: "a non-strict leaf also answers with a slash" },
  { rules: [{ rule: "/foo", endpoint: "foo", strictSlashes: false }], path: "/foo", expect: { kind: "match", endpoint: "foo" } },
  { rules: [{ rule: "/foo/", endpoint: "foo", strictSlashes: false }], path: "/foo", expect: { kind: "match", endpoint: "foo" }, why: "a non-strict branch answers without a slash instead of redirecting" },
  { rules: [{ rule: "/foo/", endpoint: "foo", strictSlashes: false }], path: "/foo/", expect: { kind: "match", endpoint: "foo" } },
  { rules: ["/foo/"], router: { strictSlashes: false }, path: "/foo", expect: { kind: "match", endpoint: "/foo/" }, why: "the router-wide setting applies to every rule" },
  { rules: ["/foo"], router: { strictSlashes: false }, path: "/foo/", expect: { kind: "match", endpoint: "/foo" } },
  { rules: [{ rule: "/foo/", endpoint: "foo", strictSlashes: true }], router: { strictSlashes: false }, path: "/foo", expect: { kind: "redirect", location: "/foo/" }, why: "a rule's own setting overrides the router's" },
  { rules: getBranchPostLeaf, path: "/bar/", expect: { kind: "match", endpoint: "get" } },
  { rules: getBranchPostLeaf, method: "POST", path: "/bar", expect: { kind: "match", endpoint: "post" } },
  { rules: getBranchPostLeaf, path: "/bar", expect: { kind: "redirect", location: "/bar/" }, why: "the slash redirect only considers rules accepting the method" },
  { rules: getBranchPostLeaf, method: "POST", path: "/bar/", expect: { kind: "methodNotAllowed", allowed: ALL } },
  { rules: [getBranchPostLeaf[1]!, getBranchPostLeaf[0]!], path: "/bar", expect: { kind: "redirect", location: "/bar/" } },
  { rules: [{ rule: "/bar/", endpoint: "get", methods: ["GET"] }], method: "POST", path: "/bar/", expect: { kind: "methodNotAllowed", allowed: ALL } },
  { rules: [{ rule: "/bar/", endpoint: "get", methods: ["GET"] }], method: "POST", path: "/bar", expect: { kind: "notFound" }, why: "Werkzeug's matcher only redirects or reports methods for the exact path" },
  { rules: ["/öäü/"], path: "/%C3%B6%C3%A4%C3%BC", expect: { kind: "redirect", location: "/%C3%B6%C3%A4%C3%BC/" }, why: "the redirect location is percent-encoded" },
  { rules: ["/a b/"], path: "/a%20b", expect: { kind: "redirect", location: "/a%20b/" } },
  { rules: ["/files/<path:p>/"], path: "/files/a/b", expect: { kind: "redirect", location: "/files/a/b/" }, why: "a path converter followed by a slash redirects too" },
  { rules: ["/files/<path:p>/"], path: "/files/a/b/", expect: { kind: "match", endpoint: "/files/<path:p>/", values: { p: "a/b" } } },
  { rules: ["/"], path: "/", expect: { kind: "match", endpoint: "/" } },
];

export const mergeSlashCases: readonly MatchCase[] = [
  { rules: ["/no/tail"], path: "/no//tail", expect: { kind: "redirect", location: "/no/tail" }, why: "duplicate slashes redirect to the merged path" },
  { rules: ["/no/tail"], path: "//no/tail", expect: { kind: "redirect", location: "/no/tail" } },
  { rules: ["/no/tail"], path: "/no//tail", query: "x=1", expect: { kind: "redirect", location: "/no/tail?x=1" } },
  { rules: ["/yes/tail/"], path: "/yes//tail", expect: { kind: "redirect", location: "/yes/tail/" }, why: "merging and the strict slash redirect happen in one step" },
  { rules: ["/yes/tail/"], path: "/yes/tail//", expect: { kind: "redirect", location: "/yes/tail/" } },
  { rules: ["/no/tail"], path: "/no/tail", expect: { kind: "match", endpoint: "/no/tail" } },
  { rules: ["/user/<name>"], path: "/user//joe", expect: { kind: "redirect", location: "/user/joe" } },
  { rules: ["/with/<path:path>"], path: "/with/x//y", expect: { kind: "match", endpoint: "/with/<path:path>", values: { path: "x//y" } }, why: "a path value legitimately holds duplicate slashes" },
  { rules: ["/with/<path:path>"], path: "/with/http://example.com/", expect: { kind: "match", endpoint: "/with/<path:path>", values: { path: "http://example.com/" } } },
  { rules: [{ rule: "/no//merge", endpoint: "no_merge", mergeSlashes: false }], path: "/no//merge", expect: { kind: "match", endpoint: "no_merge" }, why: "a rule that does not merge keeps its own double slash" },
  { rules: [{ rule: "/no/merging", endpoint: "no_merging", mergeSlashes: false }], path: "/no//merging", expect: { kind: "notFound" } },
  { rules: [{ rule: "/no/merging", endpoint: "no_merging", mergeSlashes: false }], path: "/no/merging", expect: { kind: "match", endpoint: "no_merging" } },
  { rules: ["/no/tail"], router: { mergeSlashes: false }, path: "/no//tail", expect: { kind: "notFound" } },
  { rules: ["/a//b"], path: "/a/b", expect: { kind: "match", endpoint: "/a//b" }, why: "a merging rule's own double slash is merged too" },
  { rules: ["/a//b"], path: "/a//b", expect: { kind: "redirect", location: "/a/b" } },
  { rules: ["/a/<x>"], path: "/a/%2F%2F", expect: { kind: "match", endpoint: "/a/<x>", values: { x: "//" } }, why: "encoded slashes are data, not separators to merge" },
];
