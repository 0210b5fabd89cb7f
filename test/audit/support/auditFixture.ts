// A small audit log written by the real writer, and tools to tamper with copies of it the way
// someone with the database owner's rights could (triggers dropped first).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import type { JSONWebKeySet } from "jose";
import { AuditChainWriter, DatabaseAuditSource, entryHashOf, verifyAuditLog, type AuditEntryInput, type AuditRecord, type AuditVerificationReport, type NodeSigningKey } from "../../../src/audit";
import { createPrismaClient, type PrismaClient } from "../../../src/db";
import { composeIdentityNumber } from "../../../src/identity";
import { freshSqliteClient } from "./auditDatabases";
import { nodeKeyPair, SUBJECT_KEY } from "./nodeKeys";

export function sampleAccess(i: number, extra: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    requestId: `req-${i}`,
    node: "CHONGQING",
    principal: { sub: `officer-${i % 3}`, agency: "CQ-MZJ", region: "CHONGQING", roles: ["verification_officer"] },
    purpose: "MLG_REVIEW",
    caseRef: `CQ-2026-${String(i % 4).padStart(4, "0")}`,
    operationName: "Household",
    fieldsRequested: ["householdVerification.conclusion"],
    subjects: i % 2 === 0 ? [composeIdentityNumber("500103", "1970-01-01", "MALE", (i % 50) + 1)] : [],
    outcome: "ALLOWED",
    resultCount: 1,
    latencyMs: 2,
    ...extra,
  };
}

export interface AuditFixture {
  file: string;
  signingKey: NodeSigningKey;
  jwks: JSONWebKeySet;
  /** Writer ids: A closed (FINAL at 23, checkpoints every 5), B crashed after 4, C running (7 entries). */
  writers: { a: string; b: string; c: string };
}

/** Writes the fixture log; the file is closed and checkpointed (no WAL) so copies are whole. */
export async function writeAuditFixture(): Promise<AuditFixture> {
  const { prisma, file } = freshSqliteClient();
  const { signingKey, jwks } = await nodeKeyPair();
  const open = () => AuditChainWriter.open(prisma, { node: "CHONGQING", signingKey, subjectKey: SUBJECT_KEY, checkpointEvery: { entries: 5, seconds: 3600 } });
  const a = await open();
  for (let i = 1; i <= 23; i++) await a.append(sampleAccess(i));
  await a.close();
  const b = await open();
  for (let i = 1; i <= 4; i++) await b.append(sampleAccess(100 + i));
  // b "crashes": never closed. C's genesis witnesses b's head.
  const c = await open();
  for (let i = 1; i <= 7; i++) await c.append(sampleAccess(200 + i));
  await prisma.$disconnect();
  const db = new Database(file);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return { file, signingKey, jwks, writers: { a: a.writerId, b: b.writerId, c: c.writerId } };
}

const TRIGGERS = [
  "AuditEntry_refuse_update", "AuditEntry_refuse_delete", "AuditSubject_refuse_update", "AuditSubject_refuse_delete",
  "AuditCheckpoint_refuse_update", "AuditCheckpoint_refuse_delete",
];

/** A copy of the fixture with the append-only triggers dropped, for `tamper` to change. */
export function tamperableCopy(fixture: AuditFixture, tamper: (db: Database.Database) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-tampered-"));
  const file = path.join(dir, "audit.db");
  fs.copyFileSync(fixture.file, file);
  const db = new Database(file);
  for (const trigger of TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS "${trigger}"`);
  tamper(db);
  db.close();
  return file;
}

export async function verifyFile(file: string, jwks: JSONWebKeySet): Promise<AuditVerificationReport> {
  const prisma: PrismaClient = createPrismaClient(`file:${file}`);
  try {
    return await verifyAuditLog(new DatabaseAuditSource(prisma), { publicKeys: jwks });
  } finally {
    await prisma.$disconnect();
  }
}

interface EntryRow extends Record<string, unknown> {
  writerId: string;
  sequence: number;
  entryHash: string;
  previousHash: string;
  recordedAt: string;
}

/** Reads a row as stored, recomputes its hash after `change`, as a forger who knows the format would. */
export function rehash(db: Database.Database, writerId: string, sequence: number, change: (row: EntryRow) => void): EntryRow {
  const row = db.prepare(`SELECT * FROM "AuditEntry" WHERE "writerId" = ? AND "sequence" = ?`).get(writerId, sequence) as EntryRow;
  change(row);
  const { id: _id, entryHash: _h, ...rest } = row;
  row.entryHash = entryHashOf({ ...(rest as unknown as AuditRecord), recordedAt: new Date(row.recordedAt) });
  return row;
}

export function saveRow(db: Database.Database, row: EntryRow): void {
  const columns = Object.keys(row).filter((c) => c !== "id");
  db.prepare(`UPDATE "AuditEntry" SET ${columns.map((c) => `"${c}" = @${c}`).join(", ")} WHERE "id" = @id`).run(row);
}

/** Inserts a row as given (id left to the database). */
export function insertRow(db: Database.Database, row: Record<string, unknown>): void {
  const { id: _id, ...rest } = row;
  const columns = Object.keys(rest);
  db.prepare(`INSERT INTO "AuditEntry" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`).run(rest);
}
