#!/usr/bin/env node
// The `flagon` command. Plain JavaScript so it starts without a build step;
// tsx is registered here so both flagon's source and TypeScript apps load directly.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
const code = await main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
