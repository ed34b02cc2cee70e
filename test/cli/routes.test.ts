import { test } from "node:test";
import assert from "node:assert/strict";
import { formatRoutes } from "../../src/cli/routes.js";

const routes = [
  { rule: "/users/<int:id>", endpoint: "users.show", methods: ["GET", "HEAD", "OPTIONS"] },
  { rule: "/", endpoint: "index", methods: ["GET", "HEAD", "OPTIONS"] },
  { rule: "/login", endpoint: "auth.login", methods: ["POST", "GET", "HEAD", "OPTIONS"] },
  { rule: "/static/<path:filename>", endpoint: "static", methods: ["GET", "HEAD", "OPTIONS"] },
];

test("the table has flask's columns, sorted by endpoint, without HEAD and OPTIONS", () => {
  assert.equal(
    formatRoutes(routes),
    [
      "Endpoint    Methods    Rule",
      "----------  ---------  -----------------------",
      "auth.login  GET, POST  /login",
      "index       GET        /",
      "static      GET        /static/<path:filename>",
      "users.show  GET        /users/<int:id>",
    ].join("\n"),
  );
});

test("--sort rule orders by the rule string", () => {
  assert.deepEqual(
    formatRoutes(routes, { sort: "rule" }).split("\n").slice(2).map((line) => line.split(/\s{2,}/)[2]),
    ["/", "/login", "/static/<path:filename>", "/users/<int:id>"],
  );
});

test("--sort methods orders by the sorted method lists", () => {
  const table = formatRoutes(
    [
      { rule: "/b", endpoint: "b", methods: ["PUT"] },
      { rule: "/a", endpoint: "a", methods: ["GET", "POST"] },
      { rule: "/c", endpoint: "c", methods: ["DELETE"] },
    ],
    { sort: "methods" },
  );
  assert.deepEqual(table.split("\n").slice(2).map((line) => line.split(" ")[0]), ["c", "a", "b"]);
});

test("--sort match keeps registration order", () => {
  assert.deepEqual(
    formatRoutes(routes, { sort: "match" }).split("\n").slice(2).map((line) => line.split(" ")[0]),
    ["users.show", "index", "auth.login", "static"],
  );
});

test("--all-methods shows HEAD and OPTIONS", () => {
  assert.match(formatRoutes(routes, { allMethods: true }), /^index\s+GET, HEAD, OPTIONS\s+\/$/m);
});

test("no routes says so", () => {
  assert.equal(formatRoutes([]), "No routes were registered.");
});
