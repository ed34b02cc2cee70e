/** The router suite: one fresh child per router for the cases, one per router and size for scaling. */
import { runTs } from "../lib/child.js";
import { readResult } from "../lib/protocol.js";
import { ADAPTERS } from "./adapters.js";
import { describeCode } from "./code-generation.js";
import type { ScalingRun } from "./scaling.js";
import type { RouterRun } from "./worker.js";

export interface RouterSuiteResult {
  readonly runs: readonly RouterRun[];
  readonly scaling: readonly ScalingRun[];
  /** Problems that make the run a failure: flagon wrong, refusing or making code, a child crashing. */
  readonly failures: readonly string[];
}

/** Routers measured for scaling: flagon and the reference. */
const SCALING_ROUTERS = ["flagon", "find-my-way"];

export async function runRouterSuite(options: { quick: boolean; only?: readonly string[] }): Promise<RouterSuiteResult> {
  const flags = options.quick ? ["--quick"] : [];
  const chosen = ADAPTERS.filter((a) => !options.only || options.only.includes(a.name));
  const runs: RouterRun[] = [];
  const failures: string[] = [];

  // Two passes over every router, each figure the better of the two: a busy spell on the shared
  // machine then spoils one router's pass, not its figure against the others.
  const passes = options.quick ? 1 : 2;
  for (let pass = 1; pass <= passes; pass++) {
    for (const adapter of chosen) {
      const earlier = runs.find((r) => r.router === adapter.name);
      if (pass > 1 && !earlier) continue;
      process.stdout.write(`router: ${adapter.name}${passes > 1 ? ` (pass ${pass})` : ""} ... `);
      const out = await runTs("bench/router/worker.ts", [adapter.name, ...flags]);
      const run = readResult<RouterRun>(out.stdout);
      if (!run) {
        failures.push(`${adapter.name}: worker failed (exit ${out.code}): ${out.stderr.trim().split("\n").slice(-3).join(" | ")}`);
        process.stdout.write("crashed\n");
        continue;
      }
      if (earlier) {
        const best: Record<string, number> = { ...earlier.nsPerLookup };
        for (const [key, ns] of Object.entries(run.nsPerLookup)) best[key] = Math.min(best[key] ?? Number.POSITIVE_INFINITY, ns);
        runs[runs.indexOf(earlier)] = { ...earlier, nsPerLookup: best };
        process.stdout.write("measured again\n");
        continue;
      }
      runs.push(run);
      const notes = [
        run.error ? `failed to load: ${run.error}` : "",
        run.refused.length ? `${run.refused.length} rules refused` : "",
        run.wrong.length ? `${run.wrong.length} wrong answers` : "",
      ].filter(Boolean);
      const code = run.codeGenerated ? `code made at run time (${describeCode(run.codeGeneratedBy ?? {})})` : "";
      process.stdout.write(`${notes.length ? notes.join(", ") : "all answers right"}; ${code || "no code made"}\n`);
      for (const w of run.wrong) process.stdout.write(`    ${w.path}: expected ${w.expected}, got ${w.got}\n`);
      // flagon must also run where eval is forbidden (Workers), so code it makes fails the run.
      const flagonFaults = [...notes, code].filter(Boolean);
      if (adapter.name === "flagon" && flagonFaults.length) failures.push(`flagon router: ${flagonFaults.join(", ")}`);
    }
  }

  const sizes = options.quick ? [10, 1000] : [10, 100, 1000, 10000];
  const scaling: ScalingRun[] = [];
  for (let pass = 1; pass <= passes; pass++) {
    for (const name of SCALING_ROUTERS.filter((n) => chosen.some((a) => a.name === n))) {
      for (const size of sizes) {
        const earlier = scaling.find((r) => r.router === name && r.rules === size);
        if (pass > 1 && !earlier) continue;
        process.stdout.write(`scaling: ${name} with ${size} rules${passes > 1 ? ` (pass ${pass})` : ""} ... `);
        const out = await runTs("bench/router/scaling.ts", [name, String(size), ...flags], ["--expose-gc"]);
        const run = readResult<ScalingRun>(out.stdout);
        if (!run || run.error) {
          failures.push(`scaling ${name} ${size}: ${run?.error ?? out.stderr.trim().split("\n").slice(-3).join(" | ")}`);
          process.stdout.write("failed\n");
          continue;
        }
        const kept = earlier
          ? { ...earlier, nsPerLookup: Math.min(earlier.nsPerLookup, run.nsPerLookup), buildMs: Math.min(earlier.buildMs, run.buildMs) }
          : run;
        if (earlier) scaling[scaling.indexOf(earlier)] = kept;
        else scaling.push(kept);
        process.stdout.write(`${(1e3 / run.nsPerLookup).toFixed(2)} M lookups/s, build ${run.buildMs.toFixed(1)} ms\n`);
      }
    }
  }
  return { runs, scaling, failures };
}
