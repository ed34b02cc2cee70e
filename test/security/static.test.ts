import assert from "node:assert/strict";
import { mkdtemp, mkdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Flagon, type ListeningServer } from "../../src/index.js";
import { bodyOf, get, rawRequest } from "./_raw.js";

let server: ListeningServer;
let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "flagon-static-attack-"));
  await mkdir(join(root, "static", "css"), { recursive: true });
  await mkdir(join(root, "secret"));
  await writeFile(join(root, "static", "css", "site.css"), "body{}");
  await writeFile(join(root, "static", "ok.txt"), "public");
  await writeFile(join(root, "secret", "key.txt"), "TOP-SECRET");
  await writeFile(join(root, "app.ts"), "TOP-SECRET source");
  await symlink(join(root, "secret", "key.txt"), join(root, "static", "link-out.txt"));
  await symlink(join(root, "secret"), join(root, "static", "dir-out"));
  await symlink(join(root, "static", "ok.txt"), join(root, "static", "link-in.txt"));
  const app = new Flagon(root);
  app.logger = { request: () => undefined, error: () => undefined };
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
});

test("a file inside static/ is served", async () => {
  const answer = await rawRequest(server.port, get("/static/css/site.css"));
  assert.equal(answer.status, 200);
  assert.equal(bodyOf(answer), "body{}");
});

test("a symlink that stays inside static/ is served", async () => {
  const answer = await rawRequest(server.port, get("/static/link-in.txt"));
  assert.equal(answer.status, 200);
  assert.equal(bodyOf(answer), "public");
});

const attacks = [
  "/static/../app.ts",
  "/static/../secret/key.txt",
  "/static/css/../../app.ts",
  "/static/..%2Fapp.ts",
  "/static/..%2fsecret%2fkey.txt",
  "/static/%2e%2e/app.ts",
  "/static/%2E%2E%2Fapp.ts",
  "/static/%252e%252e%252fapp.ts",
  "/static/..%252Fapp.ts",
  "/static/%25%32%65%25%32%65/app.ts",
  "/static/..\\app.ts",
  "/static/..%5Capp.ts",
  "/static/..%255Capp.ts",
  "/static/css%5C..%5C..%5Capp.ts",
  "/static/%2Fetc%2Fpasswd",
  "/static//etc/passwd",
  "/static/%2F%2Fetc/passwd",
  "/static/C:%5CWindows%5Cwin.ini",
  "/static/ok.txt%00.css",
  "/static/ok.txt%2500",
  "/static/%00",
  "/static/link-out.txt",
  "/static/dir-out/key.txt",
  "/static/css/%2e%2e/%2e%2e/app.ts",
  "/static/.%2e/app.ts",
  "/static/%c0%ae%c0%ae/app.ts",
  "/static/..;/app.ts",
  "/static/....//app.ts",
];

for (const target of attacks) {
  test(`static refuses ${target} without leaking a byte outside the folder`, async () => {
    const answer = await rawRequest(server.port, get(target));
    assert.ok(answer.status >= 300 && answer.status < 500, `${target}: ${answer.status}`);
    assert.doesNotMatch(answer.text, /TOP-SECRET|root:/);
  });
}

test("a redirect answered for a static attack never points outside /static", async () => {
  for (const target of attacks) {
    const answer = await rawRequest(server.port, get(target));
    const location = /\r\nlocation: ([^\r]*)/i.exec(answer.text)?.[1];
    if (location === undefined) continue;
    const followed = await rawRequest(server.port, get(location));
    assert.doesNotMatch(followed.text, /TOP-SECRET|root:/, `${target} -> ${location}`);
  }
});
