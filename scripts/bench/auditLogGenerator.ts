// Generates a large audit log into a SQLite file through the fast path: better-sqlite3 prepared
// statements in big transactions (not the writer's group commit), but chained exactly as the
// writer chains (same recordOf/entryHashOf, signed genesis, periodic and FINAL checkpoints), so
// the result verifies with audit:verify and the review queries see realistic data.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { exportJWK, generateKeyPair, type JSONWebKeySet } from "jose";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { genesisHashOf, recordOf, SubjectPseudonymizer, type AuditEntryInput, type AuditRecord, type CheckpointClaims, type NodeSigningKey } from "../../src/audit";
import { signCheckpoint, checkpointDigest } from "../../src/audit/auditCheckpoint";
import { AREA_DIVISIONS } from "../../src/areas";
import type { Role } from "../../src/context";
import { composeIdentityNumber } from "../../src/identity";
import { migrateInChildProcess } from "./auditWriterThroughput";

/**
 * Bumped whenever the rows the generator writes change (columns, distributions, seed, chain or
 * checkpoint layout): the bench's cache of generated logs is keyed by it, so a stale file is
 * never measured.
 */
export const AUDIT_LOG_GENERATOR_VERSION = 2;
export const BENCH_SUBJECT_KEY = "bench-subject-key-0123456789abcdef0123";
export const OFFICERS = 2000;
export const PERSONS = 1_000_000;
const START = Date.parse("2025-01-01T00:00:00.000Z");
const YEAR_MS = 365 * 24 * 3600 * 1000;
const ENTRIES_PER_WRITER = 1_000_000;
const CHECKPOINT_EVERY = 1000;
const ROWS_PER_TRANSACTION = 50_000;

export interface GeneratedLog {
  file: string;
  entries: number;
  jwks: JSONWebKeySet;
  seconds: number;
  reused: boolean;
}

export const officerId = (i: number) => `${i % 2 ? "sc" : "cq"}-officer-${String(i).padStart(4, "0")}`;

/** The i-th synthetic person's identity number (valid GB 11643, spread over both provinces). */
export function personIdNumber(i: number): string {
  const area = AREA_DIVISIONS[i % AREA_DIVISIONS.length].code;
  const k = Math.floor(i / AREA_DIVISIONS.length);
  const year = 1940 + (k % 70);
  const day = 1 + (Math.floor(k / 70) % 28);
  const month = 1 + (Math.floor(k / 1960) % 12);
  const sequence = 1 + (Math.floor(k / 23520) % 999);
  const date = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return composeIdentityNumber(area, date, sequence % 2 ? "MALE" : "FEMALE", sequence);
}

const ROLES_BY_OFFICER: Role[] = ["verification_officer", "assistance_caseworker", "relief_officer", "police_liaison"];
const PURPOSE_BY_ROLE = { verification_officer: "MLG_REVIEW", assistance_caseworker: "TEMP_ASSISTANCE", relief_officer: "RELIEF_CASEWORK", police_liaison: "FAMILY_SEARCH", compliance_officer: "AUDIT_REVIEW", verification_centre: "VERIFICATION_PUBLISH" } as const;
const OPERATIONS = ["HouseholdVerification", "VerificationsByIdNumber", "ReliefRecords", "FamilySearch", "AssistanceStandards"];

