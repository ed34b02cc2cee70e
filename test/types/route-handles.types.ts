// Compile-time tests of typed route handles and urlFor, checked by `tsc --noEmit`.
// Each `@ts-expect-error` line must fail to compile; if it compiles, tsc reports the unused directive.
import { Flagon, urlFor, type RouteHandle, type RuleParams, type UrlForValues, type UrlValuesFor, type View } from "../../src/index.js";

const app = new Flagon(import.meta.url);

const showPost = app.route("/post/<int:post_id>", ({ post_id }) => {
  const n: number = post_id;
  return `Post number ${n}`;
});
const profile = app.route("/user/<username>", ({ username }) => {
  const s: string = username;
  return `Profile page for: ${s}`;
});
const page = app.route("/<any(about, help):page>", ({ page }) => {
  const p: "about" | "help" = page;
  return p;
});
const index = app.route("/", function index() {
  return "Hello, World!";
});
const login = app.route("/login", { methods: ["GET", "POST"] }, () => "login");

// Handlers see typed params.
app.route("/c/<int:a>-<int:b>", ({ a, b }) => String(a + b));
// @ts-expect-error an int param cannot be used as a string
app.route("/n/<int:n>", ({ n }) => n.toUpperCase());
// @ts-expect-error a handler cannot read a param the rule does not have
app.route("/n/<int:n>", ({ missing }) => String(missing));

// urlFor with the right values compiles.
urlFor(showPost, { post_id: 42 });
urlFor(showPost, { post_id: 42, page: 2 });
urlFor(profile, { username: "joe" });
urlFor(page, { page: "help" });
urlFor(index);
urlFor(login, { next: "/" });
app.urlFor(showPost, { post_id: 7 });
urlFor("show_post", { post_id: 7 });

// @ts-expect-error post_id is required
urlFor(showPost, {});
// @ts-expect-error post_id is required
urlFor(showPost);
// @ts-expect-error post_id must be a number
urlFor(showPost, { post_id: "42" });
// @ts-expect-error username must be a string
urlFor(profile, { username: 42 });
// @ts-expect-error "contact" is not one of the any() choices
urlFor(page, { page: "contact" });
// @ts-expect-error post_id must be a number here too
app.urlFor(showPost, { post_id: "7" });

// A rule known only as a `string` cannot be read at compile time: its params are loose, not missing.
declare const dynamicRule: string;
const dynamic = app.route(dynamicRule, ({ id }) => String(id));
app.get(dynamicRule, (params) => Object.keys(params).join());
urlFor(dynamic);
urlFor(dynamic, { id: 1, _anchor: "top" });
app.urlFor(dynamic);
// @ts-expect-error the `_` options keep their types
urlFor(dynamic, { _external: "yes" });

// As Flask, a rule's defaults reach its view: one view serves /users/ and /users/page/<int:page>.
function show_users({ page }: { page: number }) {
  return `Page ${page}`;
}
app.route("/users/", { defaults: { page: 1 } }, show_users);
app.route("/users/page/<int:page>", show_users);
app.get("/all/", { defaults: { page: 1, sort: "name" } }, ({ page, sort }) => `${page + 1} ${sort.toUpperCase()}`);
// @ts-expect-error a view cannot ask for a value that neither the rule nor its defaults give
app.route("/none/", { methods: ["GET"] }, ({ page }: { page: number }) => String(page));
// @ts-expect-error a default's type is what the view sees
app.route("/typed/", { defaults: { page: 1 } }, ({ page }: { page: string }) => page);

// Helpers written with the exported types.
function linkTo<R extends string>(handle: RouteHandle<R>, ...values: UrlValuesFor<R>): string {
  return `<a href="${urlFor(handle, ...values)}">${app.urlFor(handle, ...values)}</a>`;
}
linkTo(showPost, { post_id: 1 });
linkTo(index);
// @ts-expect-error a helper keeps the rule's checks
linkTo(showPost, { post_id: "1" });
function endpointOf(handle: RouteHandle): string {
  return handle.endpoint;
}
endpointOf(showPost);
const showComment: View<RuleParams<"/post/<int:post_id>/comment/<int:comment_id>">> = ({ post_id, comment_id }) => `${post_id}/${comment_id}`;
app.route("/post/<int:post_id>/comment/<int:comment_id>", showComment);
// @ts-expect-error a view typed for one rule does not fit a rule without its values
app.route("/post/<int:post_id>", showComment);
function anyTarget<T extends RouteHandle | string>(target: T, ...values: UrlForValues<T>): string {
  return urlFor(target, ...values);
}
anyTarget("show_post", { post_id: 1 });
// @ts-expect-error the values of a handle are still checked
anyTarget(showPost, {});
