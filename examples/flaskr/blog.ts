// The tutorial's blog blueprint: the index of posts, and create, update and delete for their authors.
import { Blueprint, abort, flash, g, redirect, renderTemplate, urlFor } from "flagon";
import { type PostRow, type User, getDb } from "./db.js";
import { loginRequired } from "./auth.js";

export const bp = new Blueprint("blog");

bp.route("/", function index() {
  return renderTemplate("blog/index.html", { posts: getDb().posts() });
});

bp.route("/create", { methods: ["GET", "POST"] }, loginRequired(function create(_, request) {
  if (request.method === "POST") {
    const title = request.form.require("title");
    const body = request.form.require("body");
    let error: string | null = null;

    if (!title) error = "Title is required.";

    if (error !== null) {
      flash(error);
    } else {
      getDb().insertPost(title, body, (g.user as User).id);
      return redirect(urlFor("index"));
    }
  }
  return renderTemplate("blog/create.html");
}));

/** The post `id`; 404 if there is none, 403 if `checkAuthor` and the user did not write it. */
function getPost(id: number, checkAuthor = true): PostRow {
  const post = getDb().post(id);
  if (post === undefined) abort(404, `Post id ${id} doesn't exist.`);
  if (checkAuthor && post.author_id !== (g.user as User).id) abort(403);
  return post;
}

bp.route("/<int:id>/update", { methods: ["GET", "POST"] }, loginRequired(function update({ id }, request) {
  const post = getPost(id);

  if (request.method === "POST") {
    const title = request.form.require("title");
    const body = request.form.require("body");
    let error: string | null = null;

    if (!title) error = "Title is required.";

    if (error !== null) {
      flash(error);
    } else {
      getDb().updatePost(id, { title, body });
      return redirect(urlFor("index"));
    }
  }
  return renderTemplate("blog/update.html", { post });
}));

// `delete` is a reserved word in JavaScript, so the endpoint is named here.
bp.route("/<int:id>/delete", { methods: ["POST"], endpoint: "delete" }, loginRequired(function deletePost({ id }) {
  getPost(id);
  getDb().deletePost(id);
  return redirect(urlFor("index"));
}));
