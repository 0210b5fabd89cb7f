import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { DateScalar, DateTimeScalar } from "../context";
import type { PrismaClient } from "../db";
import { MissingPersonReport } from "./missingPersonReportType";
import { ReliefRecord } from "./reliefRecordType";
import {
  DnaComparisonStatusEnum,
  IdentityStatusEnum,
  MissingReportOutcomeEnum,
  ReceiverKindEnum,
  ReliefDispositionEnum,
  TransferKindEnum,
  type DnaComparisonStatus,
  type IdentityStatus,
  type MissingReportOutcome,
  type ReceiverKind,
  type ReliefDisposition,
  type TransferKind,
} from "./reliefVocabulary";

// GraphQL shapes of a relief record's life after intake: disposition steps, report closures, DNA
// comparisons and 寻亲 notices. Personal fields are nullable, for the policy engine.

type DispositionChangeRow = Awaited<ReturnType<PrismaClient["reliefDispositionChange"]["findUniqueOrThrow"]>>;
type ClosureRow = Awaited<ReturnType<PrismaClient["missingReportClosure"]["findUniqueOrThrow"]>>;
type DnaComparisonRow = Awaited<ReturnType<PrismaClient["dnaComparison"]["findUniqueOrThrow"]>>;

@ObjectType({ simpleResolvers: true, description: "One step of a relief record's disposition, as recorded (去向变更记录). Append-only." })
export class ReliefDispositionChange {
  @Field(() => ID, { description: "The relief record." })
  reliefRecordId!: string;

  @Field(() => Int, { description: "1, 2, 3 … in the record's history." })
  sequence!: number;

  @Field(() => ReliefDispositionEnum, { description: "Disposition before the step." })
  fromDisposition!: ReliefDisposition;

  @Field(() => ReliefDispositionEnum, { description: "Disposition after the step." })
  toDisposition!: ReliefDisposition;

  @Field(() => DateScalar, { nullable: true, description: "Date the step happened (e.g. the day the person was handed over)." })
  effectiveOn!: string | null;

  @Field(() => IdentityStatusEnum, { description: "The record's identity status when the step was taken." })
  identityStatus!: IdentityStatus;

  @Field({ description: "Officer who recorded the step (经办人)." })
  officer!: string;

  @Field({ description: "The officer's agency (经办机构)." })
  agency!: string;

  @Field(() => DateTimeScalar, { description: "When it was recorded." })
  recordedAt!: Date;

  @Field(() => String, { nullable: true, description: "The officer's note (备注)." })
  note!: string | null;

  @Field(() => ReceiverKindEnum, { nullable: true, description: "RETURNED_HOME: a relative or an agency received the person." })
  receiverKind!: ReceiverKind | null;

  @Field(() => String, { nullable: true, description: "RETURNED_HOME: who received the person (接收人/接收单位)." })
  receiverName!: string | null;

  @Field(() => String, { nullable: true, description: "RETURNED_HOME: GB/T 2260 code of the destination area (返回地)." })
  destinationAreaCode!: string | null;

  @Field(() => TransferKindEnum, { nullable: true, description: "TRANSFERRED: to another relief station or to a care institution." })
  transferKind!: TransferKind | null;

  @Field(() => String, { nullable: true, description: "TRANSFERRED: the station or institution (接收机构)." })
  transferredTo!: string | null;

  static fromRow(row: DispositionChangeRow): ReliefDispositionChange {
    return Object.assign(new ReliefDispositionChange(), {
      reliefRecordId: row.reliefRecordId,
      sequence: row.sequence,
      fromDisposition: row.fromDisposition,
      toDisposition: row.toDisposition,
      effectiveOn: row.effectiveOn,
      identityStatus: row.identityStatus,
      officer: row.officer,
      agency: row.agency,
      recordedAt: row.recordedAt,
      note: row.note,
      receiverKind: row.receiverKind,
      receiverName: row.receiverName,
      destinationAreaCode: row.destinationAreaCode,
      transferKind: row.transferKind,
      transferredTo: row.transferredTo,
    });
  }
}

@InputType({ description: "A step in a relief record's disposition (去向变更). What each step needs is checked against the disposition graph (docs/family-search-lifecycle.md)." })
export class ReliefDispositionInput {
  @Field(() => ID, { description: "The relief record, of this node's province." })
  reliefRecordId!: string;

  @Field(() => ReliefDispositionEnum, { description: "The disposition after the step." })
  disposition!: ReliefDisposition;

