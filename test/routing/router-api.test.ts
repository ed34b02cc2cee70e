import { test } from "node:test";
import assert from "node:assert/strict";
import { Router, ValidationError, BuildError, DuplicateRuleError } from "../../src/routing/index.js";

test("A rule lists its methods upper-case and sorted, with HEAD for GET and automatic OPTIONS.", () => {
  const router = new Router();
  const rule = router.add("/x", { endpoint: "x", methods: ["post", "GET"] });
  assert.deepEqual([...rule.methods], ["GET", "HEAD", "OPTIONS", "POST"]);
  assert.equal(rule.automaticOptions, true);
});

test("A rule without automatic OPTIONS does not list OPTIONS.", () => {
  const rule = new Router().add("/x", { endpoint: "x", provideAutomaticOptions: false });
  assert.deepEqual([...rule.methods], ["GET", "HEAD"]);
  assert.equal(rule.automaticOptions, false);
});

test("A rule's arguments hold its variables and its defaults' keys.", () => {
  const rule = new Router().add("/a/<int:x>/<y>", { endpoint: "a", defaults: { z: 1 } });
  assert.deepEqual([...rule.arguments].sort(), ["x", "y", "z"]);
  assert.equal(rule.rule, "/a/<int:x>/<y>");
  assert.equal(rule.endpoint, "a");
});

test("A rule takes the router's strictSlashes unless it sets its own.", () => {
  const router = new Router({ strictSlashes: false });
  assert.equal(router.add("/a/", { endpoint: "a" }).strictSlashes, false);
  assert.equal(router.add("/b/", { endpoint: "b", strictSlashes: true }).strictSlashes, true);
});

test("resolve() is match() whose match carries the rule and its payload.", () => {
  const router = new Router();
  const view = () => "hi";
  const rule = router.add("/p/<int:id>", { endpoint: "p", payload: view });
  const m = router.resolve("GET", "/p/3");
  assert.equal(m.kind, "match");
  assert.ok(m.kind === "match");
  assert.equal(m.rule, rule);
  assert.equal(m.rule.payload, view);
});

test("allowedMethods lists every method accepted for a path, across rules.", () => {
  const router = new Router();
  router.add("/x", { endpoint: "read" });
  router.add("/x", { endpoint: "write", methods: ["POST"] });
  router.add("/<name>", { endpoint: "other", methods: ["PUT"] });
  assert.deepEqual([...router.allowedMethods("/x")].sort(), ["GET", "HEAD", "OPTIONS", "POST", "PUT"]);
  assert.deepEqual([...router.allowedMethods("/y")].sort(), ["OPTIONS", "PUT"]);
  assert.deepEqual([...router.allowedMethods("/x/y")], []);
});

test("hasEndpoint tells registered endpoints from unknown ones.", () => {
  const router = new Router();
  router.add("/", { endpoint: "index" });
  assert.equal(router.hasEndpoint("index"), true);
  assert.equal(router.hasEndpoint("nope"), false);
});

test("rules() returns the rules in registration order.", () => {
  const router = new Router();
  router.add("/b", { endpoint: "b" });
  router.add("/a", { endpoint: "a" });
  assert.deepEqual(router.rules().map((r) => r.rule), ["/b", "/a"]);
});

test("replace() makes a build-only rule match, in its place for rules() and building.", () => {
  const router = new Router();
  const first = router.add("/first/<int:n>", { endpoint: "page", buildOnly: true });
  router.add("/second/<int:n>", { endpoint: "page" });
  router.add("/", { endpoint: "index", buildOnly: true });
  assert.deepEqual(router.match("GET", "/first/1"), { kind: "notFound" });
  assert.equal(router.match("GET", "/").kind, "notFound");
  const served = router.replace(first, { endpoint: "page", payload: "view" });
  const index = router.replace(router.rules()[2]!, { endpoint: "index" });
  assert.deepEqual(router.match("GET", "/first/1"), { kind: "match", endpoint: "page", values: { n: 1 } });
  assert.deepEqual(router.match("GET", "/"), { kind: "match", endpoint: "index", values: {} });
  const resolved = router.resolve("GET", "/first/1");
  assert.ok(resolved.kind === "match");
  assert.equal(resolved.rule, served);
  assert.equal(resolved.rule.payload, "view");
  assert.deepEqual(router.rules(), [served, router.rules()[1], index]);
  assert.equal(router.build("page", { n: 2 }), "/first/2");
});

