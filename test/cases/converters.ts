import type { MatchCase } from "./case-types.js";

const U = "a8098c1a-f86e-11da-bd1a-00112444be1e";

function one(rule: string, path: string, values: Record<string, unknown> | null, why?: string): MatchCase {
  const c: MatchCase = {
    rules: [rule],
    path,
    expect: values === null ? { kind: "notFound" } : { kind: "match", endpoint: rule, values },
  };
  return why === undefined ? c : { ...c, why };
}

/** Each built-in converter and its arguments, as Werkzeug 3.1 defines them. */
export const converterCases: readonly MatchCase[] = [
  // string (default): one non-empty segment; minlength, maxlength, length.
  one("/s/<string:v>", "/s/hello", { v: "hello" }),
  one("/s/<string:v>", "/s/123", { v: "123" }, "string keeps digits as text"),
  one("/s/<string(length=2):v>", "/s/en", { v: "en" }),
  one("/s/<string(length=2):v>", "/s/eng", null),
  one("/s/<string(length=2):v>", "/s/e", null),
  one("/s/<string(minlength=3):v>", "/s/ab", null),
  one("/s/<string(minlength=3):v>", "/s/abc", { v: "abc" }),
  one("/s/<string(minlength=3):v>", "/s/abcdefgh", { v: "abcdefgh" }),
  one("/s/<string(maxlength=3):v>", "/s/abc", { v: "abc" }),
  one("/s/<string(maxlength=3):v>", "/s/abcd", null),
  one("/s/<string(minlength=2, maxlength=3):v>", "/s/a", null),
  one("/s/<string(minlength=2, maxlength=3):v>", "/s/ab", { v: "ab" }),
  one("/s/<string(minlength=2, maxlength=3):v>", "/s/abcd", null),
  one("/s/<string(length=3):v>", "/s/%C3%BC%C3%BC%C3%BC", { v: "üüü" }, "length counts decoded characters"),
  one("/s/<string(2):v>", "/s/ab", { v: "ab" }, "the first positional argument is minlength"),
  one("/s/<string(2):v>", "/s/a", null),

  // int: digits only; fixed_digits, min, max, signed.
  one("/i/<int:v>", "/i/0", { v: 0 }),
  one("/i/<int:v>", "/i/42", { v: 42 }),
  one("/i/<int:v>", "/i/007", { v: 7 }, "leading zeros are accepted without fixed_digits"),
  one("/i/<int:v>", "/i/-1", null, "int is unsigned by default"),
  one("/i/<int:v>", "/i/+1", null),
  one("/i/<int:v>", "/i/1.5", null),
  one("/i/<int:v>", "/i/1e3", null),
  one("/i/<int:v>", "/i/%201", null),
  one("/i/<int:v>", "/i/", null),
  one("/i/<int(fixed_digits=4):v>", "/i/2024", { v: 2024 }),
  one("/i/<int(fixed_digits=4):v>", "/i/0042", { v: 42 }),
  one("/i/<int(fixed_digits=4):v>", "/i/123", null),
  one("/i/<int(fixed_digits=4):v>", "/i/12345", null),
  one("/i/<int(min=10):v>", "/i/10", { v: 10 }),
  one("/i/<int(min=10):v>", "/i/9", null),
  one("/i/<int(max=10):v>", "/i/10", { v: 10 }),
  one("/i/<int(max=10):v>", "/i/11", null),
  one("/i/<int(min=1, max=5):v>", "/i/3", { v: 3 }),
  one("/i/<int(min=1, max=5):v>", "/i/0", null),
  one("/i/<int(min=1, max=5):v>", "/i/6", null),
  one("/i/<int(signed=True):v>", "/i/-42", { v: -42 }),
  one("/i/<int(signed=True):v>", "/i/42", { v: 42 }),
  one("/i/<int(signed=True):v>", "/i/--1", null),
  one("/i/<int(signed=true):v>", "/i/-1", { v: -1 }, "lower-case true is accepted too"),
  one("/i/<int(signed=True, min=-5):v>", "/i/-5", { v: -5 }),
  one("/i/<int(signed=True, min=-5):v>", "/i/-6", null),
  one("/i/<int(fixed_digits=2, signed=True):v>", "/i/-07", null, "fixed_digits counts the sign"),
  one("/i/<int(4):v>", "/i/0001", { v: 1 }, "the first positional argument is fixed_digits"),
  one("/i/<int(4):v>", "/i/1", null),

  // float: digits, a dot, digits; min, max, signed.
  one("/f/<float:v>", "/f/1.5", { v: 1.5 }),
  one("/f/<float:v>", "/f/0.815", { v: 0.815 }),
  one("/f/<float:v>", "/f/10.0", { v: 10 }),
  one("/f/<float:v>", "/f/1", null, "a float needs a dot"),
  one("/f/<float:v>", "/f/.5", null),
  one("/f/<float:v>", "/f/5.", null),
  one("/f/<float:v>", "/f/-1.5", null),
  one("/f/<float:v>", "/f/1e5", null),
  one("/f/<float(signed=True):v>", "/f/-1.5", { v: -1.5 }),
  one("/f/<float(min=1.0):v>", "/f/0.5", null),
  one("/f/<float(min=1.0):v>", "/f/1.0", { v: 1 }),
  one("/f/<float(max=2.5):v>", "/f/2.5", { v: 2.5 }),
  one("/f/<float(max=2.5):v>", "/f/2.6", null),
  one("/f/<float(min=-1.5, signed=True):v>", "/f/-1.0", { v: -1 }),
  one("/f/<float(min=-1.5, signed=True):v>", "/f/-2.0", null),

  // path: one or more segments, never empty, never starting with a slash.
  one("/p/<path:v>", "/p/a", { v: "a" }),
  one("/p/<path:v>", "/p/a/b/c", { v: "a/b/c" }),
  one("/p/<path:v>", "/p/a/b/", { v: "a/b/" }, "a path value may end with a slash"),
  one("/p/<path:v>", "/p/", null),
  one("/p/<path:v>", "/p", null),
  one("/p/<path:v>/x", "/p/a/b/x", { v: "a/b" }),
  one("/p/<path:v>.txt", "/p/a/b.txt", { v: "a/b" }),
  one("/p/<path:v>.txt", "/p/a/b.md", null),

  // uuid: canonical 8-4-4-4-12 hex, any case; the value is the lower-case string.
  one("/u/<uuid:v>", `/u/${U}`, { v: U }),
  one("/u/<uuid:v>", `/u/${U.toUpperCase()}`, { v: U }, "the value is the canonical lower-case form"),
  one("/u/<uuid:v>", "/u/a8098c1af86e11dabd1a00112444be1e", null, "dashes are required"),
  one("/u/<uuid:v>", "/u/a8098c1a-f86e-11da-bd1a-00112444be1", null),
  one("/u/<uuid:v>", "/u/g8098c1a-f86e-11da-bd1a-00112444be1e", null),
  one("/u/<uuid:v>", "/u/not-a-uuid", null),

  // any: one of the listed values.
  one("/<any(about, help, imprint):page>", "/about", { page: "about" }),
  one("/<any(about, help, imprint):page>", "/imprint", { page: "imprint" }),
  one("/<any(about, help, imprint):page>", "/contact", null),
  one("/<any(about, help, imprint):page>", "/abou", null, "any matches whole values, not prefixes"),
  one("/<any(about, help, imprint):page>", "/aboutus", null),
  one("/<any(a,b):k>", "/b", { k: "b" }),
  one('/<any("x-y", \'z z\'):k>', "/x-y", { k: "x-y" }, "quoted values may hold characters outside a name"),
  one('/<any("x-y", \'z z\'):k>', "/z%20z", { k: "z z" }),
  one("/<any(a.b, c):k>", "/axb", null, "a dot in a value is literal"),
  one("/<any(a.b, c):k>", "/a.b", { k: "a.b" }),
  one("/<any(a, b):k>/<any(x, y):l>", "/a/y", { k: "a", l: "y" }),
];
