/** Starting the benchmark's child processes, pinned to a core when `taskset` exists. */
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export const HAS_TASKSET = spawnSync("taskset", ["-c", "0", "true"]).status === 0;

/** The command line that runs `args` on `core` (not pinned when taskset is missing). */
export function pinned(core: number, command: string, args: readonly string[]): [string, string[]] {
  return HAS_TASKSET ? ["taskset", ["-c", String(core), command, ...args]] : [command, [...args]];
}

export interface ChildOutput {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a TypeScript file under node + tsx to completion. */
export function runTs(file: string, args: readonly string[], nodeFlags: readonly string[] = [], core = 0): Promise<ChildOutput> {
  const [command, argv] = pinned(core, process.execPath, [...nodeFlags, "--import", "tsx", file, ...args]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
