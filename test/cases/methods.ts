import type { MatchCase } from "./case-types.js";

const more = [{ rule: "/more", endpoint: "more", methods: ["GET", "POST"] }];
const split = [
  { rule: "/x", endpoint: "read", methods: ["GET"] },
  { rule: "/x", endpoint: "write", methods: ["POST"] },
];
const meOrUser = [
  { rule: "/user/me", endpoint: "me", methods: ["POST"] },
  { rule: "/user/<name>", endpoint: "user", methods: ["GET"] },
];

/** 405 with the allowed methods, HEAD for GET, automatic OPTIONS, fallback on method. */
export const methodCases: readonly MatchCase[] = [
  { rules: more, path: "/more", expect: { kind: "match", endpoint: "more" } },
  { rules: more, method: "POST", path: "/more", expect: { kind: "match", endpoint: "more" } },
  { rules: more, method: "PUT", path: "/more", expect: { kind: "methodNotAllowed", allowed: ["GET", "HEAD", "OPTIONS", "POST"] } },
  { rules: more, method: "DELETE", path: "/more", expect: { kind: "methodNotAllowed", allowed: ["GET", "HEAD", "OPTIONS", "POST"] } },
  { rules: more, method: "OPTIONS", path: "/less", expect: { kind: "notFound" } },
  { rules: more, method: "PUT", path: "/less", expect: { kind: "notFound" }, why: "405 needs a path that matches" },
  { rules: ["/get"], method: "HEAD", path: "/get", expect: { kind: "match", endpoint: "/get" }, why: "HEAD is answered by every GET rule" },
  { rules: ["/get"], method: "POST", path: "/get", expect: { kind: "methodNotAllowed", allowed: ["GET", "HEAD", "OPTIONS"] }, why: "the default methods are GET (with HEAD and OPTIONS)" },
  { rules: ["/get"], method: "OPTIONS", path: "/get", expect: { kind: "match", endpoint: "/get" }, why: "OPTIONS is provided automatically" },
  { rules: [{ rule: "/p", endpoint: "p", methods: ["POST"] }], method: "HEAD", path: "/p", expect: { kind: "methodNotAllowed", allowed: ["OPTIONS", "POST"] }, why: "HEAD is only added for GET" },
  { rules: [{ rule: "/p", endpoint: "p", methods: ["POST"] }], method: "GET", path: "/p", expect: { kind: "methodNotAllowed", allowed: ["OPTIONS", "POST"] } },
  { rules: [{ rule: "/p", endpoint: "p", methods: ["post"] }], method: "POST", path: "/p", expect: { kind: "match", endpoint: "p" }, why: "methods are upper-cased at registration" },
  { rules: [{ rule: "/n", endpoint: "n", provideAutomaticOptions: false }], method: "OPTIONS", path: "/n", expect: { kind: "methodNotAllowed", allowed: ["GET", "HEAD"] } },
  { rules: [{ rule: "/n", endpoint: "n", methods: ["GET", "OPTIONS"], provideAutomaticOptions: false }], method: "OPTIONS", path: "/n", expect: { kind: "match", endpoint: "n" }, why: "an explicit OPTIONS method is served by the rule" },
  { rules: [{ rule: "/h", endpoint: "h", methods: ["HEAD"] }], method: "GET", path: "/h", expect: { kind: "methodNotAllowed", allowed: ["HEAD", "OPTIONS"] } },
  { rules: split, path: "/x", expect: { kind: "match", endpoint: "read" } },
  { rules: split, method: "POST", path: "/x", expect: { kind: "match", endpoint: "write" }, why: "one path may have a rule per method" },
  { rules: split, method: "HEAD", path: "/x", expect: { kind: "match", endpoint: "read" } },
  { rules: split, method: "DELETE", path: "/x", expect: { kind: "methodNotAllowed", allowed: ["GET", "HEAD", "OPTIONS", "POST"] }, why: "the allowed methods are the union over every matching rule" },
  { rules: meOrUser, method: "GET", path: "/user/me", expect: { kind: "match", endpoint: "user", values: { name: "me" } }, why: "when the most specific rule fails only on method, a less specific rule with the method wins" },
  { rules: meOrUser, method: "POST", path: "/user/me", expect: { kind: "match", endpoint: "me" } },
  { rules: meOrUser, method: "DELETE", path: "/user/me", expect: { kind: "methodNotAllowed", allowed: ["GET", "HEAD", "OPTIONS", "POST"] } },
  { rules: meOrUser, method: "POST", path: "/user/joe", expect: { kind: "methodNotAllowed", allowed: ["GET", "HEAD", "OPTIONS"] } },
  { rules: [{ rule: "/<int:n>", endpoint: "num", methods: ["POST"] }, { rule: "/<s>", endpoint: "str" }], path: "/5", expect: { kind: "match", endpoint: "str", values: { s: "5" } } },
  { rules: [{ rule: "/<int:n>", endpoint: "num", methods: ["POST"] }, { rule: "/<s>", endpoint: "str" }], method: "POST", path: "/5", expect: { kind: "match", endpoint: "num", values: { n: 5 } } },
  { rules: [{ rule: "/<int:n>", endpoint: "num", methods: ["POST"] }, { rule: "/<s>", endpoint: "str" }], method: "PUT", path: "/5", expect: { kind: "methodNotAllowed", allowed: ["GET", "HEAD", "OPTIONS", "POST"] } },
  { rules: [{ rule: "/<int:n>", endpoint: "num", methods: ["POST"] }, { rule: "/<s>", endpoint: "str" }], method: "PUT", path: "/five", expect: { kind: "methodNotAllowed", allowed: ["GET", "HEAD", "OPTIONS"] }, why: "only rules that match the path count" },
  { rules: [{ rule: "/api/<path:p>", endpoint: "api", methods: ["PUT"] }, { rule: "/api/status", endpoint: "status" }], method: "PUT", path: "/api/status", expect: { kind: "match", endpoint: "api", values: { p: "status" } } },
  { rules: [{ rule: "/api/<path:p>", endpoint: "api", methods: ["PUT"] }, { rule: "/api/status", endpoint: "status" }], path: "/api/status", expect: { kind: "match", endpoint: "status" } },
  { rules: [{ rule: "/r", endpoint: "r", methods: ["PATCH", "DELETE"] }], method: "GET", path: "/r", expect: { kind: "methodNotAllowed", allowed: ["DELETE", "OPTIONS", "PATCH"] } },
  { rules: [{ rule: "/old", endpoint: "old", redirectTo: "/new" }], method: "POST", path: "/old", expect: { kind: "methodNotAllowed", allowed: ["GET", "HEAD", "OPTIONS"] }, why: "a redirecting rule still checks the method first" },
];
