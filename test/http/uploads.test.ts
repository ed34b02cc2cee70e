import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { FileStorage, Flagon, type ListeningServer, abort, secureFilename } from "../../src/index.js";

let folder = "";
let server: ListeningServer;

const app = new Flagon(undefined, { config: { MAX_CONTENT_LENGTH: 10_000 } });
app.logger = { request: () => undefined, error: () => undefined };
// Flask's "Uploading Files" pattern: a safe name, then save.
app.post("/upload", async function upload(_, request) {
  const file = request.files.get("file");
  if (file === undefined || file.filename === "") abort(400, "No file part.");
  const name = secureFilename(file.filename);
  await file.save(join(folder, name));
  return { saved: name, filename: file.filename, mimetype: file.mimetype, contentType: file.contentType, isFileStorage: file instanceof FileStorage };
});

before(async () => {
  folder = await mkdtemp(join(tmpdir(), "flagon-uploads-"));
  server = await app.listen({ port: 0 });
});
after(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
});

function uploadForm(name: string, type: string, text: string): FormData {
  const form = new FormData();
  form.append("file", new File([text], name, { type }));
  return form;
}

test("secureFilename gives what Werkzeug's secure_filename gives", () => {
  assert.equal(secureFilename("My cool movie.mov"), "My_cool_movie.mov");
  assert.equal(secureFilename("../../../etc/passwd"), "etc_passwd");
  assert.equal(secureFilename("i contain cool \u00fcml\u00e4uts.txt"), "i_contain_cool_umlauts.txt");
  assert.equal(secureFilename(".bashrc"), "bashrc");
  assert.equal(secureFilename("__init__.py"), "init__.py");
  // Python's split() takes the separators \x1c-\x1f for white space.
  assert.equal(secureFilename("a\x1cb\x1fc.txt"), "a_b_c.txt");
});

test("secureFilename splits on backslashes and guards Windows device names", () => {
  assert.equal(secureFilename("C:\\Users\\ann\\report.pdf"), "C_Users_ann_report.pdf");
  assert.equal(secureFilename("con.txt"), "_con.txt");
  assert.equal(secureFilename("LPT1"), "_LPT1");
  assert.equal(secureFilename("com0.log"), "_com0.log");
  assert.equal(secureFilename("console.txt"), "console.txt");
});

test("secureFilename may leave nothing: the caller picks a name then", () => {
  assert.equal(secureFilename("\u6587\u4ef6.."), "");
  assert.equal(secureFilename("../"), "");
});

test("an upload through the node server is a FileStorage that saves to disk", async () => {
  const response = await fetch(`${server.url}/upload`, { method: "POST", body: uploadForm("../../my notes.txt", "text/plain;charset=utf-8", "hello disk") });
  assert.equal(response.status, 200);
  const answer = (await response.json()) as Record<string, unknown>;
  assert.equal(answer["saved"], "my_notes.txt");
  assert.equal(answer["isFileStorage"], true);
  assert.equal(answer["mimetype"], "text/plain");
  assert.equal(await readFile(join(folder, "my_notes.txt"), "utf8"), "hello disk");
});

test("an upload through the test client is a FileStorage too, with the type the client sent", async () => {
  const response = await app.testClient().post("/upload", { form: { file: new File(["<svg/>"], "logo.svg", { type: "image/svg+xml" }) } });
  assert.equal(response.status, 200);
  assert.deepEqual(response.json, { saved: "logo.svg", filename: "logo.svg", mimetype: "image/svg+xml", contentType: "image/svg+xml", isFileStorage: true });
  assert.equal(await readFile(join(folder, "logo.svg"), "utf8"), "<svg/>");
});

test("save replaces a file already there", async () => {
  await app.testClient().post("/upload", { form: { file: new File(["first, and longer"], "same.txt") } });
  await app.testClient().post("/upload", { form: { file: new File(["second"], "same.txt") } });
  assert.equal(await readFile(join(folder, "same.txt"), "utf8"), "second");
});

test("a form without a file answers the view's 400", async () => {
  const response = await app.testClient().post("/upload", { form: { title: "no file" } });
  assert.equal(response.status, 400);
  assert.match(response.text, /No file part/);
});
