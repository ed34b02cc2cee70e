import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, test } from "node:test";
import { Flagon, type ListeningServer } from "../../src/index.js";
import { bodyOf, get, rawRequest } from "./_raw.js";

const app = new Flagon(undefined, {
  config: { MAX_CONTENT_LENGTH: 64 * 1024, MAX_FORM_MEMORY_SIZE: 1000, MAX_FORM_PARTS: 10, MAX_URL_LENGTH: 2048, MAX_QUERY_PARAMETERS: 50, MAX_JSON_DEPTH: 32 },
});
app.logger = { request: () => undefined, error: () => undefined };
app.route("/", function home() {
  return "home";
});
app.route("/args", function args(_, request) {
  return { n: [...request.args.keys()].length };
});
app.post("/json", function json(_, request) {
  return { ok: request.json !== undefined };
});
app.post("/form", function form(_, request) {
  return { n: request.form.size, files: request.files.size };
});

let server: ListeningServer;
before(async () => {
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
});

function post(target: string, contentType: string, body: string | Buffer): string | Buffer[] {
  const b = typeof body === "string" ? Buffer.from(body) : body;
  return [Buffer.from(`POST ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: ${contentType}\r\nContent-Length: ${b.length}\r\n\r\n`), b];
}

test("a declared Content-Length over MAX_CONTENT_LENGTH is a 413 naming the limit, before the body is read", async () => {
  const answer = await rawRequest(server.port, `POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n`);
  assert.equal(answer.status, 413);
  assert.match(bodyOf(answer), /MAX_CONTENT_LENGTH/);
  assert.equal(answer.closed, true);
});

test("a huge chunked body is cut off at MAX_CONTENT_LENGTH: 413, connection closed, memory not grown by the body", async () => {
  const before = process.memoryUsage().rss;
  const answer = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    const chunk = Buffer.alloc(64 * 1024, 97);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
    let sent = 0;
    let text = "";
    let open = true;
    const pump = (): void => {
      // Up to 512 MiB, far past anything the server could buffer unnoticed; stops as soon as the server closes.
      while (open && sent < 512 * 1024 * 1024) {
        sent += chunk.length;
        if (!socket.write(frame)) {
          socket.once("drain", pump);
          return;
        }
      }
    };
    socket.on("data", (d) => (text += d.toString("latin1")));
    socket.on("close", () => {
      open = false;
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0), sent });
    });
    socket.on("error", () => undefined);
    socket.on("connect", () => {
      socket.write("POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
      pump();
    });
    socket.setTimeout(30_000, () => reject(new Error("the server never closed the connection")));
  });
  assert.equal(answer.status, 413);
  assert.ok(answer.sent < 512 * 1024 * 1024, `the server read all ${answer.sent} bytes instead of closing`);
  assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024, "RSS grew by more than 64 MiB");
});

test("an urlencoded form over MAX_FORM_MEMORY_SIZE is a 413 naming the limit", async () => {
  const answer = await rawRequest(server.port, post("/form", "application/x-www-form-urlencoded", `a=${"x".repeat(2000)}`));
  assert.equal(answer.status, 413);
  assert.match(bodyOf(answer), /MAX_FORM_MEMORY_SIZE/);
});

test("an urlencoded form with more than MAX_FORM_PARTS pairs is a 413 naming the limit", async () => {
  const answer = await rawRequest(server.port, post("/form", "application/x-www-form-urlencoded", Array.from({ length: 11 }, (_, i) => `k${i}=1`).join("&")));
  assert.equal(answer.status, 413);
  assert.match(bodyOf(answer), /MAX_FORM_PARTS/);
});

test("an urlencoded form stops being parsed at MAX_FORM_PARTS: 413, naming the limit", async () => {
  const answer = await rawRequest(server.port, post("/form", "application/x-www-form-urlencoded", "a&".repeat(400)));
  assert.equal(answer.status, 413);
  assert.match(bodyOf(answer), /more than 10 parts \(MAX_FORM_PARTS\)/);
});

test("three million pairs without an = in a form or a query string, with the limits off, are parsed in one pass", { timeout: 20_000 }, async () => {
  const unlimited = new Flagon(undefined, {
    config: { MAX_CONTENT_LENGTH: null, MAX_FORM_MEMORY_SIZE: null, MAX_FORM_PARTS: null, MAX_URL_LENGTH: null, MAX_QUERY_PARAMETERS: null },
  });
  unlimited.route("/count", { methods: ["GET", "POST"] }, function count(_, request) {
    return { args: request.args.getAll("a").length, form: request.form.getAll("a").length };
  });
  // Searching for "=" afresh for every pair made this quadratic: minutes of CPU, not a second.
  const pairs = "a&".repeat(3_000_000);
  const client = unlimited.testClient();
  const posted = await client.post("/count", { body: pairs, headers: { "content-type": "application/x-www-form-urlencoded" } });
  assert.deepEqual(posted.json, { args: 0, form: 3_000_000 });
  // A pass through the event loop's timers, so the test's timeout fires here if the form took too long.
  await new Promise((resolve) => setTimeout(resolve, 1));
  const queried = await client.get(`/count?${pairs}`);
  assert.deepEqual(queried.json, { args: 3_000_000, form: 0 });
});

