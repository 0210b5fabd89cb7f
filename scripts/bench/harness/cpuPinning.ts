// Server and load generator on different cores where `taskset` exists (issue 8): every server the
// bench starts runs on core 0, the bench itself (and so autocannon) on core 1. Without taskset, or
// on one core, they share — and the report says so.
import { execFileSync } from "node:child_process";
import os from "node:os";

export interface CpuPlan {
  /** Core for the servers, or null when not pinned. */
  serverCore: number | null;
  /** Core of this process (the load generator), or null when not pinned. */
  loadCore: number | null;
  description: string;
}

function tasksetWorks(): boolean {
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Pins this process (all its threads: -a) to core 1 and plans core 0 for the servers. */
export function pinLoadGenerator(): CpuPlan {
  const cores = os.availableParallelism();
  if (cores < 2) return { serverCore: null, loadCore: null, description: `not pinned (${cores} core)` };
  if (!tasksetWorks()) return { serverCore: null, loadCore: null, description: `not pinned (no taskset; ${cores} cores shared)` };
  execFileSync("taskset", ["-a", "-p", "-c", "1", String(process.pid)], { stdio: "ignore" });
  return { serverCore: 0, loadCore: 1, description: `server on core 0, load generator on core 1 (taskset; ${cores} cores)` };
}

/** The command line that starts `args` under the server's pinning. */
export function pinnedCommand(plan: CpuPlan, command: string, args: string[]): [string, string[]] {
  if (plan.serverCore === null) return [command, args];
  return ["taskset", ["-c", String(plan.serverCore), command, ...args]];
}
