/**
 * `npm run bench [-- --router | --http | --report] [--quick] [--only=a,b]`
 *
 * Runs the router suite and the end-to-end suite, then writes bench/RESULTS.md,
 * bench/router.svg and bench/http.svg (`--report` only rewrites them from the
 * stored JSON). `--quick` is the CI smoke run: short
 * timings, written to bench/.tmp/ instead, and a non-zero exit when a server
 * answers wrong, flagon's router answers wrong, or a child process fails.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { runHttpSuite, type HttpSuiteResult } from "./http/suite.js";
import { REPO_ROOT } from "./lib/child.js";
import { describeMachine } from "./lib/machine.js";
import { httpSvg, resultsMarkdown, routerSvg, type Stored } from "./lib/report.js";
import { runRouterSuite, type RouterSuiteResult } from "./router/suite.js";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const onlyArg = argv.find((a) => a.startsWith("--only="));
const only = onlyArg ? onlyArg.slice("--only=".length).split(",") : undefined;
const reportOnly = argv.includes("--report");
const wantRouter = !reportOnly && (argv.includes("--router") || !argv.includes("--http"));
const wantHttp = !reportOnly && (argv.includes("--http") || !argv.includes("--router"));
const command = `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`;

const outDir = quick ? `${REPO_ROOT}bench/.tmp/quick/` : `${REPO_ROOT}bench/`;
const rawDir = `${outDir}results/`;
mkdirSync(rawDir, { recursive: true });

function load<T>(name: string): Stored<T> | undefined {
  const file = `${rawDir}${name}.json`;
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Stored<T>) : undefined;
}

const started = performance.now();
const failures: string[] = [];

let router = load<RouterSuiteResult>("router");
if (wantRouter) {
  const machine = describeMachine();
  const result = await runRouterSuite({ quick, ...(only ? { only } : {}) });
  router = { machine, command, result };
  writeFileSync(`${rawDir}router.json`, `${JSON.stringify(router, null, 1)}\n`);
  writeFileSync(`${outDir}router.svg`, routerSvg(router));
  failures.push(...result.failures);
}

let http = load<HttpSuiteResult>("http");
if (wantHttp) {
  const machine = describeMachine();
  const result = await runHttpSuite({ quick, ...(only ? { only } : {}) });
  http = { machine, command, result };
  writeFileSync(`${rawDir}http.json`, `${JSON.stringify(http, null, 1)}\n`);
  writeFileSync(`${outDir}http.svg`, httpSvg(http));
  failures.push(...result.failures);
}

if (reportOnly) {
  if (router) writeFileSync(`${outDir}router.svg`, routerSvg(router));
  if (http) writeFileSync(`${outDir}http.svg`, httpSvg(http));
}
// Hand-written analysis (profiles, other suites) kept beside the generated tables.
const notesFile = new URL("./NOTES.md", import.meta.url);
const notes = existsSync(notesFile) && !quick ? `\n${readFileSync(notesFile, "utf8")}` : "";
writeFileSync(`${outDir}RESULTS.md`, resultsMarkdown(router, http) + notes);
const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stdout.write(`\nwrote ${outDir}RESULTS.md in ${seconds} s\n`);
if (failures.length) {
  process.stdout.write(`\n${failures.length} failure(s):\n${failures.map((f) => `  - ${f}`).join("\n")}\n`);
  process.exitCode = 1;
}
