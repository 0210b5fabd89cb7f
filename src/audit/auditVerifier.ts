import type { JSONWebKeySet } from "jose";
import { entryHashOf, genesisHashOf, type AuditRecord } from "./auditRecord";
import { checkpointDigest, type CheckpointClaims, type CheckpointRow } from "./auditCheckpoint";
import type { ArchiveManifestRow } from "./auditJsonl";
import { ARCHIVE_TYP, CHECKPOINT_TYP, verifyStatement } from "./auditSignature";
import fs from "node:fs";
import path from "node:path";
import type { AuditSource, LoadedAuditFile, TimeRange } from "./auditRecordSource";
import { ARCHIVE_FORMAT } from "./auditJsonl";
import type { ArchiveClaims } from "./auditArchiveClaims";

/** What kind of link is broken. */
export type IntegrityProblem =
  | "MISSING_GENESIS" // a writer's chain has no signed genesis checkpoint (forged chain, or its checkpoints removed)
  | "CHECKPOINT_SIGNATURE" // a checkpoint's JWS does not verify with the node's public keys
  | "CHECKPOINT_ALTERED" // a checkpoint row differs from what its JWS signed
  | "CHECKPOINT_LINK" // a checkpoint does not link to the one before it (removed, reordered, inserted)
  | "CHECKPOINT_MISMATCH" // a signed head hash differs from the chain's entry at that sequence
  | "WITNESS_MISMATCH" // another writer's genesis witnessed a different head at that sequence
  | "SEQUENCE_GAP" // entries missing between two present ones (deleted)
  | "ENTRY_ALTERED" // an entry's content does not hash to its stored entryHash
  | "PREVIOUS_HASH_MISMATCH" // an entry does not link to the one before (reordered, inserted, replaced)
  | "SUBJECT_INDEX_MISMATCH" // AuditSubject rows disagree with the entry's subject HMACs
  | "ENTRY_AFTER_FINAL" // entries after the writer sealed its chain
  | "TAIL_TRUNCATED" // the chain ends below a sequence that was signed (checkpoint or witness)
  | "ARCHIVE_SIGNATURE" // an archive manifest's or archive file's signature does not verify
  | "ARCHIVE_MISMATCH" // an archive manifest or file disagrees with the chain or with itself
  | "FILE_ALTERED"; // an archive file's content no longer matches its seal, or an export its .sha256

export interface IntegrityBreak {
  /** The chain, or null for a problem with a whole file. */
  writerId: string | null;
  /** Where in the writer's chain (null when the problem is not at one entry). */
  sequence: number | null;
  problem: IntegrityProblem;
  /** What differs, in words. */
  detail: string;
  expected?: string;
  actual?: string;
}

export interface WriterIntegrity {
  writerId: string;
  /** First and last sequence examined (from the archive manifests on, when entries were archived). */
  firstSequence: number | null;
  lastSequence: number | null;
  entriesChecked: number;
  checkpointsChecked: number;
  /** Entries moved out under retention and vouched for by a signed manifest only (file not given). */
  archivedUnseen: number;
  /** The highest sequence a signature covers (own checkpoint or another writer's witness). */
  sealedThrough: number;
  /** Entries after sealedThrough: chained but not yet signed (normal for a running or crashed writer). */
  unsealedEntries: number;
  /** Whether the chain was sealed with a FINAL checkpoint at its last entry. */
  final: boolean;
  firstBreak: IntegrityBreak | null;
}

export interface AuditVerificationReport {
  ok: boolean;
  verifiedAt: Date;
  range: TimeRange | null;
  writers: WriterIntegrity[];
  entriesChecked: number;
  checkpointsChecked: number;
  archivedUnseen: number;
  unsealedEntries: number;
  /** A broken file, else the first broken link of the first writer (in genesis order) that has one. */
  firstBreak: IntegrityBreak | null;
  /** Archive seals and export digests that did not match. */
  fileProblems: IntegrityBreak[];
}

export interface VerifyOptions {
  /** The node's public JWKS: checkpoints and archive manifests must verify against it. */
  publicKeys: JSONWebKeySet;
  /** Verify only the chain segments holding entries recorded in this range (from checkpoint to checkpoint). */
  range?: TimeRange;
  /** Export and archive files read into the source: their seals and digest files are checked too. */
  files?: readonly LoadedAuditFile[];
}

interface VerifiedCheckpoint {
  row: CheckpointRow;
  claims: CheckpointClaims;
}

interface Witness {
  sequence: number;
  headHash: string;
  by: string;
}

