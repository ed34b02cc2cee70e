import type { MatchCase } from "./case-types.js";

/**
 * Which rule wins when several match. The runner also registers the rules in
 * reverse order: the winner must not depend on registration order.
 * Werkzeug 3.1 weights: static segments first; then, per segment, more static
 * parts, longer static text, more converters, then converter weight
 * (int/float 50 < string/any/uuid 100 < path 200).
 */
const weighted = ["/<int:v>", "/<float:v>", "/<uuid:v>", "/<any(a, b):v>", "/<path:v>"];

export const priorityCases: readonly MatchCase[] = [
  { rules: ["/user/<username>", "/user/me"], path: "/user/me", expect: { kind: "match", endpoint: "/user/me" }, why: "static segments beat converters" },
  { rules: ["/user/<username>", "/user/me"], path: "/user/you", expect: { kind: "match", endpoint: "/user/<username>", values: { username: "you" } } },
  { rules: ["/<path:p>", "/about"], path: "/about", expect: { kind: "match", endpoint: "/about" } },
  { rules: ["/<int:n>", "/<s>"], path: "/42", expect: { kind: "match", endpoint: "/<int:n>", values: { n: 42 } }, why: "int (50) is tried before string (100)" },
  { rules: ["/<int:n>", "/<s>"], path: "/abc", expect: { kind: "match", endpoint: "/<s>", values: { s: "abc" } } },
  { rules: ["/<int:n>", "/<s>"], path: "/4a", expect: { kind: "match", endpoint: "/<s>", values: { s: "4a" } } },
  { rules: ["/<float:f>", "/<s>"], path: "/1.5", expect: { kind: "match", endpoint: "/<float:f>", values: { f: 1.5 } }, why: "float (50) is tried before string (100)" },
  { rules: ["/<float:f>", "/<s>"], path: "/1", expect: { kind: "match", endpoint: "/<s>", values: { s: "1" } } },
  { rules: ["/<int:n>", "/<float:f>"], path: "/7", expect: { kind: "match", endpoint: "/<int:n>", values: { n: 7 } } },
  { rules: ["/<int:n>", "/<float:f>"], path: "/7.25", expect: { kind: "match", endpoint: "/<float:f>", values: { f: 7.25 } } },
  { rules: ["/<path:p>", "/<s>"], path: "/abc", expect: { kind: "match", endpoint: "/<s>", values: { s: "abc" } }, why: "string (100) is tried before path (200)" },
  { rules: ["/<path:p>", "/<s>"], path: "/a/b", expect: { kind: "match", endpoint: "/<path:p>", values: { p: "a/b" } } },
  { rules: ["/<path:p>", "/<int:n>"], path: "/42", expect: { kind: "match", endpoint: "/<int:n>", values: { n: 42 } } },
  { rules: ["/<path:p>", "/<uuid:u>"], path: "/a8098c1a-f86e-11da-bd1a-00112444be1e", expect: { kind: "match", endpoint: "/<uuid:u>", values: { u: "a8098c1a-f86e-11da-bd1a-00112444be1e" } }, why: "uuid (100) is tried before path (200)" },
  { rules: ["/<path:p>", "/<any(a, b):k>"], path: "/a", expect: { kind: "match", endpoint: "/<any(a, b):k>", values: { k: "a" } } },
  { rules: ["/<path:p>", "/<any(a, b):k>"], path: "/c", expect: { kind: "match", endpoint: "/<path:p>", values: { p: "c" } } },
  { rules: ["/page-<int:n>", "/<s>"], path: "/page-3", expect: { kind: "match", endpoint: "/page-<int:n>", values: { n: 3 } }, why: "a segment with static text beats a bare converter" },
  { rules: ["/page-<int:n>", "/<s>"], path: "/page-x", expect: { kind: "match", endpoint: "/<s>", values: { s: "page-x" } } },
  { rules: ["/page-<s>", "/<int:n>"], path: "/page-3", expect: { kind: "match", endpoint: "/page-<s>", values: { s: "3" } }, why: "static text in the segment counts before converter weight" },
  { rules: ["/a<x>", "/ab<x>"], path: "/abc", expect: { kind: "match", endpoint: "/ab<x>", values: { x: "c" } }, why: "longer static text in the segment wins" },
  { rules: ["/a<x>", "/ab<x>"], path: "/acc", expect: { kind: "match", endpoint: "/a<x>", values: { x: "cc" } } },
  { rules: ["/<a>-<b>", "/<x>"], path: "/foo-bar", expect: { kind: "match", endpoint: "/<a>-<b>", values: { a: "foo", b: "bar" } } },
  { rules: ["/<a>-<b>", "/<x>"], path: "/foobar", expect: { kind: "match", endpoint: "/<x>", values: { x: "foobar" } } },
  { rules: ["/<path:a>/<path:b>", "/<path:p>"], path: "/x/y", expect: { kind: "match", endpoint: "/<path:a>/<path:b>", values: { a: "x", b: "y" } }, why: "more converters in the same part win" },
  { rules: ["/<path:a>/<path:b>", "/<path:p>"], path: "/x", expect: { kind: "match", endpoint: "/<path:p>", values: { p: "x" } } },
  { rules: ["/<path:name>", "/<path:name>/edit"], path: "/a/b/edit", expect: { kind: "match", endpoint: "/<path:name>/edit", values: { name: "a/b" } } },
  { rules: ["/<path:name>", "/<path:name>/edit"], path: "/a/b/editor", expect: { kind: "match", endpoint: "/<path:name>", values: { name: "a/b/editor" } } },
  { rules: ["/<a>/<b>", "/<path:p>"], path: "/x/y", expect: { kind: "match", endpoint: "/<a>/<b>", values: { a: "x", b: "y" } } },
  { rules: ["/<a>/<b>", "/<path:p>"], path: "/x/y/z", expect: { kind: "match", endpoint: "/<path:p>", values: { p: "x/y/z" } } },
  { rules: ["/docs/<path:p>", "/<path:q>"], path: "/docs/a/b", expect: { kind: "match", endpoint: "/docs/<path:p>", values: { p: "a/b" } } },
  { rules: ["/docs/<path:p>", "/<path:q>"], path: "/doc/a/b", expect: { kind: "match", endpoint: "/<path:q>", values: { q: "doc/a/b" } } },
  { rules: ["/a/<x>/c", "/<y>/b/d"], path: "/a/b/d", expect: { kind: "match", endpoint: "/<y>/b/d", values: { y: "a" } }, why: "a failed static branch falls back to a converter" },
  { rules: ["/a/<x>/c", "/<y>/b/d"], path: "/a/b/c", expect: { kind: "match", endpoint: "/a/<x>/c", values: { x: "b" } } },
  { rules: ["/foo/bar", "/<x>/baz"], path: "/foo/baz", expect: { kind: "match", endpoint: "/<x>/baz", values: { x: "foo" } } },
  { rules: ["/foo/bar", "/<x>/baz"], path: "/foo/qux", expect: { kind: "notFound" } },
  { rules: ["/<int:a>/x", "/<b>/y"], path: "/1/y", expect: { kind: "match", endpoint: "/<b>/y", values: { b: "1" } }, why: "a converter that matched but led nowhere is backtracked" },
  { rules: ["/<int:a>/x", "/<b>/y"], path: "/1/x", expect: { kind: "match", endpoint: "/<int:a>/x", values: { a: 1 } } },
  { rules: ["/static/<path:f>", "/<a>/<b>"], path: "/static/app.js", expect: { kind: "match", endpoint: "/static/<path:f>", values: { f: "app.js" } } },
  { rules: ["/static/<path:f>", "/<a>/<b>"], path: "/other/app.js", expect: { kind: "match", endpoint: "/<a>/<b>", values: { a: "other", b: "app.js" } } },
  { rules: ["/<int:n>", "/<int(signed=True):m>"], path: "/-3", expect: { kind: "match", endpoint: "/<int(signed=True):m>", values: { m: -3 } } },
  { rules: ["/<lang>/", "/static/"], path: "/static/", expect: { kind: "match", endpoint: "/static/" } },
  { rules: ["/<lang>/", "/static/"], path: "/en/", expect: { kind: "match", endpoint: "/<lang>/", values: { lang: "en" } } },
  { rules: ["/", "/<path:p>"], path: "/", expect: { kind: "match", endpoint: "/" } },
  { rules: weighted, path: "/1", expect: { kind: "match", endpoint: "/<int:v>", values: { v: 1 } } },
  { rules: weighted, path: "/1.5", expect: { kind: "match", endpoint: "/<float:v>", values: { v: 1.5 } } },
  { rules: weighted, path: "/a8098c1a-f86e-11da-bd1a-00112444be1e", expect: { kind: "match", endpoint: "/<uuid:v>", values: { v: "a8098c1a-f86e-11da-bd1a-00112444be1e" } } },
  { rules: weighted, path: "/b", expect: { kind: "match", endpoint: "/<any(a, b):v>", values: { v: "b" } } },
  { rules: weighted, path: "/c", expect: { kind: "match", endpoint: "/<path:v>", values: { v: "c" } } },
  { rules: weighted, path: "/1/2", expect: { kind: "match", endpoint: "/<path:v>", values: { v: "1/2" } } },
  { rules: ["/<path:path>/c", "/<path:path>/<a>/<b>"], path: "/a/b/c", expect: { kind: "match", endpoint: "/<path:path>/c", values: { path: "a/b" } }, why: "static text after a path converter outweighs more converters" },
  { rules: ["/<path:path>/c", "/<path:path>/<a>/<b>"], path: "/a/b/d", expect: { kind: "match", endpoint: "/<path:path>/<a>/<b>", values: { path: "a", a: "b", b: "d" } } },
  { rules: ["/<path:p>/<name>", "/<path:p>/<int:id>"], path: "/some/path/123", expect: { kind: "match", endpoint: "/<path:p>/<int:id>", values: { p: "some/path", id: 123 } } },
  { rules: ["/<path:p>/<name>", "/<path:p>/<int:id>"], path: "/some/path/abc", expect: { kind: "match", endpoint: "/<path:p>/<name>", values: { p: "some/path", name: "abc" } } },
  { rules: ["/<int(max=10):n>", "/<s>"], path: "/11", expect: { kind: "match", endpoint: "/<s>", values: { s: "11" } }, why: "a converter's refusal lets a less specific rule match, as Werkzeug documents ValidationError (its 3.1 matcher answers 404 here)" },
  { rules: ["/<int(max=10):n>", "/<s>"], path: "/10", expect: { kind: "match", endpoint: "/<int(max=10):n>", values: { n: 10 } } },
];
