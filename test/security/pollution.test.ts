import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Flagon, type ListeningServer } from "../../src/index.js";
import { bodyOf, get, rawRequest } from "./_raw.js";

const app = new Flagon();
app.logger = { request: () => undefined, error: () => undefined };
app.post("/json", function json(_, request) {
  const value = request.json as Record<string, unknown>;
  return { keys: Object.keys(value), polluted: ({} as Record<string, unknown>)["polluted"] ?? null };
});
app.post("/form", function form(_, request) {
  const object = request.form.toJSON();
  return { proto: Object.getPrototypeOf(object) === null, value: request.form.get("__proto__") ?? null, polluted: ({} as Record<string, unknown>)["polluted"] ?? null };
});
app.route("/args", function args(_, request) {
  const flat = request.args.toObject();
  const all = request.args.toJSON();
  return {
    value: request.args.get("__proto__") ?? null,
    ctor: request.args.get("constructor[prototype][polluted]") ?? null,
    flatOwn: Object.hasOwn(flat, "__proto__"),
    allOwn: Object.hasOwn(all, "__proto__"),
    polluted: ({} as Record<string, unknown>)["polluted"] ?? null,
  };
});
app.route("/cookies", function cookies(_, request) {
  const { cookies } = request;
  return { proto: cookies["__proto__"] ?? null, constructor: cookies["constructor"] ?? null, toString: cookies["toString"] ?? null, theme: cookies["theme"] ?? null };
});
app.route("/check", function check() {
  return { polluted: ({} as Record<string, unknown>)["polluted"] ?? null, hasPolluted: "polluted" in {} };
});

let server: ListeningServer;
before(async () => {
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
  delete (Object.prototype as Record<string, unknown>)["polluted"];
});

function postJson(body: string, type = "application/json"): string {
  return `POST /json HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

test("a JSON body with a __proto__ key is refused with a 400", async () => {
  const answer = await rawRequest(server.port, postJson('{"__proto__":{"polluted":"yes"}}'));
  assert.equal(answer.status, 400);
  assert.match(bodyOf(answer), /prototype/i);
});

test("a JSON body with constructor.prototype is refused with a 400", async () => {
  const answer = await rawRequest(server.port, postJson('{"constructor":{"prototype":{"polluted":"yes"}}}'));
  assert.equal(answer.status, 400);
});

test("a nested __proto__ key deep inside a JSON body is refused with a 400", async () => {
  const answer = await rawRequest(server.port, postJson('{"a":[{"b":{"__proto__":{"polluted":1}}}]}'));
  assert.equal(answer.status, 400);
});

test("an urlencoded __proto__ field is plain data and its dict has no prototype to replace", async () => {
  const body = "__proto__=evil&__proto__%5Bpolluted%5D=yes";
  const answer = await rawRequest(server.port, `POST /form HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  assert.equal(answer.status, 200);
  assert.deepEqual(JSON.parse(bodyOf(answer)), { proto: true, value: "evil", polluted: null });
});

test("a multipart __proto__ field is plain data", async () => {
  const body = '--b\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\nevil\r\n--b--\r\n';
  const answer = await rawRequest(server.port, `POST /form HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  assert.equal(answer.status, 200);
  assert.deepEqual(JSON.parse(bodyOf(answer)), { proto: true, value: "evil", polluted: null });
});

test("query keys __proto__ and constructor[prototype] are plain data in args and its objects", async () => {
  const answer = await rawRequest(server.port, get("/args?__proto__=evil&__proto__=two&constructor[prototype][polluted]=yes"));
  assert.equal(answer.status, 200);
  assert.deepEqual(JSON.parse(bodyOf(answer)), { value: "evil", ctor: "yes", flatOwn: true, allOwn: true, polluted: null });
});

test("cookies named __proto__ and constructor are plain cookies, and a cookie not sent is absent even when Object.prototype has the name", async () => {
  const sent = await rawRequest(server.port, get("/cookies", { Cookie: "__proto__=x; constructor=y; theme=dark" }));
  assert.deepEqual(JSON.parse(bodyOf(sent)), { proto: "x", constructor: "y", toString: null, theme: "dark" });
  const none = await rawRequest(server.port, get("/cookies"));
  assert.deepEqual(JSON.parse(bodyOf(none)), { proto: null, constructor: null, toString: null, theme: null });
});

test("after every attack above, a later request sees an unpolluted Object.prototype", async () => {
  await rawRequest(server.port, postJson('{"__proto__":{"polluted":"yes"}}'));
  await rawRequest(server.port, get("/args?__proto__[polluted]=yes"));
  const answer = await rawRequest(server.port, get("/check"));
  assert.deepEqual(JSON.parse(bodyOf(answer)), { polluted: null, hasPolluted: false });
});
