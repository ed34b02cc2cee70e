// The site blueprint: HTML pages with a shared layout, a login kept in the session, flash messages,
// a users list linked with url_for, an admin page (403 for others) and a page that fails on purpose.
import { Blueprint, abort, flash, g, makeResponse, redirect, renderTemplate, safeRedirect, session, urlFor } from "flagon";

export const site = new Blueprint("site", {
  urlPrefix: "/site",
  // Folders relative to this file, as a Flask blueprint's are relative to its module.
  root: import.meta.url,
  templateFolder: "templates",
  staticFolder: "static",
});

export interface SiteUser {
  id: number;
  name: string;
  email: string;
  admin: boolean;
}

export const SITE_USERS: readonly SiteUser[] = [
  { id: 1, name: "alice", email: "alice@example.com", admin: true },
  { id: 2, name: "bob", email: "bob@example.com", admin: false },
  { id: 3, name: "charlie", email: "charlie@example.com", admin: false },
];

/** A demo: every account's password is "flagon". A real site stores salted hashes. */
const DEMO_PASSWORD = "flagon";

// Runs before every view of this blueprint: who is logged in, for the views and the layout.
site.beforeRequest(function loadUser() {
  g["user"] = session.get<string>("user");
});

site.route("/", function index() {
  return renderTemplate("site/index.html");
});

site.route("/login", { methods: ["GET", "POST"] }, function login(_, request) {
  const next = request.args.get("next", "");
  if (request.method === "GET") return renderTemplate("site/login.html", { next, username: "" });
  const username = request.form.get("username", "").trim();
  const user = SITE_USERS.find((u) => u.name === username);
  if (user === undefined || request.form.get("password", "") !== DEMO_PASSWORD) {
    flash("Wrong username or password.", "error");
    return makeResponse(renderTemplate("site/login.html", { next, username }), 401);
  }
  session.clear();
  session.set("user", user.name);
  flash(`Welcome back, ${user.name}!`, "success");
  // ?next= is followed only to a path on this site.
  return safeRedirect(next, urlFor("site.users"));
});

site.route("/logout", function logout() {
  session.delete("user");
  flash("You are logged out.", "message");
  return redirect(urlFor("site.index"));
});

site.route("/users/", function users() {
  return renderTemplate("site/users.html", { users: SITE_USERS });
});

site.route("/users/<int:user_id>", function user({ user_id }) {
  const user = SITE_USERS.find((u) => u.id === user_id);
  if (user === undefined) abort(404);
  return renderTemplate("site/user.html", { user });
});

// Administrators only: anyone else gets the app's custom 403 page.
site.route("/admin", function admin() {
  const user = SITE_USERS.find((u) => u.name === g["user"]);
  if (user === undefined || !user.admin) abort(403);
  return renderTemplate("site/admin.html");
});

// Fails on purpose: in debug mode the debug page shows the error and the source; otherwise a plain 500.
site.route("/boom", function boom() {
  const order = { id: 7, items: [] as string[] };
  throw new Error(`Order ${order.id} has no items to ship`);
});
