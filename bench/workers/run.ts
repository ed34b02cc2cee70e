/**
 * req/s of `flagon run --workers N` (N = 1, 2) under wrk, on this machine's
 * cores. Rounds alternate 1 and 2 workers so drift in the machine's load
 * hits both alike. `npx tsx bench/workers/run.ts [--seconds S] [--rounds R] [--pin]`
 * wrk runs one thread with 64 connections. Without --pin every process
 * floats over the cores; --pin keeps wrk on the last CPU (the workers still
 * float, so with 2 workers on 2 cores they share that CPU with wrk).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { availableParallelism, loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const seconds = option("seconds", 10);
const rounds = option("rounds", 3);
const pin = args.includes("--pin");
const CONNECTIONS = 64;

async function startFlagon(workers: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["bin/flagon.js", "run", "--app", "bench/workers/app.ts", "--port", "0", "--workers", String(workers)], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let seen = 0;
  let text = "";
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.stderr.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const lines = text.split("\n");
      text = lines.pop() ?? "";
      for (const line of lines) {
        const found = / \* Running on (http:\/\/\S+) \(worker \d+\)/.exec(line);
        if (found?.[1] !== undefined && ++seen === workers) resolveUrl(found[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`flagon exited ${String(code)}`)));
  });
  return { child, url };
}

async function wrk(url: string, duration = seconds): Promise<{ rps: number; p99: string }> {
  const command = ["wrk", "-t1", `-c${CONNECTIONS}`, `-d${duration}s`, "--latency", `${url}/json`];
  const [file, ...rest] = pin ? ["taskset", "-c", String(availableParallelism() - 1), ...command] : command;
  const { stdout } = await promisify(execFile)(file as string, rest);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const p99 = /99%\s+(\S+)/.exec(stdout)?.[1] ?? "?";
  return { rps, p99 };
}

const results: Record<number, number[]> = { 1: [], 2: [] };
for (let round = 0; round < rounds; round += 1) {
  for (const workers of [1, 2]) {
    const { child, url } = await startFlagon(workers);
    await wrk(url, 2); // warm-up: JIT and connection set-up
    const { rps, p99 } = await wrk(url);
    results[workers]?.push(rps);
    console.log(`round ${round + 1}, ${workers} worker(s): ${rps.toFixed(0)} req/s, p99 ${p99}, load average ${loadavg()[0]?.toFixed(2)}`);
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  }
}
const median = (values: number[]): number => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
console.log(`median: 1 worker ${median(results[1] ?? []).toFixed(0)} req/s, 2 workers ${median(results[2] ?? []).toFixed(0)} req/s`);
