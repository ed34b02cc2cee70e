/**
 * flagon's router against itself: the working tree's `src/` against the `src/` of a git
 * revision, both loaded into one process and timed in alternating bursts.
 *
 * Two processes running the same code differ by up to 2× on a shared VM, and by a few
 * per cent through what the JIT happened to compile. Bursts of a second or less, taken
 * in turn in one process, see the same machine: a change of 2–3 % shows, where separate
 * processes needed 5–10 % (2026-12-07). Run it several times all the same; each run
 * compiles anew.
 *
 * Usage: npm run bench:ab -- [revision=HEAD] [--case=mixed|static|oneParam|...] [--rounds=25] [--quick]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { REPO_ROOT, pinned } from "../lib/child.js";
import { CASES, GITHUB_ROUTES, MIXED } from "./github-routes.js";

type RouterClass = typeof import("../../src/routing/index.js").Router;
type Router = InstanceType<RouterClass>;

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = argv.includes("--quick");
const revision = argv.find((a) => !a.startsWith("--")) ?? "HEAD";
const caseName = option("case") ?? "mixed";
const rounds = Number(option("rounds") ?? (quick ? 2 : 25));

/**
 * The revision's `src/`, written out under bench/.tmp/ab/<commit>/. Inside the project it loads
 * as an ES module, as the working tree does: the same source loaded from a folder without
 * `"type": "module"` ran as CommonJS, about 20 % slower (2026-12-07).
 */
function checkout(rev: string): string {
  const commit = execFileSync("git", ["rev-parse", "--verify", `${rev}^{commit}`], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
  const dir = `${REPO_ROOT}bench/.tmp/ab/${commit}/`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync("git", ["archive", commit, "src"], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  return dir;
}

function load(Router: RouterClass): Router {
  const router = new Router();
  for (const route of GITHUB_ROUTES) router.add(route.rule, { endpoint: route.endpoint, methods: route.methods });
  return router;
}

function pathsOf(name: string): string[] {
  if (name === "mixed") return MIXED.map((c) => c.path);
  const one = (CASES as Record<string, { path: string } | undefined>)[name];
  if (!one) throw new Error(`no case named '${name}': mixed, ${Object.keys(CASES).join(", ")}`);
  return [one.path];
}

let sink: unknown;

/** A burst of `repeat` passes over the paths; nanoseconds per lookup. */
function burst(router: Router, paths: readonly string[], repeat: number): number {
  const begin = process.hrtime.bigint();
  for (let k = 0; k < repeat; k++) for (let i = 0; i < paths.length; i++) sink = router.match("GET", paths[i]!);
  return Number(process.hrtime.bigint() - begin) / (repeat * paths.length);
}

function summary(times: number[]): { min: number; median: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[sorted.length >> 1]! };
}

async function compare(baseDir: string): Promise<void> {
  const { Router: Base } = (await import(pathToFileURL(`${baseDir}src/routing/index.ts`).href)) as { Router: RouterClass };
  const { Router: Work } = await import("../../src/routing/index.js");
  const paths = pathsOf(caseName);
  const routers = { base: load(Base), work: load(Work) };
  // The same answers first: a faster router that answers wrong is no faster.
  for (const path of paths) {
    const [a, b] = [JSON.stringify(routers.base.match("GET", path)), JSON.stringify(routers.work.match("GET", path))];
    if (a !== b) throw new Error(`the two routers answer ${path} differently: ${a} against ${b}`);
  }
  const repeat = Math.max(1, Math.round((quick ? 2_000 : 800_000) / paths.length));
  burst(routers.base, paths, repeat);
  burst(routers.work, paths, repeat);
  const times = { base: [] as number[], work: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    // Each goes first in every other round: neither always meets the other's garbage.
    for (const which of round % 2 === 0 ? (["base", "work"] as const) : (["work", "base"] as const)) {
      times[which].push(burst(routers[which], paths, repeat));
    }
  }
  const base = summary(times.base);
  const work = summary(times.work);
  const show = (n: number): string => `${n.toFixed(1)} ns`;
  process.stdout.write(
    `case ${caseName}, ${rounds} rounds of ${repeat * paths.length} lookups each\n` +
      `  ${revision.padEnd(12)} min ${show(base.min)}, median ${show(base.median)}\n` +
      `  ${"working tree".padEnd(12)} min ${show(work.min)}, median ${show(work.median)}\n` +
      `  working tree ÷ ${revision}: ${(base.min / work.min).toFixed(3)}× by min, ${(base.median / work.median).toFixed(3)}× by median (above 1× the working tree is faster)\n`,
  );
  if (sink === undefined) process.stdout.write("\n");
}

if (argv.includes("--child")) {
  await compare(option("base")!);
} else {
  const baseDir = checkout(revision);
  // One core for the whole run, as the suite pins its routers.
  const [command, args] = pinned(1, process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), ...argv, "--child", `--base=${baseDir}`]);
  execFileSync(command, args, { cwd: REPO_ROOT, stdio: "inherit" });
}
