/**
 * The end-to-end suite: the same small app on every framework, each server
 * pinned to core 0 and wrk pinned to core 1, answers checked before timing.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { HAS_TASKSET, REPO_ROOT, pinned } from "../lib/child.js";
import { ECHO_BODY, HTTP_CASES, type HttpCase } from "./app-spec.js";

/** In table order; node:http and Fastify are the references for ratios. */
export const SERVERS = ["flagon", "node", "fastify", "express", "hono", "koa"] as const;
export const SERVER_LABELS: Record<string, string> = {
  flagon: "flagon",
  node: "node:http",
  fastify: "Fastify 5",
  express: "Express 5",
  hono: "Hono 4",
  koa: "Koa 3",
};

export interface WrkRun {
  readonly requestsPerSec: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly socketErrors: number;
}

export interface HttpMeasurement {
  readonly server: string;
  readonly caseId: string;
  readonly runs: readonly WrkRun[];
  readonly medianRps: number;
  /**
   * The median of the runs' p99s. Taking the p99 of the median-throughput run instead let one
   * run decide it: a single stall of some tens of milliseconds in a 4-second run sets that run's
   * p99 on its own, and it lands on flagon and Fastify alike (2026-12-07).
   */
  readonly p99Ms: number;
}

export interface HttpSuiteResult {
  readonly cases: readonly { id: string; title: string }[];
  readonly servers: readonly string[];
  readonly measurements: readonly HttpMeasurement[];
  /** Peak resident set (VmHWM) of each server process over the whole run, in MB. */
  readonly peakRssMb: Readonly<Record<string, number>>;
  /** Resident set of each server once it answered the checks, before any load, in MB. */
  readonly idleRssMb?: Readonly<Record<string, number>>;
  readonly settings: { readonly warmupSec: number; readonly runSec: number; readonly runs: number; readonly connections: number };
  readonly failures: readonly string[];
}

const TMP = `${REPO_ROOT}bench/.tmp/`;

/**
 * Bundles a server to plain JavaScript so every framework runs under bare
 * node, without a TypeScript loader thread in its process.
 */
async function bundle(name: string): Promise<string> {
  const outfile = `${TMP}servers/${name}.mjs`;
  const { build } = await import("esbuild");
  await build({
    entryPoints: [`${REPO_ROOT}bench/http/servers/${name}.ts`],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "silent",
  });
  return outfile;
}

interface Running {
  readonly name: string;
  readonly child: ChildProcess;
  readonly port: number;
  stderr: string;
}

function start(name: string, file: string): Promise<Running> {
  const [command, args] = pinned(0, process.execPath, [file]);
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: "0", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => fail(new Error(`${name} did not start within 30 s`)), 30_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${error.message}${stderr ? `: ${stderr.trim().split("\n").slice(0, 5).join(" | ")}` : ""}`));
    };
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const m = /LISTENING (\d+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ name, child, port: Number(m[1]), stderr });
      }
    });
    child.on("exit", (code) => fail(new Error(`${name} exited with code ${code}`)));
  });
}

async function stop(server: Running): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  await exited;
}

/** Returns what is wrong with the server's answer, or nothing. */
async function check(port: number, c: HttpCase): Promise<string | undefined> {
  const init: RequestInit = { method: c.method, headers: c.headers };
  if (c.body !== undefined) init.body = c.body;
  const response = await fetch(`http://127.0.0.1:${port}${c.path}`, init);
  const body = await response.text();
  const problems: string[] = [];
  if (response.status !== c.status) problems.push(`status ${response.status}, expected ${c.status}`);
  const type = (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (c.type !== undefined && type !== c.type) problems.push(`content-type ${type}, expected ${c.type}`);
  if (c.text !== undefined && body !== c.text) problems.push(`body ${JSON.stringify(body.slice(0, 80))}, expected ${JSON.stringify(c.text)}`);
  if (c.json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = Symbol("not JSON");
    }
    if (!isDeepStrictEqual(parsed, c.json)) problems.push(`body ${body.slice(0, 80)} is not the expected JSON`);
  }
  return problems.length ? `${c.method} ${c.path}: ${problems.join("; ")}` : undefined;
}

const UNIT_MS: Record<string, number> = { us: 1e-3, ms: 1, s: 1e3 };

/** Reads the figures out of wrk's report. */
export function parseWrk(output: string): WrkRun {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s)\s*$/m.exec(output);
  if (!rps || !p99) throw new Error(`cannot read wrk output: ${output.trim().slice(0, 300)}`);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requestsPerSec: Number(rps[1]),
    p99Ms: Number(p99[1]) * (UNIT_MS[p99[2] ?? "ms"] ?? 1),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

