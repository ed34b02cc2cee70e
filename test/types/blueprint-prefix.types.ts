// Compile-time tests of a blueprint's urlPrefix in its views' params and its route handles.
// Each `@ts-expect-error` line must fail to compile; if it compiles, tsc reports the unused directive.
import { Blueprint, Flagon, urlFor, type RouteHandle, type Scaffold, type UrlValuesFor } from "../../src/index.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | undefined {
  return undefined;
}

const app = new Flagon();

// The prefix's variables are part of every view's params.
const frontend = new Blueprint("frontend", { urlPrefix: "/<lang_code>" });
const show = frontend.route("/post/<int:id>", ({ lang_code, id }) => {
  const lang: string = lang_code;
  const n: number = id;
  return `${lang} ${n}`;
});
frontend.get("/", ({ lang_code }) => lang_code.toUpperCase());
frontend.post("/p/<slug>", { defaults: { page: 1 } }, ({ lang_code, slug, page }) => `${lang_code}${slug}${page + 1}`);
// @ts-expect-error the prefix's variable is a string
frontend.route("/n", ({ lang_code }) => lang_code.toFixed());
// @ts-expect-error a view still cannot read a variable neither the prefix nor the rule has
frontend.route("/m", ({ missing }) => String(missing));

// The handle's rule is the blueprint's rule, prefix included; its URL needs the prefix's values.
expectType<Equal<typeof show, RouteHandle<"/<lang_code>/post/<int:id>">>>();
urlFor(show, { lang_code: "en", id: 1 });
app.urlFor(show, { lang_code: "en", id: 1, page: 2 });
// @ts-expect-error lang_code is required: the compiler cannot see what a urlDefaults function will add
urlFor(show, { id: 1 });
// @ts-expect-error lang_code is required by app.urlFor too
app.urlFor(show, { id: 1 });
// By endpoint name, values stay unchecked: the way to lean on urlDefaults.
urlFor("frontend.show", { id: 1 });
urlFor(".show", { id: 1 });

// Converters in the prefix are typed as in a rule.
const api = new Blueprint("api", { urlPrefix: "/v<int:version>/" });
const items = api.get("/items/<any(new, old):kind>", ({ version, kind }) => `${version + 1} ${kind}`);
expectType<Equal<typeof items, RouteHandle<"/v<int:version>/items/<any(new, old):kind>">>>();
// @ts-expect-error version is a number
urlFor(items, { version: "1", kind: "new" });
const root = api.route("", ({ version }) => String(version));
expectType<Equal<typeof root, RouteHandle<"/v<int:version>/">>>();

// Helpers written with the exported types keep the prefix's values.
function linkTo<R extends string>(handle: RouteHandle<R>, ...values: UrlValuesFor<R>): string {
  return urlFor(handle, ...values);
}
linkTo(show, { lang_code: "de", id: 2 });
// @ts-expect-error a helper checks the prefix's values too
linkTo(show, { id: 2 });

// Without a prefix, or with one without variables, nothing changes.
const plain = new Blueprint("plain", { staticFolder: "static" });
const plainShow = plain.route("/<int:n>", ({ n }) => String(n));
expectType<Equal<typeof plainShow, RouteHandle<"/<int:n>">>>();
const users = new Blueprint("users", { urlPrefix: "/users" });
const user = users.route("/<int:user_id>", ({ user_id }) => String(user_id));
urlFor(user, { user_id: 1 });
// @ts-expect-error a blueprint without prefix variables gives its views none
plain.route("/x", ({ lang_code }) => String(lang_code));

// A prefix known only as a `string` adds nothing the compiler can read; the rule's own values are still checked.
declare const configuredPrefix: string;
const dynamic = new Blueprint("dynamic", { urlPrefix: configuredPrefix });
const dynamicShow = dynamic.route("/<int:n>", ({ n }) => String(n + 1));
urlFor(dynamicShow, { n: 1 });
// @ts-expect-error n is a number
urlFor(dynamicShow, { n: "1" });

// Blueprints with and without prefixes register and nest alike.
app.registerBlueprint(frontend);
app.registerBlueprint(api, { urlPrefix: "/api/v<int:version>" });
users.registerBlueprint(plain);
app.registerBlueprint(users);
const all: Blueprint[] = [frontend, api, plain, users, dynamic];
void all;

// An app and its blueprints set up in one loop: typed as `Scaffold`, what they share. Without
// the annotation `[app, bp]` is a union whose overloaded `route` methods TypeScript cannot call.
const shared = new Blueprint("shared", { urlPrefix: "/shared" });
const setups: Scaffold[] = [app, shared];
for (const target of setups) {
  target.route("/health/<int:depth>", ({ depth }) => {
    const n: number = depth;
    return `ok ${n}`;
  });
  target.errorHandler(404, () => "nothing here");
  // @ts-expect-error a variable the rule does not declare is still an error
  target.route("/ready", ({ depth }) => String(depth));
}
