// A gateway node as a real child process — the compiled entry `dist/src/main.js`, started the way
// `npm run start:node` starts it — for tests that must kill the whole process, not just stop a
// node object inside jest. It is configured by environment only (loadConfig, as in production)
// and its address is read from its own "gateway node listening" log line, so PORT=0 works.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";

const root = path.resolve(__dirname, "../../..");
/** The compiled node: the test runs what `npm ci` built (postinstall), as the deployment would. */
export const GATEWAY_ENTRY = path.join(root, "dist/src/main.js");
const NODE_FLAGS = ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning"];
/** Children not yet seen to exit, so a test that fails or times out leaves no node behind. */
const live = new Set<ChildProcess>();

export interface GatewayProcess {
  url: string;
  pid: number;
  /** Resolves when the process is gone, with how it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown hook, no FINAL checkpoint, no flush — a power cut as far as the process knows. */
  kill(): void;
  /** SIGTERM: what an orchestrator sends first; the node shuts down on its own terms. */
  terminate(): void;
}

/** Fails with the command that fixes it, instead of a spawn error about a missing file. */
export function assertGatewayBuilt(): void {
  if (!fs.existsSync(GATEWAY_ENTRY)) {
    throw new Error(`${path.relative(root, GATEWAY_ENTRY)} is missing: build the gateway first (npx tsc -p tsconfig.build.json, or npm ci)`);
  }
}

/**
 * Starts the node and resolves once it listens. Rejects (and kills it) when it exits or does not
 * listen within `startupTimeoutMs`; stderr's tail is in the message, since start-up failures are
 * reported there (main.ts).
 */
export function startGatewayProcess(env: Record<string, string>, startupTimeoutMs = 30_000, cwd = root): Promise<GatewayProcess> {
  assertGatewayBuilt();
  const child: ChildProcess = spawn(process.execPath, [...NODE_FLAGS, GATEWAY_ENTRY], {
    cwd,
    // Only what the node is given, so nothing in the runner's environment picks its database;
    // libpq-style PG* settings (a CI's PGPASSWORD, PGSSLMODE) still reach the pg driver.
    env: { PATH: process.env.PATH ?? "", ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("PG"))), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderrTail = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => (stderrTail = (stderrTail + chunk).slice(-2000)));
  live.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => (live.delete(child), resolve({ code, signal }))),
  );
  const kill = () => void child.kill("SIGKILL");
  const terminate = () => void child.kill("SIGTERM");

  return new Promise<GatewayProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`gateway did not listen within ${startupTimeoutMs} ms: ${stderrTail.trim()}`));
    }, startupTimeoutMs);
    // Every line is read, not just the first: an undrained pipe would block the node's logger.
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.includes("gateway node listening")) return;
      const url = (JSON.parse(line) as { url?: string }).url;
      if (!url) return;
      clearTimeout(timer);
      resolve({ url, pid: child.pid!, exited, kill, terminate });
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited (code ${code}, signal ${signal}) before listening: ${stderrTail.trim()}`));
    });
  });
}

/** SIGKILLs every gateway this module started that is still running (for afterAll). */
export function killGatewayProcessesStillRunning(): void {
  for (const child of live) child.kill("SIGKILL");
}
