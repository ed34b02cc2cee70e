import type { MatchCase } from "./case-types.js";

// Facts from Werkzeug 3.1 (tests/test_routing.py: basic routing, path, complex rules).
const basic = ["/", "/foo", "/bar/"];
const wiki = [
  { rule: "/", endpoint: "page", defaults: { name: "FrontPage" } },
  "/Special",
  { rule: "/<int:year>", endpoint: "year" },
  { rule: "/<path:name>", endpoint: "page" },
  { rule: "/<path:name>/edit", endpoint: "editpage" },
  { rule: "/<path:name>/silly/<path:name2>", endpoint: "sillypage" },
  { rule: "/<path:name>/silly/<path:name2>/edit", endpoint: "editsillypage" },
  { rule: "/Talk:<path:name>", endpoint: "talk" },
  { rule: "/User:<username>", endpoint: "user" },
  { rule: "/User:<username>/<path:name>", endpoint: "userpage" },
  { rule: "/Files/<path:file>", endpoint: "files" },
];
const complex = [
  "/",
  { rule: "/<int:blub>", endpoint: "an_int" },
  { rule: "/<blub>", endpoint: "a_string" },
  { rule: "/foo/", endpoint: "nested" },
  { rule: "/foobar/", endpoint: "nestedbar" },
  { rule: "/foo/<path:testing>/", endpoint: "nested_show" },
  { rule: "/foo/<path:testing>/edit", endpoint: "nested_edit" },
  { rule: "/users/", endpoint: "users", defaults: { page: 1 } },
  { rule: "/users/page/<int:page>", endpoint: "users" },
  "/foox",
  { rule: "/<path:bar>/<path:blub>", endpoint: "barx_path_path" },
];

const leavesAndBranches = [
  { rule: "/path1", endpoint: "leaf" },
  { rule: "/path1/", endpoint: "branch" },
  { rule: "/path2", endpoint: "leaf", strictSlashes: false },
  { rule: "/path2/", endpoint: "branch" },
  { rule: "/path3", endpoint: "leaf" },
  { rule: "/path3/", endpoint: "branch", strictSlashes: false },
  { rule: "/path4", endpoint: "leaf", strictSlashes: false },
  { rule: "/path4/", endpoint: "branch", strictSlashes: false },
  { rule: "/path5", endpoint: "leaf" },
];
const doubleDefaults = [
  { rule: "/", endpoint: "x", defaults: { foo: 1, bar: false } },
  { rule: "/<int:foo>", endpoint: "x", defaults: { bar: false } },
  { rule: "/bar/", endpoint: "x", defaults: { foo: 1, bar: true } },
  { rule: "/bar/<int:foo>", endpoint: "x", defaults: { bar: true } },
];

