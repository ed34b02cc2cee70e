/** Turns stored suite results into bench/RESULTS.md and the two SVG charts. */
import type { HttpSuiteResult } from "../http/suite.js";
import { SERVER_LABELS } from "../http/suite.js";
import { CASES, GITHUB_ROUTES, MIXED } from "../router/github-routes.js";
import { describeCode } from "../router/code-generation.js";
import type { RouterSuiteResult } from "../router/suite.js";
import type { RouterRun } from "../router/worker.js";
import type { Machine } from "./machine.js";
import { barChart } from "./svg.js";

/** A suite's result with where and how it was produced. */
export interface Stored<T> {
  readonly machine: Machine;
  readonly command: string;
  readonly result: T;
}

export const ROUTER_CASE_TITLES: Record<string, string> = {
  static: "static hit",
  oneParam: "one param",
  threeParams: "three params",
  path: "`path` hit",
  miss: "miss",
  mixed: "mixed batch of 20",
};

const REFERENCE_ROUTER = "find-my-way";

const fixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const ratio = (value: number, reference: number | undefined): string =>
  reference && Number.isFinite(value) ? `${(value / reference).toFixed(2)}×` : "–";
const mops = (ns: number | undefined): number => (ns ? 1e3 / ns : Number.NaN);

function machineLines(stored: Stored<unknown>): string[] {
  const m = stored.machine;
  return [
    `- Machine: ${m.cpu}, ${m.cores} cores (${m.os})`,
    // Older stored results have no load figure.
    `- Node ${m.node}; measured ${m.date}${typeof m.load === "number" ? `; 1-minute load average ${m.load.toFixed(2)} when the suite started (${m.cores} or more: the cores were already busy)` : ""}`,
    `- Command: \`${stored.command}\``,
  ];
}

function routerCaseKeys(result: RouterSuiteResult): string[] {
  const keys = [...Object.keys(CASES), "mixed"];
  return keys.filter((k) => result.runs.some((r) => r.nsPerLookup[k] !== undefined));
}

/** "no", "yes (57 functions)", or "not measured" for results stored before the count existed. */
function codeCell(run: RouterRun): string {
  if (run.codeGenerated === undefined) return "not measured";
  return run.codeGenerated === 0 ? "no" : `yes (${describeCode(run.codeGeneratedBy ?? { Function: run.codeGenerated })})`;
}

/** The routers flagon's speed goal compares it with: the whole table answered right, and no code made from strings. */
const inGoalSet = (run: RouterRun): boolean =>
  !run.error && run.refused.length === 0 && run.wrong.length === 0 && run.codeGenerated === 0;

/** Which routers the goal compares flagon with in this run, and flagon against the fastest of them, per case. */
function goalLines(result: RouterSuiteResult, keys: readonly string[]): string[] {
  if (result.runs.every((r) => r.codeGenerated === undefined)) return [];
  const set = result.runs.filter(inGoalSet);
  const flagon = result.runs.find((r) => r.router === "flagon");
  const others = set.filter((r) => r.router !== "flagon");
  const lines = [
    "",
    "### Against the goal's comparison set",
    "",
    "flagon's speed goal compares it with the routers that answer the whole table correctly and make no code",
    "at run time (no `eval` or `new Function`, which runtimes such as Workers forbid); see the correctness table below.",
    `In this run that is ${set.length ? set.map((r) => r.router).join(", ") : "no router"}` +
      (flagon && !inGoalSet(flagon) ? "; flagon itself is not in it." : ".") +
      " Below, flagon against the fastest of the others per case (above 1× flagon is faster).",
  ];
  if (!flagon || flagon.error || others.length === 0) return lines;
  lines.push(
    "",
    "| case | fastest other router in the set | its M lookups/s | flagon M lookups/s | flagon vs it |",
    "| --- | --- | ---: | ---: | ---: |",
  );
  for (const k of keys) {
    const ns = (run: RouterRun): number => run.nsPerLookup[k] ?? Number.POSITIVE_INFINITY;
    const best = others.reduce((a, b) => (ns(b) < ns(a) ? b : a));
    const theirs = mops(best.nsPerLookup[k]);
    const ours = mops(flagon.nsPerLookup[k]);
    lines.push(`| ${ROUTER_CASE_TITLES[k] ?? k} | ${best.router} | ${fixed(theirs, 2)} | ${fixed(ours, 2)} | ${ratio(ours, theirs)} |`);
  }
  return lines;
}

