/**
 * Runs in a fresh child process per router: loads the GitHub-shaped table,
 * checks every benchmark path, then times each case with mitata. Code the
 * router generates from strings is counted from before it loads until each
 * path has been looked up once; timing starts after the watch is removed.
 *
 * Usage: node --import tsx bench/router/worker.ts "<router name>" [--quick]
 */
import { do_not_optimize, measure } from "mitata";
import { emit } from "../lib/protocol.js";
import { ADAPTERS, type Answer } from "./adapters.js";
import { totalCode, watchCodeGeneration, type CodeCounts } from "./code-generation.js";
import { CASES, GITHUB_ROUTES, MIXED, type PathCase } from "./github-routes.js";

export interface Mismatch {
  readonly path: string;
  readonly expected: string;
  readonly got: string;
}

export interface RouterRun {
  readonly router: string;
  readonly error?: string;
  readonly refused: readonly { rule: string; error: string }[];
  readonly wrong: readonly Mismatch[];
  /** Nanoseconds per lookup, by case. */
  readonly nsPerLookup: Readonly<Record<string, number>>;
  /**
   * Functions and evals made from strings while loading, answering and looking
   * up each path once; absent from results stored before it was measured.
   */
  readonly codeGenerated?: number;
  /** The same, by constructor (`Function`, `AsyncFunction`, `eval`, ...). */
  readonly codeGeneratedBy?: Readonly<CodeCounts>;
}

/** Same endpoint and values; others give strings where flagon gives numbers, so compare as text. */
function sameAnswer(expected: PathCase, got: Answer | null, exact: boolean): boolean {
  if (expected.endpoint === null || got === null) return expected.endpoint === null && got === null;
  if (got.endpoint !== expected.endpoint) return false;
  const keys = Object.keys(expected.values);
  if (Object.keys(got.values).length !== keys.length) return false;
  return keys.every((key) => {
    const want = expected.values[key];
    const have = got.values[key];
    return exact ? have === want : String(have) === String(want);
  });
}

const show = (answer: Answer | null | PathCase): string =>
  answer === null || answer.endpoint === null ? "no match" : `${answer.endpoint} ${JSON.stringify(answer.values)}`;

async function main(): Promise<void> {
  const name = process.argv[2];
  const quick = process.argv.includes("--quick");
  const adapter = ADAPTERS.find((a) => a.name === name);
  if (!adapter) throw new Error(`no router named ${name}`);

  // Watched from before the import: find-my-way, for one, compiles at registration.
  const watch = watchCodeGeneration();
  const code = (): Pick<RouterRun, "codeGenerated" | "codeGeneratedBy"> => ({
    codeGenerated: totalCode(watch.counts),
    codeGeneratedBy: { ...watch.counts },
  });
  let loaded;
  try {
    loaded = await adapter.load(GITHUB_ROUTES);
  } catch (error) {
    watch.restore();
    emit({ router: adapter.name, error: String(error), refused: [], wrong: [], nsPerLookup: {}, ...code() } satisfies RouterRun);
    return;
  }

  const wrong: Mismatch[] = [];
  const checked = [...Object.values(CASES), ...MIXED];
  for (const c of checked) {
    let got: Answer | null;
    try {
      got = loaded.answer(c.path);
    } catch (error) {
      wrong.push({ path: c.path, expected: show(c), got: `threw ${String(error)}` });
      continue;
    }
    if (!sameAnswer(c, got, adapter.name === "flagon")) wrong.push({ path: c.path, expected: show(c), got: show(got) });
  }
  // `answer` may take another route through the router than the timed call:
  // a router that compiles at its first lookup must do it here, in sight.
  for (const c of checked) {
    try {
      loaded.lookup(c.path);
    } catch {
      // Correctness is judged by `answer` above; here only the code made counts.
    }
  }
  watch.restore();
  const generated = code();

  const opts = quick ? { min_cpu_time: 100e6, min_samples: 8 } : {};
  const lookup = loaded.lookup;
  const paths = MIXED.map((c) => c.path);
  const single = quick ? (["static", "threeParams"] as const) : (Object.keys(CASES) as (keyof typeof CASES)[]);
  const nsPerLookup: Record<string, number> = {};
  const keep = (key: string, ns: number): void => {
    nsPerLookup[key] = Math.min(nsPerLookup[key] ?? Number.POSITIVE_INFINITY, ns);
  };
  // Rounds over all cases, keeping each case's best median: on a shared machine
  // a burst of other work then spoils one round of a case, not its figure.
  const rounds = quick ? 1 : 3;
  for (let round = 0; round < rounds; round++) {
    for (const key of single) {
      const path = CASES[key].path;
      keep(key, (await measure(() => do_not_optimize(lookup(path)), opts)).p50);
    }
    const stats = await measure(() => {
      for (let i = 0; i < paths.length; i++) do_not_optimize(lookup(paths[i] as string));
    }, opts);
    keep("mixed", stats.p50 / paths.length);
  }

  emit({ router: adapter.name, refused: loaded.refused, wrong, nsPerLookup, ...generated } satisfies RouterRun);
}

await main();
