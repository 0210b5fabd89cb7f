// Sustained audit entries per second through the chain writer alone, one at a time vs
// concurrency 32, on a fresh SQLite file (WAL, synchronous=FULL), for each insert path.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateKeyPair } from "jose";
import { AuditChainWriter, type AuditEntryInput, type InsertPath } from "../../src/audit";
import { execFileSync } from "node:child_process";
import { createPrismaClient, projectRoot } from "../../src/db";
import { composeIdentityNumber } from "../../src/identity";

export interface ThroughputFigures {
  insertPath: InsertPath;
  sequentialPerSecond: number;
  concurrentPerSecond: number;
  concurrency: number;
  batchesConcurrent: number;
  entriesConcurrent: number;
  /** Share of the concurrent run the event loop was busy: what the writer leaves the requests. */
  eventLoopUtilizationConcurrent: number;
}

function sampleAccess(i: number): AuditEntryInput {
  return {
    requestId: `bench-${i}`,
    node: "CHONGQING",
    principal: { sub: `officer-${i % 50}`, agency: "CQ-MZJ-01", region: "CHONGQING", roles: ["verification_officer"] },
    purpose: "MLG_REVIEW",
    caseRef: `CQ-2026-${String(i % 997).padStart(5, "0")}`,
    operationName: "HouseholdVerification",
    operationHash: "3f".repeat(32),
    fieldsRequested: ["householdVerification.conclusion", "householdVerification.perCapitaIncomeFen", "householdVerification.members.name"],
    fieldsMasked: [{ path: "householdVerification.members.idNumber", policyId: "verification-v1", reasonCode: "MASK_ID" }],
    subjects: [composeIdentityNumber("500103", "1970-01-01", i % 2 ? "MALE" : "FEMALE", (i % 400) + 1)],
    outcome: "MASKED",
    resultCount: 1,
    latencyMs: 4,
  };
}

/** Appends for `seconds` with `concurrency` workers each awaiting its append before the next. */
async function run(writer: AuditChainWriter, concurrency: number, seconds: number): Promise<{ perSecond: number; entries: number; eventLoopUtilization: number }> {
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const loopBefore = performance.eventLoopUtilization();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) await writer.append(sampleAccess(count++));
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: count / elapsed, entries: count, eventLoopUtilization: performance.eventLoopUtilization(loopBefore).utilization };
}

export async function measureWriterThroughput(insertPath: InsertPath, seconds: number, concurrency = 32): Promise<ThroughputFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-bench-writer-"));
  const url = `file:${path.join(dir, "writer.db")}`;
  migrateInChildProcess(url);
  const prisma = createPrismaClient(url);
  const { privateKey } = await generateKeyPair("ES256");
  const writer = await AuditChainWriter.open(prisma, {
    node: "CHONGQING",
    signingKey: { key: privateKey, kid: "bench" },
    subjectKey: "bench-subject-key-0123456789abcdef0123",
    insertPath,
    sqliteFile: insertPath === "thread" ? path.join(dir, "writer.db") : undefined,
  });
  try {
    await run(writer, 4, 0.5); // warm-up: query plans, page cache
    const sequential = await run(writer, 1, seconds);
    const before = writer.stats();
    const concurrent = await run(writer, concurrency, seconds);
    const after = writer.stats();
    return {
      insertPath,
      sequentialPerSecond: sequential.perSecond,
      concurrentPerSecond: concurrent.perSecond,
      concurrency,
      batchesConcurrent: after.committedBatches - before.committedBatches,
      entriesConcurrent: after.committedEntries - before.committedEntries,
      eventLoopUtilizationConcurrent: concurrent.eventLoopUtilization,
    };
  } finally {
    await writer.close();
    await prisma.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Migrates in a separate process: applyMigrations leaves the schema engine's connection open in
 * the calling process, and its lock would then stall this process's own client.
 */
export function migrateInChildProcess(url: string): void {
  const script = path.join(projectRoot, "dist/scripts/db/migrate.js");
  execFileSync(process.execPath, ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", script, "--database-url", url], { stdio: "pipe" });
}