export function routerMarkdown(stored: Stored<RouterSuiteResult>): string {
  const { result } = stored;
  const keys = routerCaseKeys(result);
  const reference = result.runs.find((r) => r.router === REFERENCE_ROUTER);
  const lines = [
    "## Router (no HTTP)",
    "",
    ...machineLines(stored),
    "",
    `Million GET lookups per second on a GitHub-shaped table of ${GITHUB_ROUTES.length} rules, each router in its own`,
    `fresh process; in brackets the ratio to ${REFERENCE_ROUTER} (above 1× is faster). flagon's figure includes`,
    "the int converters it applies inside the lookup; the others return strings.",
    "",
    `| router | ${keys.map((k) => ROUTER_CASE_TITLES[k] ?? k).join(" | ")} |`,
    `| --- | ${keys.map(() => "---:").join(" | ")} |`,
  ];
  for (const run of result.runs) {
    if (run.error) {
      lines.push(`| ${run.router} | ${keys.map(() => "failed to load").join(" | ")} |`);
      continue;
    }
    const cells = keys.map((k) => {
      const value = mops(run.nsPerLookup[k]);
      return `${fixed(value, 2)} (${ratio(value, mops(reference?.nsPerLookup[k]))})`;
    });
    lines.push(`| ${run.router} | ${cells.join(" | ")} |`);
  }
  lines.push(...goalLines(result, keys));
  lines.push(
    "",
    "### Correctness before timing",
    "",
    `| router | rules refused | wrong answers (of ${Object.keys(CASES).length + MIXED.length} paths) | makes code at run time |`,
    "| --- | ---: | ---: | --- |",
  );
  for (const run of result.runs) {
    lines.push(`| ${run.router} | ${run.error ? "failed to load" : run.refused.length} | ${run.wrong.length} | ${codeCell(run)} |`);
  }
  const details = result.runs.filter((r) => r.wrong.length || r.refused.length || r.error);
  if (details.length) {
    lines.push("", "<details><summary>What went wrong, per router</summary>", "");
    for (const run of details) {
      lines.push(`**${run.router}**`, "");
      if (run.error) lines.push(`- failed to load: ${run.error}`);
      for (const w of run.wrong) lines.push(`- \`${w.path}\`: expected ${w.expected.replace(/\|/g, "\\|")}, got ${w.got.replace(/\|/g, "\\|")}`);
      for (const r of run.refused) lines.push(`- refused \`${r.rule}\`${r.error ? ` (${r.error})` : ""}`);
      lines.push("");
    }
    lines.push("</details>");
  }
  if (result.scaling.length) {
    const routers = [...new Set(result.scaling.map((s) => s.router))];
    const sizes = [...new Set(result.scaling.map((s) => s.rules))].sort((a, b) => a - b);
    lines.push(
      "",
      "### Scaling (generated tables)",
      "",
      "Lookups: 20 paths spread over the table; build: adding every rule plus the first lookup;",
      "heap: heap growth after GC divided by the number of rules (noisy for small tables).",
      "",
      `| rules | ${routers.map((r) => `${r} M lookups/s | ${r} build ms | ${r} bytes/rule`).join(" | ")} |`,
      `| ---: | ${routers.map(() => "---: | ---: | ---:").join(" | ")} |`,
    );
    for (const size of sizes) {
      const cells = routers.map((r) => {
        const s = result.scaling.find((x) => x.router === r && x.rules === size);
        return s ? `${fixed(mops(s.nsPerLookup), 2)} | ${fixed(s.buildMs, 1)} | ${Math.round(s.bytesPerRule)}` : "– | – | –";
      });
      lines.push(`| ${size.toLocaleString("en-US")} | ${cells.join(" | ")} |`);
    }
  }
  if (result.failures.length) lines.push("", "**Failures:**", "", ...result.failures.map((f) => `- ${f}`));
  lines.push("", "![router chart](router.svg)", "");
  return lines.join("\n");
}