function countEntries(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const db = new Database(file, { readonly: true });
  try {
    return Number(db.prepare(`SELECT COUNT(*) FROM "AuditEntry"`).pluck().get());
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

/** Generates `entries` entries into `file` (reused when it already holds that many). */
export async function generateAuditLog(
  file: string,
  entries: number,
  onProgress: (done: number) => void = () => undefined,
  { entriesPerWriter = ENTRIES_PER_WRITER }: { entriesPerWriter?: number } = {},
): Promise<GeneratedLog> {
  const jwksFile = `${file}.jwks.json`;
  if (countEntries(file) === entries && fs.existsSync(jwksFile)) {
    return { file, entries, jwks: JSON.parse(fs.readFileSync(jwksFile, "utf8")), seconds: 0, reused: true };
  }
  const started = performance.now();
  for (const suffix of ["", "-wal", "-shm", ".jwks.json"]) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  migrateInChildProcess(`file:${file}`);

  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const signer: NodeSigningKey = { key: privateKey, kid: "bench-node" };
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid: "bench-node", alg: "ES256", use: "sig" }] };

  const db = new Database(file);
  db.pragma("journal_mode = MEMORY");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -1000000");
  // Secondary indexes are dropped for the load and built afterwards: one sort per index instead of
  // ten million random B-tree inserts into files larger than the page cache.
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('AuditEntry', 'AuditSubject') AND sql IS NOT NULL`)
    .all() as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  // Positional parameters: binding 29 named parameters costs more than the insert itself here.
  const ENTRY_COLUMNS = ["writerId", "sequence", "previousHash", "entryHash", "recordedAt", "node", "requestId", "principalSub", "principalAgency",
    "principalRegion", "principalRoles", "forwardedByNode", "forwardedTokenId", "purpose", "caseRef", "operationName", "operationHash",
    "fieldsRequested", "fieldsDenied", "fieldsMasked", "deniedCount", "maskedCount", "subjectHmacs", "resultCount", "outcome", "errorCode",
    "errorDetail", "latencyMs", "peerHops"] as const satisfies readonly (keyof AuditRecord)[];
  const insertEntry = db.prepare(`INSERT INTO "AuditEntry" (${ENTRY_COLUMNS.map((c) => `"${c}"`).join(",")}) VALUES (${ENTRY_COLUMNS.map(() => "?").join(",")})`);
  const insertSubject = db.prepare(`INSERT INTO "AuditSubject" ("writerId","sequence","subjectHmac") VALUES (?, ?, ?)`);
  const insertCheckpoint = db.prepare(`INSERT INTO "AuditCheckpoint" ("node","writerId","sequence","headHash","kind","signedAt","jws") VALUES (?,?,?,?,?,?,?)`);
  // The Prisma adapter stores DateTime as ISO 8601 with "+00:00"; the raw rows must match.
  const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");

  const rng = xoroshiro128plus(20260101);
  const pick = (n: number) => uniformInt(rng, 0, n - 1);
  const pseudonyms = new SubjectPseudonymizer(BENCH_SUBJECT_KEY);
  const hmacCache = new Map<number, string>();
  const hmacOfPerson = (i: number) => {
    let h = hmacCache.get(i);
    if (!h) hmacCache.set(i, (h = pseudonyms.hmacOf(personIdNumber(i))));
    return h;
  };

  const step = YEAR_MS / entries;
  let writerId = "";
  let head = { sequence: 0, hash: "" };
  let lastCheckpointDigest = "";
  const pendingCheckpoints: { claims: CheckpointClaims }[] = [];

  const signPending = async () => {
    for (const { claims } of pendingCheckpoints.splice(0)) {
      const row = await signCheckpoint({ ...claims, previousCheckpoint: lastCheckpointDigest || null }, signer);
      lastCheckpointDigest = checkpointDigest(row.jws);
      insertCheckpoint.run(row.node, row.writerId, row.sequence, row.headHash, row.kind, iso(row.signedAt), row.jws);
    }
  };
  const checkpoint = (kind: CheckpointClaims["kind"], at: Date) =>
    pendingCheckpoints.push({ claims: { node: "CHONGQING", writerId, sequence: head.sequence, headHash: head.hash, kind, time: at.toISOString(), previousCheckpoint: null, witnesses: [] } });

  for (let done = 0; done < entries; ) {
    const batch = Math.min(ROWS_PER_TRANSACTION, entries - done);
    db.exec("BEGIN");
    for (let k = 0; k < batch; k++, done++) {
      const at = new Date(START + Math.floor(done * step));
      if (done % entriesPerWriter === 0) {
        if (writerId) {
          // Seal the finished chain before the next one starts its own checkpoint links.
          checkpoint("FINAL", at);
          await signPending();
        }
        writerId = `CQ-${10_000 + done / entriesPerWriter}-bench-writer-${done / entriesPerWriter}`;
        head = { sequence: 0, hash: genesisHashOf(writerId) };
        lastCheckpointDigest = "";
        checkpoint("GENESIS", at);
        await signPending(); // the genesis must be signed before the chain's first link
      }
      const officer = pick(OFFICERS);
      const role = ROLES_BY_OFFICER[officer % ROLES_BY_OFFICER.length];
      const roll = pick(100);
      const outcome = roll < 70 ? "ALLOWED" : roll < 90 ? "MASKED" : roll < 95 ? "PARTIAL" : roll < 98 ? "DENIED" : roll < 99 ? "INVALID" : "FAILED";
      const subjects = outcome === "INVALID" ? [] : Array.from({ length: pick(3) }, () => pick(PERSONS));
      const operation = OPERATIONS[pick(OPERATIONS.length)];
      const input: AuditEntryInput = {
        requestId: `bench-${done}`,
        node: "CHONGQING",
        principal: { sub: officerId(officer), agency: `${officer % 2 ? "SC" : "CQ"}-AG-${String(officer % 100).padStart(3, "0")}`, region: officer % 2 ? "SICHUAN" : "CHONGQING", roles: [role] },
        purpose: PURPOSE_BY_ROLE[role],
        caseRef: `CASE-2025-${pick(300_000)}`,
        operationName: operation,
        operationHash: "5e".repeat(32),
        fieldsRequested: [`${operation}.id`, `${operation}.region`, `${operation}.conclusion`],
        fieldsMasked: outcome === "MASKED" ? [{ path: `${operation}.members.idNumber`, policyId: "policy-v1", reasonCode: "MASK_ID" }] : [],
        fieldsDenied: outcome === "PARTIAL" || outcome === "DENIED" ? [{ path: `${operation}.assets`, policyId: "policy-v1", reasonCode: "ROLE_NOT_ALLOWED" }] : [],
        resultCount: outcome === "DENIED" || outcome === "INVALID" ? 0 : 1 + pick(5),
        outcome,
        errorCode: outcome === "DENIED" ? "FORBIDDEN" : outcome === "INVALID" ? "GRAPHQL_VALIDATION_FAILED" : outcome === "FAILED" ? "INTERNAL_SERVER_ERROR" : undefined,
        latencyMs: 2 + pick(40),
      };
      const hmacs = [...new Set(subjects.map(hmacOfPerson))].sort();
      const record = recordOf(input, hmacs, { writerId, sequence: head.sequence + 1, previousHash: head.hash, recordedAt: at });
      insertEntry.run(ENTRY_COLUMNS.map((c) => (c === "recordedAt" ? iso(record.recordedAt) : record[c])));
      for (const h of hmacs) insertSubject.run(writerId, record.sequence, h);
      head = { sequence: record.sequence, hash: record.entryHash };
      if (head.sequence % CHECKPOINT_EVERY === 0) checkpoint("PERIODIC", at);
    }
    await signPending();
    db.exec("COMMIT");
    onProgress(done);
  }
  checkpoint("FINAL", new Date(START + YEAR_MS));
  await signPending();
  for (const index of indexes) db.exec(index.sql);
  // No ANALYZE: a gateway's database has no planner statistics either, and the figures must be its.
  db.pragma("journal_mode = WAL");
  db.close();
  fs.writeFileSync(jwksFile, JSON.stringify(jwks));
  return { file, entries, jwks, seconds: (performance.now() - started) / 1000, reused: false };
}
