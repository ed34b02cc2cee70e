/** The app on Koa 3 with @koa/router: a prefixed router with its own middleware for the blueprint. */
import Router from "@koa/router";
import Koa from "koa";
import type { IncomingMessage } from "node:http";
import { OTHER_BODY, OTHER_RULES, TOKEN, TOKEN_HEADER, colonRule } from "../app-spec.js";

/** Koa has no body parser of its own; this is the few lines an app would write instead of adding one. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1_000_000) throw new Error("body too large");
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

const app = new Koa();
const router = new Router();

router.get("/", (ctx) => {
  ctx.type = "text/html; charset=utf-8";
  ctx.body = "Hello, World!";
});
router.get("/user/:user_id", (ctx) => {
  const id = Number(ctx.params.user_id);
  ctx.body = { id, name: `user${id}` };
});
router.post("/echo", async (ctx) => {
  ctx.body = await readJson(ctx.req);
});
for (const rule of OTHER_RULES) {
  router.get(colonRule(rule), (ctx) => {
    ctx.type = "text/html; charset=utf-8";
    ctx.body = OTHER_BODY;
  });
}

const api = new Router({ prefix: "/api" });
api.use(async (ctx, next) => {
  if (ctx.get(TOKEN_HEADER) !== TOKEN) {
    ctx.status = 401;
    ctx.type = "text/html; charset=utf-8";
    ctx.body = "unauthorized";
    return;
  }
  await next();
});
api.get("/items/:item_id", (ctx) => {
  ctx.body = { id: Number(ctx.params.item_id), blueprint: "api" };
});

app.use(router.routes());
app.use(api.routes());

const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`LISTENING ${typeof address === "object" && address ? address.port : 0}`);
});
