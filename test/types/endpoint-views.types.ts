// Compile-time tests of addUrlRule's view option and endpoint(): params are typed from the rule
// where the compiler knows it (a rule string, a route handle) and `unknown` where it does not (a
// name). Checked by `tsc --noEmit`; each `@ts-expect-error` line must fail to compile.
import { Blueprint, Flagon, type View } from "../../src/index.js";

const app = new Flagon(import.meta.url);
/** A decorator-like wrapper, as Flask's `login_required`. */
function wrap<P>(view: View<P>): View<P> {
  return (params, request) => view(params, request);
}

app.addUrlRule("/a/<int:id>", { endpoint: "a", view: ({ id }) => String(id + 1) });
app.addUrlRule("/b/<int:id>", { endpoint: "b", methods: ["POST"], view: ({ id }) => String(id + 1) });
// A generic wrapper infers its params from route() or endpoint(handle, ...); here it is given them.
app.addUrlRule("/w/<int:id>", { endpoint: "w", view: wrap<{ id: number }>(({ id }) => String(id + 1)) });
app.addUrlRule("/c/", { endpoint: "c", defaults: { page: 1 }, view: ({ page }) => String(page + 1) });
// @ts-expect-error an int value is a number, not a string
app.addUrlRule("/d/<int:id>", { endpoint: "d", view: ({ id }) => id.toUpperCase() });
// @ts-expect-error a misspelt option
app.addUrlRule("/e", { endpiont: "e", view: () => "e" });
// @ts-expect-error a rule without a view needs its endpoint
app.addUrlRule("/f", { methods: ["GET"] });
// @ts-expect-error a rule without a view takes no redirectTo (it would never be matched)
app.addUrlRule("/g", { endpoint: "g", redirectTo: "/" });

const post = app.addUrlRule("/post/<int:post_id>", { endpoint: "show_post" });
app.endpoint(post, ({ post_id }) => String(post_id + 1));
app.endpoint(post, wrap(({ post_id }) => String(post_id + 1)));
// @ts-expect-error the handle's rule has no `slug`
app.endpoint(post, ({ slug }) => String(slug));
// @ts-expect-error an int value is a number, not a string
app.endpoint(post, ({ post_id }: { post_id: string }) => post_id);

// By name the rule is unknown to the compiler: values are `unknown` until narrowed.
app.endpoint("index", () => "Hello");
app.endpoint("show", ({ id }) => String(id));
// @ts-expect-error a value of an endpoint named by a string is unknown
app.endpoint("show", ({ id }) => String(id + 1));
// @ts-expect-error a view annotated with params the compiler cannot check against a rule
app.endpoint("show", ({ id }: { id: number }) => String(id));

const users = new Blueprint("users", { urlPrefix: "/<lang>/users" });
const show = users.addUrlRule("/<int:id>", { endpoint: "show" });
users.endpoint(show, ({ lang, id }) => `${lang.toUpperCase()} ${id + 1}`);
users.addUrlRule("/me", { endpoint: "me", view: ({ lang }) => lang.toUpperCase() });
