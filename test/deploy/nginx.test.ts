// Two flagon processes behind Debian's nginx (round-robin) on loopback: sessions hold whichever answers, and
// built URLs carry the proxy's scheme and host. nginx runs from a generated config in a temp dir, in the foreground.
import { test } from "node:test";
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type ServerProcess, startServer } from "./_smoke.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const NGINX = "/usr/sbin/nginx";
const HAS_OPENSSL = hasCommand("openssl");

function hasCommand(name: string): boolean {
  try {
    execFileSync(name, ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

/** The config docs/deploy.md shows, with ports and paths filled in. */
function nginxConfig(dir: string, backends: readonly string[], httpPort: number, httpsPort: number | undefined): string {
  const proxy = `
      location / {
        proxy_pass http://flagon;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Forwarded-Host $http_host;
        # Every trusted header is set (or cleared) here, so a client cannot send its own.
        proxy_set_header X-Forwarded-Prefix "";
      }
      location /shop/ {
        proxy_pass http://flagon/;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Forwarded-Host $http_host;
        proxy_set_header X-Forwarded-Prefix /shop;
      }`;
  return `
worker_processes 1;
master_process off;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream flagon {
${backends.map((url) => `    server ${url.replace("http://", "")};`).join("\n")}
  }
  server {
    listen 127.0.0.1:${httpPort};${proxy}
  }
${httpsPort === undefined ? "" : `  server {
    listen 127.0.0.1:${httpsPort} ssl;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;${proxy}
  }`}
}
`;
}

/** Starts nginx in the foreground; resolves once it has written its pid file, which it does after binding its ports. */
async function startNginx(dir: string): Promise<ChildProcess> {
  const pidFile = join(dir, "nginx.pid");
  const watcher = watch(dir);
  const written = new Promise<void>((resolve) => {
    watcher.on("change", (_, name) => {
      if (name === "nginx.pid" && existsSync(pidFile)) resolve();
    });
  });
  const nginx = spawn(NGINX, ["-p", dir, "-c", join(dir, "nginx.conf"), "-g", `daemon off; pid ${pidFile}; error_log stderr;`], { stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  nginx.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const exited = once(nginx, "exit").then(([code]) => {
    throw new Error(`nginx exited (${String(code)}) before serving:\n${errors}`);
  });
  try {
    await Promise.race([written, exited]);
  } finally {
    watcher.close();
  }
  return nginx;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request to nginx (https with the test's own certificate as the only CA), one connection per request. */
function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; ca?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const options = { method: init.method ?? "GET", headers: init.headers ?? {}, agent: false as const, ...(init.ca === undefined ? {} : { ca: init.ca, servername: "localhost" }) };
    const request = target.protocol === "https:" ? httpsRequest(target, { ...options, checkServerIdentity: () => undefined }) : httpRequest(target, options);
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end(init.body);
  });
}

test("two flagon processes behind nginx share sessions and build URLs with the proxy's scheme and host", {
  timeout: 90_000,
  skip: existsSync(NGINX) ? false : `${NGINX} is missing: install Debian's nginx (apt-get install nginx) to run this test`,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "flagon-nginx-"));
  const backends: ServerProcess[] = [];
  let nginx: ChildProcess | undefined;
  try {
    const env = { ...process.env, SECRET_KEY: "shared by every instance" };
    for (const instance of ["a", "b"]) {
      backends.push(await startServer(process.execPath, ["--import", "tsx", "test/deploy/fixtures/proxied-app.ts"], { cwd: ROOT, env: { ...env, INSTANCE: instance } }));
    }
    let ca: string | undefined;
    let httpsPort: number | undefined;
    if (HAS_OPENSSL) {
      execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
      ca = readFileSync(join(dir, "cert.pem"), "utf8");
      httpsPort = await freePort();
    }
    const httpPort = await freePort();
    writeFileSync(join(dir, "nginx.conf"), nginxConfig(dir, backends.map((b) => b.url), httpPort, httpsPort));
    nginx = await startNginx(dir);

    const fronts = [{ base: `http://127.0.0.1:${httpPort}`, ca: undefined as string | undefined }];
    if (httpsPort !== undefined) fronts.push({ base: `https://127.0.0.1:${httpsPort}`, ca });
    else t.diagnostic("openssl is missing: the https listener was not tested");

    for (const { base, ca: trusted } of fronts) {
      const ssl = trusted === undefined ? {} : { ca: trusted };
      const login = await send(`${base}/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "6.6.6.6" },
        body: "username=ann",
        ...ssl,
      });
      assert.equal(login.status, 302);
      const setCookie = login.headers["set-cookie"]?.[0] ?? "";
      const cookie = setCookie.split(";")[0] ?? "";
      assert.match(cookie, /^session=/);

      const answeredBy = new Set<string>();
      for (let i = 0; i < 6; i += 1) {
        const me = await send(`${base}/me`, { headers: { cookie, "x-forwarded-for": "6.6.6.6", "x-forwarded-host": "evil.example", "x-forwarded-prefix": "/evil" }, ...ssl });
        assert.equal(me.status, 200);
        const seen = JSON.parse(me.body) as { instance: string; user: string | null; remoteAddr: string; external: string };
        answeredBy.add(seen.instance);
        assert.equal(seen.user, "ann", `instance ${seen.instance} honours the session signed by another`);
        assert.equal(seen.external, `${base}/me`, "the external URL has nginx's scheme and host, not the backend's");
        assert.equal(seen.remoteAddr, "127.0.0.1", "the client's own X-Forwarded-For is not trusted; nginx's hop is");
        assert.equal(me.headers["x-instance"], seen.instance);
      }
      assert.deepEqual([...answeredBy].sort(), ["a", "b"], "round-robin reached both instances");

      // Mounted under /shop/ by nginx: the app routes /me, and builds URLs under the prefix.
      const shop = await send(`${base}/shop/me`, { headers: { cookie }, ...ssl });
      assert.equal(shop.status, 200);
      assert.deepEqual(JSON.parse(shop.body), { instance: shop.headers["x-instance"], user: "ann", remoteAddr: "127.0.0.1", external: `${base}/shop/me` });
    }
  } finally {
    if (nginx !== undefined && nginx.exitCode === null) {
      const exited = once(nginx, "exit");
      nginx.kill("SIGQUIT");
      await exited;
    }
    await Promise.all(backends.map((backend) => backend.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
});
