import type { Region } from "../config";
import { readWithinScope, type Principal, type RowScope } from "../context";
import type { PrismaClient } from "../db";
import { badUserInput, notFound } from "../errors";
import { allowedSteps, dispositionOf, isAllowedStep, stateOf, type DispositionStep } from "./dispositionGraph";
import { refusedInput, note, requireHoldingStation, requireHomeOfficer, stepDate } from "./lifecycleRules";
import { isUniqueViolation } from "./reliefIds";
import { areaCode, text } from "./reliefInput";
import { RecordReliefDispositionPayload, ReliefDispositionChange, type ReliefDispositionInput } from "./reliefLifecycleTypes";
import { ReliefRecord } from "./reliefRecordType";

// Records a step of a relief record's disposition: checked against the graph (dispositionGraph),
// the record and its append-only history written in one transaction.

const MAX_PARTY = 100;

export interface DispositionResult {
  payload: RecordReliefDispositionPayload;
  /** The record's identity number, if any, for the audit log. */
  subjects: string[];
}

export class ReliefDispositionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly home: Region,
    private readonly now: () => Date,
  ) {}

  async history(reliefRecordIds: readonly string[]): Promise<Map<string, ReliefDispositionChange[]>> {
    const rows = await this.prisma.reliefDispositionChange.findMany({
      where: { reliefRecordId: { in: [...reliefRecordIds] } },
      orderBy: [{ reliefRecordId: "asc" }, { sequence: "asc" }],
    });
    const byRecord = new Map<string, ReliefDispositionChange[]>(reliefRecordIds.map((id) => [id, []]));
    for (const row of rows) byRecord.get(row.reliefRecordId)?.push(ReliefDispositionChange.fromRow(row));
    return byRecord;
  }

  /** `scope`: the caller's row rule for relief records; a record outside it is refused (OUTSIDE_JURISDICTION) before anything is written. */
  async record(input: ReliefDispositionInput, principal: Principal, scope: RowScope): Promise<DispositionResult> {
    requireHomeOfficer(principal, this.home);
    const id = input.reliefRecordId;
    const record = await readWithinScope(
      scope,
      `relief record ${id}`,
      (inScope) => this.prisma.reliefRecord.findFirst({ where: { AND: [{ id }, inScope] } }),
      () => this.prisma.reliefRecord.count({ where: { id } }),
    );
    if (!record) throw notFound(`relief record ${id}`);
    requireHoldingStation(principal, record.stationId);

    const last = await this.prisma.reliefDispositionChange.findFirst({ where: { reliefRecordId: record.id }, orderBy: { sequence: "desc" } });
    const from = stateOf(record.disposition, last?.transferKind);
    const step = stepOf(input);
    if (!isAllowedStep(from, step)) {
      const allowed = allowedSteps(from);
      throw refusedInput("input.disposition", `a record ${from} cannot become ${step}; allowed: ${allowed.length ? allowed.join(", ") : "none (final)"}`, "TRANSITION_NOT_ALLOWED", {
        from,
        to: step,
        allowed,
      });
    }
    const details = stepDetails(input, step);
    if (step === "RETURNED_HOME" && record.identityStatus === "UNIDENTIFIED") {
      throw refusedInput("input.disposition", "an unidentified person cannot be returned home: record who they are first (a confirmed match, a DNA match, or the family's report closed as found)", "IDENTITY_UNKNOWN");
    }
    const effectiveOn = stepDate(
      input.effectiveOn,
      "input.effectiveOn",
      this.now(),
      last && last.effectiveOn > record.foundOn ? { date: last.effectiveOn, what: "the previous step" } : { date: record.foundOn, what: "the date found" },
    );

    const to = dispositionOf(step);
    try {
      const [updated, change] = await this.prisma.$transaction(async (tx) => {
        const { count } = await tx.reliefRecord.updateMany({ where: { id: record.id, disposition: record.disposition }, data: { disposition: to } });
        if (count === 0) throw changedMeanwhile(record.id);
        const change = await tx.reliefDispositionChange.create({
          data: {
            reliefRecordId: record.id,
            sequence: (last?.sequence ?? 0) + 1,
            fromDisposition: record.disposition,
            toDisposition: to,
            effectiveOn,
            identityStatus: record.identityStatus,
            officer: principal.sub,
            agency: principal.agency,
            recordedAt: this.now(),
            note: note(input.note, "input.note"),
            ...details,
          },
        });
        return [await tx.reliefRecord.findUniqueOrThrow({ where: { id: record.id } }), change] as const;
      });
      const payload = Object.assign(new RecordReliefDispositionPayload(), { reliefRecord: ReliefRecord.fromRow(updated), change: ReliefDispositionChange.fromRow(change) });
      return { payload, subjects: updated.idNumber ? [updated.idNumber] : [] };
    } catch (error) {
      // Another officer's step took this sequence number first.
      if (isUniqueViolation(error)) throw changedMeanwhile(record.id);
      throw error;
    }
  }
}

function changedMeanwhile(id: string) {
  return refusedInput("input.reliefRecordId", `record ${id} changed meanwhile; read it again`, "CHANGED_MEANWHILE");
}

function stepOf(input: ReliefDispositionInput): DispositionStep {
  if (input.disposition !== "TRANSFERRED") {
    if (input.transferKind) throw badUserInput("input.transferKind", "only for TRANSFERRED");
    return input.disposition;
  }
  if (!input.transferKind) throw badUserInput("input.transferKind", "required for TRANSFERRED: RELIEF_STATION or CARE_INSTITUTION");
  return input.transferKind === "RELIEF_STATION" ? "TRANSFERRED_TO_STATION" : "TRANSFERRED_TO_INSTITUTION";
}

/** The fields a step carries: the receiver and destination of a return, the place of a transfer, nothing else. */
function stepDetails(input: ReliefDispositionInput, step: DispositionStep) {
  const returned = step === "RETURNED_HOME";
  const transferred = step === "TRANSFERRED_TO_STATION" || step === "TRANSFERRED_TO_INSTITUTION";
  for (const [field, value] of [["receiverKind", input.receiverKind], ["receiverName", input.receiverName], ["destinationAreaCode", input.destinationAreaCode]] as const) {
    if (!returned && value) throw badUserInput(`input.${field}`, "only for RETURNED_HOME");
  }
  if (!transferred && input.transferredTo) throw badUserInput("input.transferredTo", "only for TRANSFERRED");
  if (returned) {
    if (!input.receiverKind) throw badUserInput("input.receiverKind", "required for RETURNED_HOME: RELATIVE or AGENCY");
    const receiverName = text(input.receiverName, "input.receiverName", MAX_PARTY);
    if (!receiverName) throw badUserInput("input.receiverName", "required for RETURNED_HOME: who received the person");
    const destinationAreaCode = areaCode(input.destinationAreaCode, "input.destinationAreaCode");
    if (!destinationAreaCode) throw badUserInput("input.destinationAreaCode", "required for RETURNED_HOME");
    return { receiverKind: input.receiverKind, receiverName, destinationAreaCode };
  }
  if (transferred) {
    const transferredTo = text(input.transferredTo, "input.transferredTo", MAX_PARTY);
    if (!transferredTo) throw badUserInput("input.transferredTo", "required for TRANSFERRED: the receiving station or institution");
    return { transferKind: step === "TRANSFERRED_TO_STATION" ? ("RELIEF_STATION" as const) : ("CARE_INSTITUTION" as const), transferredTo };
  }
  return {};
}
