/**
 * Requests node's HTTP parser refuses before any view runs: each is answered with a status, a
 * plain-text sentence naming the fault, and the connection closed (node's own answer is empty).
 */
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, test } from "node:test";
import { Flagon, type ListeningServer } from "../../src/index.js";
import { type RawAnswer, bodyOf, rawRequest } from "../security/_raw.js";

const app = new Flagon(undefined, { config: { MAX_HEADER_SIZE: 4096 } });
app.logger = { request: () => undefined, error: () => undefined };
app.route("/", function home() {
  return "home";
});
app.post("/echo", function echo(_, request) {
  return request.text;
});
app.route("/hold", function hold() {
  // Sends its head and a first chunk, then waits (until the connection is cut): a response under way.
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("first"));
    },
  });
});

let server: ListeningServer;
before(async () => {
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
});

const POST_CHUNKED = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";

const refused = [
  { what: "a control character in a header value", payload: "GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\n\r\n", status: 400, says: /a header line is malformed .*not allowed/ },
  { what: "a header line without a colon", payload: "GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n", status: 400, says: /a header line is malformed \(no colon/ },
  { what: "a header line starting with a space", payload: "GET / HTTP/1.1\r\n Host: x\r\n\r\n", status: 400, says: /starts with a space/ },
  { what: "a CR alone inside a header value", payload: "GET / HTTP/1.1\r\nHost: x\r\nX-A: b\rc\r\n\r\n", status: 400, says: /does not end in CRLF/ },
  { what: "a method that is not a token", payload: "G@T / HTTP/1.1\r\nHost: x\r\n\r\n", status: 400, says: /method is unknown or malformed/ },
  { what: "a method node's parser does not know", payload: "FROB / HTTP/1.1\r\nHost: x\r\n\r\n", status: 400, says: /method is unknown or malformed/ },
  { what: "a control character in the request target", payload: "GET /\x7f HTTP/1.1\r\nHost: x\r\n\r\n", status: 400, says: /request target holds a character/ },
  { what: "a misspelt protocol name", payload: "GET / HTXP/1.1\r\nHost: x\r\n\r\n", status: 400, says: /METHOD \/path HTTP\/1\.1/ },
  { what: "HTTP/9.9", payload: "GET / HTTP/9.9\r\nHost: x\r\n\r\n", status: 400, says: /HTTP\/1\.1 or HTTP\/1\.0/ },
  { what: "an HTTP/2.0 request line", payload: "GET / HTTP/2.0\r\nHost: x\r\n\r\n", status: 505, says: /^HTTP Version Not Supported: this server speaks HTTP\/1\.1 and HTTP\/1\.0; the request line says HTTP\/2\.0\.$/ },
  { what: "an HTTP/0.9 request line", payload: "GET / HTTP/0.9\r\nHost: x\r\n\r\n", status: 505, says: /the request line says HTTP\/0\.9\.$/ },
  { what: "a request line without a version", payload: "GET /\r\nHost: x\r\n\r\n", status: 505, says: /the request line says HTTP\/0\.9\.$/ },
  { what: "the HTTP/2 connection preface", payload: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", status: 505, says: /HTTP\/2 without TLS/ },
  { what: "Content-Length together with Transfer-Encoding", payload: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400, says: /together with Content-Length/ },
  { what: "two Content-Lengths", payload: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", status: 400, says: /Content-Length is sent twice/ },
  { what: "a negative Content-Length", payload: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", status: 400, says: /not a non-negative whole number/ },
  { what: "a Transfer-Encoding that does not end in chunked", payload: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc", status: 400, says: /does not end in chunked/ },
  { what: "a transfer coding before chunked, whose body node would pass on still coded", payload: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", status: 501, says: /^Not Implemented: the request body's Transfer-Encoding is not supported; send it with Content-Length, or with Transfer-Encoding: chunked alone\.$/ },
  { what: "a chunk size that is not hexadecimal", payload: `${POST_CHUNKED}zz\r\nabc\r\n0\r\n\r\n`, status: 400, says: /chunk size .* not a hexadecimal number/ },
  { what: "a chunk size line ending in a bare LF", payload: `${POST_CHUNKED}3\nabc\r\n0\r\n\r\n`, status: 400, says: /does not end in CRLF/ },
  { what: "chunk extensions over node's limit", payload: `${POST_CHUNKED}3;${"a".repeat(20_000)}\r\nabc\r\n0\r\n\r\n`, status: 413, says: /extensions of a chunk/ },
  { what: "chunk data not followed by CRLF (a fault without a message of its own)", payload: `${POST_CHUNKED}3\r\nabcX\r\n0\r\n\r\n`, status: 400, says: /^Bad Request: the request could not be parsed\.$/ },
  { what: "a request head over MAX_HEADER_SIZE", payload: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(8000)}\r\n\r\n`, status: 431, says: /^Request Header Fields Too Large: .*MAX_HEADER_SIZE \(4096 bytes\)/ },
  { what: "an HTTP/1.1 request without Host", payload: "GET / HTTP/1.1\r\n\r\n", status: 400, says: /^Bad Request: an HTTP\/1\.1 request must carry a Host header\.$/ },
  { what: "a CONNECT request", payload: "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", status: 501, says: /^Not Implemented: CONNECT is for proxies/ },
];

/** The head's fields, names lower-cased. */
function fieldsOf(answer: RawAnswer): Map<string, string> {
  const head = answer.text.slice(0, answer.text.indexOf("\r\n\r\n"));
  return new Map(head.split("\r\n").slice(1).map((line) => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
  }));
}

for (const c of refused) {
  test(`${c.what} is answered ${c.status} with a plain-text reason and the connection closed`, async () => {
    const answer = await rawRequest(server.port, c.payload);
    assert.equal(answer.status, c.status, answer.text);
    const fields = fieldsOf(answer);
    const body = bodyOf(answer);
    assert.equal(fields.get("content-type"), "text/plain; charset=utf-8");
    assert.equal(fields.get("content-length"), String(Buffer.byteLength(body, "latin1")));
    assert.equal(fields.get("connection"), "close");
    assert.match(body, c.says);
    assert.ok(answer.closed);
  });
}

/** Sends `payload`, then ends the client's side of the connection, and collects what comes back. */
function halfClosed(payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
    });
    socket.on("close", () => resolve(received));
    socket.on("error", reject);
    socket.end(payload);
  });
}

for (const [what, payload] of [
  ["its head", "GET / HTTP/1.1\r\nHost: x\r\nX-Cut: a"],
  ["a body shorter than its Content-Length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"],
  ["a chunked body without its last chunk", `${POST_CHUNKED}3\r\nabc\r\n`],
] as const) {
  test(`a client that ends its side of the connection inside ${what} is told the request was cut short`, async () => {
    const text = await halfClosed(payload);
    assert.match(text, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(text, /\r\n\r\nBad Request: the client ended its side of the connection before the whole request .* had arrived\.$/);
  });
}

test("the reason never echoes the bytes that were refused", async () => {
  const answer = await rawRequest(server.port, "GET / HTTP/1.1\r\nHost: x\r\nX-Bad: <script>alert(1)</script>\x01\r\n\r\n");
  assert.equal(answer.status, 400);
  assert.doesNotMatch(answer.text, /script|alert/);
});

test("an HTTP/1.0 request without Host is served", async () => {
  const answer = await rawRequest(server.port, "GET / HTTP/1.0\r\n\r\n");
  assert.equal(answer.status, 200);
  assert.equal(bodyOf(answer), "home");
});

test("the server keeps serving after refusing a request it could not parse", async () => {
  await rawRequest(server.port, "G@T / HTTP/1.1\r\n\r\n");
  const answer = await rawRequest(server.port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  assert.equal(bodyOf(answer), "home");
});

test("a parse error behind a response already under way cuts the connection without writing into that response", { timeout: 15_000 }, async () => {
  const text = await new Promise<string>((resolve) => {
    const socket = connect(server.port, "127.0.0.1");
    let received = "";
    socket.on("data", (d: Buffer) => {
      received += d.toString("latin1");
      // The held response has started: now send a request node's parser refuses.
      if (received.includes("first")) socket.write("G@T / HTTP/1.1\r\nHost: x\r\n\r\n");
    });
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(received));
    socket.write("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
  });
  assert.match(text, /^HTTP\/1\.1 200/);
  assert.equal(text.match(/HTTP\/1\.1 \d{3}/g)?.length, 1, text);
});

test("a client too slow to send its head is answered 408 naming HEADERS_TIMEOUT", { timeout: 15_000 }, async () => {
  const slow = new Flagon(undefined, { config: { HEADERS_TIMEOUT: 0.2, REQUEST_TIMEOUT: 1 } });
  const slowServer = await slow.listen({ port: 0 });
  try {
    // The head never ends; the server's timeout is what closes this connection.
    const answer = await rawRequest(slowServer.port, "GET / HTTP/1.1\r\nHost: x\r\n");
    assert.equal(answer.status, 408);
    assert.equal(fieldsOf(answer).get("connection"), "close");
    assert.match(bodyOf(answer), /^Request Timeout: .*HEADERS_TIMEOUT 0\.2 s.*REQUEST_TIMEOUT 1 s/);
  } finally {
    await slowServer.close();
  }
});