test("replace() refuses to make a rule match the URLs another endpoint's rule matches, and changes nothing.", () => {
  const router = new Router();
  router.add("/", { endpoint: "blog.index" });
  const index = router.add("/", { endpoint: "index", buildOnly: true });
  assert.throws(() => router.replace(index, { endpoint: "index" }), DuplicateRuleError);
  assert.deepEqual(router.rules(), [router.rules()[0], index]);
  assert.deepEqual(router.match("GET", "/"), { kind: "match", endpoint: "blog.index", values: {} });
});

test("replace() of a rule the router does not hold throws, naming the rule.", () => {
  const stray = new Router().add("/x", { endpoint: "x" });
  assert.throws(() => new Router().replace(stray, { endpoint: "x" }), /replace\(\): rule '\/x' of endpoint 'x' is not in this router/);
});

test("replace() of a rule without variables answers with the new rule from then on.", () => {
  const router = new Router();
  const old = router.add("/about", { endpoint: "about", payload: 1 });
  const m = router.resolve("GET", "/about");
  assert.ok(m.kind === "match" && m.rule === old);
  const replaced = router.replace(old, { endpoint: "about", methods: ["POST"], payload: 2 });
  const after = router.resolve("POST", "/about");
  assert.ok(after.kind === "match" && after.rule === replaced);
  assert.deepEqual(router.match("GET", "/about"), { kind: "methodNotAllowed", allowed: ["OPTIONS", "POST"] });
});

test("A rule added after a first match is matched too.", () => {
  const router = new Router();
  router.add("/<s>", { endpoint: "s" });
  assert.equal(router.match("GET", "/42").kind, "match");
  router.add("/<int:n>", { endpoint: "n" });
  const m = router.match("GET", "/42");
  assert.ok(m.kind === "match");
  assert.equal(m.endpoint, "n");
});

test("A custom converter spec matches with its regex, converts with toValue and builds with toUrl.", () => {
  const router = new Router();
  router.addConverter("list", {
    regex: "[a-z]+(?:\\+[a-z]+)*",
    toValue: (raw) => raw.split("+"),
    toUrl: (value) => (value as string[]).join("+"),
  });
  router.add("/tags/<list:tags>", { endpoint: "tags" });
  const m = router.match("GET", "/tags/a+b+c");
  assert.ok(m.kind === "match");
  assert.deepEqual(m.values["tags"], ["a", "b", "c"]);
  assert.equal(router.build("tags", { tags: ["x", "y"] }), "/tags/x+y");
  assert.equal(router.match("GET", "/tags/A").kind, "notFound");
});

test("A custom converter without a regex takes one non-empty segment, as Werkzeug's BaseConverter", () => {
  // Flask's ListConverter: only to_python and to_url, the regex inherited.
  const router = new Router();
  router.addConverter("list", { toValue: (raw) => raw.split(","), toUrl: (value) => (value as string[]).join(",") });
  router.add("/tags/<list:tags>", { endpoint: "tags" });
  const m = router.match("GET", "/tags/a,b");
  assert.ok(m.kind === "match");
  assert.deepEqual(m.values["tags"], ["a", "b"]);
  assert.equal(router.match("GET", "/tags/a/b").kind, "notFound");
  assert.equal(router.match("GET", "/tags/").kind, "notFound");
  assert.equal(router.build("tags", { tags: ["x", "y"] }), "/tags/x,y");
});

test("A custom converter whose regex is not a string is refused with its name", () => {
  const router = new Router();
  router.addConverter("odd", { regex: 42 as unknown as string });
  assert.throws(() => router.add("/n/<odd:n>", { endpoint: "n" }), /the regex of converter 'odd' must be a string, not number/);
});

test("A custom converter's weight places it among the built-in ones.", () => {
  const router = new Router();
  router.addConverter("hex", { regex: "[0-9a-f]+", weight: 10, toValue: (raw) => parseInt(raw, 16) });
  router.add("/<int:n>", { endpoint: "int" });
  router.add("/<hex:h>", { endpoint: "hex" });
  const m = router.match("GET", "/10");
  assert.ok(m.kind === "match");
  assert.equal(m.endpoint, "hex");
  assert.equal(m.values["h"], 16);
});

test("A custom converter that throws ValidationError refuses the value.", () => {
  const router = new Router();
  router.addConverter("even", {
    regex: "\\d+",
    toValue: (raw) => {
      const n = Number(raw);
      if (n % 2 !== 0) throw new ValidationError("odd");
      return n;
    },
    toUrl: (value) => {
      if (Number(value) % 2 !== 0) throw new ValidationError("odd");
      return String(value);
    },
  });
  router.add("/e/<even:n>", { endpoint: "e" });
  assert.equal(router.match("GET", "/e/3").kind, "notFound");
  const m = router.match("GET", "/e/4");
  assert.ok(m.kind === "match");
  assert.equal(m.values["n"], 4);
  assert.throws(() => router.build("e", { n: 3 }), BuildError);
});

