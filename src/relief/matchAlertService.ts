import type { Region } from "../config";
import type { PrismaClient } from "../db";
import { badUserInput, notFound } from "../errors";
import { decodeCursor, encodeCursor, PageInfo, pageSize, splitPage } from "../pagination";
import type { FamilySearchIndex } from "./familySearchIndex";
import { MatchAlert, MatchAlertConnection, MatchAlertEdge, type MatchAlertDecision, type MatchAlertStatus } from "./matchAlertTypes";
import type { FamilySearchMatch } from "./matching/familySearchEngine";
import { chinaDate } from "./chinaCalendar";
import { ReliefIdSequence } from "./reliefIds";

// Match alerts: raised by continuous matching, listed for review, and moved NEW → REVIEWED →
// CONFIRMED / REJECTED by officers, each step with who and when. Confirming identifies the
// record and closes the report as found (with a MissingReportClosure row), and retires other
// open alerts on either.

export type AlertTrigger = "RELIEF_RECORD" | "MISSING_REPORT";

export interface ReviewResult {
  alert: MatchAlert;
  /** Identity numbers the confirmation touched (record and report), for the audit log. */
  subjects: string[];
}

export class MatchAlertService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly home: Region,
    private readonly index: FamilySearchIndex,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#alertIds = new ReliefIdSequence(home, "MA", prisma.matchAlert);
  }

  readonly #alertIds: ReliefIdSequence;

  /** Stores an alert per match not alerted before; returns the new alerts. */
  async raise(matches: readonly FamilySearchMatch[], triggeredBy: AlertTrigger): Promise<MatchAlert[]> {
    const raised: MatchAlert[] = [];
    for (const match of matches) {
      const pair = { reliefRecordId: match.recordId, missingReportId: match.reportId };
      // Checked inside the id's turn, so this process never raises one pair twice; another
      // process raising it meanwhile shows as a unique violation on the pair, retried here.
      const row = await this.#alertIds.insert(async (id) => {
        if (await this.prisma.matchAlert.findUnique({ where: { reliefRecordId_missingReportId: pair } })) return null;
        return this.prisma.matchAlert.create({
          data: {
            id,
            region: this.home,
            ...pair,
            triggeredBy,
            matchWeight: match.score.matchWeight,
            matchProbability: match.score.matchProbability,
            comparisons: JSON.stringify(match.score.comparisons),
            dnaComparisonSuggested: match.score.dnaComparisonSuggested,
            createdAt: this.now(),
          },
        });
      });
      if (row) raised.push(MatchAlert.fromRow(row));
    }
    return raised;
  }

  async list(status: MatchAlertStatus | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<MatchAlertConnection> {
    const size = pageSize(first);
    const where = status ? { status } : {};
    const position = after ? (decodeCursor(after, ["string", "string"]) as [string, string]) : undefined;
    if (position && Number.isNaN(Date.parse(position[0]))) throw badUserInput("after", "not a cursor returned by this API");
    const seek = position
      ? { OR: [{ createdAt: { lt: new Date(position[0]) } }, { createdAt: new Date(position[0]), id: { lt: position[1] } }] }
      : {};
    const rows = await this.prisma.matchAlert.findMany({ where: { AND: [where, seek] }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: size + 1 });
    const page = splitPage(rows, size);
    const edges = page.items.map((row) =>
      Object.assign(new MatchAlertEdge(), { cursor: encodeCursor([row.createdAt.toISOString(), row.id]), node: MatchAlert.fromRow(row) }),
    );
    return Object.assign(new MatchAlertConnection(), {
      edges,
      pageInfo: Object.assign(new PageInfo(), { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }),
      countTotal: () => this.prisma.matchAlert.count({ where }),
    });
  }

  async review(id: string, decision: MatchAlertDecision, note: string | null | undefined, officer: string): Promise<ReviewResult> {
    const alert = await this.prisma.matchAlert.findUnique({ where: { id } });
    if (!alert) throw notFound(`match alert ${id}`);
    const decisionNote = note?.trim() ? note.trim().slice(0, 500) : null;
    const at = this.now();
    if (decision === "REVIEWED") {
      if (alert.status !== "NEW") throw badUserInput("decision", `alert ${id} is ${alert.status}; only a NEW alert can be marked REVIEWED`);
      return { alert: MatchAlert.fromRow(await this.transition(id, "NEW", { status: "REVIEWED", reviewedBy: officer, reviewedAt: at })), subjects: [] };
    }
    if (alert.status !== "REVIEWED") throw badUserInput("decision", `alert ${id} is ${alert.status}; only a REVIEWED alert can be ${decision}`);
    if (decision === "REJECTED") {
      return { alert: MatchAlert.fromRow(await this.transition(id, "REVIEWED", { status: "REJECTED", decidedBy: officer, decidedAt: at, decisionNote })), subjects: [] };
    }
    return this.confirm(alert.id, alert.reliefRecordId, alert.missingReportId, officer, at, decisionNote);
  }

  /** Moves an alert from `from` only if nobody moved it meanwhile. */
  private async transition(id: string, from: MatchAlertStatus, data: Record<string, unknown>) {
    const { count } = await this.prisma.matchAlert.updateMany({ where: { id, status: from }, data });
    if (count === 0) throw badUserInput("id", `alert ${id} changed meanwhile; read it again`);
    return this.prisma.matchAlert.findUniqueOrThrow({ where: { id } });
  }

  private async confirm(id: string, recordId: string, reportId: string, officer: string, at: Date, decisionNote: string | null): Promise<ReviewResult> {
    const already = await this.prisma.matchAlert.findFirst({
      where: { status: "CONFIRMED", OR: [{ reliefRecordId: recordId }, { missingReportId: reportId }] },
      select: { id: true },
    });
    if (already) throw badUserInput("id", `the record or the report is already confirmed by alert ${already.id}`);
    const result = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.matchAlert.updateMany({ where: { id, status: "REVIEWED" }, data: { status: "CONFIRMED", decidedBy: officer, decidedAt: at, decisionNote } });
      if (count === 0) throw badUserInput("id", `alert ${id} changed meanwhile; read it again`);
      const report = await tx.missingPersonReport.findUnique({ where: { id: reportId } });
      const record = await tx.reliefRecord.findUnique({ where: { id: recordId } });
      if (record) {
        // identifiedOn feeds familySearchStatistics (days to identification); set once, at the first identification.
        const firstIdentification = record.identityStatus !== "IDENTIFIED" ? { identifiedOn: chinaDate(at), identifiedVia: "MATCH_ALERT" } : {};
        await tx.reliefRecord.update({ where: { id: recordId }, data: { identityStatus: "IDENTIFIED", idNumber: record.idNumber ?? report?.idNumber ?? null, ...firstIdentification } });
      }
      // Confirming closes an OPEN report as found, with a closure row naming this alert, so the
      // report's history says why (docs/family-search-lifecycle.md); a withdrawn report stays closed.
      if (report?.status === "OPEN") {
        await tx.missingPersonReport.update({ where: { id: reportId }, data: { status: "FOUND" } });
        await tx.missingReportClosure.create({ data: { missingReportId: reportId, outcome: "FOUND", reliefRecordId: recordId, matchAlertId: id, closedBy: officer, closedAt: at, note: decisionNote } });
      }
      await tx.matchAlert.updateMany({
        where: { id: { not: id }, status: { in: ["NEW", "REVIEWED"] }, OR: [{ reliefRecordId: recordId }, { missingReportId: reportId }] },
        data: { status: "REJECTED", decidedBy: officer, decidedAt: at, decisionNote: `superseded by confirmed alert ${id}` },
      });
      const subjects = [record?.idNumber ?? report?.idNumber, report?.idNumber].filter((s): s is string => Boolean(s));
      return { row: await tx.matchAlert.findUniqueOrThrow({ where: { id } }), subjects };
    });
    this.index.resolved(recordId, reportId);
    return { alert: MatchAlert.fromRow(result.row), subjects: [...new Set(result.subjects)] };
  }
}
