/**
 * Keep-alive after a refused body: a response sent while the body is still arriving says
 * `Connection: close` and the socket is closed once it is written, so a client that reuses
 * connections opens a new one instead of queueing behind unread bytes.
 */
import assert from "node:assert/strict";
import { connect } from "node:net";
import { Readable } from "node:stream";
import { after, before, test } from "node:test";
import { Agent, request as undiciRequest } from "undici";
import { Flagon, type ListeningServer } from "../../src/index.js";
import { bodyOf, rawRequest } from "../security/_raw.js";

const MiB = 1024 * 1024;
const app = new Flagon(undefined, { config: { MAX_CONTENT_LENGTH: MiB, MAX_FORM_PARTS: 10, MAX_FORM_MEMORY_SIZE: 1000 } });
app.logger = { request: () => undefined, error: () => undefined };
app.route("/", function home() {
  return "home";
});
app.post("/json", function json(_, request) {
  return { got: request.json };
});
app.post("/upload", function upload(_, request) {
  return { form: request.form.toJSON() };
});
/** Views the pipelining test counts: /held answers once the requests behind it have been dispatched. */
let counted = 0;
let releaseHeld: () => void = () => undefined;
app.route("/held", async function held() {
  await new Promise<void>((resolve) => {
    releaseHeld = resolve;
  });
  return "held";
});
app.route("/counted", function count() {
  counted += 1;
  if (counted === 64) releaseHeld();
  return "counted";
});
// With ?hook the response carries a header of its own, so send() takes its general path instead of the string fast path.
app.afterRequest((response, request) => {
  if (request.args.has("hook")) response.headers.set("x-hook", "1");
  return response;
});

let server: ListeningServer;
before(async () => {
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
});

const MULTIPART = "multipart/form-data; boundary=B";
const part = (name: string, value: string): string => `--B\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;

/** Bodies refused while most of them is still on the wire (each is far larger than what node reads ahead). */
const refusals = [
  {
    what: "a chunked JSON body over MAX_CONTENT_LENGTH",
    path: "/json",
    status: 413,
    init: () => ({ headers: { "content-type": "application/json" }, body: Readable.from([Buffer.alloc(2 * MiB, "x")]) }),
  },
  {
    what: "a declared JSON body over MAX_CONTENT_LENGTH",
    path: "/json",
    status: 413,
    init: () => ({ headers: { "content-type": "application/json" }, body: "x".repeat(2 * MiB) }),
  },
  {
    what: "a multipart body whose first part header is broken",
    path: "/upload",
    status: 400,
    init: () => ({ headers: { "content-type": MULTIPART }, body: `--B\r\nbroken header line\r\n\r\nv${"x".repeat(900_000)}\r\n--B--\r\n` }),
  },
  {
    what: "a multipart body with more parts than MAX_FORM_PARTS",
    path: "/upload",
    status: 413,
    init: () => ({ headers: { "content-type": MULTIPART }, body: Array.from({ length: 1500 }, (_, i) => part(`k${i}`, "v".repeat(300))).join("") + "--B--\r\n" }),
  },
  {
    what: "a multipart field over MAX_FORM_MEMORY_SIZE with more body behind it",
    path: "/upload",
    status: 413,
    init: () => ({ headers: { "content-type": MULTIPART }, body: part("a", "x".repeat(500_000)) + part("b", "y".repeat(400_000)) + "--B--\r\n" }),
  },
];

for (const c of refusals) {
  for (const query of ["", "?hook"]) {
    const shape = query === "" ? "the default error page" : "an error page with a header added by a hook";
    test(`${c.what} gets ${c.status} as ${shape} with Connection: close, and the client's next request succeeds`, { timeout: 30_000 }, async () => {
      // One connection, as a browser or fetch() reuses it: the next request goes where the refused one went.
      const agent = new Agent({ connections: 1, pipelining: 1 });
      try {
        const refused = await undiciRequest(`${server.url}${c.path}${query}`, { ...c.init(), method: "POST", dispatcher: agent });
        await refused.body.text();
        assert.equal(refused.statusCode, c.status);
        assert.equal(refused.headers["connection"], "close");
        // The signal is a hang guard only: before the fix this request waited for a reset.
        const next = await undiciRequest(`${server.url}/`, { dispatcher: agent, signal: AbortSignal.timeout(15_000) });
        assert.equal(next.statusCode, 200);
        assert.equal(await next.body.text(), "home");
      } finally {
        await agent.close();
      }
    });
  }
}

