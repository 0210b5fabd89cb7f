import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import type { Region } from "../config";
import { DateTimeScalar, RegionEnum } from "../context";
import { Db } from "../db";
import { PageInfo } from "../pagination";
import { AttributeComparison } from "./familySearchTypes";
import type { AttributeComparison as EngineComparison } from "./matching/attributeComparison";
import { MissingPersonReport } from "./missingPersonReportType";
import { ReliefRecord } from "./reliefRecordType";
import type { MatchAlertRow } from "./reliefRows";

export const MatchAlertStatusEnum = Db.MatchAlertStatus;
export type MatchAlertStatus = Db.MatchAlertStatus;
registerEnumType(MatchAlertStatusEnum, {
  name: "MatchAlertStatus",
  description: "Where a match alert is in its review (预警状态): NEW → REVIEWED → CONFIRMED or REJECTED.",
  valuesConfig: {
    NEW: { description: "Raised by continuous matching, not yet looked at (新预警)." },
    REVIEWED: { description: "An officer has looked at it (已查看)." },
    CONFIRMED: { description: "Confirmed as the same person: the record is identified and the report found (已确认)." },
    REJECTED: { description: "Not the same person, or superseded by another confirmed match (已排除)." },
  },
});

export const MatchAlertDecisionEnum = { REVIEWED: "REVIEWED", CONFIRMED: "CONFIRMED", REJECTED: "REJECTED" } as const;
export type MatchAlertDecision = keyof typeof MatchAlertDecisionEnum;
registerEnumType(MatchAlertDecisionEnum, {
  name: "MatchAlertDecision",
  description: "An officer's step on a match alert (预警处理): REVIEWED from NEW; CONFIRMED or REJECTED from REVIEWED.",
});


@ObjectType({ simpleResolvers: true, description: "A candidate pair above the alert threshold, raised when a record or report arrived (寻亲比对预警)." })
export class MatchAlert {
  @Field(() => ID, { description: "Alert id, region tag first, e.g. `CQ-MA-00000001`." })
  id!: string;

  @Field(() => RegionEnum, { description: "Province whose node raised the alert (所属省份)." })
  region!: Region;

  @Field(() => MatchAlertStatusEnum, { description: "Review state." })
  status!: MatchAlertStatus;

  @Field(() => ID, { description: "Id of the relief record." })
  reliefRecordId!: string;

  @Field(() => ID, { description: "Id of the missing-person report." })
  missingPersonReportId!: string;

  @Field(() => ReliefRecord, { nullable: true, description: "The relief record (救助记录)." })
  reliefRecord?: ReliefRecord | null;

  @Field(() => MissingPersonReport, { nullable: true, description: "The missing-person report (寻亲登记)." })
  missingPersonReport?: MissingPersonReport | null;

  @Field({ description: "Which arrival raised it: RELIEF_RECORD or MISSING_REPORT." })
  triggeredBy!: string;

  @Field(() => Float, { description: "Match weight in bits when raised." })
  matchWeight!: number;

  @Field(() => Float, { description: "Match probability when raised (匹配概率)." })
  matchProbability!: number;

  @Field(() => [AttributeComparison], { nullable: true, description: "The comparisons when raised (about a person: nullable for policy)." })
  comparisons!: AttributeComparison[] | null;

  @Field(() => Boolean, { nullable: true, description: "The record has a DNA sample: the police liaison should request a laboratory comparison." })
  dnaComparisonSuggested!: boolean | null;

  @Field(() => DateTimeScalar, { description: "When raised." })
  createdAt!: Date;

  @Field(() => String, { nullable: true, description: "Officer who marked it reviewed (查看人)." })
  reviewedBy!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it was marked reviewed." })
  reviewedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "Officer who confirmed or rejected it (确认人)." })
  decidedBy!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it was confirmed or rejected." })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The officer's note on the decision (处理意见)." })
  decisionNote!: string | null;

  static fromRow(row: MatchAlertRow): MatchAlert {
    const comparisons = (JSON.parse(row.comparisons) as EngineComparison[]).map(AttributeComparison.of);
    return Object.assign(new MatchAlert(), {
      id: row.id,
      region: row.region,
      status: row.status,
      reliefRecordId: row.reliefRecordId,
      missingPersonReportId: row.missingReportId,
      triggeredBy: row.triggeredBy,
      matchWeight: row.matchWeight,
      matchProbability: row.matchProbability,
      comparisons,
      dnaComparisonSuggested: row.dnaComparisonSuggested,
      createdAt: row.createdAt,
      reviewedBy: row.reviewedBy,
      reviewedAt: row.reviewedAt,
      decidedBy: row.decidedBy,
      decidedAt: row.decidedAt,
      decisionNote: row.decisionNote,
    });
  }
}

@ObjectType({ simpleResolvers: true, description: "One alert in a page, with its cursor." })
export class MatchAlertEdge {
  @Field({ description: "Opaque cursor: pass it as `after` to continue after this alert." })
  cursor!: string;

  @Field(() => MatchAlert, { description: "The alert." })
  node!: MatchAlert;
}

@ObjectType({ simpleResolvers: true, description: "A page of match alerts, newest first (createdAt desc, id desc)." })
export class MatchAlertConnection {
  @Field(() => [MatchAlertEdge], { description: "The alerts of this page." })
  edges!: MatchAlertEdge[];

  @Field(() => PageInfo, { description: "Whether and where the listing continues." })
  pageInfo!: PageInfo;

  countTotal!: () => Promise<number>;

  @Field(() => Int, { description: "How many alerts match in all pages." })
  totalCount(): Promise<number> {
    return this.countTotal();
  }
}

@ObjectType({ simpleResolvers: true, description: "A relief case as registered, with the alerts continuous matching raised (救助登记结果)." })
export class RecordReliefCasePayload {
  @Field(() => ReliefRecord, { description: "The record as stored." })
  reliefRecord!: ReliefRecord;

  @Field(() => [MatchAlert], { description: "Open reports that may describe this person, above the alert threshold." })
  alerts!: MatchAlert[];
}

@ObjectType({ simpleResolvers: true, description: "A missing-person report as filed, with the alerts continuous matching raised (寻亲登记结果)." })
export class FileMissingPersonReportPayload {
  @Field(() => MissingPersonReport, { description: "The report as stored." })
  missingPersonReport!: MissingPersonReport;

  @Field(() => [MatchAlert], { description: "Relief records that may be this person, above the alert threshold." })
  alerts!: MatchAlert[];
}
