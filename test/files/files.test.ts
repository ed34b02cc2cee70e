import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sendFile, sendFromDirectory, isSafeName } from "../../src/http/files.js";
import { NotFound } from "../../src/http/exceptions.js";

let root: string;
let pub: string;
const TEXT = "hello, flagon\n";

before(() => {
  root = mkdtempSync(join(tmpdir(), "flagon-files-"));
  pub = join(root, "public");
  mkdirSync(join(pub, "css"), { recursive: true });
  writeFileSync(join(pub, "hello.txt"), TEXT);
  writeFileSync(join(pub, "css", "app.css"), "body{}");
  writeFileSync(join(pub, "blob.bin"), Buffer.alloc(200_000, 7));
  writeFileSync(join(pub, "empty.txt"), "");
  writeFileSync(join(root, "secret.txt"), "top secret");
  symlinkSync(join(root, "secret.txt"), join(pub, "escape.txt"));
  symlinkSync(join(pub, "hello.txt"), join(pub, "inside-link.txt"));
});

after(() => rmSync(root, { recursive: true, force: true }));

test("a text file is sent with its type, charset, length, ETag and Last-Modified", async () => {
  const res = await sendFile(join(pub, "hello.txt"));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(res.headers.get("content-length"), String(TEXT.length));
  assert.match(res.headers.get("etag") ?? "", /^"[0-9a-f]+-[0-9a-f]+"$/);
  assert.equal(res.headers.get("last-modified"), new Date(Math.floor(statSync(join(pub, "hello.txt")).mtimeMs / 1000) * 1000).toUTCString());
  assert.equal(res.headers.get("cache-control"), "no-cache");
  assert.equal(res.headers.get("accept-ranges"), "bytes");
  assert.equal(await res.text(), TEXT);
});

test("a large file is streamed in chunks with every byte intact", async () => {
  const res = await sendFile(join(pub, "blob.bin"));
  assert.ok(res.body);
  let chunks = 0;
  let total = 0;
  const reader = res.body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    const chunk = r.value;
    chunks += 1;
    total += chunk.byteLength;
    assert.ok(chunk.every((b: number) => b === 7));
  }
  assert.ok(chunks > 1, "expected more than one chunk");
  assert.equal(total, 200_000);
  assert.equal(res.headers.get("content-type"), "application/octet-stream");
});

test("a file that shrinks while it is sent fails the body instead of ending it short, and is closed", async () => {
  const { readdirSync, truncateSync } = await import("node:fs");
  const path = join(root, "shrinking.bin");
  writeFileSync(path, Buffer.alloc(1_000_000, 1));
  const fds = readdirSync("/proc/self/fd").length;
  const res = await sendFile(path);
  assert.equal(res.headers.get("content-length"), "1000000");
  const reader = res.body!.getReader();
  await reader.read();
  truncateSync(path, 100_000);
  await assert.rejects(async () => {
    while (!(await reader.read()).done);
  }, /shrank/);
  assert.equal(readdirSync("/proc/self/fd").length, fds);
});

test("maxAge makes the file publicly cacheable", async () => {
  const res = await sendFile(join(pub, "css", "app.css"), { maxAge: 3600 });
  assert.equal(res.headers.get("cache-control"), "public, max-age=3600");
  assert.ok(res.headers.get("expires"));
  assert.equal(res.headers.get("content-type"), "text/css; charset=utf-8");
  await res.body?.cancel();
});

test("an explicit mimetype wins and text types get a charset", async () => {
  const res = await sendFile(join(pub, "blob.bin"), { mimetype: "text/csv" });
  assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
  await res.body?.cancel();
});

test("If-None-Match with the current ETag answers 304 without a body", async () => {
  const first = await sendFile(join(pub, "hello.txt"));
  await first.body?.cancel();
  const etag = first.headers.get("etag") ?? "";
  const res = await sendFile(join(pub, "hello.txt"), {}, new Headers({ "if-none-match": `"nope", W/${etag}` }));
  assert.equal(res.status, 304);
  assert.equal(res.body, null);
  assert.equal(res.headers.get("etag"), etag);
  assert.equal(res.headers.get("content-length"), null);
});

