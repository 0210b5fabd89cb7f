import { regionTag, type Region } from "../config";
import { readWithinScope, type Principal, type RowScope } from "../context";
import type { PrismaClient } from "../db";
import { badUserInput, forbidden, notFound } from "../errors";
import { chinaDate } from "./chinaCalendar";
import type { FamilySearchIndex } from "./familySearchIndex";
import { note, recordIdOf, refusedInput, requireHomeOfficer, type LifecycleRefusal } from "./lifecycleRules";
import { MissingPersonReport } from "./missingPersonReportType";
import { CloseMissingPersonReportPayload, MissingReportClosure, type CloseMissingPersonReportInput } from "./reliefLifecycleTypes";
import { ReliefRecord } from "./reliefRecordType";

// Closes a missing-person report as FOUND (linked to the person's relief record) or WITHDRAWN.
// Confirming a match alert closes its report as found too (MatchAlertService.confirm writes the
// same closure row): both paths leave one closure per report, saying who, when and why.

export interface ClosureResult {
  payload: CloseMissingPersonReportPayload;
  subjects: string[];
}

export class MissingReportClosureService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly home: Region,
    private readonly index: FamilySearchIndex,
    private readonly now: () => Date,
  ) {}

  async closureOf(reportIds: readonly string[]): Promise<Map<string, MissingReportClosure>> {
    const rows = await this.prisma.missingReportClosure.findMany({ where: { missingReportId: { in: [...reportIds] } } });
    return new Map(rows.map((r) => [r.missingReportId, MissingReportClosure.fromRow(r)]));
  }

  /** `scope`: the caller's row rule for reports; a report outside it is refused (OUTSIDE_JURISDICTION) before anything is written. */
  async close(input: CloseMissingPersonReportInput, principal: Principal, scope: RowScope): Promise<ClosureResult> {
    requireHomeOfficer(principal, this.home);
    const id = input.missingPersonReportId;
    const report = await readWithinScope(
      scope,
      `missing-person report ${id}`,
      (inScope) => this.prisma.missingPersonReport.findFirst({ where: { AND: [{ id }, inScope] } }),
      () => this.prisma.missingPersonReport.count({ where: { id } }),
    );
    if (!report) throw notFound(`missing-person report ${input.missingPersonReportId}`);
    if (report.status !== "OPEN") throw refusedInput("input.missingPersonReportId", `report ${report.id} is ${report.status}; only an OPEN report is closed`, "REPORT_NOT_OPEN");
    const closingNote = note(input.note, "input.note");

    if (input.outcome === "WITHDRAWN") {
      // The family withdraws through the agency that took the report, and only that agency.
      if (principal.agency !== report.agencyId) {
        throw forbidden(`report ${report.id} was taken by ${report.agencyId}; only that agency withdraws it`, { reasonCode: "NOT_REPORT_AGENCY" satisfies LifecycleRefusal });
      }
      if (input.reliefRecordId) throw badUserInput("input.reliefRecordId", "only for FOUND");
      return this.write(report, { outcome: "WITHDRAWN", reliefRecordId: null }, principal, closingNote, null);
    }

    if (!input.reliefRecordId) throw badUserInput("input.reliefRecordId", "required for FOUND: the relief record of the person found");
    const recordId = recordIdOf(input.reliefRecordId, "input.reliefRecordId");
    // A record of the other province is kept as a reference: its node holds and checks it.
    const ownRecord = recordId.startsWith(`${regionTag(this.home)}-`);
    const record = ownRecord ? await this.prisma.reliefRecord.findUnique({ where: { id: recordId } }) : null;
    if (ownRecord && !record) throw badUserInput("input.reliefRecordId", `no relief record ${recordId} in ${this.home}`);
    const pending = await this.prisma.matchAlert.findFirst({
      where: { reliefRecordId: recordId, missingReportId: report.id, status: { in: ["NEW", "REVIEWED"] } },
      select: { id: true },
    });
    if (pending) throw refusedInput("input.reliefRecordId", `match alert ${pending.id} proposes this pair: confirm it (reviewMatchAlert) instead`, "CONFIRM_ALERT_INSTEAD", { matchAlertId: pending.id });
    return this.write(report, { outcome: "FOUND", reliefRecordId: recordId }, principal, closingNote, record);
  }

  private async write(
    report: { id: string; idNumber: string | null },
    closure: { outcome: "FOUND" | "WITHDRAWN"; reliefRecordId: string | null },
    principal: Principal,
    closingNote: string | null,
    record: { id: string; identityStatus: string; idNumber: string | null } | null,
  ): Promise<ClosureResult> {
    const at = this.now();
    const result = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.missingPersonReport.updateMany({ where: { id: report.id, status: "OPEN" }, data: { status: closure.outcome === "FOUND" ? "FOUND" : "CLOSED" } });
      if (count === 0) throw refusedInput("input.missingPersonReportId", `report ${report.id} changed meanwhile; read it again`, "CHANGED_MEANWHILE");
      const stored = await tx.missingReportClosure.create({
        data: { missingReportId: report.id, ...closure, closedBy: principal.sub, closedByAgency: principal.agency, closedAt: at, note: closingNote },
      });
      // Found through the report itself: the person's record is identified, like a confirmed match.
      if (record && record.identityStatus !== "IDENTIFIED") {
        await tx.reliefRecord.update({
          where: { id: record.id },
          data: { identityStatus: "IDENTIFIED", identifiedOn: chinaDate(at), identifiedVia: "REPORT_CLOSURE", idNumber: record.idNumber ?? report.idNumber },
        });
      }
      // Alerts still proposing this report are moot now.
      await tx.matchAlert.updateMany({
        where: { missingReportId: report.id, status: { in: ["NEW", "REVIEWED"] } },
        data: { status: "REJECTED", decidedBy: principal.sub, decidedAt: at, decisionNote: `report closed as ${closure.outcome}` },
      });
      return {
        report: await tx.missingPersonReport.findUniqueOrThrow({ where: { id: report.id } }),
        closure: stored,
        record: record ? await tx.reliefRecord.findUniqueOrThrow({ where: { id: record.id } }) : null,
      };
    });
    this.index.reportClosed(report.id, record?.id ?? null);
    const payload = Object.assign(new CloseMissingPersonReportPayload(), {
      missingPersonReport: MissingPersonReport.fromRow(result.report),
      closure: MissingReportClosure.fromRow(result.closure),
      reliefRecord: result.record ? ReliefRecord.fromRow(result.record) : null,
    });
    const subjects = [result.report.idNumber, result.record?.idNumber].filter((s): s is string => Boolean(s));
    return { payload, subjects: [...new Set(subjects)] };
  }
}