  @Field(() => DateScalar, { nullable: true, description: "Date it happened; default today (China time). Not in the future, not before the person was found." })
  effectiveOn?: string | null;

  @Field(() => String, { nullable: true, description: "Note (备注), at most 500 characters." })
  note?: string | null;

  @Field(() => ReceiverKindEnum, { nullable: true, description: "RETURNED_HOME (required): a relative or an agency received the person." })
  receiverKind?: ReceiverKind | null;

  @Field(() => String, { nullable: true, description: "RETURNED_HOME (required): who received the person." })
  receiverName?: string | null;

  @Field(() => String, { nullable: true, description: "RETURNED_HOME (required): GB/T 2260 county-level code of the destination." })
  destinationAreaCode?: string | null;

  @Field(() => TransferKindEnum, { nullable: true, description: "TRANSFERRED (required): another relief station or a care institution." })
  transferKind?: TransferKind | null;

  @Field(() => String, { nullable: true, description: "TRANSFERRED (required): the receiving station or institution (its agency id or name)." })
  transferredTo?: string | null;
}

@ObjectType({ simpleResolvers: true, description: "A disposition step as recorded, with the record after it." })
export class RecordReliefDispositionPayload {
  @Field(() => ReliefRecord, { description: "The record after the step." })
  reliefRecord!: ReliefRecord;

  @Field(() => ReliefDispositionChange, { description: "The step as stored in the history." })
  change!: ReliefDispositionChange;
}

@ObjectType({ simpleResolvers: true, description: "How and by whom a missing-person report was closed (结案记录)." })
export class MissingReportClosure {
  @Field(() => ID, { description: "The report." })
  missingPersonReportId!: string;

  @Field(() => MissingReportOutcomeEnum, { description: "FOUND or WITHDRAWN." })
  outcome!: MissingReportOutcome;

  @Field(() => ID, { nullable: true, description: "FOUND: the relief record of the person found (either province)." })
  reliefRecordId!: string | null;

  @Field(() => ID, { nullable: true, description: "Set when the closure came from confirming this match alert." })
  matchAlertId!: string | null;

  @Field({ description: "Officer who closed it." })
  closedBy!: string;

  @Field(() => String, { nullable: true, description: "The officer's agency (not known for closures by alert confirmation)." })
  closedByAgency!: string | null;

  @Field(() => DateTimeScalar, { description: "When it was closed." })
  closedAt!: Date;

  @Field(() => String, { nullable: true, description: "The officer's note." })
  note!: string | null;

  static fromRow(row: ClosureRow): MissingReportClosure {
    return Object.assign(new MissingReportClosure(), {
      missingPersonReportId: row.missingReportId,
      outcome: row.outcome,
      reliefRecordId: row.reliefRecordId,
      matchAlertId: row.matchAlertId,
      closedBy: row.closedBy,
      closedByAgency: row.closedByAgency,
      closedAt: row.closedAt,
      note: row.note,
    });
  }
}

@InputType({ description: "Closing a missing-person report (寻亲登记结案)." })
export class CloseMissingPersonReportInput {
  @Field(() => ID, { description: "The report, of this node's province." })
  missingPersonReportId!: string;

  @Field(() => MissingReportOutcomeEnum, { description: "FOUND (give reliefRecordId) or WITHDRAWN." })
  outcome!: MissingReportOutcome;

  @Field(() => ID, { nullable: true, description: "FOUND (required): the relief record of the person, of either province." })
  reliefRecordId?: string | null;

  @Field(() => String, { nullable: true, description: "Note (备注), at most 500 characters." })
  note?: string | null;
}

@ObjectType({ simpleResolvers: true, description: "A missing-person report as closed." })
export class CloseMissingPersonReportPayload {
  @Field(() => MissingPersonReport, { description: "The report after closing." })
  missingPersonReport!: MissingPersonReport;

  @Field(() => MissingReportClosure, { description: "The closure as stored." })
  closure!: MissingReportClosure;

  @Field(() => ReliefRecord, { nullable: true, description: "FOUND with a record of this province: the record, identified by the closure if it was not." })
  reliefRecord!: ReliefRecord | null;
}

@ObjectType({ simpleResolvers: true, description: "A DNA comparison requested by the police liaison, and its result (DNA比对协查). No genotype is ever stored." })
export class DnaComparison {
  @Field(() => ID, { description: "Id, region tag first, e.g. `CQ-DC-00000001`." })
  id!: string;