export const basicMatchingCases: readonly MatchCase[] = [
  { rules: basic, path: "/", expect: { kind: "match", endpoint: "/" } },
  { rules: basic, path: "/foo", expect: { kind: "match", endpoint: "/foo" } },
  { rules: basic, path: "/bar/", expect: { kind: "match", endpoint: "/bar/" } },
  { rules: basic, path: "/blub", expect: { kind: "notFound" } },
  { rules: basic, path: "/foo/bar", expect: { kind: "notFound" } },
  { rules: basic, path: "/FOO", expect: { kind: "notFound" }, why: "static text is case-sensitive" },
  { rules: ["/foo", "/bar"], path: "/bars", expect: { kind: "notFound" }, why: "a rule never matches a prefix of a segment" },
  { rules: ["/foo", "/bar"], path: "/ba", expect: { kind: "notFound" } },
  { rules: ["/a/b/c"], path: "/a/b/c", expect: { kind: "match", endpoint: "/a/b/c" } },
  { rules: ["/a/b/c"], path: "/a/b", expect: { kind: "notFound" } },
  { rules: ["/a/b/c"], path: "/a/b/c/d", expect: { kind: "notFound" } },
  { rules: ["/user/<username>"], path: "/user/thomas", expect: { kind: "match", endpoint: "/user/<username>", values: { username: "thomas" } } },
  { rules: ["/user/<username>"], path: "/user/", expect: { kind: "notFound" }, why: "a string converter never matches an empty segment" },
  { rules: ["/user/<username>"], path: "/user/a/b", expect: { kind: "notFound" }, why: "a string converter never spans a slash" },
  { rules: ["/post/<int:post_id>"], path: "/post/42", expect: { kind: "match", endpoint: "/post/<int:post_id>", values: { post_id: 42 } } },
  { rules: ["/post/<int:post_id>"], path: "/post/abc", expect: { kind: "notFound" } },
  { rules: ["/<a>/<b>/<c>"], path: "/x/y/z", expect: { kind: "match", endpoint: "/<a>/<b>/<c>", values: { a: "x", b: "y", c: "z" } } },
  { rules: ["/<a>/static/<b>"], path: "/x/static/z", expect: { kind: "match", endpoint: "/<a>/static/<b>", values: { a: "x", b: "z" } } },
  { rules: ["/<a>/static/<b>"], path: "/x/other/z", expect: { kind: "notFound" } },
  { rules: ["/лошадь"], path: "/%D0%BB%D0%BE%D1%88%D0%B0%D0%B4%D1%8C", expect: { kind: "match", endpoint: "/лошадь" }, why: "non-ASCII static text matches its UTF-8 percent-encoding" },
  { rules: ["/", "/лошадь"], path: "/%D0%B1%D0%B0%D1%80%D1%81%D1%83%D0%BA", expect: { kind: "notFound" } },
  { rules: ["/user/<name>"], path: "/user/%C3%BC%C3%B1%C3%AE", expect: { kind: "match", endpoint: "/user/<name>", values: { name: "üñî" } } },
  { rules: ["/киртест"], path: "/%D0%BA%D0%B8%D1%80%D1%82%D0%B5%D1%81%D1%82", expect: { kind: "match", endpoint: "/киртест" } },

  // The wiki-like map of Werkzeug's path test.
  { rules: wiki, path: "/", expect: { kind: "match", endpoint: "page", values: { name: "FrontPage" } }, why: "a rule's defaults are part of its values" },
  { rules: wiki, path: "/FrontPage", expect: { kind: "redirect", location: "/" }, why: "a URL equal to another rule's defaults redirects to that rule" },
  { rules: wiki, path: "/Special", expect: { kind: "match", endpoint: "/Special" } },
  { rules: wiki, path: "/2007", expect: { kind: "match", endpoint: "year", values: { year: 2007 } } },
  { rules: wiki, path: "/Some/Page", expect: { kind: "match", endpoint: "page", values: { name: "Some/Page" } } },
  { rules: wiki, path: "/Some/Page/edit", expect: { kind: "match", endpoint: "editpage", values: { name: "Some/Page" } } },
  { rules: wiki, path: "/Foo/silly/bar", expect: { kind: "match", endpoint: "sillypage", values: { name: "Foo", name2: "bar" } } },
  { rules: wiki, path: "/Foo/silly/bar/edit", expect: { kind: "match", endpoint: "editsillypage", values: { name: "Foo", name2: "bar" } } },
  { rules: wiki, path: "/Talk:Foo/Bar", expect: { kind: "match", endpoint: "talk", values: { name: "Foo/Bar" } } },
  { rules: wiki, path: "/User:thomas", expect: { kind: "match", endpoint: "user", values: { username: "thomas" } } },
  { rules: wiki, path: "/User:thomas/projects/werkzeug", expect: { kind: "match", endpoint: "userpage", values: { username: "thomas", name: "projects/werkzeug" } } },
  { rules: wiki, path: "/Files/downloads/werkzeug/0.2.zip", expect: { kind: "match", endpoint: "files", values: { file: "downloads/werkzeug/0.2.zip" } } },

  // Werkzeug's complex routing rules.
  { rules: complex, path: "/", expect: { kind: "match", endpoint: "/" } },
  { rules: complex, path: "/42", expect: { kind: "match", endpoint: "an_int", values: { blub: 42 } } },
  { rules: complex, path: "/blub", expect: { kind: "match", endpoint: "a_string", values: { blub: "blub" } } },
  { rules: complex, path: "/foo/", expect: { kind: "match", endpoint: "nested" } },
  { rules: complex, path: "/foobar/", expect: { kind: "match", endpoint: "nestedbar" } },
  { rules: complex, path: "/foo/1/2/3/", expect: { kind: "match", endpoint: "nested_show", values: { testing: "1/2/3" } } },
  { rules: complex, path: "/foo/1/2/3/edit", expect: { kind: "match", endpoint: "nested_edit", values: { testing: "1/2/3" } } },
  { rules: complex, path: "/users/", expect: { kind: "match", endpoint: "users", values: { page: 1 } } },
  { rules: complex, path: "/users/page/2", expect: { kind: "match", endpoint: "users", values: { page: 2 } } },
  { rules: complex, path: "/foox", expect: { kind: "match", endpoint: "/foox" } },
  { rules: complex, path: "/foox/bar", expect: { kind: "match", endpoint: "barx_path_path", values: { bar: "foox", blub: "bar" } } },
  { rules: complex, path: "/a/b/c", expect: { kind: "match", endpoint: "barx_path_path", values: { bar: "a", blub: "b/c" } }, why: "the first of two path converters is lazy" },

  // Converters beside static text in one segment.
  { rules: ["/c/<int:a>-<int:b>"], path: "/c/1-2", expect: { kind: "match", endpoint: "/c/<int:a>-<int:b>", values: { a: 1, b: 2 } } },
  { rules: ["/c/<int:a>-<int:b>"], path: "/c/10-200", expect: { kind: "match", endpoint: "/c/<int:a>-<int:b>", values: { a: 10, b: 200 } } },
  { rules: ["/c/<int:a>-<int:b>"], path: "/c/1-x", expect: { kind: "notFound" } },
  { rules: ["/c/<int:a>-<int:b>"], path: "/c/1-", expect: { kind: "notFound" } },
  { rules: ["/c/<int:a>-<int:b>"], path: "/c/1", expect: { kind: "notFound" } },
  { rules: ["/<a>-<b>"], path: "/foo-bar", expect: { kind: "match", endpoint: "/<a>-<b>", values: { a: "foo", b: "bar" } } },
  { rules: ["/<a>-<b>"], path: "/x-y-z", expect: { kind: "match", endpoint: "/<a>-<b>", values: { a: "x-y", b: "z" } }, why: "a string converter is greedy inside its segment" },
  { rules: ["/<a>-<b>"], path: "/nodash", expect: { kind: "notFound" } },
  { rules: ["/file/<name>.<ext>"], path: "/file/report.final.pdf", expect: { kind: "match", endpoint: "/file/<name>.<ext>", values: { name: "report.final", ext: "pdf" } } },
  { rules: ["/file/<name>.<ext>"], path: "/file/readme", expect: { kind: "notFound" } },
  { rules: ["/v<int:major>.<int:minor>/api"], path: "/v2.10/api", expect: { kind: "match", endpoint: "/v<int:major>.<int:minor>/api", values: { major: 2, minor: 10 } } },
  { rules: ["/v<int:major>.<int:minor>/api"], path: "/v2/api", expect: { kind: "notFound" } },
  { rules: ["/prefix-<name>"], path: "/prefix-", expect: { kind: "notFound" }, why: "the converter still needs at least one character" },
  { rules: ["/<name>-suffix"], path: "/abc-suffix", expect: { kind: "match", endpoint: "/<name>-suffix", values: { name: "abc" } } },
  { rules: ["/<name>-suffix"], path: "/abc-suffixx", expect: { kind: "notFound" }, why: "static text after a converter is anchored at the end of the segment" },
  { rules: ["/<path:name>/edit"], path: "/a/b/c/edit", expect: { kind: "match", endpoint: "/<path:name>/edit", values: { name: "a/b/c" } } },
  { rules: ["/<path:name>/edit"], path: "/edit", expect: { kind: "notFound" } },
  { rules: ["/<path:a>/<path:b>"], path: "/he/he", expect: { kind: "match", endpoint: "/<path:a>/<path:b>", values: { a: "he", b: "he" } } },
  { rules: ["/<path:a>/<path:b>"], path: "/one", expect: { kind: "notFound" } },
  { rules: ["/<path:p>"], path: "/", expect: { kind: "notFound" } },
  { rules: ["/Files/<path:file>"], path: "/Files/", expect: { kind: "notFound" }, why: "a path converter never matches an empty value" },
  { rules: ["/<path:p>/tail/<x>"], path: "/a/b/tail/c", expect: { kind: "match", endpoint: "/<path:p>/tail/<x>", values: { p: "a/b", x: "c" } } },

  // Leaves and branches of the same path with every strictSlashes combination (Werkzeug's leaves-don't-consume test).
  ...(["/path1", "/path2", "/path3", "/path4"] as const).flatMap((base): MatchCase[] => [
    { rules: leavesAndBranches, path: base, expect: { kind: "match", endpoint: "leaf" } },
    { rules: leavesAndBranches, path: `${base}/`, expect: { kind: "match", endpoint: "branch" }, why: "a non-strict leaf never takes its branch's URL" },
  ]),
  { rules: leavesAndBranches, path: "/path5/", expect: { kind: "notFound" } },

  // Werkzeug's double defaults: defaults that differ in a static prefix.
  { rules: doubleDefaults, path: "/", expect: { kind: "match", endpoint: "x", values: { foo: 1, bar: false } } },
  { rules: doubleDefaults, path: "/2", expect: { kind: "match", endpoint: "x", values: { foo: 2, bar: false } } },
  { rules: doubleDefaults, path: "/bar/", expect: { kind: "match", endpoint: "x", values: { foo: 1, bar: true } } },
  { rules: doubleDefaults, path: "/bar/2", expect: { kind: "match", endpoint: "x", values: { foo: 2, bar: true } } },
  { rules: doubleDefaults, path: "/1", expect: { kind: "redirect", location: "/" } },
  { rules: doubleDefaults, path: "/bar/1", expect: { kind: "redirect", location: "/bar/" }, why: "the canonical rule is the one whose defaults all agree" },

  // Newlines and names that are also JavaScript object keys.
  { rules: ["/hello"], path: "/hello%0A", expect: { kind: "notFound" }, why: "an encoded newline does not end the match early" },
  { rules: ["/x/<constructor>"], path: "/x/a", expect: { kind: "match", endpoint: "/x/<constructor>", values: { constructor: "a" } } },
  { rules: ["/x/<toString>/<hasOwnProperty>"], path: "/x/a/b", expect: { kind: "match", endpoint: "/x/<toString>/<hasOwnProperty>", values: { toString: "a", hasOwnProperty: "b" } } },
  { rules: ["/x/<name>"], path: "/x/__proto__", expect: { kind: "match", endpoint: "/x/<name>", values: { name: "__proto__" } } },
  { rules: ["/x/<name>"], path: "/x/constructor", expect: { kind: "match", endpoint: "/x/<name>", values: { name: "constructor" } } },
  { rules: ["/constructor"], path: "/toString", expect: { kind: "notFound" }, why: "static lookup does not see inherited object keys" },
  { rules: ["/a"], path: "/__proto__", expect: { kind: "notFound" } },

  // Build-only rules never match.
  { rules: [{ rule: "/static/<path:filename>", endpoint: "static", buildOnly: true }], path: "/static/app.css", expect: { kind: "notFound" } },
];