/**
 * Recomputes every chain and checks every signature: the shared engine of `npm run
 * audit:verify` and the auditIntegrity query. Beyond what a hash chain alone shows (a changed,
 * reordered or inserted entry), it proves completeness: sequences must run without gaps from
 * each writer's signed genesis, every checkpoint must link to the previous one, and nothing may
 * end below a sequence that a checkpoint or another writer's genesis witness signed.
 */
export async function verifyAuditLog(source: AuditSource, options: VerifyOptions): Promise<AuditVerificationReport> {
  const range = options.range && (options.range.from || options.range.to) ? options.range : undefined;
  const writerIds = await source.writerIds(range);
  const checkpoints = new Map<string, { verified: VerifiedCheckpoint[]; problem: IntegrityBreak | null; count: number }>();
  for (const writerId of writerIds) checkpoints.set(writerId, await verifyCheckpoints(source, writerId, options.publicKeys));
  const witnesses = await collectWitnesses(source, options.publicKeys);

  const writers: WriterIntegrity[] = [];
  for (const writerId of writerIds) {
    const cps = checkpoints.get(writerId)!;
    writers.push(await verifyWriter(source, writerId, cps, witnesses.get(writerId) ?? [], options.publicKeys, range));
  }
  // Genesis order (creation order of the chains); writers without one last.
  const genesisAt = (w: WriterIntegrity) => checkpoints.get(w.writerId)?.verified[0]?.row.signedAt.getTime() ?? Number.MAX_SAFE_INTEGER;
  writers.sort((a, b) => genesisAt(a) - genesisAt(b) || a.writerId.localeCompare(b.writerId));
  const fileProblems = await checkFiles(options.files ?? [], options.publicKeys);
  const firstBroken = writers.find((w) => w.firstBreak);
  return {
    ok: !firstBroken && fileProblems.length === 0,
    verifiedAt: new Date(),
    range: range ?? null,
    writers,
    entriesChecked: sum(writers, (w) => w.entriesChecked),
    checkpointsChecked: sum(writers, (w) => w.checkpointsChecked),
    archivedUnseen: sum(writers, (w) => w.archivedUnseen),
    unsealedEntries: sum(writers, (w) => w.unsealedEntries),
    firstBreak: fileProblems[0] ?? firstBroken?.firstBreak ?? null,
    fileProblems,
  };
}

/**
 * An archive file must carry a seal whose signed digest matches the bytes before it; an export
 * with a `.sha256` file beside it must match that digest.
 */
async function checkFiles(files: readonly LoadedAuditFile[], keys: JSONWebKeySet): Promise<IntegrityBreak[]> {
  const problems: IntegrityBreak[] = [];
  const fileProblem = (file: LoadedAuditFile, detail: string, problem: IntegrityProblem = "FILE_ALTERED", expected?: string, actual?: string) =>
    problems.push({ writerId: null, sequence: null, problem, detail: `${path.basename(file.path)}: ${detail}`, expected, actual });
  for (const file of files) {
    if (file.header?.format === ARCHIVE_FORMAT) {
      if (!file.seal) {
        fileProblem(file, "archive file has no seal line (truncated?)");
        continue;
      }
      const check = await verifyStatement<ArchiveClaims>(file.seal.jws, keys, ARCHIVE_TYP);
      if (!check.ok) fileProblem(file, `seal: ${check.problem}`, "ARCHIVE_SIGNATURE");
      else if (check.payload.fileSha256 !== file.seal.digestOfContent) {
        fileProblem(file, "content differs from what the seal signed", "FILE_ALTERED", check.payload.fileSha256, file.seal.digestOfContent);
      }
    }
    const sidecar = `${file.path}.sha256`;
    if (fs.existsSync(sidecar)) {
      const expected = fs.readFileSync(sidecar, "utf8").trim().split(/\s+/)[0];
      if (expected !== file.sha256) fileProblem(file, `content differs from ${path.basename(sidecar)}`, "FILE_ALTERED", expected, file.sha256);
    }
  }
  return problems;
}

const sum = <T>(items: T[], of: (item: T) => number) => items.reduce((total, item) => total + of(item), 0);

