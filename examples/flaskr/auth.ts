// The tutorial's auth blueprint: register, log in, log out, the logged-in user in g.user, loginRequired.
import { Blueprint, type View, flash, g, redirect, renderTemplate, session, urlFor } from "flagon";
import { IntegrityError, getDb } from "./db.js";
import { checkPasswordHash, generatePasswordHash } from "./passwords.js";

export const bp = new Blueprint("auth", { urlPrefix: "/auth" });

bp.route("/register", { methods: ["GET", "POST"] }, function register(_, request) {
  if (request.method === "POST") {
    const username = request.form.require("username");
    const password = request.form.require("password");
    const db = getDb();
    let error: string | null = null;

    if (!username) error = "Username is required.";
    else if (!password) error = "Password is required.";

    if (error === null) {
      try {
        db.insertUser(username, generatePasswordHash(password));
        return redirect(urlFor("auth.login"));
      } catch (e) {
        if (!(e instanceof IntegrityError)) throw e;
        error = `User ${username} is already registered.`;
      }
    }
    flash(error);
  }
  return renderTemplate("auth/register.html");
});

bp.route("/login", { methods: ["GET", "POST"] }, function login(_, request) {
  if (request.method === "POST") {
    const username = request.form.require("username");
    const password = request.form.require("password");
    const user = getDb().userByName(username);
    let error: string | null = null;

    if (user === undefined) error = "Incorrect username.";
    else if (!checkPasswordHash(user.password, password)) error = "Incorrect password.";

    if (user !== undefined && error === null) {
      session.clear();
      session.set("user_id", user.id);
      return redirect(urlFor("index"));
    }
    flash(error ?? "");
  }
  return renderTemplate("auth/login.html");
});

// For every request of the app, not only this blueprint's (Flask's before_app_request).
bp.beforeAppRequest(function loadLoggedInUser() {
  const userId = session.get<number>("user_id");
  g.user = userId === undefined ? null : (getDb().userById(userId) ?? null);
});

bp.route("/logout", function logout() {
  session.clear();
  return redirect(urlFor("index"));
});

/** Sends visitors who are not logged in to the login page. */
export function loginRequired<P>(view: View<P>): View<P> {
  const wrappedView: View<P> = (params, request) => {
    if (g.user === null) return redirect(urlFor("auth.login"));
    return view(params, request);
  };
  // As functools.wraps: the endpoint is named after the view, not after this wrapper.
  return Object.defineProperty(wrappedView, "name", { value: view.name });
}
