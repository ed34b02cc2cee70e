// request.form, request.args and request.headers read as Werkzeug's dicts do in Jinja:
// by subscript and by attribute, while their methods stay methods.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Flagon, renderTemplateString, silentLogger } from "../../src/index.js";

function formApp(source: string) {
  const app = new Flagon(undefined, { staticFolder: null });
  app.logger = silentLogger;
  app.route("/", { methods: ["GET", "POST"] }, function page() {
    return renderTemplateString(source);
  });
  return app.testClient();
}

test("request.form['title'] gives the first value of the posted field", async () => {
  const client = formApp("[{{ request.form['title'] }}]");
  const r = await client.post("/", { form: { title: "Hello <b>" } });
  assert.equal(r.text, "[Hello &lt;b&gt;]");
});

test("request.form['title'] or post['title'] falls back when the field was not posted", async () => {
  const client = formApp("{{ request.form['title'] or 'Old title' }}|{{ request.form['body'] }}|");
  assert.equal((await client.get("/")).text, "Old title||");
  assert.equal((await client.post("/", { form: { title: "", body: "b" } })).text, "Old title|b|");
});

test("request.args.page and request.headers['x-demo'] read the query string and the headers", async () => {
  const client = formApp("{{ request.args.page }} {{ request.args['q'] }} {{ request.headers['x-demo'] }}");
  assert.equal((await client.get("/", { query: { page: "2", q: "flask" }, headers: { "x-demo": "yes" } })).text, "2 flask yes");
});

test("a field named like a method does not hide the method", async () => {
  const client = formApp("{{ request.form.get('get', 'none') }} {{ request.form.getAll('tag')|join(',') }}");
  const r = await client.post("/", { body: "get=x&tag=a&tag=b", headers: { "content-type": "application/x-www-form-urlencoded" } });
  assert.equal(r.text, "x a,b");
});

test("a field named like a property reads the field, and request.values is the request's, not a dict method", async () => {
  const client = formApp("{{ request.args['size'] }}|{{ request.form['size'] }}|{{ request.values['title'] }}");
  const r = await client.post("/", { query: { size: "3" }, form: { size: "L", title: "T" } });
  assert.equal(r.text, "3|L|T");
});