export function routerSvg(stored: Stored<RouterSuiteResult>): string {
  const { result } = stored;
  const runs = result.runs.filter((r) => !r.error);
  return barChart({
    title: "flagon router vs other routers",
    subtitle: `GitHub-shaped table, ${stored.machine.cpu}, Node ${stored.machine.node}`,
    unit: "million lookups/s",
    series: runs.map((r) => r.router),
    groups: routerCaseKeys(result).map((k) => ({
      label: (ROUTER_CASE_TITLES[k] ?? k).replace(/`/g, ""),
      values: runs.map((r) => (r.nsPerLookup[k] ? mops(r.nsPerLookup[k]) : undefined)),
    })),
  });
}

const label = (server: string): string => SERVER_LABELS[server] ?? server;

export function httpMarkdown(stored: Stored<HttpSuiteResult>): string {
  const { result } = stored;
  const s = result.settings;
  const lines = [
    "## End to end (HTTP)",
    "",
    ...machineLines(stored),
    `- Each server alone on core 0, \`wrk -t1 -c${s.connections}\` on core 1; ${s.warmupSec} s warm-up, then ${s.runs} run(s) of ${s.runSec} s, round robin over the servers; median shown`,
    "",
  ];
  for (const c of result.cases) {
    const rps = (server: string): number | undefined => result.measurements.find((m) => m.server === server && m.caseId === c.id)?.medianRps;
    lines.push(
      `### ${c.title}`,
      "",
      "| server | req/s (median) | vs node:http | vs Fastify | p99 latency (median) | all runs, req/s | all runs, p99 ms |",
      "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    );
    for (const server of result.servers) {
      const m = result.measurements.find((x) => x.server === server && x.caseId === c.id);
      if (!m) continue;
      lines.push(
        `| ${label(server)} | ${Math.round(m.medianRps).toLocaleString("en-US")} | ${ratio(m.medianRps, rps("node"))} | ${ratio(m.medianRps, rps("fastify"))} | ${fixed(m.p99Ms, 2)} ms | ${m.runs.map((r) => Math.round(r.requestsPerSec)).join(", ")} | ${m.runs.map((r) => fixed(r.p99Ms, 1)).join(", ")} |`,
      );
    }
    lines.push("");
  }
  lines.push("### Memory", "", "| server | RSS after start-up | peak RSS (VmHWM) over the whole run |", "| --- | ---: | ---: |");
  for (const server of result.servers) {
    const idle = result.idleRssMb?.[server];
    lines.push(`| ${label(server)} | ${idle === undefined ? "–" : `${fixed(idle, 1)} MB`} | ${fixed(result.peakRssMb[server] ?? Number.NaN, 1)} MB |`);
  }
  if (result.failures.length) lines.push("", "**Failures:**", "", ...result.failures.map((f) => `- ${f}`));
  lines.push("", "![HTTP chart](http.svg)", "");
  return lines.join("\n");
}

export function httpSvg(stored: Stored<HttpSuiteResult>): string {
  const { result } = stored;
  return barChart({
    title: "flagon vs other Node.js frameworks, end to end",
    subtitle: `wrk -c${result.settings.connections}, server on one core, ${stored.machine.cpu}, Node ${stored.machine.node}`,
    unit: "requests/s",
    series: result.servers.map(label),
    groups: result.cases.map((c) => ({
      label: c.title,
      values: result.servers.map((server) => result.measurements.find((m) => m.server === server && m.caseId === c.id)?.medianRps),
    })),
  });
}

export function resultsMarkdown(router: Stored<RouterSuiteResult> | undefined, http: Stored<HttpSuiteResult> | undefined): string {
  return [
    "# flagon benchmark results",
    "",
    "Written by `npm run bench`; see [docs/benchmarks.md](../docs/benchmarks.md) for the method and how to read these tables.",
    "Compare the ratios, not the absolute numbers, with other machines; each suite names the machine and its load.",
    "",
    router ? routerMarkdown(router) : "## Router (no HTTP)\n\nNot run yet: `npm run bench -- --router`.\n",
    http ? httpMarkdown(http) : "## End to end (HTTP)\n\nNot run yet: `npm run bench -- --http`.\n",
  ].join("\n");
}
