/** The app on Express 5: a Router mounted at a prefix with its own middleware for the blueprint. */
import express from "express";
import { OTHER_BODY, OTHER_RULES, TOKEN, TOKEN_HEADER, colonRule } from "../app-spec.js";

const app = express();

app.get("/", (_req, res) => {
  res.send("Hello, World!");
});
app.get("/user/:user_id", (req, res) => {
  const id = Number(req.params.user_id);
  res.json({ id, name: `user${id}` });
});
app.post("/echo", express.json(), (req, res) => {
  res.json(req.body);
});
for (const rule of OTHER_RULES) {
  app.get(colonRule(rule), (_req, res) => {
    res.send(OTHER_BODY);
  });
}
const api = express.Router();
api.use((req, res, next) => {
  if (req.get(TOKEN_HEADER) !== TOKEN) res.status(401).send("unauthorized");
  else next();
});
api.get("/items/:item_id", (req, res) => {
  res.json({ id: Number(req.params.item_id), blueprint: "api" });
});
app.use("/api", api);

const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`LISTENING ${typeof address === "object" && address ? address.port : 0}`);
});