async function verifyCheckpoints(source: AuditSource, writerId: string, keys: JSONWebKeySet) {
  const rows = await source.checkpoints(writerId);
  const verified: VerifiedCheckpoint[] = [];
  const fail = (row: CheckpointRow | undefined, problem: IntegrityProblem, detail: string, expected?: string, actual?: string) => ({
    verified,
    count: rows.length,
    problem: { writerId, sequence: row?.sequence ?? 0, problem, detail, expected, actual },
  });
  if (rows.length === 0) return fail(undefined, "MISSING_GENESIS", "no checkpoint at all: the chain has no signed genesis");
  let previousDigest: string | null = null;
  for (const [index, row] of rows.entries()) {
    const what = `${row.kind} checkpoint #${index + 1} (sequence ${row.sequence})`;
    const check = await verifyStatement<CheckpointClaims>(row.jws, keys, CHECKPOINT_TYP);
    if (!check.ok) return fail(row, "CHECKPOINT_SIGNATURE", `${what}: ${check.problem}`);
    const claims = check.payload;
    const altered = differingColumns(row, claims);
    if (altered) return fail(row, "CHECKPOINT_ALTERED", `${what}: the stored ${altered.column} differs from the signed one`, altered.signed, altered.stored);
    if (index === 0) {
      const genesis = genesisHashOf(writerId);
      if (claims.kind !== "GENESIS" || claims.sequence !== 0 || claims.previousCheckpoint !== null || claims.headHash !== genesis) {
        return fail(row, "MISSING_GENESIS", `the first checkpoint is ${what}, not the writer's signed genesis`);
      }
    } else if (claims.previousCheckpoint !== previousDigest) {
      return fail(row, "CHECKPOINT_LINK", `${what} does not link to the checkpoint before it (one was removed, reordered or inserted)`, previousDigest ?? "null", String(claims.previousCheckpoint));
    } else if (claims.kind === "GENESIS" || claims.sequence < verified[verified.length - 1].claims.sequence) {
      return fail(row, "CHECKPOINT_LINK", `${what} is out of order`);
    }
    previousDigest = checkpointDigest(row.jws);
    verified.push({ row, claims });
  }
  return { verified, count: rows.length, problem: null };
}

function differingColumns(row: CheckpointRow, claims: CheckpointClaims): { column: string; stored: string; signed: string } | null {
  const pairs: [string, unknown, unknown][] = [
    ["writerId", row.writerId, claims.writerId],
    ["sequence", row.sequence, claims.sequence],
    ["headHash", row.headHash, claims.headHash],
    ["kind", row.kind, claims.kind],
    ["node", row.node, claims.node],
    ["signedAt", row.signedAt.toISOString(), claims.time],
  ];
  const differing = pairs.find(([, stored, signed]) => stored !== signed);
  return differing ? { column: differing[0], stored: String(differing[1]), signed: String(differing[2]) } : null;
}

/** Heads that other writers' (verified) genesis checkpoints vouch for, by witnessed writer. */
async function collectWitnesses(source: AuditSource, keys: JSONWebKeySet): Promise<Map<string, Witness[]>> {
  const byWriter = new Map<string, Witness[]>();
  for (const row of await source.genesisCheckpoints()) {
    const check = await verifyStatement<CheckpointClaims>(row.jws, keys, CHECKPOINT_TYP);
    if (!check.ok) continue; // its own writer's verification reports it
    for (const w of check.payload.witnesses ?? []) {
      byWriter.set(w.writerId, [...(byWriter.get(w.writerId) ?? []), { sequence: w.sequence, headHash: w.headHash, by: row.writerId }]);
    }
  }
  return byWriter;
}

async function verifyArchives(writerId: string, manifests: ArchiveManifestRow[], keys: JSONWebKeySet): Promise<IntegrityBreak | null> {
  let expectedFrom = 1;
  let expectedPrevious = genesisHashOf(writerId);
  for (const manifest of manifests) {
    const where = `archive manifest for sequences ${manifest.fromSequence}–${manifest.toSequence} (${manifest.fileName})`;
    const check = await verifyStatement<ArchiveClaims>(manifest.jws, keys, ARCHIVE_TYP);
    if (!check.ok) return { writerId, sequence: manifest.fromSequence, problem: "ARCHIVE_SIGNATURE", detail: `${where}: ${check.problem}` };
    const range = check.payload.ranges.find((r) => r.writerId === writerId && r.fromSequence === manifest.fromSequence);
    const stored = [manifest.toSequence, manifest.fromPreviousHash, manifest.toHash, manifest.entryCount, manifest.fileSha256, manifest.cutoff.toISOString()];
    const signed = range && [range.toSequence, range.fromPreviousHash, range.toHash, range.entryCount, check.payload.fileSha256, check.payload.cutoff];
    if (!signed || stored.some((value, i) => value !== signed[i])) {
      return { writerId, sequence: manifest.fromSequence, problem: "ARCHIVE_MISMATCH", detail: `${where}: the stored manifest differs from what was signed` };
    }
    if (manifest.fromSequence !== expectedFrom || manifest.fromPreviousHash !== expectedPrevious) {
      return { writerId, sequence: manifest.fromSequence, problem: "ARCHIVE_MISMATCH", detail: `${where} does not continue the archived chain at sequence ${expectedFrom}` };
    }
    expectedFrom = manifest.toSequence + 1;
    expectedPrevious = manifest.toHash;
  }
  return null;
}