test("If-Modified-Since at or after Last-Modified answers 304, before it 200", async () => {
  const first = await sendFile(join(pub, "hello.txt"));
  await first.body?.cancel();
  const lastModified = first.headers.get("last-modified") ?? "";
  const fresh = await sendFile(join(pub, "hello.txt"), {}, new Headers({ "if-modified-since": lastModified }));
  assert.equal(fresh.status, 304);
  const older = new Date(Date.parse(lastModified) - 10_000).toUTCString();
  const stale = await sendFile(join(pub, "hello.txt"), {}, new Headers({ "if-modified-since": older }));
  assert.equal(stale.status, 200);
  assert.equal(await stale.text(), TEXT);
});

/** The ETag and Last-Modified `sendFile` gives hello.txt now. */
async function validatorsOfHello(): Promise<{ etag: string; lastModified: string }> {
  const first = await sendFile(join(pub, "hello.txt"));
  await first.body?.cancel();
  return { etag: first.headers.get("etag") ?? "", lastModified: first.headers.get("last-modified") ?? "" };
}

test("If-Match without the current ETag answers 412 Precondition Failed without a body", async () => {
  const { etag } = await validatorsOfHello();
  for (const ifMatch of ['"nope"', `W/${etag}`, `"a", W/${etag}`]) {
    const res = await sendFile(join(pub, "hello.txt"), {}, new Headers({ "if-match": ifMatch }));
    assert.equal(res.status, 412, ifMatch);
    assert.equal(res.body, null);
    assert.equal(res.headers.get("etag"), etag);
  }
});

test("If-Match with the current ETag, in a list or as *, sends the file", async () => {
  const { etag } = await validatorsOfHello();
  for (const ifMatch of [etag, `"a", ${etag}`, "*"]) {
    const res = await sendFile(join(pub, "hello.txt"), {}, new Headers({ "if-match": ifMatch, range: "bytes=0-4" }));
    assert.equal(res.status, 206, ifMatch);
    assert.equal(await res.text(), TEXT.slice(0, 5));
  }
});

test("If-Unmodified-Since before Last-Modified answers 412; at it, or not a date, sends the file", async () => {
  const { lastModified } = await validatorsOfHello();
  const older = new Date(Date.parse(lastModified) - 10_000).toUTCString();
  const failed = await sendFile(join(pub, "hello.txt"), {}, new Headers({ "if-unmodified-since": older }));
  assert.equal(failed.status, 412);
  for (const since of [lastModified, "yesterday"]) {
    const res = await sendFile(join(pub, "hello.txt"), {}, new Headers({ "if-unmodified-since": since }));
    assert.equal(res.status, 200, since);
    await res.body?.cancel();
  }
});

test("If-Match wins over If-Unmodified-Since and is checked before If-None-Match", async () => {
  const { etag, lastModified } = await validatorsOfHello();
  const older = new Date(Date.parse(lastModified) - 10_000).toUTCString();
  const matched = await sendFile(join(pub, "hello.txt"), {}, new Headers({ "if-match": etag, "if-unmodified-since": older }));
  assert.equal(matched.status, 200);
  await matched.body?.cancel();
  const failed = await sendFile(join(pub, "hello.txt"), {}, new Headers({ "if-match": '"nope"', "if-none-match": etag }));
  assert.equal(failed.status, 412);
});

test("conditional: false ignores If-Match and If-Unmodified-Since", async () => {
  const res = await sendFile(join(pub, "hello.txt"), { conditional: false }, new Headers({ "if-match": '"nope"', "if-unmodified-since": "Sun, 06 Nov 1994 08:49:37 GMT" }));
  assert.equal(res.status, 200);
  await res.body?.cancel();
});

