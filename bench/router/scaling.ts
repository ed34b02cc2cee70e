/**
 * How a router grows: lookup time, build time and heap per rule for a
 * generated table of a given size. Runs in a fresh child process per size so
 * the heap delta belongs to one table only (needs --expose-gc).
 *
 * Usage: node --expose-gc --import tsx bench/router/scaling.ts "<router name>" <rules> [--quick]
 */
import { do_not_optimize, measure } from "mitata";
import { emit } from "../lib/protocol.js";
import { ADAPTERS } from "./adapters.js";
import type { RouteSpec } from "./github-routes.js";

export interface ScalingRun {
  readonly router: string;
  readonly rules: number;
  readonly error?: string;
  readonly nsPerLookup: number;
  /** Adding every rule plus the first lookup, which may compile the matcher. */
  readonly buildMs: number;
  readonly bytesPerRule: number;
}

const SHAPES = [
  (g: number) => `/api/g${g}`,
  (g: number) => `/api/g${g}/search`,
  (g: number) => `/api/g${g}/<int:id>`,
  (g: number) => `/api/g${g}/<int:id>/items`,
  (g: number) => `/api/g${g}/<int:id>/items/<name>`,
];

/** `count` rules in groups of five shapes, like the resources of a REST API. */
export function generateRoutes(count: number): RouteSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const rule = (SHAPES[i % SHAPES.length] as (g: number) => string)(Math.floor(i / SHAPES.length));
    return { rule, methods: ["GET"], endpoint: rule };
  });
}

/** Twenty paths spread over the whole table, every shape represented. */
export function lookupPaths(count: number): string[] {
  const groups = Math.max(1, Math.floor(count / SHAPES.length));
  const concrete = [
    (g: number) => `/api/g${g}`,
    (g: number) => `/api/g${g}/search`,
    (g: number) => `/api/g${g}/42`,
    (g: number) => `/api/g${g}/42/items`,
    (g: number) => `/api/g${g}/42/items/widget`,
  ];
  return Array.from({ length: 20 }, (_, i) =>
    (concrete[i % concrete.length] as (g: number) => string)(Math.floor((i * 7919) % groups)),
  );
}

const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  const name = process.argv[2];
  const count = Number(process.argv[3]);
  const quick = process.argv.includes("--quick");
  const adapter = ADAPTERS.find((a) => a.name === name);
  if (!adapter || !Number.isInteger(count)) throw new Error("usage: scaling.ts <router> <rules>");
  if (!gc) throw new Error("run with --expose-gc");
  const routes = generateRoutes(count);
  const paths = lookupPaths(count);

  // Load the module and an empty router first so neither counts as building.
  (await adapter.load([])).lookup("/");
  gc();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const router = await adapter.load(routes);
  router.lookup(paths[0] ?? "/");
  const buildMs = performance.now() - started;
  gc();
  const bytesPerRule = (process.memoryUsage().heapUsed - before) / count;

  for (const path of paths) {
    if (router.answer(path) === null) {
      emit({ router: adapter.name, rules: count, error: `no match for ${path}`, nsPerLookup: 0, buildMs, bytesPerRule });
      return;
    }
  }
  const lookup = router.lookup;
  const stats = await measure(
    () => {
      for (let i = 0; i < paths.length; i++) do_not_optimize(lookup(paths[i] as string));
    },
    quick ? { min_cpu_time: 100e6, min_samples: 8 } : {},
  );
  emit({ router: adapter.name, rules: count, nsPerLookup: stats.p50 / paths.length, buildMs, bytesPerRule } satisfies ScalingRun);
}

await main();
