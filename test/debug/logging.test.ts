import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequestLogger, formatRequestLine } from "../../src/logging.js";

test("a request line has address, method, path, status and time", () => {
  assert.equal(
    formatRequestLine({ method: "GET", path: "/users/?page=2", status: 200, durationMs: 1.234, remoteAddr: "127.0.0.1" }),
    '127.0.0.1 - "GET /users/?page=2" 200 1.2ms',
  );
  assert.equal(formatRequestLine({ method: "POST", path: "/x", status: 500, durationMs: 123.6 }), '- - "POST /x" 500 124ms');
});

test("control characters in the path cannot start a new log line", () => {
  const line = formatRequestLine({ method: "GET", path: "/a\nFAKE 200", status: 404, durationMs: 0 });
  assert.ok(!line.includes("\n"));
  assert.match(line, /\/a\\x0aFAKE 200/);
});

test("the default logger writes one line per request and the stack of errors", () => {
  const lines: string[] = [];
  const logger = createRequestLogger({ write: (line) => lines.push(line) });
  logger.request({ method: "GET", path: "/", status: 200, durationMs: 0.5, remoteAddr: "::1" });
  logger.error(new TypeError("boom"), { method: "GET", path: "/bad" });
  assert.equal(lines[0], '::1 - "GET /" 200 0.5ms');
  assert.match(lines[1] ?? "", /^Exception on GET \/bad:\nTypeError: boom\n\s+at /);
});
