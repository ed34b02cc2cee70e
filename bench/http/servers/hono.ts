/** The app on Hono 4 with @hono/node-server: a sub-app mounted with app.route and a use() middleware. */
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { OTHER_BODY, OTHER_RULES, TOKEN, TOKEN_HEADER, colonRule } from "../app-spec.js";

const app = new Hono();

app.get("/", (c) => c.html("Hello, World!"));
app.get("/user/:user_id", (c) => {
  const id = Number(c.req.param("user_id"));
  return c.json({ id, name: `user${id}` });
});
app.post("/echo", async (c) => c.json(await c.req.json()));
for (const rule of OTHER_RULES) app.get(colonRule(rule), (c) => c.html(OTHER_BODY));

const api = new Hono();
api.use("*", async (c, next) => {
  if (c.req.header(TOKEN_HEADER) !== TOKEN) return c.html("unauthorized", 401);
  await next();
});
api.get("/items/:item_id", (c) => c.json({ id: Number(c.req.param("item_id")), blueprint: "api" }));
app.route("/api", api);

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1" }, (info) => {
  console.log(`LISTENING ${info.port}`);
});
