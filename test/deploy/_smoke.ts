// The smoke test every runtime passes over HTTP, and a helper that starts a server process and waits for its URL.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

/** The seed app's JSON API, a signed-cookie session and an async view, checked over real HTTP at `base`. */
export async function smokeTest(base: string, runtime: string): Promise<void> {
  const users = await fetch(`${base}/api/users`);
  assert.equal(users.status, 200);
  assert.match(users.headers.get("content-type") ?? "", /^application\/json/);
  assert.deepEqual(((await users.json()) as { name: string }[]).map((user) => user.name), ["Alice", "Bob"]);

  const bob = await fetch(`${base}/api/users/2`);
  assert.deepEqual(await bob.json(), { id: 2, name: "Bob", email: "bob@example.com" });

  const missing = await fetch(`${base}/api/users/9`);
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: "No user 9" });

  const created = await fetch(`${base}/api/user`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Cy", email: "cy@example.com" }) });
  assert.equal(created.status, 201);
  assert.deepEqual(await created.json(), { message: "Created user Cy", email: "cy@example.com" });

  const malformed = await fetch(`${base}/api/user`, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
  assert.equal(malformed.status, 400);

  const notAllowed = await fetch(`${base}/api/users`, { method: "DELETE" });
  assert.equal(notAllowed.status, 405);
  assert.match(notAllowed.headers.get("allow") ?? "", /GET/);

  const first = await fetch(`${base}/counter`);
  assert.deepEqual(await first.json(), { count: 1 });
  const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  assert.match(cookie, /^session=/);
  const second = await fetch(`${base}/counter`, { headers: { cookie } });
  assert.deepEqual(await second.json(), { count: 2 }, "the session cookie signed by this runtime verifies on the next request");

  const asyncView = await fetch(`${base}/async/a%20b`);
  assert.deepEqual(await asyncView.json(), { path: "/async/a b", runtime });

  const template = await fetch(`${base}/template`);
  const expected = runtime === "workerd" ? { error: "FLAGON_NODE_ONLY" } : { rendered: "Hi &lt;b&gt;" };
  assert.deepEqual(await template.json(), expected, "templates render where files can be read, and say why not elsewhere");

  const staticFile = await fetch(`${base}/static/missing.txt`);
  await staticFile.arrayBuffer();
  assert.equal(staticFile.status, 404, "a missing static file is a 404 on every runtime, not a crash");
}

/** A server process started by `startServer`. */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** Spawns `command`, resolves with the URL it prints as `listening on <url>`; rejects if it exits first. */
export async function startServer(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<ServerProcess> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(output);
      if (found?.[1] !== undefined) resolve(found[1]);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code, signal) => reject(new Error(`${command} ${args.join(" ")} exited (${signal ?? code}) before listening:\n${output}`)));
  });
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
