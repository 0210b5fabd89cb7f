import type { JSONWebKeySet } from "jose";
import type { Region } from "../config";
import type { AccessOutcome, Purpose, Role } from "../context";
import { Prisma, type PrismaClient } from "../db";
import type { AuditRecord } from "./auditRecord";
import { badUserInput } from "../errors";
import { parseIdentityNumber } from "../identity";
import { decodeCursor, encodeCursor, pageSize, splitPage } from "../pagination";
import { detectAnomalies, type AnomalyThresholds } from "./accessAnomalies";
import { DatabaseAuditSource } from "./auditRecordSource";
import type { AccessLogConnection, AccessLogEntry, AccessLogFilter, AccessAnomaly, AuditIntegrityReport } from "./auditReviewTypes";
import { verifyAuditLog } from "./auditVerifier";
import { SubjectPseudonymizer } from "./subjectPseudonym";

const { empty, join, sql } = Prisma;
type Sql = Prisma.Sql;

export interface AuditReviewOptions {
  /** The same HMAC key the writer uses, to find a person's entries. */
  subjectKey: string | Buffer;
  /** The node's public JWKS (or a function giving the current one) for auditIntegrity. */
  publicKeys: JSONWebKeySet | (() => JSONWebKeySet);
  anomalyThresholds?: Partial<AnomalyThresholds>;
  now?: () => Date;
}

/** Most entries a subject access report returns (a person with more is an anomaly in itself). */
export const SUBJECT_REPORT_LIMIT = 10_000;
/** Longest period accessAnomalies and auditIntegrity examine in one call. */
export const MAX_REVIEW_WINDOW_DAYS = 31;
const DAY_MS = 24 * 3600 * 1000;

/** A row of AuditEntry as raw SQL returns it (the driver may give ids as bigint, times as text). */
type EntryRow = Omit<AuditRecord, "recordedAt" | "previousHash" | "forwardedTokenId" | "deniedCount" | "maskedCount"> & {
  id: number | bigint;
  recordedAt: Date | string;
};

const ENTRY_COLUMNS = sql`e."id", e."writerId", e."sequence", e."entryHash", e."recordedAt", e."node", e."requestId",
  e."principalSub", e."principalAgency", e."principalRegion", e."principalRoles", e."forwardedByNode", e."purpose",
  e."caseRef", e."operationName", e."operationHash", e."fieldsRequested", e."fieldsDenied", e."fieldsMasked",
  e."subjectHmacs", e."resultCount", e."outcome", e."errorCode", e."errorDetail", e."latencyMs", e."peerHops", e."rowRules"`;

/**
 * The compliance officers' view of the log (role checks are the policy plugin's): the access
 * log with filters and keyset pages, a person's accesses by HMAC, anomalies, and integrity.
 */
