// The Flask routing guide's app on flagon, grown into a small site (/site/): `npm start` serves it
// at http://127.0.0.1:5000. docs/site.md is a tour.
import { pathToFileURL } from "node:url";
import { type ConfigValues, type FlagonRequest, Flagon, abort, escapeHtml, makeResponse, redirect, renderTemplate, urlFor } from "flagon";
import { api } from "./api/routes.js";
import { blog } from "./blog/routes.js";
import { site } from "./site/routes.js";
import { users } from "./users/routes.js";

/**
 * DEVELOPMENT ONLY. Signs the session cookie when SECRET_KEY is not set in the
 * environment; anyone who reads this file can forge sessions signed with it.
 * Deploy with `SECRET_KEY=$(openssl rand -hex 32)`.
 */
const DEV_SECRET_KEY = "dev-only-secret-key-do-not-deploy";

const NOT_FOUND = "Oops! That page does not exist.";
const FORBIDDEN = "Sorry, you are not allowed to view this page.";

/** Browsers ask for HTML and get the site's error pages; other clients get the guide's plain sentences. */
function wantsHtml(request: FlagonRequest): boolean {
  return (request.header("accept") ?? "").includes("text/html");
}

/** Builds the app; tests make a second one with `createApp({ DEBUG: true })`. */
export function createApp(config: Partial<ConfigValues> & Record<string, unknown> = {}): Flagon {
  const app = new Flagon(import.meta.url, {
    config: { SECRET_KEY: process.env["SECRET_KEY"] ?? DEV_SECRET_KEY, SITE_NAME: "Flagon Seed", ...config },
  });

  // 1. Static routes.
  app.route("/", function home() {
    return "Hello, World!";
  });
  app.route("/about", function about() {
    return "This is the about page.";
  });
  app.route("/contact", function contact() {
    return "Reach us at hello@example.com";
  });

  // 2-3. Dynamic segments and converters; /user/42 goes to the int rule whatever the order.
  // A string is an HTML page: what the visitor typed is escaped, as Flask's guide does with escape().
  app.route("/user/<username>", function show_user({ username }) {
    return `Profile page for: ${escapeHtml(username)}`;
  });
  app.route("/user/<int:user_id>", function profile({ user_id }) {
    return `Profile ${user_id}`;
  });
  app.route("/post/<category>/<int:post_id>", function show_category_post({ category, post_id }) {
    return `Category: ${escapeHtml(category)}, Post ID: ${post_id}`;
  });
  app.route("/post/<int:post_id>", function show_post({ post_id }) {
    return `Post number ${post_id}`;
  });
  app.route("/price/<float:amount>", function price({ amount }) {
    return `Price: $${amount}`;
  });
  app.route("/files/<path:filename>", function files({ filename }) {
    return `File requested: ${escapeHtml(filename)}`;
  });

  // 4-5. Methods and form data.
  const LOGIN_FORM = `<!doctype html>
  <title>Log in</title>
  <form method="post" action="/login">
    <label>Username <input name="username"></label>
    <label>Password <input name="password" type="password"></label>
    <button type="submit">Log in</button>
  </form>`;

  app.route("/login", { methods: ["GET", "POST"] }, function login(_, request) {
    if (request.method === "POST") return `Logging in as ${escapeHtml(request.form.require("username"))}...`;
    return LOGIN_FORM;
  });

  app.route("/signup", { methods: ["GET", "POST"] }, function signup(_, request) {
    if (request.method === "GET") {
      return `<form method="post"><input name="name"><input name="email" type="email"><button>Sign up</button></form>`;
    }
    const name = request.form.require("name");
    const email = request.form.get("email", "");
    return `Welcome, ${escapeHtml(name)}! We emailed ${escapeHtml(email)}.`;
  });

  // The query string: /search?q=flask&page=2.
  app.route("/search", function search(_, request) {
    const q = request.args.get("q", "");
    const page = request.args.get("page", 1, Number);
    return { q, page };
  });

  // Multipart uploads: request.files.
  app.route("/upload", { methods: ["GET", "POST"] }, async function upload(_, request) {
    if (request.method === "GET") {
      return `<form method="post" enctype="multipart/form-data"><input type="file" name="file"><button>Upload</button></form>`;
    }
    const file = request.files.get("file");
    if (file === undefined) abort(400, "Attach a file in the 'file' field.");
    return { filename: file.name, size: file.size, type: file.type, text: (await file.text()).slice(0, 100) };
  });

  // 8. Redirects.
  app.route("/go-home", function go_home() {
    return redirect(urlFor("home"));
  });
  app.route("/go-to-user", function go_to_user() {
    return redirect(urlFor("profile", { user_id: 42 }));
  });
  app.route("/old-page", function old_page() {
    return redirect(urlFor("new_page"));
  });
  app.route("/new-page", function new_page() {
    return "Welcome to the new page!";
  });

  // 9. abort() and custom error pages.
  app.route("/admin", function admin() {
    abort(403);
  });
  app.errorHandler(403, (_error, request) =>
    makeResponse(wantsHtml(request) ? renderTemplate("errors/403.html", { message: FORBIDDEN }) : FORBIDDEN, 403),
  );
  app.errorHandler(404, (_error, request) =>
    makeResponse(wantsHtml(request) ? renderTemplate("errors/404.html", { message: NOT_FOUND }) : NOT_FOUND, 404),
  );

  // 10. Blueprints.
  app.registerBlueprint(users);
  app.registerBlueprint(blog);
  app.registerBlueprint(api);

  // The site: templates, static files, session login, flash messages (site/routes.ts).
  app.registerBlueprint(site);
  return app;
}

export const app = createApp();

// 11. Serve when run directly (npm start); tests import `app` instead.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await app.run({ debug: process.env["FLAGON_DEBUG"] === "1" });
}
