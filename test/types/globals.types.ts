// Compile-time tests of `g` typed by augmenting `Globals`, as users declare it. Checked by `tsc --noEmit`.
import { Flagon, g } from "../../src/index.js";

declare module "../../src/index.js" {
  interface Globals {
    signedInUser: { id: number; name: string } | null;
  }
}

const app = new Flagon(import.meta.url);
app.beforeRequest(() => {
  g.signedInUser = { id: 1, name: "ann" };
});
app.route("/me", (_, request) => {
  const user = g.signedInUser;
  const id: number | undefined = user?.id;
  const same: { id: number; name: string } | null = request.g.signedInUser;
  // Keys nobody declared stay unknown, as before.
  const other: unknown = g["anything"];
  return String(id ?? same?.name ?? other);
});
app.beforeRequest(() => {
  // @ts-expect-error a declared key holds its declared type
  g.signedInUser = "ann";
});
