// Servers under test run as child processes: started (pinned), announced, ready (/readyz 200),
// measured (/proc/<pid>/status) and always stopped — on success, on error, on SIGINT/SIGTERM.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import readline from "node:readline";
import { parseAnnouncement } from "./childProtocol";
import { pinServer, startupCommand, type CpuPlan } from "./cpuPinning";

const NODE_FLAGS = ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning"];
// Extra flags for every server the bench starts, to profile them where they run
// (BENCH_SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof"): NODE_OPTIONS refuses --cpu-prof.
const EXTRA_FLAGS = (process.env.BENCH_SERVER_NODE_FLAGS ?? "").split(" ").filter(Boolean);
const ANNOUNCE_TIMEOUT_MS = 120_000;
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 8_000;

export interface ProcessMemory {
  /** Resident set now, MB. */
  rssMb: number;
  /** Peak resident set since start (VmHWM), MB. */
  peakRssMb: number;
}

export interface ServerChild {
  name: string;
  url: string;
  pid: number;
  /** Undefined where /proc is not available. */
  memory(): ProcessMemory | undefined;
  /** CPU seconds (user + system, all threads) the process has used so far; undefined without /proc. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

export interface ServerChildSpec {
  name: string;
  /** Compiled script (dist/…/*.js). */
  script: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Extra flags for node itself (e.g. a heap limit). */
  nodeFlags?: string[];
}

const running = new Set<ChildProcess>();

/** Stops every child still running, at once (used on exit paths; a child also stops when its stdin closes). */
export function killAllServerChildren(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

function readMemory(pid: number): ProcessMemory | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? NaN);
    return { rssMb: kb("VmRSS") / 1024, peakRssMb: kb("VmHWM") / 1024 };
  } catch {
    return undefined;
  }
}

let clockTicks: number | undefined;

function readCpuSeconds(pid: number): number | undefined {
  try {
    clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    // Fields after the command name (which may contain spaces, so split after its closing paren).
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return undefined;
  }
}

/** Start-up work a gateway still does in the background (warm-up:* checks of /readyz not yet "ready"). */
async function warmingUp(res: Response): Promise<boolean> {
  const body = (await res.json().catch(() => undefined)) as { checks?: Record<string, string> } | undefined;
  return Object.entries(body?.checks ?? {}).some(([check, state]) => check.startsWith("warm-up:") && state !== "ready");
}

/**
 * Ready: /readyz answers 200 and no start-up work is still running — a relief index built in
 * the background would otherwise share the core with the first measured round.
 */
async function waitReady(url: string, name: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok && !(await warmingUp(res))) return;
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name}: /readyz not 200 within ${READY_TIMEOUT_MS / 1000} s`);
}

export async function startServerChild(spec: ServerChildSpec, cpu: CpuPlan): Promise<ServerChild> {
  const [command, args] = startupCommand(cpu, process.execPath, [...NODE_FLAGS, ...EXTRA_FLAGS, ...(spec.nodeFlags ?? []), spec.script, ...(spec.args ?? [])]);
  // Every server runs as deployed, gateways and baselines alike: NODE_ENV=production, under which
  // graphql-js skips its development-time cross-realm instanceOf checks on every field.
  const env = { NODE_ENV: "production", ...(spec.env ?? process.env) };
  const child = spawn(command, args, { env, stdio: ["pipe", "pipe", "pipe"] });
  running.add(child);
  let stderrTail = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderrTail = (stderrTail + chunk.toString("utf8")).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => (running.delete(child), resolve(code))));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${spec.name}: not listening within ${ANNOUNCE_TIMEOUT_MS / 1000} s`)), ANNOUNCE_TIMEOUT_MS);
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      const announced = parseAnnouncement(line);
      if (!announced) return;
      clearTimeout(timer);
      resolve(announced.url);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.name} exited (${code}) before listening: ${stderrTail.trim()}`));
    });
  }).catch((error: Error) => {
    child.kill("SIGKILL");
    throw error;
  });
  await waitReady(url, spec.name).catch((error: Error) => {
    child.kill("SIGKILL");
    throw error;
  });
  pinServer(cpu, child.pid!);

  return {
    name: spec.name,
    url,
    pid: child.pid!,
    memory: () => readMemory(child.pid!),
    cpuSeconds: () => readCpuSeconds(child.pid!),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