function multipart(parts: readonly { name: string; value: string; filename?: string }[]): { type: string; body: string } {
  const boundary = "----flagonboundary";
  const body = parts
    .map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ""}\r\n\r\n${p.value}\r\n`)
    .join("") + `--${boundary}--\r\n`;
  return { type: `multipart/form-data; boundary=${boundary}`, body };
}

test("a multipart field over MAX_FORM_MEMORY_SIZE is a 413 naming the limit", async () => {
  const form = multipart([{ name: "big", value: "x".repeat(5000) }]);
  const answer = await rawRequest(server.port, post("/form", form.type, form.body));
  assert.equal(answer.status, 413);
  assert.match(bodyOf(answer), /MAX_FORM_MEMORY_SIZE/);
});

test("a multipart form with more than MAX_FORM_PARTS parts is a 413 naming the limit", async () => {
  const form = multipart(Array.from({ length: 500 }, (_, i) => ({ name: `f${i}`, value: "v" })));
  const answer = await rawRequest(server.port, post("/form", form.type, form.body));
  assert.equal(answer.status, 413);
  assert.match(bodyOf(answer), /MAX_FORM_PARTS/);
});

test("a multipart file over MAX_CONTENT_LENGTH sent chunked is a 413", async () => {
  const form = multipart([{ name: "f", value: "x".repeat(100 * 1024), filename: "a.bin" }]);
  const body = Buffer.from(form.body);
  const answer = await rawRequest(server.port, [
    `POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: ${form.type}\r\nTransfer-Encoding: chunked\r\n\r\n`,
    `${body.length.toString(16)}\r\n`, body, "\r\n0\r\n\r\n",
  ]);
  assert.equal(answer.status, 413);
});

test("a URL longer than MAX_URL_LENGTH is a 414 naming the limit", async () => {
  const answer = await rawRequest(server.port, get(`/${"a".repeat(3000)}`));
  assert.equal(answer.status, 414);
  assert.match(bodyOf(answer), /MAX_URL_LENGTH/);
});

test("a query string just under MAX_URL_LENGTH is served", async () => {
  const answer = await rawRequest(server.port, get(`/args?a=${"b".repeat(2000)}`));
  assert.equal(answer.status, 200);
});

test("a request head over the header size limit is answered 431, not reset", async () => {
  const answer = await rawRequest(server.port, get("/", { "X-Big": "a".repeat(32 * 1024) }));
  assert.equal(answer.status, 431);
});

test("more query parameters than MAX_QUERY_PARAMETERS is a 400 naming the limit", async () => {
  const query = Array.from({ length: 51 }, (_, i) => `p${i}=1`).join("&");
  const answer = await rawRequest(server.port, get(`/args?${query}`));
  assert.equal(answer.status, 400);
  assert.match(bodyOf(answer), /MAX_QUERY_PARAMETERS/);
});

test("exactly MAX_QUERY_PARAMETERS query parameters are accepted", async () => {
  const query = Array.from({ length: 50 }, (_, i) => `p${i}=1`).join("&");
  const answer = await rawRequest(server.port, get(`/args?${query}`));
  assert.equal(answer.status, 200);
  assert.equal(JSON.parse(bodyOf(answer)).n, 50);
});

test("JSON nested deeper than MAX_JSON_DEPTH is a 400 naming the limit", async () => {
  const answer = await rawRequest(server.port, post("/json", "application/json", `${"[".repeat(33)}${"]".repeat(33)}`));
  assert.equal(answer.status, 400);
  assert.match(bodyOf(answer), /MAX_JSON_DEPTH/);
});

test("JSON nested 60,000 deep is refused with a 400 without overflowing the stack", async () => {
  const answer = await rawRequest(server.port, post("/json", "application/json", `${'{"a":'.repeat(2_000)}${"[".repeat(50_000)}`));
  assert.equal(answer.status, 400);
  assert.match(bodyOf(answer), /MAX_JSON_DEPTH/);
});

test("brackets inside JSON strings do not count towards MAX_JSON_DEPTH", async () => {
  const answer = await rawRequest(server.port, post("/json", "application/json", JSON.stringify({ s: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"" })));
  assert.equal(answer.status, 200);
});

test("JSON nested too deep through both kinds of bracket is refused", async () => {
  // 17 objects around 16 arrays: 33 levels, though neither kind alone passes the limit of 32.
  const body = `${'{"a":'.repeat(17)}${"[".repeat(16)}${"]".repeat(16)}${"}".repeat(17)}`;
  const answer = await rawRequest(server.port, post("/json", "application/json", body));
  assert.equal(answer.status, 400);
  assert.match(bodyOf(answer), /MAX_JSON_DEPTH/);
});

test("JSON with more brackets than MAX_JSON_DEPTH but shallow nesting is accepted", async () => {
  const items = Array.from({ length: 100 }, (_, n) => ({ n, tags: [n] }));
  const answer = await rawRequest(server.port, post("/json", "application/json", JSON.stringify({ items })));
  assert.equal(answer.status, 200);
});

test("JSON at exactly MAX_JSON_DEPTH is accepted", async () => {
  const answer = await rawRequest(server.port, post("/json", "application/json", `${"[".repeat(32)}${"]".repeat(32)}`));
  assert.equal(answer.status, 200);
});
