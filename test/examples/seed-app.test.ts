// Every row of the seed app's table, through the test client and through a real socket.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { app } from "../../examples/seed-app/app.js";

app.logger = { request: () => undefined, error: () => undefined };

interface Row {
  method: string;
  path: string;
  form?: Record<string, string>;
  json?: unknown;
  body?: string;
  contentType?: string;
  status: number;
  text?: string;
  contains?: RegExp;
  json_?: unknown;
  location?: string;
  allow?: string;
}

const rows: Row[] = [
  { method: "GET", path: "/", status: 200, text: "Hello, World!" },
  { method: "GET", path: "/about", status: 200, text: "This is the about page." },
  { method: "GET", path: "/contact", status: 200, text: "Reach us at hello@example.com" },
  { method: "GET", path: "/user/shashank", status: 200, text: "Profile page for: shashank" },
  { method: "GET", path: "/user/%3Cscript%3Ealert(1)%3C%2Fscript%3E", status: 200, text: "Profile page for: &lt;script&gt;alert(1)&lt;/script&gt;" },
  { method: "GET", path: "/user/42", status: 200, text: "Profile 42" },
  { method: "GET", path: "/post/python/42", status: 200, text: "Category: python, Post ID: 42" },
  { method: "GET", path: "/post/42", status: 200, text: "Post number 42" },
  { method: "GET", path: "/post/hello", status: 404, text: "Oops! That page does not exist." },
  { method: "GET", path: "/price/3.14", status: 200, text: "Price: $3.14" },
  { method: "GET", path: "/files/docs/guide.pdf", status: 200, text: "File requested: docs/guide.pdf" },
  { method: "GET", path: "/login", status: 200, contains: /<form method="post"[\s\S]*name="username"[\s\S]*name="password"/ },
  { method: "POST", path: "/login", form: { username: "alice", password: "x" }, status: 200, text: "Logging in as alice..." },
  { method: "POST", path: "/login", form: { username: "<b>eve</b>", password: "x" }, status: 200, text: "Logging in as &lt;b&gt;eve&lt;/b&gt;..." },
  { method: "POST", path: "/login", form: { password: "x" }, status: 400, contains: /username/ },
  { method: "POST", path: "/signup", form: { name: "Ann", email: "ann@example.com" }, status: 200, text: "Welcome, Ann! We emailed ann@example.com." },
  { method: "POST", path: "/api/user", json: { name: "Ann", email: "ann@example.com" }, status: 201, json_: { message: "Created user Ann", email: "ann@example.com" } },
  { method: "POST", path: "/api/user", body: '{"name": "Ann",', contentType: "application/json", status: 400, contains: /Failed to decode JSON object/ },
  { method: "GET", path: "/go-home", status: 302, location: "/" },
  { method: "GET", path: "/go-to-user", status: 302, location: "/user/42" },
  { method: "GET", path: "/old-page", status: 302, location: "/new-page" },
  { method: "GET", path: "/new-page", status: 200, text: "Welcome to the new page!" },
  { method: "GET", path: "/admin", status: 403, text: "Sorry, you are not allowed to view this page." },
  { method: "GET", path: "/users/", status: 200, json_: ["Alice", "Bob", "Charlie"] },
  { method: "GET", path: "/users", status: 308, location: "/users/" },
  { method: "GET", path: "/users/42", status: 200, json_: { id: 42, name: "Alice" } },
  { method: "GET", path: "/blog/", status: 200, contains: /<a href="\/blog\/1">Hello flagon<\/a>/ },
  { method: "GET", path: "/blog/2", status: 200, contains: /Blueprints/ },
  { method: "GET", path: "/blog/9", status: 404, text: "Blog: There is no blog post 9." },
  { method: "GET", path: "/api/users", status: 200, contains: /"name":"Alice"/ },
  { method: "GET", path: "/api/users/2", status: 200, json_: { id: 2, name: "Bob", email: "bob@example.com" } },
  { method: "GET", path: "/search?q=flask&page=2", status: 200, json_: { q: "flask", page: 2 } },
  { method: "DELETE", path: "/about", status: 405, allow: "GET, HEAD, OPTIONS" },
  { method: "GET", path: "/nope", status: 404, text: "Oops! That page does not exist." },
];

interface Answer {
  status: number;
  text: string;
  headers: Headers;
}

function check(row: Row, answer: Answer): void {
  assert.equal(answer.status, row.status);
  if (row.text !== undefined) assert.equal(answer.text, row.text);
  if (row.contains !== undefined) assert.match(answer.text, row.contains);
  if (row.json_ !== undefined) assert.deepEqual(JSON.parse(answer.text), row.json_);
  if (row.location !== undefined) assert.equal(answer.headers.get("location"), row.location);
  if (row.allow !== undefined) assert.equal(answer.headers.get("allow"), row.allow);
}

function title(row: Row): string {
  return `${row.method} ${row.path}${row.form ? ` (form ${new URLSearchParams(row.form)})` : ""}${row.body ? " (malformed JSON)" : ""} answers ${row.status}`;
}

describe("through the test client", () => {
  const client = app.testClient();
  for (const row of rows) {
    test(title(row), async () => {
      const init = {
        ...(row.form ? { form: row.form } : {}),
        ...(row.json !== undefined ? { json: row.json } : {}),
        ...(row.body !== undefined ? { body: row.body, headers: { "content-type": row.contentType ?? "text/plain" } } : {}),
      };
      check(row, await client.request(row.method, row.path, init));
    });
  }

  test("an uploaded file is read from request.files", async () => {
    const response = await client.post("/upload", { form: { file: new File(["hi there"], "note.txt", { type: "text/plain" }) } });
    assert.deepEqual(response.json, { filename: "note.txt", size: 8, type: "text/plain", text: "hi there" });
  });

  test("following /old-page reaches the new page", async () => {
    assert.equal((await client.get("/old-page", { followRedirects: true })).text, "Welcome to the new page!");
  });
});

describe("through a real socket", () => {
  let server: Awaited<ReturnType<typeof app.listen>>;
  before(async () => {
    server = await app.listen({ port: 0 });
  });
  after(async () => {
    await server.close();
  });
  for (const row of rows) {
    test(title(row), async () => {
      let body: string | undefined;
      let contentType: string | undefined;
      if (row.form) {
        body = new URLSearchParams(row.form).toString();
        contentType = "application/x-www-form-urlencoded";
      } else if (row.json !== undefined) {
        body = JSON.stringify(row.json);
        contentType = "application/json";
      } else if (row.body !== undefined) {
        body = row.body;
        contentType = row.contentType;
      }
      const response = await fetch(`${server.url}${row.path}`, {
        method: row.method,
        redirect: "manual",
        ...(body !== undefined ? { body, headers: { "content-type": contentType ?? "text/plain" } } : {}),
      });
      check(row, { status: response.status, text: await response.text(), headers: response.headers });
    });
  }

  test("an uploaded file is read from request.files", async () => {
    const form = new FormData();
    form.append("file", new File(["hi there"], "note.txt", { type: "text/plain" }));
    const response = await fetch(`${server.url}/upload`, { method: "POST", body: form });
    assert.deepEqual(await response.json(), { filename: "note.txt", size: 8, type: "text/plain", text: "hi there" });
  });
});