test("a stale If-None-Match wins over a fresh If-Modified-Since", async () => {
  const first = await sendFile(join(pub, "hello.txt"));
  await first.body?.cancel();
  const res = await sendFile(
    join(pub, "hello.txt"),
    {},
    new Headers({ "if-none-match": '"other"', "if-modified-since": first.headers.get("last-modified") ?? "" }),
  );
  assert.equal(res.status, 200);
  await res.body?.cancel();
});

test("a single byte range answers 206 with Content-Range", async () => {
  const res = await sendFile(join(pub, "hello.txt"), {}, new Headers({ range: "bytes=7-12" }));
  assert.equal(res.status, 206);
  assert.equal(res.headers.get("content-range"), `bytes 7-12/${TEXT.length}`);
  assert.equal(res.headers.get("content-length"), "6");
  assert.equal(await res.text(), "flagon");
});

test("suffix and open-ended ranges are served", async () => {
  const suffix = await sendFile(join(pub, "hello.txt"), {}, new Headers({ range: "bytes=-7" }));
  assert.equal(await suffix.text(), "flagon\n");
  const open = await sendFile(join(pub, "hello.txt"), {}, new Headers({ range: "bytes=7-" }));
  assert.equal(open.headers.get("content-range"), `bytes 7-13/${TEXT.length}`);
  assert.equal(await open.text(), "flagon\n");
  const clipped = await sendFile(join(pub, "hello.txt"), {}, new Headers({ range: "bytes=7-999" }));
  assert.equal(await clipped.text(), "flagon\n");
});

test("a range past the end answers 416 with the size", async () => {
  const res = await sendFile(join(pub, "hello.txt"), {}, new Headers({ range: "bytes=100-200" }));
  assert.equal(res.status, 416);
  assert.equal(res.headers.get("content-range"), `bytes */${TEXT.length}`);
  const empty = await sendFile(join(pub, "empty.txt"), {}, new Headers({ range: "bytes=0-" }));
  assert.equal(empty.status, 416);
});

test("several ranges, a malformed range or a stale If-Range send the whole file", async () => {
  for (const headers of [
    { range: "bytes=0-1,3-4" },
    { range: "pages=1-2" },
    { range: "bytes=5-2" },
    { range: "bytes=0-1", "if-range": '"stale"' },
  ]) {
    const res = await sendFile(join(pub, "hello.txt"), {}, new Headers(headers));
    assert.equal(res.status, 200, JSON.stringify(headers));
    assert.equal(await res.text(), TEXT);
  }
});

test("a matching If-Range keeps the range", async () => {
  const first = await sendFile(join(pub, "hello.txt"));
  await first.body?.cancel();
  const res = await sendFile(join(pub, "hello.txt"), {}, new Headers({ range: "bytes=0-4", "if-range": first.headers.get("etag") ?? "" }));
  assert.equal(res.status, 206);
  assert.equal(await res.text(), "hello");
});

test("HEAD sends the headers and no body", async () => {
  const res = await sendFile(join(pub, "hello.txt"), {}, new Headers(), "HEAD");
  assert.equal(res.status, 200);
  assert.equal(res.body, null);
  assert.equal(res.headers.get("content-length"), String(TEXT.length));
});

test("conditional: false ignores Range and validators", async () => {
  const res = await sendFile(join(pub, "hello.txt"), { conditional: false }, new Headers({ range: "bytes=0-1", "if-none-match": "*" }));
  assert.equal(res.status, 200);
  assert.equal(await res.text(), TEXT);
});

test("etag false sends no ETag and a string is used as given", async () => {
  const none = await sendFile(join(pub, "hello.txt"), { etag: false });
  assert.equal(none.headers.get("etag"), null);
  await none.body?.cancel();
  const custom = await sendFile(join(pub, "hello.txt"), { etag: "v1" });
  assert.equal(custom.headers.get("etag"), '"v1"');
  await custom.body?.cancel();
});