export class AuditReviewService {
  readonly #subjects: SubjectPseudonymizer;
  readonly #now: () => Date;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: AuditReviewOptions,
  ) {
    this.#subjects = new SubjectPseudonymizer(options.subjectKey);
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Newest first, (recordedAt, id) as the stable keyset order: the cursor is a row-value bound,
   * so a page deep in the history costs an index seek like the first one.
   */
  async accessLog(filter: AccessLogFilter, first: number | null | undefined, after: string | null | undefined): Promise<AccessLogConnection> {
    const size = pageSize(first);
    checkRange(filter.from, filter.to);
    const conditions = filterConditions(filter);
    if (after) {
      const [at, id] = decodeCursor(after, ["string", "number"]) as [string, number];
      const atDate = new Date(at);
      if (Number.isNaN(atDate.getTime())) throw badUserInput("after", "not a cursor returned by this API");
      conditions.push(sql`(e."recordedAt", e."id") < (${atDate}, ${id})`);
    }
    const rows = await this.prisma.$queryRaw<EntryRow[]>(sql`
      SELECT ${ENTRY_COLUMNS} FROM "AuditEntry" e
      ${where(conditions)}
      ORDER BY e."recordedAt" DESC, e."id" DESC
      LIMIT ${size + 1}`);
    const { items, hasNextPage } = splitPage(rows.map(toAccessLogEntry), size);
    const edges = items.map((node) => ({ node, cursor: encodeCursor([node.recordedAt.toISOString(), Number(node.id)]) }));
    return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** Every access of this node's log that touched the person (by the HMAC of the number), newest first. */
  async subjectAccessReport(idNumber: string, from?: Date | null, to?: Date | null): Promise<AccessLogEntry[]> {
    const parsed = parseIdentityNumber(idNumber, this.#now());
    if (!parsed.ok) throw badUserInput("idNumber", `not a valid resident identity number (${parsed.problem})`);
    checkRange(from, to);
    const conditions = [sql`s."subjectHmac" = ${this.#subjects.hmacOf(parsed.value)}`];
    if (from) conditions.push(sql`e."recordedAt" >= ${from}`);
    if (to) conditions.push(sql`e."recordedAt" <= ${to}`);
    const rows = await this.prisma.$queryRaw<EntryRow[]>(sql`
      SELECT ${ENTRY_COLUMNS} FROM "AuditSubject" s
      JOIN "AuditEntry" e ON e."writerId" = s."writerId" AND e."sequence" = s."sequence"
      ${where(conditions)}
      ORDER BY e."recordedAt" DESC, e."id" DESC
      LIMIT ${SUBJECT_REPORT_LIMIT}`);
    return rows.map(toAccessLogEntry);
  }

  async accessAnomalies(from?: Date | null, to?: Date | null): Promise<AccessAnomaly[]> {
    const window = reviewWindow(from, to, this.#now());
    return detectAnomalies(this.prisma, window, this.options.anomalyThresholds);
  }

  /** Verifies the chain segments holding the period's entries (default: the last 24 hours). */
  async auditIntegrity(from?: Date | null, to?: Date | null): Promise<AuditIntegrityReport> {
    const window = reviewWindow(from, to, this.#now());
    const publicKeys = typeof this.options.publicKeys === "function" ? this.options.publicKeys() : this.options.publicKeys;
    const report = await verifyAuditLog(new DatabaseAuditSource(this.prisma), { publicKeys, range: window });
    const asBreak = (b: typeof report.firstBreak) => b && { ...b, expected: b.expected ?? null, actual: b.actual ?? null };
    return {
      ok: report.ok,
      verifiedAt: report.verifiedAt,
      from: window.from,
      to: window.to,
      entriesChecked: report.entriesChecked,
      checkpointsChecked: report.checkpointsChecked,
      unsealedEntries: report.unsealedEntries,
      firstBreak: asBreak(report.firstBreak),
      writers: report.writers.map((w) => ({ ...w, firstBreak: asBreak(w.firstBreak) })),
    };
  }
}

function checkRange(from?: Date | null, to?: Date | null): void {
  if (from && to && from > to) throw badUserInput("to", "is before from");
}

/** from/to as given, defaulting to the last 24 hours, at most MAX_REVIEW_WINDOW_DAYS long. */
function reviewWindow(from: Date | null | undefined, to: Date | null | undefined, now: Date): { from: Date; to: Date } {
  const end = to ?? now;
  const start = from ?? new Date(end.getTime() - DAY_MS);
  checkRange(start, end);
  if (end.getTime() - start.getTime() > MAX_REVIEW_WINDOW_DAYS * DAY_MS) {
    throw badUserInput("to", `the period may span at most ${MAX_REVIEW_WINDOW_DAYS} days (use npm run audit:verify for the whole log)`);
  }
  return { from: start, to: end };
}

function filterConditions(filter: AccessLogFilter): Sql[] {
  const c: Sql[] = [];
  if (filter.from) c.push(sql`e."recordedAt" >= ${filter.from}`);
  if (filter.to) c.push(sql`e."recordedAt" <= ${filter.to}`);
  if (filter.officer) c.push(sql`e."principalSub" = ${filter.officer}`);
  if (filter.agency) c.push(sql`e."principalAgency" = ${filter.agency}`);
  if (filter.region) c.push(sql`e."principalRegion" = ${filter.region}`);
  // Roles are a JSON array of names; a quoted name cannot match inside another one.
  if (filter.role) c.push(sql`e."principalRoles" LIKE ${`%"${filter.role}"%`}`);
  if (filter.purpose) c.push(sql`e."purpose" = ${filter.purpose}`);
  if (filter.caseRef) c.push(sql`e."caseRef" = ${filter.caseRef}`);
  if (filter.operationName) c.push(sql`e."operationName" = ${filter.operationName}`);
  if (filter.outcome) c.push(sql`e."outcome" = ${filter.outcome}`);
  if (filter.deniedFieldPresent === true) c.push(sql`e."deniedCount" > 0`);
  if (filter.deniedFieldPresent === false) c.push(sql`e."deniedCount" = 0`);
  return c;
}

function where(conditions: Sql[]): Sql {
  return conditions.length === 0 ? empty : sql`WHERE ${join(conditions, " AND ")}`;
}

function toAccessLogEntry(row: EntryRow): AccessLogEntry {
  return {
    id: String(row.id),
    region: row.node as Region,
    writerId: row.writerId,
    sequence: Number(row.sequence),
    entryHash: row.entryHash,
    recordedAt: new Date(row.recordedAt),
    requestId: row.requestId,
    officer: row.principalSub,
    agency: row.principalAgency,
    officerRegion: row.principalRegion as Region | null,
    roles: JSON.parse(row.principalRoles) as Role[],
    forwardedBy: row.forwardedByNode as Region | null,
    purpose: row.purpose as Purpose | null,
    caseRef: row.caseRef,
    operationName: row.operationName,
    operationHash: row.operationHash,
    fieldsRequested: JSON.parse(row.fieldsRequested),
    fieldsDenied: JSON.parse(row.fieldsDenied),
    fieldsMasked: JSON.parse(row.fieldsMasked),
    subjectHmacs: JSON.parse(row.subjectHmacs),
    resultCount: Number(row.resultCount),
    outcome: row.outcome as AccessOutcome,
    errorCode: row.errorCode,
    errorDetail: row.errorDetail,
    latencyMs: Number(row.latencyMs),
    peerHops: JSON.parse(row.peerHops),
    rowRules: row.rowRules ? JSON.parse(row.rowRules) : [],
  };
}
