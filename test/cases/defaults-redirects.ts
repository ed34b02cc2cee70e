import type { MatchCase } from "./case-types.js";

const all = [
  { rule: "/all/", endpoint: "all_entries", defaults: { page: 1 } },
  { rule: "/all/page/<int:page>", endpoint: "all_entries" },
];
const foo = [
  { rule: "/foo/", endpoint: "foo", defaults: { page: 1 } },
  { rule: "/foo/<int:page>", endpoint: "foo" },
];

/** Defaults (values and canonical-URL redirects) and redirectTo. */
export const defaultsRedirectCases: readonly MatchCase[] = [
  { rules: all, path: "/all/", expect: { kind: "match", endpoint: "all_entries", values: { page: 1 } } },
  { rules: all, path: "/all/page/1", expect: { kind: "redirect", location: "/all/" }, why: "a URL whose values equal another rule's defaults redirects to that rule" },
  { rules: all, path: "/all/page/1", query: "sort=asc", expect: { kind: "redirect", location: "/all/?sort=asc" } },
  { rules: all, path: "/all/page/2", expect: { kind: "match", endpoint: "all_entries", values: { page: 2 } } },
  { rules: all, path: "/all", expect: { kind: "redirect", location: "/all/" } },
  { rules: foo, path: "/foo/", expect: { kind: "match", endpoint: "foo", values: { page: 1 } } },
  { rules: foo, path: "/foo/1", expect: { kind: "redirect", location: "/foo/" } },
  { rules: foo, path: "/foo/2", expect: { kind: "match", endpoint: "foo", values: { page: 2 } } },
  { rules: [{ rule: "/foo", endpoint: "foo", defaults: { bar: 42 } }, { rule: "/foo/<int:bar>", endpoint: "foo" }], path: "/foo/42", expect: { kind: "redirect", location: "/foo" } },
  { rules: [{ rule: "/foo", endpoint: "foo", defaults: { bar: 42 } }, { rule: "/foo/<int:bar>", endpoint: "foo" }], path: "/foo/43", expect: { kind: "match", endpoint: "foo", values: { bar: 43 } } },
  { rules: [{ rule: "/x", endpoint: "a", defaults: { page: 1 } }, { rule: "/x/<int:page>", endpoint: "b" }], path: "/x/1", expect: { kind: "match", endpoint: "b", values: { page: 1 } }, why: "defaults only redirect between rules of the same endpoint" },
  { rules: [{ rule: "/x/<name>", endpoint: "x", defaults: { extra: "yes" } }], path: "/x/joe", expect: { kind: "match", endpoint: "x", values: { name: "joe", extra: "yes" } }, why: "defaults that are not in the rule are passed as values" },

  { rules: [{ rule: "/<category>", endpoint: "category", defaults: { page: 1 } }, { rule: "/<category>/page/<int:page>", endpoint: "category" }], path: "/foo%40bar/page/1", expect: { kind: "redirect", location: "/foo@bar" }, why: "the canonical URL is rebuilt with Werkzeug's safe characters" },
  { rules: [{ rule: "/<category>", endpoint: "category", defaults: { page: 1 } }, { rule: "/<category>/page/<int:page>", endpoint: "category" }], path: "/a%20b/page/1", expect: { kind: "redirect", location: "/a%20b" } },
  { rules: [{ rule: "/old/<slug>", endpoint: "old", redirectTo: "/new/<slug>" }, { rule: "/new/<slug>", endpoint: "new" }], path: "/old/hello", expect: { kind: "redirect", location: "/new/hello" }, why: "a redirectTo string has its placeholders filled" },
  { rules: [{ rule: "/old/<slug>", endpoint: "old", redirectTo: "/new/<slug>" }], path: "/old/a%20b", expect: { kind: "redirect", location: "/new/a%20b" }, why: "placeholders are filled with URL-encoded values" },
  { rules: [{ rule: "/o/<int:id>", endpoint: "o", redirectTo: "/n/<id>" }], path: "/o/5", expect: { kind: "redirect", location: "/n/5" } },
  { rules: [{ rule: "/o/<int:a>/<int:b>", endpoint: "o", redirectTo: "/n/<b>/<a>" }], path: "/o/1/2", expect: { kind: "redirect", location: "/n/2/1" } },
  { rules: [{ rule: "/home", endpoint: "home", redirectTo: "/" }], path: "/home", expect: { kind: "redirect", location: "/" } },
  { rules: [{ rule: "/o/<int:id>", endpoint: "o", redirectTo: "/n/<id>" }], path: "/o/1", query: "q=1", expect: { kind: "redirect", location: "/n/1" }, why: "a redirectTo target is used as written, without the request's query" },
  { rules: [{ rule: "/o/<int:id>", endpoint: "o", redirectTo: (v) => `/f/${String(v["id"])}/slug` }], path: "/o/7", expect: { kind: "redirect", location: "/f/7/slug" }, why: "a redirectTo function receives the converted values" },
  { rules: [{ rule: "/o/<int:id>", endpoint: "o", redirectTo: (v) => (typeof v["id"] === "number" ? "/number" : "/other") }], path: "/o/7", expect: { kind: "redirect", location: "/number" } },
  { rules: [{ rule: "/o/<int:id>", endpoint: "o", redirectTo: "/n/<id>" }], path: "/o/x", expect: { kind: "notFound" }, why: "a redirecting rule still has to match" },
];
