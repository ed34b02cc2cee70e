/** What the numbers were measured on, for the results page. */
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, platform, release } from "node:os";

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly os: string;
  readonly date: string;
  /** One-minute load average when the suite started: above the core count, other work competed. */
  readonly load: number;
}

export function describeMachine(): Machine {
  let cpu = cpus()[0]?.model ?? "unknown";
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m?.[1]) cpu = m[1].trim();
  } catch {
    // Not Linux: keep what os.cpus() says.
  }
  return {
    cpu,
    cores: availableParallelism(),
    node: process.version,
    os: `${platform()} ${release()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    load: loadavg()[0] ?? 0,
  };
}