  @Field(() => ID, { description: "The relief record sampled." })
  reliefRecordId!: string;

  @Field(() => ID, { nullable: true, description: "The family's report whose reference sample it is compared with, if any." })
  missingPersonReportId!: string | null;

  @Field(() => DnaComparisonStatusEnum, { nullable: true, description: "REQUESTED, MATCH or NO_MATCH." })
  status!: DnaComparisonStatus | null;

  @Field(() => String, { nullable: true, description: "Reference of the sample (采样编号); police liaison only." })
  sampleRef!: string | null;

  @Field(() => String, { nullable: true, description: "Laboratory the sample went to (检验机构)." })
  laboratory!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Date requested (送检日期)." })
  requestedOn!: string | null;

  @Field(() => String, { nullable: true, description: "Police liaison who requested it." })
  requestedBy!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Date of the laboratory's result (结果日期)." })
  resultOn!: string | null;

  @Field(() => String, { nullable: true, description: "The laboratory's reference for the result (检验报告编号); police liaison only." })
  labReference!: string | null;

  @Field(() => Int, { nullable: true, description: "Days from request to result (协查用时)." })
  turnaroundDays!: number | null;

  @Field(() => String, { nullable: true, description: "Note." })
  note!: string | null;

  static fromRow(row: DnaComparisonRow, turnaroundDays: number | null): DnaComparison {
    return Object.assign(new DnaComparison(), {
      id: row.id,
      reliefRecordId: row.reliefRecordId,
      missingPersonReportId: row.missingReportId,
      status: row.status,
      sampleRef: row.sampleRef,
      laboratory: row.laboratory,
      requestedOn: row.requestedOn,
      requestedBy: row.requestedBy,
      resultOn: row.resultOn,
      labReference: row.labReference,
      turnaroundDays,
      note: row.note,
    });
  }
}

@InputType({ description: "A DNA sample sent for comparison (DNA送检)." })
export class DnaSampleRequestInput {
  @Field(() => ID, { description: "The relief record, of this node's province." })
  reliefRecordId!: string;

  @Field({ description: "Reference of the sample (采样编号): letters, digits and hyphens. Stored on the record too if it has none." })
  sampleRef!: string;

  @Field({ description: "Laboratory the sample goes to (检验机构)." })
  laboratory!: string;

  @Field(() => DateScalar, { nullable: true, description: "Date sent; default today (China time)." })
  requestedOn?: string | null;

  @Field(() => ID, { nullable: true, description: "The family's report to compare with (its reference sample), if any." })
  missingPersonReportId?: string | null;

  @Field(() => String, { nullable: true, description: "Note." })
  note?: string | null;
}

@InputType({ description: "A laboratory's result for a DNA comparison (比对结果). Only the result and the laboratory's reference; never a genotype." })
export class DnaComparisonResultInput {
  @Field(() => ID, { description: "The comparison." })
  dnaComparisonId!: string;

  @Field(() => DnaComparisonStatusEnum, { description: "MATCH or NO_MATCH." })
  result!: DnaComparisonStatus;

  @Field({ description: "The laboratory's reference for the result (检验报告编号)." })
  labReference!: string;

  @Field(() => DateScalar, { nullable: true, description: "Date of the result; default today (China time)." })
  resultOn?: string | null;

  @Field(() => String, { nullable: true, description: "MATCH: the person's resident identity number, if the match established it (validated, GB 11643)." })
  idNumber?: string | null;

  @Field(() => String, { nullable: true, description: "Note." })
  note?: string | null;
}

@ObjectType({ simpleResolvers: true, description: "An unidentified person's 寻亲 notice past its 24-hour deadline (寻亲公告超时)." })
export class OverdueReliefNotice {
  @Field(() => ID, { description: "The relief record." })
  reliefRecordId!: string;

  @Field({ description: "The station holding the record." })
  stationId!: string;

  @Field(() => DateTimeScalar, { description: "When the record was registered (the deadline runs from here)." })
  registeredAt!: Date;

  @Field(() => DateTimeScalar, { description: "When the notice was due: 24 hours after registration." })
  dueAt!: Date;

  @Field(() => Float, { description: "Hours past the deadline, to one decimal." })
  hoursOverdue!: number;

  @Field(() => ReliefRecord, { nullable: true, description: "The record (personal data: policy applies)." })
  reliefRecord!: ReliefRecord | null;
}
