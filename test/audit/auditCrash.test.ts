// Crash test: a child process appends concurrently and is killed with SIGKILL at random moments.
// Every append it reported as committed must be in the database afterwards, and the chain must
// verify. Repeated on one database, so each new writer also witnesses the killed one's head.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { exportJWK } from "jose";
import { DatabaseAuditSource, verifyAuditLog } from "../../src/audit";
import { createPrismaClient } from "../../src/db";
import { freshSqliteFile } from "./support/auditDatabases";
import { nodeKeyPair } from "./support/nodeKeys";

const root = path.resolve(__dirname, "../..");
const TRIALS = 12;

interface Trial {
  committed: Map<string, { sequence: number; entryHash: string }>;
  writerId: string;
  killedAfterMs: number;
}

/** Runs the workload until `killAfterMs` past its first commit, then SIGKILL. */
function runTrial(url: string, keyFile: string, killAfterMs: number): Promise<Trial> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "dist/scripts/audit/appendWorkload.js"), "--database-url", url, "--key", keyFile, "--concurrency", "24"], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const committed = new Map<string, { sequence: number; entryHash: string }>();
    let writerId = "";
    let buffered = "";
    let killTimer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => child.kill("SIGKILL"), 15_000); // bound the trial whatever happens
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const [kind, ...rest] = line.split(" ");
        if (kind === "READY") writerId = rest[0];
        if (kind === "ERROR") reject(new Error(`workload failed: ${rest.join(" ")}`));
        if (kind !== "C") continue;
        committed.set(rest[0], { sequence: Number(rest[1]), entryHash: rest[2] });
        killTimer ??= setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      // A line cut by the kill was never completely reported: it does not count as received.
      if (signal !== "SIGKILL") reject(new Error(`workload ended by itself (code ${code})`));
      else resolve({ committed, writerId, killedAfterMs: killAfterMs });
    });
  });
}

describe("crash: SIGKILL under concurrent appends", () => {
  it(`keeps every reported commit and a verifiable chain across ${TRIALS} kills`, async () => {
    const { url, dir } = freshSqliteFile();
    const { signingKey, jwks } = await nodeKeyPair("crash-node");
    const keyFile = path.join(dir, "node.private.jwk.json");
    fs.writeFileSync(keyFile, JSON.stringify({ ...(await exportJWK(signingKey.key)), kid: signingKey.kid }));

    const trials: Trial[] = [];
    for (let i = 0; i < TRIALS; i++) trials.push(await runTrial(url, keyFile, 5 + Math.floor(Math.random() * 400)));

    const prisma = createPrismaClient(url);
    try {
      let reported = 0;
      for (const trial of trials) {
        expect(trial.committed.size).toBeGreaterThan(0);
        const rows = await prisma.auditEntry.findMany({ where: { writerId: trial.writerId }, select: { requestId: true, sequence: true, entryHash: true } });
        const stored = new Map(rows.map((r) => [r.requestId, r]));
        for (const [requestId, receipt] of trial.committed) {
          expect(stored.get(requestId)).toEqual({ requestId, ...receipt });
        }
        reported += trial.committed.size;
      }
      const report = await verifyAuditLog(new DatabaseAuditSource(prisma), { publicKeys: jwks });
      expect(report.firstBreak).toBeNull();
      expect(report.ok).toBe(true);
      expect(report.writers).toHaveLength(TRIALS);
      // Every killed writer but the last was witnessed by the next one's genesis.
      const sealed = report.writers.filter((w) => w.unsealedEntries === 0).length;
      expect(sealed).toBeGreaterThanOrEqual(TRIALS - 1);
      console.log(
        `crash test: ${TRIALS} kills after ${trials.map((t) => t.killedAfterMs).join("/")} ms; ` +
          `${reported} commits reported, all present; ${report.entriesChecked} entries verified`,
      );
    } finally {
      await prisma.$disconnect();
    }
  }, 120_000);
});
