#!/usr/bin/env node
// The `flagon` command. Plain JavaScript so it starts without a build step;
// tsx is registered here so both flagon's source and TypeScript apps load directly.
import cluster from "node:cluster";
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
const code = await main(process.argv.slice(2));
if (code !== undefined) {
  process.exitCode = code;
  // A cluster worker's IPC channel would keep it alive after a failed start.
  if (cluster.isWorker) process.exit(code);
}
