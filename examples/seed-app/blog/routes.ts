// The blog blueprint: a post list and one post per id, with a blueprint-level 404.
import { Blueprint, NotFound, abort, makeResponse, urlFor } from "flagon";

export const blog = new Blueprint("blog", { urlPrefix: "/blog" });

const POSTS = new Map<number, { title: string; body: string }>([
  [1, { title: "Hello flagon", body: "Flask's routing, typed." }],
  [2, { title: "Blueprints", body: "Group routes under a prefix." }],
]);

blog.route("/", function list_posts() {
  const items = [...POSTS].map(([id, post]) => `<li><a href="${urlFor(".show_post", { post_id: id })}">${post.title}</a></li>`);
  return `<h1>Blog</h1>\n<ul>${items.join("")}</ul>`;
});

blog.route("/<int:post_id>", function show_post({ post_id }) {
  const post = POSTS.get(post_id);
  if (post === undefined) abort(404, `There is no blog post ${post_id}.`);
  return `<h1>${post.title}</h1>\n<p>${post.body}</p>`;
});

// This handler answers for the blog's own views only; other 404s get the app's page.
blog.errorHandler(NotFound, (error) => makeResponse(`Blog: ${error.description}`, 404));