test("A converter factory receives positional and keyword arguments from the rule.", () => {
  const router = new Router();
  const seen: unknown[] = [];
  router.addConverter("rx", (args, kwargs) => {
    seen.push(args, kwargs);
    return { regex: String(args[0]) };
  });
  router.add("/r/<rx('[xyz]+', flag=True, n=-2):v>", { endpoint: "r" });
  assert.deepEqual(seen, [["[xyz]+"], { flag: true, n: -2 }]);
  const m = router.match("GET", "/r/xyz");
  assert.ok(m.kind === "match");
  assert.equal(m.values["v"], "xyz");
  assert.equal(router.match("GET", "/r/abc").kind, "notFound");
});

test("A converter whose regex contains a slash may span segments.", () => {
  const router = new Router();
  router.addConverter("pair", { regex: "[^/]+/[^/]+" });
  router.add("/p/<pair:v>/end", { endpoint: "p" });
  const m = router.match("GET", "/p/a/b/end");
  assert.ok(m.kind === "match");
  assert.equal(m.values["v"], "a/b");
});

test("Converter arguments parse as Werkzeug parses them: names, numbers, quoted strings, booleans, None.", () => {
  const router = new Router();
  const seen: Array<[readonly unknown[], Readonly<Record<string, unknown>>]> = [];
  router.addConverter("probe", (args, kwargs) => {
    seen.push([args, { ...kwargs }]);
    return { regex: "[^/]+" };
  });
  router.add("/a/<probe(test, a=1, b=3.5):v>", { endpoint: "a" });
  router.add("/b/<probe():v>", { endpoint: "b" });
  router.add("/c/<probe(x, y, z,):v>", { endpoint: "c" });
  router.add("/d/<probe(\"foo\", 'bar baz'):v>", { endpoint: "d" });
  router.add("/e/<probe(True, False, None):v>", { endpoint: "e" });
  assert.deepEqual(seen, [
    [["test"], { a: 1, b: 3.5 }],
    [[], {}],
    [["x", "y", "z"], {}],
    [["foo", "bar baz"], {}],
    [[true, false, null], {}],
  ]);
});

test("allowedMethods of a branch rule's slashless URL is empty, as Werkzeug's allowed_methods.", () => {
  const router = new Router();
  router.add("/bar/", { endpoint: "bar" });
  assert.deepEqual([...router.allowedMethods("/bar/")].sort(), ["GET", "HEAD", "OPTIONS"]);
  assert.deepEqual([...router.allowedMethods("/bar")], []);
});

test("match() answers exactly the shapes API.md shows, so they compare deep-equal", () => {
  const router = new Router();
  router.add("/post/<int:post_id>", { endpoint: "show_post" });
  router.add("/users/", { endpoint: "users" });
  assert.deepStrictEqual(router.match("GET", "/post/42"), { kind: "match", endpoint: "show_post", values: { post_id: 42 } });
  assert.deepStrictEqual(router.match("DELETE", "/post/42"), { kind: "methodNotAllowed", allowed: ["GET", "HEAD", "OPTIONS"] });
  assert.deepStrictEqual(router.match("GET", "/nope"), { kind: "notFound" });
  const redirect = router.match("GET", "/users");
  assert.deepStrictEqual(redirect, { kind: "redirect", location: "/users/" });
  assert.equal(redirect.kind === "redirect" && redirect.status, 308);
});

test("A converter spanning segments that refuses an empty one redirects to the URL with merged slashes.", () => {
  const router = new Router();
  router.addConverter("segments", { regex: "[^/]+(?:/[^/]+)*" });
  router.add("/files/<segments:rest>", { endpoint: "files" });
  assert.deepEqual(router.match("GET", "/files/a/b"), { kind: "match", endpoint: "files", values: { rest: "a/b" } });
  assert.deepEqual(router.match("GET", "/files/a//b"), { kind: "redirect", location: "/files/a/b" });
  assert.deepEqual(router.match("GET", "/files/a/b/"), { kind: "notFound" });
});

