/**
 * Class-based views, as Flask's `MethodView`: a class whose `get`, `post`, `put`, `patch` and
 * `delete` methods answer those HTTP methods on one rule.
 */
import type { FlagonRequest } from "./http/request.js";
import type { ResponseValue } from "./http/response.js";
import type { View } from "./scaffold.js";

const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;
type Handler = (params: never, request: FlagonRequest) => ResponseValue | Promise<ResponseValue>;

/** A view function made by `asView`: `route()` registers it for the methods its class answers. */
export type ClassView = View<object> & { readonly methods: readonly string[] };

/**
 * Subclass it and write the methods the rule answers; `asView(name)` makes the view to register.
 * A new instance answers each request (Flask's `init_every_request`), so an instance may keep
 * what one request computes. HEAD is answered by `get`, and any other method is a 405 with `Allow`.
 * @example
 * class UserAPI extends MethodView {
 *   get({ id }: { id: number }) { return users.find(id); }
 *   delete({ id }: { id: number }) { users.remove(id); return makeResponse("", 204); }
 * }
 * app.route("/users/<int:id>", UserAPI.asView("user"));
 */
export abstract class MethodView {
  /**
   * The view function for this class, named `name` (its endpoint unless route options give
   * one); `args` go to the constructor of each request's instance.
   */
  static asView<A extends unknown[]>(this: new (...args: A) => MethodView, name: string, ...args: A): ClassView {
    const ViewClass = this;
    const methods = HTTP_METHODS.filter((method) => typeof (ViewClass.prototype as unknown as Record<string, unknown>)[method] === "function");
    if (methods.length === 0) {
      throw new TypeError(`${ViewClass.name}.asView("${name}"): the class has none of the methods ${HTTP_METHODS.join(", ")}`);
    }
    const view = (params: object, request: FlagonRequest) => {
      const instance = new ViewClass(...args) as unknown as Record<string, Handler | undefined>;
      const method = request.method === "HEAD" && instance["head"] === undefined ? "get" : request.method.toLowerCase();
      // The router answers only the methods listed below, so the method exists.
      return instance[method]!.call(instance, params as never, request);
    };
    Object.defineProperty(view, "name", { value: name });
    return Object.assign(view, { methods: methods.map((method) => method.toUpperCase()) });
  }
}