interface WalkState {
  expectedSequence: number;
  expectedPrevious: string;
  lastSequence: number | null;
  firstSequence: number | null;
  entriesChecked: number;
  archivedUnseen: number;
}

async function verifyWriter(
  source: AuditSource,
  writerId: string,
  cps: { verified: VerifiedCheckpoint[]; problem: IntegrityBreak | null; count: number },
  witnesses: Witness[],
  keys: JSONWebKeySet,
  range: TimeRange | undefined,
): Promise<WriterIntegrity> {
  const breaks: IntegrityBreak[] = cps.problem ? [cps.problem] : [];
  const manifests = await source.archives(writerId);
  const archiveProblem = await verifyArchives(writerId, manifests, keys);
  if (archiveProblem) breaks.push(archiveProblem);
  const verified = cps.verified;
  const signedAt = new Map<number, VerifiedCheckpoint[]>();
  for (const cp of verified) signedAt.set(cp.claims.sequence, [...(signedAt.get(cp.claims.sequence) ?? []), cp]);
  const witnessedAt = new Map<number, Witness[]>();
  for (const w of witnesses) witnessedAt.set(w.sequence, [...(witnessedAt.get(w.sequence) ?? []), w]);
  const finalSequence = verified.find((cp) => cp.claims.kind === "FINAL")?.claims.sequence;

  // Where the walk starts and ends: the whole chain, or (for a range or a partial export) from
  // the last signed checkpoint before the segment to the first one after it.
  let start = { sequence: 0, hash: genesisHashOf(writerId) };
  let end = Number.POSITIVE_INFINITY;
  const segmentOnly = Boolean(range) || !source.complete;
  if (segmentOnly) {
    const span = range ? await source.sequencesWithin(writerId, range) : await firstAndLast(source, writerId);
    if (span) {
      const anchor = [...verified].reverse().find((cp) => cp.claims.sequence < span.first);
      if (anchor) start = { sequence: anchor.claims.sequence, hash: anchor.claims.headHash };
      const closing = verified.find((cp) => cp.claims.sequence >= span.last);
      end = range ? (closing?.claims.sequence ?? Number.POSITIVE_INFINITY) : span.last;
    }
  }

  const state: WalkState = {
    expectedSequence: start.sequence + 1,
    expectedPrevious: start.hash,
    lastSequence: null,
    firstSequence: null,
    entriesChecked: 0,
    archivedUnseen: 0,
  };
  const skipArchived = () => {
    // Entries moved out under retention: the signed manifest carries the chain across them.
    const manifest = manifests.find((m) => m.fromSequence === state.expectedSequence && m.fromPreviousHash === state.expectedPrevious);
    if (!manifest) return false;
    state.archivedUnseen += manifest.toSequence - manifest.fromSequence + 1;
    state.expectedSequence = manifest.toSequence + 1;
    state.expectedPrevious = manifest.toHash;
    state.lastSequence = manifest.toSequence;
    state.firstSequence ??= manifest.fromSequence;
    return true;
  };

  walk: for await (const batch of source.entries(writerId, state.expectedSequence)) {
    for (const entry of batch.records) {
      if (entry.sequence > end) break walk;
      while (entry.sequence > state.expectedSequence && skipArchived());
      const problem = checkEntry(entry, state, batch.subjects, signedAt, witnessedAt, finalSequence);
      if (problem) {
        breaks.push(problem);
        break walk;
      }
      state.firstSequence ??= entry.sequence;
      state.lastSequence = entry.sequence;
      state.expectedSequence = entry.sequence + 1;
      state.expectedPrevious = entry.entryHash;
      state.entriesChecked += 1;
    }
  }
  while (skipArchived());

  const lastSequence = state.lastSequence ?? start.sequence;
  const signedSequences = [...verified.map((cp) => cp.claims.sequence), ...witnesses.map((w) => w.sequence)];
  const sealedThrough = Math.max(0, ...signedSequences);
  const mustReach = segmentOnly ? (Number.isFinite(end) ? end : lastSequence) : sealedThrough;
  if (lastSequence < mustReach && !breaks.some((b) => b.problem === "SEQUENCE_GAP" || b.problem === "PREVIOUS_HASH_MISMATCH")) {
    const signer = verified.find((cp) => cp.claims.sequence === mustReach)?.claims.kind ?? `witness`;
    breaks.push({
      writerId,
      sequence: lastSequence + 1,
      problem: "TAIL_TRUNCATED",
      detail: `a ${signer} signature covers sequence ${mustReach}, but the chain ends at ${lastSequence}`,
      expected: String(mustReach),
      actual: String(lastSequence),
    });
  }
  breaks.sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
  return {
    writerId,
    firstSequence: state.firstSequence,
    lastSequence: state.lastSequence,
    entriesChecked: state.entriesChecked,
    checkpointsChecked: cps.count,
    archivedUnseen: state.archivedUnseen,
    sealedThrough: Math.min(sealedThrough, lastSequence),
    unsealedEntries: Math.max(0, lastSequence - sealedThrough),
    final: finalSequence !== undefined && finalSequence === lastSequence,
    firstBreak: breaks[0] ?? null,
  };
}