test("an attachment gets Content-Disposition with an RFC 5987 name for non-ASCII names", async () => {
  const plain = await sendFile(join(pub, "hello.txt"), { asAttachment: true });
  assert.equal(plain.headers.get("content-disposition"), 'attachment; filename="hello.txt"');
  await plain.body?.cancel();
  const named = await sendFile(join(pub, "hello.txt"), { asAttachment: true, downloadName: "report.csv" });
  assert.equal(named.headers.get("content-disposition"), 'attachment; filename="report.csv"');
  assert.equal(named.headers.get("content-type"), "text/csv; charset=utf-8");
  await named.body?.cancel();
  const unicode = await sendFile(join(pub, "hello.txt"), { asAttachment: true, downloadName: 'Résumé "1".txt' });
  assert.equal(
    unicode.headers.get("content-disposition"),
    `attachment; filename="Resume \\"1\\".txt"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%221%22.txt`,
  );
  await unicode.body?.cancel();
  const inline = await sendFile(join(pub, "hello.txt"), { downloadName: "a.txt" });
  assert.equal(inline.headers.get("content-disposition"), 'inline; filename="a.txt"');
  await inline.body?.cancel();
});

test("without asAttachment the file is inline under its own name, as Werkzeug", async () => {
  const res = await sendFile(join(pub, "hello.txt"));
  assert.equal(res.headers.get("content-disposition"), 'inline; filename="hello.txt"');
  await res.body?.cancel();
});

test("sendFromDirectory names the file as asked, not as the symlink it follows", async () => {
  const res = await sendFromDirectory(pub, "inside-link.txt");
  assert.equal(res.headers.get("content-disposition"), 'inline; filename="inside-link.txt"');
  assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
  await res.body?.cancel();
});

test("a missing file, a directory, or a file named with a trailing slash is NotFound", async () => {
  await assert.rejects(sendFile(join(pub, "missing.txt")), NotFound);
  await assert.rejects(sendFile(pub), NotFound);
  await assert.rejects(sendFile(`${join(pub, "hello.txt")}/`), NotFound);
});

test("sendFromDirectory serves files below the folder", async () => {
  const res = await sendFromDirectory(pub, "css/app.css");
  assert.equal(res.status, 200);
  assert.equal(await res.text(), "body{}");
  const linked = await sendFromDirectory(pub, "inside-link.txt");
  assert.equal(await linked.text(), TEXT);
});

for (const name of [
  "../secret.txt",
  "css/../../secret.txt",
  "..",
  "/etc/passwd",
  join(tmpdir(), "secret.txt"),
  "css\\..\\..\\secret.txt",
  "hello.txt\0.png",
  "%2e%2e/secret.txt",
  "%2E%2e%2fsecret.txt",
  "..%2fsecret.txt",
  "C:/windows/win.ini",
  "escape.txt",
  "missing.txt",
  "css",
  "",
  "hello.txt/",
  "css/app.css/",
  "hello.txt/.",
  "css/app.css//",
]) {
  test(`sendFromDirectory refuses ${JSON.stringify(name)} with NotFound`, async () => {
    await assert.rejects(sendFromDirectory(pub, name), NotFound);
  });
}

test("isSafeName accepts ordinary nested names and dotfiles", () => {
  assert.ok(isSafeName("css/app.css"));
  assert.ok(isSafeName(".well-known/x"));
  assert.ok(isSafeName("a..b.txt"));
  assert.ok(!isSafeName("a/../b"));
});

test("the file is closed when the body is read to the end, cancelled, or never needed", async () => {
  const { readdirSync } = await import("node:fs");
  const openFds = () => readdirSync("/proc/self/fd").length;
  const before = openFds();
  const read = await sendFile(join(pub, "blob.bin"));
  await read.arrayBuffer();
  const cancelled = await sendFile(join(pub, "blob.bin"));
  const reader = cancelled.body?.getReader();
  await reader?.read();
  await reader?.cancel();
  await sendFile(join(pub, "hello.txt"), {}, new Headers(), "HEAD");
  await sendFile(join(pub, "hello.txt"), {}, new Headers({ range: "bytes=99-" }));
  assert.equal(openFds(), before);
});
