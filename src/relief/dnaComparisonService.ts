import { regionTag, type Region } from "../config";
import { readWithinScope, type Principal, type RowScope } from "../context";
import type { PrismaClient } from "../db";
import { badUserInput, notFound } from "../errors";
import { daysBetween } from "./chinaCalendar";
import { note, reference, refusedInput, reportIdOf, requireHomeOfficer, stepDate } from "./lifecycleRules";
import { ReliefIdSequence } from "./reliefIds";
import { identityNumber, text, type InputRules } from "./reliefInput";
import { DnaComparison, type DnaComparisonResultInput, type DnaSampleRequestInput } from "./reliefLifecycleTypes";

// DNA comparisons (DNA比对协查): the police liaison records that a sample went to a laboratory, and
// later the laboratory's answer — MATCH or NO_MATCH with its reference. Only references are kept;
// there is no column for a genotype, by design. A MATCH identifies the person (as a confirmed
// family match does), dated by the laboratory's result.

const MAX_LABORATORY = 100;

export interface DnaResult {
  comparison: DnaComparison;
  subjects: string[];
}

export class DnaComparisonService {
  readonly #ids: ReliefIdSequence;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly home: Region,
    private readonly rules: () => InputRules,
  ) {
    this.#ids = new ReliefIdSequence(home, "DC", prisma.dnaComparison);
  }

  async forRecords(reliefRecordIds: readonly string[]): Promise<Map<string, DnaComparison[]>> {
    const rows = await this.prisma.dnaComparison.findMany({ where: { reliefRecordId: { in: [...reliefRecordIds] } }, orderBy: { id: "asc" } });
    const byRecord = new Map<string, DnaComparison[]>(reliefRecordIds.map((id) => [id, []]));
    for (const row of rows) byRecord.get(row.reliefRecordId)?.push(DnaComparison.fromRow(row, turnaround(row)));
    return byRecord;
  }

  /**
   * The record's row: within the caller's row rule for relief records, else FORBIDDEN
   * (OUTSIDE_JURISDICTION) before anything is written; null when there is none.
   */
  private recordWithin(id: string, scope: RowScope) {
    return readWithinScope(
      scope,
      `relief record ${id}`,
      (inScope) => this.prisma.reliefRecord.findFirst({ where: { AND: [{ id }, inScope] } }),
      () => this.prisma.reliefRecord.count({ where: { id } }),
    );
  }

  async request(input: DnaSampleRequestInput, principal: Principal, scope: RowScope): Promise<DnaResult> {
    requireHomeOfficer(principal, this.home);
    const record = await this.recordWithin(input.reliefRecordId, scope);
    if (!record) throw notFound(`relief record ${input.reliefRecordId}`);
    const sampleRef = reference(input.sampleRef, "input.sampleRef");
    const laboratory = text(input.laboratory, "input.laboratory", MAX_LABORATORY);
    if (!laboratory) throw badUserInput("input.laboratory", "must not be empty");
    const requestedOn = stepDate(input.requestedOn, "input.requestedOn", this.rules().today, { date: record.foundOn, what: "the date found" });
    const missingReportId = input.missingPersonReportId ? reportIdOf(input.missingPersonReportId, "input.missingPersonReportId") : null;
    if (missingReportId?.startsWith(`${regionTag(this.home)}-`) && !(await this.prisma.missingPersonReport.findUnique({ where: { id: missingReportId }, select: { id: true } }))) {
      throw badUserInput("input.missingPersonReportId", `no missing-person report ${missingReportId} in ${this.home}`);
    }
    const row = await this.#ids.insert((id) =>
      this.prisma.$transaction(async (tx) => {
        // The record keeps the reference of its (first) sample, as registration would have.
        if (!record.dnaSampleRef) await tx.reliefRecord.update({ where: { id: record.id }, data: { dnaSampleRef: sampleRef } });
        return tx.dnaComparison.create({
          data: {
            id,
            region: this.home,
            reliefRecordId: record.id,
            missingReportId,
            sampleRef,
            laboratory,
            requestedOn,
            requestedBy: principal.sub,
            requestedByAgency: principal.agency,
            note: note(input.note, "input.note"),
          },
        });
      }),
    );
    return { comparison: DnaComparison.fromRow(row, null), subjects: record.idNumber ? [record.idNumber] : [] };
  }

  async recordResult(input: DnaComparisonResultInput, principal: Principal, scope: RowScope): Promise<DnaResult> {
    requireHomeOfficer(principal, this.home);
    const comparison = await this.prisma.dnaComparison.findUnique({ where: { id: input.dnaComparisonId } });
    if (!comparison) throw notFound(`DNA comparison ${input.dnaComparisonId}`);
    // A comparison is a step on its record: under the record's row rule, checked before anything else.
    const record = await this.recordWithin(comparison.reliefRecordId, scope);
    if (!record) throw notFound(`relief record ${comparison.reliefRecordId}`);
    if (comparison.status !== "REQUESTED") {
      throw refusedInput("input.dnaComparisonId", `comparison ${comparison.id} already has its result (${comparison.status})`, "RESULT_ALREADY_RECORDED");
    }
    if (input.result === "REQUESTED") throw badUserInput("input.result", "a result is MATCH or NO_MATCH");
    const labReference = reference(input.labReference, "input.labReference");
    const resultOn = stepDate(input.resultOn, "input.resultOn", this.rules().today, { date: comparison.requestedOn, what: "the request" });
    const idNumber = identityNumber(input.idNumber, "input.idNumber", this.rules());
    if (idNumber && input.result !== "MATCH") throw badUserInput("input.idNumber", "only for MATCH");
    if (idNumber && record.idNumber && record.idNumber !== idNumber) throw badUserInput("input.idNumber", "differs from the identity number already on the record");
    const resultNote = note(input.note, "input.note") ?? comparison.note;
    const at = this.rules().today;

    const row = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.dnaComparison.updateMany({
        where: { id: comparison.id, status: "REQUESTED" },
        data: { status: input.result, labReference, resultOn, resultRecordedBy: principal.sub, resultRecordedAt: at, note: resultNote },
      });
      if (count === 0) throw refusedInput("input.dnaComparisonId", `comparison ${comparison.id} changed meanwhile; read it again`, "CHANGED_MEANWHILE");
      if (input.result === "MATCH" && record.identityStatus !== "IDENTIFIED") {
        await tx.reliefRecord.update({
          where: { id: record.id },
          data: { identityStatus: "IDENTIFIED", identifiedOn: resultOn, identifiedVia: "DNA", idNumber: record.idNumber ?? idNumber },
        });
      }
      return tx.dnaComparison.findUniqueOrThrow({ where: { id: comparison.id } });
    });
    const subject = record.idNumber ?? idNumber;
    return { comparison: DnaComparison.fromRow(row, turnaround(row)), subjects: subject ? [subject] : [] };
  }
}

function turnaround(row: { requestedOn: string; resultOn: string | null }): number | null {
  return row.resultOn ? daysBetween(row.requestedOn, row.resultOn) : null;
}
