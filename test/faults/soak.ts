/**
 * The soak test: thousands of keep-alive connections on loopback sending a
 * mix of good and bad requests for a fixed time against a server in a child
 * process, whose RSS is sampled every second.
 *
 *   npm run soak                      (20 s, 2000 connections)
 *   SOAK_SECONDS=30 SOAK_CONNECTIONS=4000 npm run soak
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

/** What one soak run measured. */
export interface SoakResult {
  seconds: number;
  connections: number;
  good: { sent: number; completed: number; non2xx: number; errors: number; timeouts: number };
  bad: { sent: number; completed: number; statuses: Record<string, number>; errors: number; timeouts: number };
  server: { ok: number; clientError: number; serverError: number };
  /** Resident set size of the server, in MB, once per second (the first sample is before load). */
  rssMb: number[];
}

const fixture = fileURLToPath(new URL("./fixtures/soak-server.ts", import.meta.url));

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

/** Runs the soak for `seconds` with `connections` in all (three quarters good, one quarter bad). */
export async function runSoak(seconds: number, connections: number): Promise<SoakResult> {
  const child = spawn(process.execPath, ["--import", "tsx", fixture], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (text: string) => (out += text));
  const port = await new Promise<number>((resolve, reject) => {
    const check = (): void => {
      const match = /listening (\d+)/.exec(out);
      if (match !== null) {
        child.stdout.off("data", check);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on("data", check);
    child.once("exit", (code) => reject(new Error(`soak server exited (${code})`)));
  });
  const pid = child.pid as number;
  const rssMb = [rssOf(pid)];
  const sampler = setInterval(() => rssMb.push(rssOf(pid)), 1000);
  const goodConnections = Math.max(1, Math.round(connections * 0.75));
  const badConnections = Math.max(1, connections - goodConnections);
  const url = `http://127.0.0.1:${port}`;
  const good = autocannon({
    url, connections: goodConnections, duration: seconds, timeout: 30,
    requests: [
      { method: "GET", path: "/" },
      { method: "GET", path: "/user/42?page=3" },
      { method: "POST", path: "/json", headers: { "content-type": "application/json" }, body: JSON.stringify({ a: [1, 2, { b: "c" }] }) },
    ],
  });
  const bad = autocannon({
    url, connections: badConnections, duration: seconds, timeout: 30,
    requests: [
      { method: "GET", path: "/nope" },
      { method: "DELETE", path: "/" },
      { method: "GET", path: "/user/not-a-number" },
      { method: "POST", path: "/json", headers: { "content-type": "application/json" }, body: "{not json" },
      { method: "POST", path: "/json", headers: { "content-type": "application/json" }, body: '{"__proto__":{"x":1}}' },
      { method: "POST", path: "/json", headers: { "content-type": "application/json" }, body: "[".repeat(100) + "]".repeat(100) },
      { method: "POST", path: "/json", headers: { "content-type": "text/plain" }, body: "{}" },
      { method: "GET", path: `/${"a".repeat(3000)}` },
      { method: "GET", path: `/user/1?${Array.from({ length: 150 }, (_, i) => `p${i}`).join("&")}` },
      { method: "GET", path: "/user/%zz" },
    ],
  });
  const [goodResult, badResult] = await Promise.all([good, bad]);
  clearInterval(sampler);
  rssMb.push(rssOf(pid));
  child.stdin.write("stats\n");
  const server = await new Promise<SoakResult["server"]>((resolve) => {
    const check = (): void => {
      const match = /stats (\{.*\})/.exec(out);
      if (match !== null) resolve(JSON.parse(match[1] as string) as SoakResult["server"]);
    };
    child.stdout.on("data", check);
    check();
  });
  child.kill("SIGTERM");
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(badResult.statusCodeStats)) statuses[code] = (stat as { count: number }).count;
  return {
    seconds,
    connections,
    good: {
      sent: goodResult.requests.sent, completed: goodResult.requests.total, non2xx: goodResult.non2xx, errors: goodResult.errors, timeouts: goodResult.timeouts,
    },
    bad: { sent: badResult.requests.sent, completed: badResult.requests.total, statuses, errors: badResult.errors, timeouts: badResult.timeouts },
    server,
    rssMb,
  };
}

/** What went wrong in a soak run (empty when it passed). */
export function soakProblems(result: SoakResult): string[] {
  const problems: string[] = [];
  if (result.good.non2xx > 0) problems.push(`${result.good.non2xx} good requests got a non-2xx answer`);
  if (result.good.errors + result.good.timeouts > 0) problems.push(`${result.good.errors} errors, ${result.good.timeouts} timeouts on good requests`);
  if (result.bad.errors + result.bad.timeouts > 0) problems.push(`${result.bad.errors} errors, ${result.bad.timeouts} timeouts on bad requests`);
  if (result.server.serverError > 0) problems.push(`${result.server.serverError} responses were 5xx`);
  const wrong = Object.keys(result.bad.statuses).filter((code) => !code.startsWith("4"));
  if (wrong.length > 0) problems.push(`bad requests answered ${wrong.join(", ")}`);
  // Every answered request was handled; a request still in flight when the clients stopped may
  // not be (at most one per connection, as nothing is pipelined).
  const handled = result.server.ok + result.server.clientError + result.server.serverError;
  const sent = result.good.sent + result.bad.sent;
  const completed = result.good.completed + result.bad.completed;
  if (handled < completed) problems.push(`${completed} responses received but only ${handled} handled by the server`);
  if (handled > sent) problems.push(`${handled} requests handled but only ${sent} sent`);
  if (sent - handled > result.connections) problems.push(`${sent - handled} requests sent were never handled (more than one per connection)`);
  return problems;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const seconds = Number(process.env["SOAK_SECONDS"] ?? 20);
  const connections = Number(process.env["SOAK_CONNECTIONS"] ?? 2000);
  const result = await runSoak(seconds, connections);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const failed = soakProblems(result).length > 0;
  for (const problem of soakProblems(result)) process.stderr.write(`soak: ${problem}\n`);
  process.exitCode = failed ? 1 : 0;
}