test("Among many sibling texts, one starting with a non-ASCII character matches only itself.", () => {
  const router = new Router();
  const texts = ["a", "b", "c", "d", "da", "e", "f", "g", "h", "ä", "äd", "é"];
  for (const text of texts) router.add(`/x/${text}/<int:n>`, { endpoint: text });
  for (const text of texts) {
    assert.deepEqual(router.match("GET", `/x/${text}/1`), { kind: "match", endpoint: text, values: { n: 1 } });
    assert.deepEqual(router.match("GET", `/x/${encodeURIComponent(text)}/2`), { kind: "match", endpoint: text, values: { n: 2 } });
  }
  assert.equal(router.match("GET", "/x/\u00e4a/1").kind, "notFound");
  assert.equal(router.match("GET", "/x/\u0164/1").kind, "notFound");
  assert.equal(router.match("GET", "/x/\u00e5/1").kind, "notFound");
});

test("match() answers a rule without variables with one frozen object; resolve() with values the app may change.", () => {
  const router = new Router();
  router.add("/about", { endpoint: "about" });
  const first = router.match("GET", "/about");
  assert.deepEqual(first, { kind: "match", endpoint: "about", values: {} });
  assert.equal(router.match("GET", "/about"), first);
  assert.ok(Object.isFrozen(first) && first.kind === "match" && Object.isFrozen(first.values));
  // resolve() gives the app values of its own to change.
  const resolved = router.resolve("GET", "/about");
  assert.ok(resolved.kind === "match" && !Object.isFrozen(resolved.values));
  router.add("/about/<int:page>", { endpoint: "about" });
  assert.deepEqual(router.match("GET", "/about"), first);
  assert.deepEqual(router.match("GET", "/about/2"), { kind: "match", endpoint: "about", values: { page: 2 } });
});

test("The router needs no code made from strings (runtimes such as Workers forbid it).", async () => {
  const { execFile } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  const fixture = fileURLToPath(new URL("./fixtures/every-kind-of-rule.ts", import.meta.url));
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ["--disallow-code-generation-from-strings", "--import", "tsx", fixture], (error, out, err) =>
      error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
    ),
  );
  const { answers, built } = JSON.parse(stdout) as { answers: { kind: string; endpoint?: string; values?: Record<string, unknown> }[]; built: string[] };
  assert.deepEqual(
    answers.map((a) => a.endpoint ?? a.kind),
    ["index", "user", "post", "price", "files", "edit", "page", "item", "tag", "range", "notFound"],
  );
  assert.deepEqual(answers[9]!.values, { from: 3, to: 9 });
  assert.deepEqual(built, ["/range/1-2", "/files/x/y", "/post/7?page=2"]);
});

test("Rules added after a build, a hasEndpoint or a match take part in the next ones.", () => {
  const router = new Router();
  router.add("/page/<int:page>", { endpoint: "pages" });
  assert.equal(router.build("pages", { page: 2 }), "/page/2");
  assert.equal(router.hasEndpoint("home"), false);
  assert.deepEqual(router.match("GET", "/page/1"), { kind: "match", endpoint: "pages", values: { page: 1 } });
  router.add("/", { endpoint: "pages", defaults: { page: 1 } });
  router.add("/home", { endpoint: "home" });
  assert.equal(router.hasEndpoint("home"), true);
  assert.equal(router.build("pages", { page: 1 }), "/");
  assert.deepEqual(router.match("GET", "/page/1"), { kind: "redirect", location: "/" });
});

test("Values objects hold every variable in rule order, for more variable lists than fills have slots and up to seven variables.", () => {
  const router = new Router();
  const names = ["a", "b", "c", "d", "e", "f", "g"];
  const cases: { path: string; values: Record<string, unknown> }[] = [];
  // 40 rules of one to seven variables. Every list starts with `a, b`, as `/repos/<owner>/<repo>/...`
  // rules share their first names; rules of one or two variables share whole lists, and the
  // others' lists differ from the third name on. Each path is matched twice, so fills are reused.
  for (let i = 0; i < 40; i++) {
    const count = (i % 7) + 1;
    const listed = names.slice(0, count).map((name, at) => (at < 2 ? name : `${name}${i}`));
    const rule = `/r${i}/` + listed.map((name, at) => (at % 2 === 0 ? `<int:${name}>` : `<${name}>`)).join("/");
    router.add(rule, { endpoint: `r${i}` });
    const values: Record<string, unknown> = {};
    const segments = listed.map((name, at) => {
      values[name] = at % 2 === 0 ? i * 10 + at : `v${at}-${i}`;
      return String(values[name]);
    });
    cases.push({ path: `/r${i}/${segments.join("/")}`, values });
  }
  for (const round of [1, 2]) {
    for (const { path, values } of cases) {
      const m = router.match("GET", path);
      assert.equal(m.kind, "match", `${path} (round ${round})`);
      assert.ok(m.kind === "match");
      assert.deepEqual(m.values, values, path);
      assert.deepEqual(Object.keys(m.values), Object.keys(values), path);
    }
  }
});

