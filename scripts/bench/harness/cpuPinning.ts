// Server and load generator on different cores where `taskset` exists (issue 8): every server the
// bench measures runs on core 0 (pinned once it is ready; it starts on all cores), the bench itself
// (and so autocannon) on core 1. Without taskset, or on one core, they share — and the report says so.
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

/**
 * The command line that starts a server on every core (this process, the parent, is pinned to the
 * load core, and a child would inherit that).
 */
export function startupCommand(plan: CpuPlan, command: string, args: string[]): [string, string[]] {
  if (plan.serverCore === null) return [command, args];
  return ["taskset", ["-c", `0-${os.cpus().length - 1}`, command, ...args]];
}

/**
 * Pins a started server (all its threads: -a) to the server core. Servers start unpinned, on both
 * cores — nothing is measured while they start, and start-up (schema, Prisma's WASM) is the
 * bench's largest fixed cost — and are pinned once ready, before any load.
 */
export function pinServer(plan: CpuPlan, pid: number): void {
  if (plan.serverCore === null) return;
  execFileSync("taskset", ["-a", "-p", "-c", String(plan.serverCore), String(pid)], { stdio: "ignore" });
}