function wrk(port: number, c: HttpCase, seconds: number, connections: number): WrkRun {
  const args = ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency"];
  for (const [name, value] of Object.entries(c.headers)) if (c.method === "GET") args.push("-H", `${name}: ${value}`);
  if (c.method === "POST") args.push("-s", `${REPO_ROOT}bench/http/post.lua`);
  args.push(`http://127.0.0.1:${port}${c.path}`);
  const [command, argv] = pinned(1, "wrk", args);
  const out = spawnSync(command, argv, {
    encoding: "utf8",
    env: { ...process.env, BENCH_BODY_FILE: `${TMP}echo-body.json` },
    timeout: (seconds + 30) * 1000,
  });
  if (out.status !== 0) throw new Error(`wrk failed: ${out.stderr || out.error?.message}`);
  return parseWrk(out.stdout);
}

function rssMb(pid: number | undefined, field: "VmHWM" | "VmRSS"): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const median = <T>(items: readonly T[], key: (item: T) => number): T =>
  [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)] as T;

export async function runHttpSuite(options: { quick: boolean; only?: readonly string[] }): Promise<HttpSuiteResult> {
  const settings = options.quick
    ? { warmupSec: 0, runSec: 1, runs: 1, connections: 64 }
    : { warmupSec: 2, runSec: 4, runs: 3, connections: 64 };
  const timed = HTTP_CASES.filter((c) => c.timed && (!options.quick || ["text", "param", "echo"].includes(c.id)));
  const names = SERVERS.filter((s) => !options.only || options.only.includes(s));
  const failures: string[] = [];
  if (!HAS_TASKSET) process.stdout.write("http: taskset not found; processes are not pinned\n");
  if (spawnSync("wrk", ["--version"]).error) failures.push("wrk is not installed: the HTTP suite cannot time anything");

  mkdirSync(`${TMP}servers`, { recursive: true });
  writeFileSync(`${TMP}echo-body.json`, ECHO_BODY);

  const running: Running[] = [];
  const idleRss: Record<string, number> = {};
  try {
    for (const name of names) {
      try {
        const server = await start(name, await bundle(name));
        const wrong = (await Promise.all(HTTP_CASES.map((c) => check(server.port, c)))).filter((p) => p !== undefined);
        process.stdout.write(`http: ${SERVER_LABELS[name]} on port ${server.port}: ${wrong.length ? "WRONG" : "all answers right"}\n`);
        for (const w of wrong) process.stdout.write(`    ${w}\n`);
        if (wrong.length) {
          failures.push(...wrong.map((w) => `${SERVER_LABELS[name]}: ${w}`));
          await stop(server);
        } else {
          running.push(server);
          idleRss[name] = rssMb(server.child.pid, "VmRSS");
        }
      } catch (error) {
        // esbuild puts the reason in `errors`, not in the message.
        const reason = (error as { errors?: { text: string }[] }).errors?.[0]?.text;
        const text = reason ?? (error instanceof Error ? error.message : String(error));
        failures.push(`${SERVER_LABELS[name]}: ${text.split("\n")[0]}`);
        process.stdout.write(`http: ${SERVER_LABELS[name]} failed: ${text.split("\n")[0]}\n`);
      }
    }

    const measurements: HttpMeasurement[] = [];
    if (!failures.some((f) => f.startsWith("wrk"))) {
      for (const c of timed) {
        // Round robin: every server gets its warm-up, then run i of every server before run i + 1,
        // so a slow spell on the shared machine spreads over all frameworks instead of one.
        if (settings.warmupSec > 0) for (const s of running) wrk(s.port, c, settings.warmupSec, settings.connections);
        const runs = new Map<string, WrkRun[]>(running.map((s) => [s.name, []]));
        for (let i = 0; i < settings.runs; i++) {
          for (const s of running) {
            const run = wrk(s.port, c, settings.runSec, settings.connections);
            const expectedNon2xx = c.status >= 400;
            if (run.socketErrors > 0 || (!expectedNon2xx && run.non2xx > 0)) {
              failures.push(`${SERVER_LABELS[s.name]}: ${c.title}: ${run.non2xx} non-2xx answers, ${run.socketErrors} socket errors under load`);
            }
            runs.get(s.name)?.push(run);
          }
        }
        for (const s of running) {
          const list = runs.get(s.name) ?? [];
          const medianRps = median(list, (r) => r.requestsPerSec).requestsPerSec;
          const p99Ms = median(list, (r) => r.p99Ms).p99Ms;
          measurements.push({ server: s.name, caseId: c.id, runs: list, medianRps, p99Ms });
          process.stdout.write(`http: ${c.id} ${SERVER_LABELS[s.name]}: ${Math.round(medianRps)} req/s, p99 ${p99Ms} ms\n`);
        }
      }
    }
    const peakRss: Record<string, number> = {};
    for (const s of running) peakRss[s.name] = rssMb(s.child.pid, "VmHWM");
    return {
      cases: timed.map((c) => ({ id: c.id, title: c.title })),
      servers: running.map((s) => s.name),
      measurements,
      peakRssMb: peakRss,
      idleRssMb: idleRss,
      settings,
      failures,
    };
  } finally {
    for (const s of running) await stop(s);
  }
}
