import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Flagon, type ListeningServer } from "../../src/index.js";
import { rawRequest } from "./_raw.js";

let posts = 0;
const app = new Flagon();
app.logger = { request: () => undefined, error: () => undefined };
app.post("/echo", function echo(_, request) {
  posts += 1;
  return request.text;
});
app.route("/admin", function admin() {
  return "admin";
});

let server: ListeningServer;
before(async () => {
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
});

const smuggled = "GET /admin HTTP/1.1\r\nHost: x\r\n\r\n";
const attempts: [string, string][] = [
  ["Content-Length together with Transfer-Encoding: chunked", `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${smuggled}`],
  ["two different Content-Length headers", `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nabcd${smuggled}`],
  ["Transfer-Encoding that does not end in chunked", `POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n${smuggled}`],
  ["an obfuscated Transfer-Encoding", `POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n${smuggled}`],
  ["a bare LF inside a chunk size line", `POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\nabcd\r\n0\r\n\r\n${smuggled}`],
];

for (const [what, payload] of attempts) {
  test(`a request with ${what} is refused with a 400 and nothing behind it is served`, async () => {
    posts = 0;
    const answer = await rawRequest(server.port, payload);
    assert.equal(answer.status, 400);
    assert.doesNotMatch(answer.text, /admin/);
    assert.equal(answer.closed, true);
    assert.equal(posts, 0, "the ambiguous request reached its view");
  });
}