test("A second router with the same variable lists gets the same values.", () => {
  for (let k = 0; k < 2; k++) {
    const router = new Router();
    router.add("/repos/<owner>/<repo>/issues/<int:number>", { endpoint: "issue" });
    router.add("/repos/<owner>/<repo>", { endpoint: "repo" });
    assert.deepEqual(router.match("GET", "/repos/nodejs/node/issues/7"), {
      kind: "match",
      endpoint: "issue",
      values: { owner: "nodejs", repo: "node", number: 7 },
    });
    assert.deepEqual(router.match("GET", "/repos/nodejs/node"), { kind: "match", endpoint: "repo", values: { owner: "nodejs", repo: "node" } });
  }
});

test("Static texts too long for the walk's 16-bit index of a state are still told apart.", () => {
  const router = new Router();
  const long = "a".repeat(70_000);
  router.add(`/x/${long}/<int:id>`, { endpoint: "long" });
  router.add(`/x/${long}b/<int:id>`, { endpoint: "longer" });
  router.add("/x/short/<int:id>", { endpoint: "short" });
  // 4,464 is 70,000 cut to 16 bits: a text that long must not be taken for one of that length.
  router.add(`/x/${"a".repeat(4_464)}`, { endpoint: "cut" });
  assert.deepEqual(router.match("GET", `/x/${long}/5`), { kind: "match", endpoint: "long", values: { id: 5 } });
  assert.deepEqual(router.match("GET", `/x/${long}b/6`), { kind: "match", endpoint: "longer", values: { id: 6 } });
  assert.deepEqual(router.match("GET", "/x/short/7"), { kind: "match", endpoint: "short", values: { id: 7 } });
  assert.deepEqual(router.match("GET", `/x/${"a".repeat(4_464)}`), { kind: "match", endpoint: "cut", values: {} });
  assert.deepEqual(router.match("GET", `/x/${"a".repeat(4_464)}/5`), { kind: "notFound" });
});

test("Texts sharing first characters and non-ASCII texts each lead to their own rule.", () => {
  const router = new Router();
  const texts = ["comments", "commits", "compare", "contents", "collaborators", "contributors", "c", "é", "éa", "ü"];
  for (const text of texts) router.add(`/r/${text}/<int:n>`, { endpoint: `e-${text}` });
  router.add("/r/<name>/<int:n>", { endpoint: "var" });
  for (const text of texts) {
    assert.deepEqual(router.match("GET", `/r/${encodeURIComponent(text)}/3`), { kind: "match", endpoint: `e-${text}`, values: { n: 3 } }, text);
    // Unencoded too: `fetch()` may pass a raw path.
    assert.deepEqual(router.match("GET", `/r/${text}/3`), { kind: "match", endpoint: `e-${text}`, values: { n: 3 } }, text);
  }
  assert.deepEqual(router.match("GET", "/r/commit/3"), { kind: "match", endpoint: "var", values: { name: "commit", n: 3 } });
  assert.deepEqual(router.match("GET", "/r/commitsx/3"), { kind: "match", endpoint: "var", values: { name: "commitsx", n: 3 } });
});

test("A state whose one way on is a text variable keeps trailing slashes, `//` and encoded segments.", () => {
  const router = new Router();
  router.add("/users", { endpoint: "users", strictSlashes: false });
  router.add("/users/<name>", { endpoint: "user" });
  router.add("/users/<name>/<team>/members", { endpoint: "members" });
  assert.deepEqual(router.match("GET", "/users"), { kind: "match", endpoint: "users", values: {} });
  // The empty segment after `/users` is a trailing slash, which this rule accepts.
  assert.deepEqual(router.match("GET", "/users/"), { kind: "match", endpoint: "users", values: {} });
  assert.deepEqual(router.match("GET", "/users/ann/core/members"), {
    kind: "match",
    endpoint: "members",
    values: { name: "ann", team: "core" },
  });
  assert.deepEqual(router.match("GET", "/users/a%20b/c%2Fd/members"), {
    kind: "match",
    endpoint: "members",
    values: { name: "a b", team: "c/d" },
  });
  assert.deepEqual(router.match("GET", "/users//ann"), { kind: "redirect", location: "/users/ann" });
  assert.deepEqual(router.match("GET", "/users/ann//core/members"), { kind: "redirect", location: "/users/ann/core/members" });
  assert.deepEqual(router.match("GET", "/users/ann/core"), { kind: "notFound" });
});