test("a GET answered at once keeps its connection alive", async () => {
  const agent = new Agent({ connections: 1 });
  try {
    for (let i = 0; i < 2; i++) {
      const response = await undiciRequest(`${server.url}/`, { dispatcher: agent });
      assert.equal(await response.body.text(), "home");
      assert.equal(response.headers["connection"], "keep-alive");
    }
  } finally {
    await agent.close();
  }
});

test("a POST whose body was read to its end keeps its connection alive", async () => {
  const agent = new Agent({ connections: 1 });
  try {
    const response = await undiciRequest(`${server.url}/json`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}', dispatcher: agent });
    assert.deepEqual(await response.body.json(), { got: { a: 1 } });
    assert.equal(response.headers["connection"], "keep-alive");
  } finally {
    await agent.close();
  }
});

test("a 400 for a body read to its end keeps its connection alive", async () => {
  const agent = new Agent({ connections: 1 });
  try {
    const response = await undiciRequest(`${server.url}/json`, { method: "POST", headers: { "content-type": "application/json" }, body: "{", dispatcher: agent });
    await response.body.text();
    assert.equal(response.statusCode, 400);
    assert.equal(response.headers["connection"], "keep-alive");
  } finally {
    await agent.close();
  }
});

test("a 413 for a chunked body closes the connection, and the request pipelined behind the body is not answered", { timeout: 30_000 }, async () => {
  const chunk = "x".repeat(2 * MiB);
  const answer = await rawRequest(server.port, [
    "POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    `${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
    "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
  ]);
  assert.equal(answer.status, 413);
  assert.match(answer.text, /\r\nconnection: close\r\n/i);
  assert.match(bodyOf(answer), /MAX_CONTENT_LENGTH/);
  assert.equal(answer.text.match(/HTTP\/1\.1 \d{3}/g)?.length, 1, answer.text);
  assert.ok(answer.closed);
});

/**
 * Sends a request head, then 1 MiB chunks of body until the server closes the connection or
 * `cap` bytes have gone out; resolves with what the server sent and how much body it took.
 */
function floodBody(head: string, cap: number): Promise<{ text: string; sent: number }> {
  return new Promise((resolve) => {
    const socket = connect(server.port, "127.0.0.1");
    const chunk = Buffer.alloc(MiB, "x");
    let text = "";
    let sent = 0;
    let open = true;
    const stop = (): void => {
      if (!open) return;
      open = false;
      socket.destroy();
      resolve({ text, sent });
    };
    const pump = (): void => {
      while (open && sent < cap) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once("drain", pump);
      }
      if (sent >= cap) stop();
    };
    socket.on("data", (d: Buffer) => (text += d.toString("latin1")));
    socket.on("end", stop);
    socket.on("close", stop);
    socket.on("error", stop);
    socket.write(head);
    pump();
  });
}

test("a declared Content-Length over the limit gets one 413 and the connection closed, without the body being read", { timeout: 60_000 }, async () => {
  const cap = 512 * MiB;
  const result = await floodBody("POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000000\r\n\r\n", cap);
  assert.match(result.text, /^HTTP\/1\.1 413/);
  assert.match(result.text, /\r\nconnection: close\r\n/i);
  assert.equal(result.text.match(/HTTP\/1\.1 \d{3}/g)?.length, 1, result.text);
  // Before the fix the server read and discarded the body until REQUEST_TIMEOUT, and took all of it.
  assert.ok(result.sent < cap, `the server took ${result.sent} bytes of a refused body`);
});

test("a connection pipelining more than 64 requests behind an unsent answer has the rest refused 429 without running them, then closed", { timeout: 30_000 }, async () => {
  counted = 0;
  const behind = Array.from({ length: 100 }, (_, i) => `GET /counted HTTP/1.1\r\nHost: x\r\n${i === 99 ? "Connection: close\r\n" : ""}\r\n`);
  const answer = await rawRequest(server.port, ["GET /held HTTP/1.1\r\nHost: x\r\n\r\n" + behind.join("")]);
  assert.equal(counted, 64);
  assert.equal(answer.text.match(/HTTP\/1\.1 200 OK/g)?.length, 65);
  const refusals = answer.text.split("HTTP/1.1 429 Too Many Requests");
  assert.equal(refusals.length, 2, "one 429, then the connection is closed");
  assert.match(refusals[1] as string, /connection: close/i);
  assert.match(refusals[1] as string, /more than 64 requests were pipelined on this connection/);
  assert.ok(answer.closed);
  assert.equal(bodyOf(await rawRequest(server.port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), "home");
});
