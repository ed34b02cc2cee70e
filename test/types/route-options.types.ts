// Compile-time tests of route options: views made by a generic wrapper keep their params, defaults
// join the params, and a misspelt option is refused. Checked by `tsc --noEmit`.
import { Flagon, type View } from "../../src/index.js";

const app = new Flagon(import.meta.url);
/** A decorator-like wrapper, as Flask's `login_required`. */
function wrap<P>(view: View<P>): View<P> {
  return (params, request) => view(params, request);
}

app.route("/a/<int:id>", { methods: ["GET", "POST"] }, wrap(function a({ id }) {
  const n: number = id;
  return String(n);
}));
app.route("/b/<int:id>", wrap(function b({ id }) {
  const n: number = id;
  return String(n);
}));
app.post("/f/<int:id>", { endpoint: "f" }, wrap(function f({ id }) {
  const n: number = id;
  return String(n);
}));
app.route("/c/<int:id>", { defaults: { page: 1 } }, function c({ id, page }) {
  const n: number = id + page;
  return String(n);
});
app.get("/h/", { defaults: { page: 1 } }, function h({ page }) {
  const n: number = page;
  return String(n);
});
// @ts-expect-error a default the options never give
app.route("/d/<int:id>", { methods: ["GET"] }, function d({ id, page }: { id: number; page: number }) {
  return String(id + page);
});
// @ts-expect-error a misspelt option
app.route("/e", { methods: ["GET"], endpiont: "x" }, function e() {
  return "e";
});
// @ts-expect-error get takes no methods
app.get("/g", { methods: ["POST"] }, function g() {
  return "g";
});
