/** The ceiling: raw node:http with hand-written dispatch, no framework. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { OTHER_BODY, OTHER_RULES, TOKEN, TOKEN_HEADER, colonRule } from "../app-spec.js";

const others = OTHER_RULES.map((rule) => new RegExp(`^${colonRule(rule).replace(/:\w+/g, "[^/]+")}$`));
const USER = /^\/user\/(\d+)$/;
const ITEM = /^\/api\/items\/(\d+)$/;

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(value));
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(body);
}

function echo(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > 1_000_000) req.destroy();
    else chunks.push(chunk);
  });
  req.on("end", () => {
    try {
      json(res, 200, JSON.parse(Buffer.concat(chunks).toString("utf8")));
    } catch {
      text(res, 400, "bad JSON");
    }
  });
}

const server = createServer((req, res) => {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  if (req.method === "POST") {
    if (path === "/echo") return echo(req, res);
    return text(res, 404, "Not Found");
  }
  if (req.method !== "GET" && req.method !== "HEAD") return text(res, 405, "Method Not Allowed");
  if (path === "/") return text(res, 200, "Hello, World!");
  let m = USER.exec(path);
  if (m) {
    const id = Number(m[1]);
    return json(res, 200, { id, name: `user${id}` });
  }
  if (path.startsWith("/api/")) {
    if (req.headers[TOKEN_HEADER] !== TOKEN) return text(res, 401, "unauthorized");
    m = ITEM.exec(path);
    if (m) return json(res, 200, { id: Number(m[1]), blueprint: "api" });
    return text(res, 404, "Not Found");
  }
  for (const re of others) if (re.test(path)) return text(res, 200, OTHER_BODY);
  text(res, 404, "Not Found");
});

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`LISTENING ${typeof address === "object" && address ? address.port : 0}`);
});
