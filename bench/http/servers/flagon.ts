/** The app on flagon: a Blueprint with a urlPrefix and a beforeRequest hook. */
import { Blueprint, Flagon, makeResponse, request } from "../../../src/index.js";
import { OTHER_BODY, OTHER_RULES, TOKEN, TOKEN_HEADER } from "../app-spec.js";

const app = new Flagon(import.meta.url, { staticFolder: null });

app.route("/", function home() {
  return "Hello, World!";
});
app.route("/user/<int:user_id>", function user({ user_id }) {
  return { id: user_id, name: `user${user_id}` };
});
app.post("/echo", function echo(_params, req) {
  return req.json as Record<string, unknown>;
});
OTHER_RULES.forEach((rule, i) => {
  app.route(rule, { endpoint: `other${i}` }, () => OTHER_BODY);
});

const api = new Blueprint("api", { urlPrefix: "/api" });
api.beforeRequest(() => (request.headers.get(TOKEN_HEADER) === TOKEN ? undefined : makeResponse("unauthorized", 401)));
api.route("/items/<int:item_id>", function item({ item_id }) {
  return { id: item_id, blueprint: "api" };
});
app.registerBlueprint(api);

const server = await app.listen({ port: Number(process.env.PORT ?? 0) });
console.log(`LISTENING ${server.port}`);
