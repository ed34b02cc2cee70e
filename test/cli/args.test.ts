import { test } from "node:test";
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { parseArgs, CliUsageError } from "../../src/cli/args.js";

const noEnv = {};

test("run has Flask's defaults", () => {
  assert.deepEqual(parseArgs(["run"], noEnv), { command: "run", app: undefined, host: "127.0.0.1", port: 5000, debug: false, workers: undefined });
});

test("run reads every option, in both spellings", () => {
  assert.deepEqual(parseArgs(["run", "--app", "site/app.ts", "--host=0.0.0.0", "--port", "8080", "--workers", "3"], noEnv), {
    command: "run",
    app: "site/app.ts",
    host: "0.0.0.0",
    port: 8080,
    debug: false,
    workers: 3,
  });
  const debug = parseArgs(["run", "--debug"], noEnv);
  assert.ok(debug.command === "run" && debug.debug);
});

test("--workers without a number means one per CPU", () => {
  for (const argv of [["run", "--workers"], ["run", "--workers", "--port", "1"]]) {
    const parsed = parseArgs(argv, noEnv);
    assert.ok(parsed.command === "run");
    assert.equal(parsed.workers, availableParallelism());
  }
});

test("FLAGON_APP is used when --app is absent", () => {
  const parsed = parseArgs(["routes"], { FLAGON_APP: "x.ts" });
  assert.ok(parsed.command === "routes");
  assert.equal(parsed.app, "x.ts");
  const explicit = parseArgs(["routes", "--app", "y.ts"], { FLAGON_APP: "x.ts" });
  assert.ok(explicit.command === "routes" && explicit.app === "y.ts");
});

test("routes reads --sort and --all-methods", () => {
  assert.deepEqual(parseArgs(["routes"], noEnv), { command: "routes", app: undefined, sort: "endpoint", allMethods: false });
  assert.deepEqual(parseArgs(["routes", "--sort", "rule", "--all-methods"], noEnv), { command: "routes", app: undefined, sort: "rule", allMethods: true });
});

test("help is the default and answers -h anywhere", () => {
  assert.deepEqual(parseArgs([], noEnv), { command: "help" });
  assert.deepEqual(parseArgs(["--help"], noEnv), { command: "help" });
  assert.deepEqual(parseArgs(["run", "-h"], noEnv), { command: "help" });
});

for (const [argv, message] of [
  [["serve"], /Unknown command "serve"/],
  [["run", "--prot", "1"], /Unknown option "--prot"/],
  [["run", "--port", "abc"], /--port must be a whole number from 0 to 65535, not "abc"/],
  [["run", "--port", "70000"], /--port must be a whole number/],
  [["run", "--port"], /--port needs a value/],
  [["run", "--workers", "0"], /--workers must be a whole number from 1/],
  [["run", "--debug=yes"], /--debug takes no value/],
  [["run", "--debug", "--workers", "2"], /cannot be combined with --workers/],
  [["routes", "--sort", "name"], /--sort must be one of endpoint, methods, rule, match, not "name"/],
  [["routes", "stray"], /Unexpected argument "stray"/],
  [["routes", "--port", "1"], /Unknown option "--port"/],
] as const) {
  test(`${argv.join(" ")} is a usage error`, () => {
    assert.throws(
      () => parseArgs(argv, noEnv),
      (error: unknown) => error instanceof CliUsageError && error.code === "FLAGON_CLI_USAGE" && message.test(error.message),
    );
  });
}
