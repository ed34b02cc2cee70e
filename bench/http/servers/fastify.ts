/** The app on Fastify 5: an encapsulated plugin with a prefix and an onRequest hook for the blueprint. */
import Fastify from "fastify";
import { OTHER_BODY, OTHER_RULES, TOKEN, TOKEN_HEADER, colonRule } from "../app-spec.js";

const app = Fastify({ logger: false });

app.get("/", async (_req, reply) => {
  reply.type("text/html; charset=utf-8");
  return "Hello, World!";
});
app.get<{ Params: { user_id: string } }>("/user/:user_id", async (req) => {
  const id = Number(req.params.user_id);
  return { id, name: `user${id}` };
});
app.post("/echo", async (req) => req.body);
for (const rule of OTHER_RULES) {
  app.get(colonRule(rule), async (_req, reply) => {
    reply.type("text/html; charset=utf-8");
    return OTHER_BODY;
  });
}
await app.register(
  async (api) => {
    api.addHook("onRequest", async (req, reply) => {
      if (req.headers[TOKEN_HEADER] !== TOKEN) {
        await reply.code(401).type("text/html; charset=utf-8").send("unauthorized");
      }
    });
    api.get<{ Params: { item_id: string } }>("/items/:item_id", async (req) => ({
      id: Number(req.params.item_id),
      blueprint: "api",
    }));
  },
  { prefix: "/api" },
);

await app.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
const address = app.server.address();
console.log(`LISTENING ${typeof address === "object" && address ? address.port : 0}`);
