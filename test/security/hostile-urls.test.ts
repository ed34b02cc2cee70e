import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Flagon, type ListeningServer } from "../../src/index.js";
import { get, rawRequest } from "./_raw.js";

function makeApp(config: Record<string, unknown>): Flagon {
  const app = new Flagon(undefined, { config });
  app.logger = { request: () => undefined, error: () => undefined };
  app.route("/", function home() {
    return "home";
  });
  app.route("/user/<username>", function user({ username }) {
    return username;
  });
  app.route("/files/<path:name>/edit", function edit({ name }) {
    return name;
  });
  app.route("/<path:a>/x/<path:b>", function twoPaths({ a, b }) {
    return `${a}|${b}`;
  });
  app.route("/c/<int:a>-<int:b>", function pair({ a, b }) {
    return String(a + b);
  });
  return app;
}

const strict = makeApp({});
const lenient = makeApp({ MAX_URL_LENGTH: null, MAX_HEADER_SIZE: 1024 * 1024 });
let strictServer: ListeningServer;
let lenientServer: ListeningServer;
before(async () => {
  strictServer = await strict.listen({ port: 0 });
  lenientServer = await lenient.listen({ port: 0 });
});
after(async () => {
  await strictServer.close();
  await lenientServer.close();
});

const hostile: [string, string][] = [
  ["a 100 KB path", `/${"a".repeat(100 * 1024)}`],
  ["10,000 segments", `/${"a/".repeat(10_000)}`],
  ["10,000 segments ending in /edit", `/files/${"a/".repeat(10_000)}edit`],
  ["10,000 segments before /x/", `/${"a/".repeat(10_000)}x/${"b/".repeat(100)}y`],
  ["10,000 empty segments", "/".repeat(10_000)],
  ["a 100 KB segment of percent-escapes", `/user/${"%41".repeat(33_000)}`],
  ["a 100 KB run of broken escapes", `/user/${"%zz".repeat(33_000)}`],
  ["50,000 dashes in an int pair", `/c/1${"-1".repeat(25_000)}`],
];

for (const [what, target] of hostile) {
  test(`${what} gets a 4xx quickly with the default limits`, { timeout: 10_000 }, async () => {
    const answer = await rawRequest(strictServer.port, get(target));
    assert.ok(answer.status === 414 || answer.status === 431, `${answer.status}`);
  });

  test(`${what} gets a 4xx or a match, never a 5xx or a hang, with MAX_URL_LENGTH off`, { timeout: 10_000 }, async () => {
    const answer = await rawRequest(lenientServer.port, get(target));
    assert.ok(answer.status >= 200 && answer.status < 500, `${answer.status}`);
    assert.equal((await rawRequest(lenientServer.port, get("/"))).status, 200);
  });
}

test("a path of 4,000 segments under MAX_URL_LENGTH is a plain 404", { timeout: 10_000 }, async () => {
  const answer = await rawRequest(strictServer.port, get(`/${"a/".repeat(4000)}`.slice(0, -1)));
  assert.equal(answer.status, 404);
});

test("a bad percent-escape in the path is a 400 or 404, never a 500", async () => {
  for (const target of ["/user/%", "/user/%E0%A4%A", "/user/%FF", "/%00", "/user/%C0%AF"]) {
    const answer = await rawRequest(strictServer.port, get(target));
    assert.ok(answer.status >= 200 && answer.status < 500, `${target}: ${answer.status}`);
  }
});

test("a request line with raw control bytes or spaces is refused with a 400 by the parser", async () => {
  for (const line of ["GET /a\x00b HTTP/1.1", "GET /a b c HTTP/1.1", "GET /\x7f HTTP/1.1", "GET  HTTP/1.1"]) {
    const answer = await rawRequest(strictServer.port, `${line}\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.ok(answer.status === 400 || answer.status === 404, `${JSON.stringify(line)}: ${answer.status}`);
  }
});

test("a route using a custom converter whose regex nests repetitions is refused at registration", () => {
  const app = new Flagon();
  app.addConverter("evil", { regex: "(a+)+" });
  assert.throws(() => app.route("/e/<evil:x>", function evil() {
    return "never";
  }), /nests unbounded repetitions/);
});

test("a crafted path against three string converters in one segment answers quickly over a socket", { timeout: 10_000 }, async () => {
  const app = new Flagon(undefined, { config: { MAX_URL_LENGTH: null, MAX_HEADER_SIZE: 1024 * 1024 } });
  app.logger = { request: () => undefined, error: () => undefined };
  app.route("/t/<a>-<b>-<c>.txt", function triple({ a, b, c }) {
    return `${a}|${b}|${c}`;
  });
  const server = await app.listen({ port: 0 });
  try {
    const answer = await rawRequest(server.port, get(`/t/${"a-".repeat(20_000)}x`));
    assert.ok(answer.status >= 400 && answer.status < 500, `${answer.status}`);
  } finally {
    await server.close();
  }
});