async function firstAndLast(source: AuditSource, writerId: string): Promise<{ first: number; last: number } | null> {
  let first: number | null = null;
  let last: number | null = null;
  for await (const batch of source.entries(writerId, 1)) {
    if (batch.records.length === 0) continue;
    first ??= batch.records[0].sequence;
    last = batch.records[batch.records.length - 1].sequence;
  }
  return first === null || last === null ? null : { first, last };
}

function checkEntry(
  entry: AuditRecord,
  state: WalkState,
  subjects: Map<number, string[]> | undefined,
  signedAt: Map<number, VerifiedCheckpoint[]>,
  witnessedAt: Map<number, Witness[]>,
  finalSequence: number | undefined,
): IntegrityBreak | null {
  const at = (problem: IntegrityProblem, detail: string, expected?: string, actual?: string, sequence = entry.sequence): IntegrityBreak => ({
    writerId: entry.writerId,
    sequence,
    problem,
    detail,
    expected,
    actual,
  });
  if (entry.sequence > state.expectedSequence) {
    const missing = entry.sequence - state.expectedSequence;
    return at("SEQUENCE_GAP", `${missing} entr${missing === 1 ? "y" : "ies"} missing: sequence ${state.expectedSequence}${missing > 1 ? `–${entry.sequence - 1}` : ""} absent before ${entry.sequence}`, String(state.expectedSequence), String(entry.sequence), state.expectedSequence);
  }
  const recomputed = entryHashOf(entry);
  if (recomputed !== entry.entryHash) {
    return at("ENTRY_ALTERED", "the entry's content does not hash to its stored entryHash: a column was changed after it was written", entry.entryHash, recomputed);
  }
  if (entry.previousHash !== state.expectedPrevious) {
    return at("PREVIOUS_HASH_MISMATCH", `previousHash does not match the entryHash of sequence ${entry.sequence - 1}: entries were reordered, inserted or replaced`, state.expectedPrevious, entry.previousHash);
  }
  if (finalSequence !== undefined && entry.sequence > finalSequence) {
    return at("ENTRY_AFTER_FINAL", `the writer sealed its chain at sequence ${finalSequence}; this entry came after`);
  }
  if (subjects) {
    const indexed = [...(subjects.get(entry.sequence) ?? [])].sort().join(",");
    const recorded = [...(JSON.parse(entry.subjectHmacs) as string[])].sort().join(",");
    if (indexed !== recorded) {
      return at("SUBJECT_INDEX_MISMATCH", "the AuditSubject rows of this entry differ from its subject HMACs (a subject would be hidden from subjectAccessReport)", recorded, indexed);
    }
  }
  for (const cp of signedAt.get(entry.sequence) ?? []) {
    if (cp.claims.headHash !== entry.entryHash) {
      return at("CHECKPOINT_MISMATCH", `the ${cp.claims.kind} checkpoint signed a different head at this sequence`, cp.claims.headHash, entry.entryHash);
    }
  }
  for (const w of witnessedAt.get(entry.sequence) ?? []) {
    if (w.headHash !== entry.entryHash) {
      return at("WITNESS_MISMATCH", `writer ${w.by}'s genesis witnessed a different head at this sequence`, w.headHash, entry.entryHash);
    }
  }
  return null;
}
