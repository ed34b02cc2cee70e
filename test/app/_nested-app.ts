import { Blueprint, Flagon } from "../../src/index.js";
import type { Scaffold } from "../../src/scaffold.js";

/**
 * An app with a view "home" at `/`, a blueprint "parent" at `/p/` with its own "home", and
 * "parent"'s child "child" at `/p/c/` with another: endpoints `home`, `parent.home` and
 * `parent.child.home`, for checking the order of the app's and blueprints' functions.
 */
export function nestedApp(): { app: Flagon; parent: Blueprint; child: Blueprint } {
  const app = new Flagon();
  const parent = new Blueprint("parent", { urlPrefix: "/p" });
  const child = new Blueprint("child", { urlPrefix: "/c" });
  const scopes: Scaffold[] = [app, parent, child];
  for (const scope of scopes) {
    scope.route("/", function home() {
      return "home";
    });
  }
  parent.registerBlueprint(child);
  app.registerBlueprint(parent);
  return { app, parent, child };
}
