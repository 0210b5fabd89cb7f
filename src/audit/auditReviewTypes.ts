import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { Region } from "../config";
import { DateTimeScalar, PurposeEnum, RegionEnum, RoleEnum, type Purpose, type Role } from "../context";
import type { AccessOutcome } from "../context";
import { PageInfo } from "../pagination";

export const AccessOutcomeEnum = {
  ALLOWED: "ALLOWED",
  MASKED: "MASKED",
  PARTIAL: "PARTIAL",
  DENIED: "DENIED",
  INVALID: "INVALID",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FAILED: "FAILED",
} as const satisfies { [K in AccessOutcome]: K };
registerEnumType(AccessOutcomeEnum, {
  name: "AccessOutcome",
  description:
    "How an operation ended (访问结果): ALLOWED released as asked, MASKED released with masked fields, PARTIAL some fields denied or missing, DENIED refused by policy, INVALID never a valid operation, UNAUTHENTICATED no valid token, FAILED an error while executing.",
});

export const AccessAnomalyKindEnum = {
  HIGH_SUBJECT_RATE: "HIGH_SUBJECT_RATE",
  CASE_REF_FANOUT: "CASE_REF_FANOUT",
  DENIED_BURST: "DENIED_BURST",
  OFF_HOURS: "OFF_HOURS",
} as const;
export type AccessAnomalyKind = keyof typeof AccessAnomalyKindEnum;
registerEnumType(AccessAnomalyKindEnum, {
  name: "AccessAnomalyKind",
  description:
    "Pattern worth a compliance review (异常访问): HIGH_SUBJECT_RATE an officer touched unusually many distinct people in an hour, CASE_REF_FANOUT one case reference used for many people, DENIED_BURST many denied accesses in a short time, OFF_HOURS access outside working hours.",
});

@ObjectType({ simpleResolvers: true, description: "A field path the policy engine denied or masked, with the rule and reason (字段决定); never the value." })
export class AccessFieldDecision {
  @Field({ description: "Response path, list indices dropped, e.g. `householdVerification.members.idNumber`." })
  path!: string;

  @Field({ description: "Policy that decided (策略编号)." })
  policyId!: string;

  @Field({ description: "Why (原因代码)." })
  reasonCode!: string;
}

@ObjectType({ simpleResolvers: true, description: "The row rule a root field read its rows under, and for which jurisdiction (行级规则); never a row." })
export class AccessRowRule {
  @Field({ description: "Root field, e.g. `Query.overdueReliefNotices`." })
  rootField!: string;

  @Field({ description: "Kind of row read (policies/*.yaml `rows:`), e.g. `ReliefRecord`." })
  entity!: string;

  @Field(() => [String], { description: "Row rules that matched the caller (策略编号)." })
  policyIds!: string[];

  @Field({ description: "The caller's jurisdiction the rules were compiled for, e.g. `county 500106` (管辖范围)." })
  jurisdiction!: string;
}

@ObjectType({ simpleResolvers: true, description: "One forward of the request to the other province's node (跨省转发)." })
export class AccessPeerHop {
  @Field(() => RegionEnum, { description: "The peer node's region." })
  region!: Region;

  @Field(() => String, { nullable: true, description: "The peer's request id, to find its own audit entry." })
  peerRequestId!: string | null;

  @Field(() => String, { nullable: true, description: "The peer's signed receipt (compact JWS)." })
  receipt!: string | null;

  @Field({ description: "OK, PEER_UNAVAILABLE or REFUSED." })
  outcome!: string;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "One recorded access (访问日志条目): who, why, what was asked, released, masked and denied. People appear only as keyed HMACs of their identity numbers (主体假名), never as raw numbers.",
})
export class AccessLogEntry {
  @Field(() => ID, { description: "The entry's row id in this node's log." })
  id!: string;

  @Field(() => RegionEnum, { description: "Node that answered and recorded the access (记录节点)." })
  region!: Region;

  @Field({ description: "Chain (writer) the entry belongs to." })
  writerId!: string;

  @Field(() => Int, { description: "Position in the writer's chain." })
  sequence!: number;

  @Field({ description: "sha256 of this entry, chained to the previous one (哈希链)." })
  entryHash!: string;

  @Field(() => DateTimeScalar, { description: "When the access was recorded (记录时间)." })
  recordedAt!: Date;

  @Field({ description: "Request id (请求编号)." })
  requestId!: string;

  @Field(() => String, { nullable: true, description: "Officer id (`sub`) (经办人); null when unauthenticated." })
  officer!: string | null;

  @Field(() => String, { nullable: true, description: "Officer's agency (机构)." })
  agency!: string | null;

  @Field(() => RegionEnum, { nullable: true, description: "Officer's region (经办人所属省份)." })
  officerRegion!: Region | null;

  @Field(() => [RoleEnum], { description: "Officer's roles (角色)." })
  roles!: Role[];

  @Field(() => RegionEnum, { nullable: true, description: "Set when a peer node forwarded the request on the officer's behalf (转发节点)." })
  forwardedBy!: Region | null;

  @Field(() => PurposeEnum, { nullable: true, description: "Declared purpose (处理目的)." })
  purpose!: Purpose | null;

  @Field(() => String, { nullable: true, description: "Case reference (案件编号)." })
  caseRef!: string | null;

  @Field(() => String, { nullable: true, description: "GraphQL operation name (操作名称)." })
  operationName!: string | null;

  @Field(() => String, { nullable: true, description: "sha256 of the operation document." })
  operationHash!: string | null;

  @Field(() => [String], { description: "Field paths requested (请求字段)." })
  fieldsRequested!: string[];

  @Field(() => [AccessFieldDecision], { description: "Fields denied, with policy and reason (拒绝字段)." })
  fieldsDenied!: AccessFieldDecision[];

  @Field(() => [AccessFieldDecision], { description: "Fields masked, with policy and reason (脱敏字段)." })
  fieldsMasked!: AccessFieldDecision[];

  @Field(() => [String], { description: "Keyed HMACs of the people touched (主体假名); compare with subjectAccessReport." })
  subjectHmacs!: string[];

  @Field(() => Int, { description: "Items released (返回条数)." })
  resultCount!: number;

  @Field(() => AccessOutcomeEnum, { description: "How the operation ended (访问结果)." })
  outcome!: AccessOutcome;

  @Field(() => String, { nullable: true, description: "Error code that decided the outcome." })
  errorCode!: string | null;

  @Field(() => String, { nullable: true, description: "Short reason, e.g. why authentication failed." })
  errorDetail!: string | null;

  @Field(() => Int, { description: "Time to answer, milliseconds (耗时)." })
  latencyMs!: number;

  @Field(() => [AccessPeerHop], { description: "Forwards to the peer node (跨省转发)." })
  peerHops!: AccessPeerHop[];

  @Field(() => [AccessRowRule], { description: "Row rules the access read rows under (行级规则); empty when it read none under a rule (and for entries written before they were recorded)." })
  rowRules!: AccessRowRule[];
}

@InputType({ description: "Which accesses to list (访问日志筛选); every condition given must hold." })
export class AccessLogFilter {
  @Field(() => DateTimeScalar, { nullable: true, description: "Recorded at or after (起始时间)." })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Recorded at or before (截止时间)." })
  to?: Date | null;

  @Field(() => String, { nullable: true, description: "Officer id (`sub`) (经办人)." })
  officer?: string | null;

  @Field(() => String, { nullable: true, description: "Agency (机构)." })
  agency?: string | null;

  @Field(() => RegionEnum, { nullable: true, description: "Officer's region (经办人所属省份)." })
  region?: Region | null;

  @Field(() => RoleEnum, { nullable: true, description: "Officer held this role (角色)." })
  role?: Role | null;

  @Field(() => PurposeEnum, { nullable: true, description: "Declared purpose (处理目的)." })
  purpose?: Purpose | null;

  @Field(() => String, { nullable: true, description: "Case reference (案件编号)." })
  caseRef?: string | null;

  @Field(() => String, { nullable: true, description: "GraphQL operation name (操作名称)." })
  operationName?: string | null;

  @Field(() => AccessOutcomeEnum, { nullable: true, description: "Outcome (访问结果)." })
  outcome?: AccessOutcome | null;

  @Field(() => Boolean, { nullable: true, description: "true: only accesses with a denied field; false: only without (含拒绝字段)." })
  deniedFieldPresent?: boolean | null;
}

@ObjectType({ simpleResolvers: true, description: "One access in a page, with the cursor that points at it." })
export class AccessLogEdge {
  @Field({ description: "Opaque cursor: pass it as `after` to continue after this entry." })
  cursor!: string;

  @Field(() => AccessLogEntry, { description: "The access." })
  node!: AccessLogEntry;
}

@ObjectType({ simpleResolvers: true, description: "A page of the access log, newest first (recordedAt desc, id desc) (访问日志分页)." })
export class AccessLogConnection {
  @Field(() => [AccessLogEdge], { description: "The accesses of this page." })
  edges!: AccessLogEdge[];

  @Field(() => PageInfo, { description: "Whether and where the listing continues." })
  pageInfo!: PageInfo;
}

@ObjectType({ simpleResolvers: true, description: "A pattern of accesses worth a compliance review, with the entries behind it (异常访问)." })
export class AccessAnomaly {
  @Field(() => AccessAnomalyKindEnum, { description: "Which pattern." })
  kind!: AccessAnomalyKind;

  @Field(() => String, { nullable: true, description: "Officer concerned (经办人), when the pattern is an officer's." })
  officer!: string | null;

  @Field(() => String, { nullable: true, description: "Case reference concerned (案件编号), for CASE_REF_FANOUT." })
  caseRef!: string | null;

  @Field(() => DateTimeScalar, { description: "Start of the period the pattern was seen in." })
  from!: Date;

  @Field(() => DateTimeScalar, { description: "End of that period." })
  to!: Date;

  @Field(() => Int, { description: "The measure: distinct people, denied accesses or off-hours accesses." })
  measure!: number;

  @Field(() => Int, { description: "The threshold the measure reached." })
  threshold!: number;

  @Field({ description: "What was seen, in words." })
  description!: string;

  @Field(() => [ID], { description: "Ids of the entries behind the anomaly (at most 200)." })
  entryIds!: string[];

  @Field(() => Int, { description: "How many entries are behind it in all." })
  entryCount!: number;
}

@ObjectType({ simpleResolvers: true, description: "A broken link in the audit log: where, what kind, what differs (完整性缺陷)." })
export class AuditIntegrityBreak {
  @Field(() => String, { nullable: true, description: "Writer (chain); null for a problem with a whole file." })
  writerId!: string | null;

  @Field(() => Int, { nullable: true, description: "Sequence in the chain." })
  sequence!: number | null;

  @Field({ description: "Kind of break, e.g. SEQUENCE_GAP, ENTRY_ALTERED, TAIL_TRUNCATED, CHECKPOINT_SIGNATURE." })
  problem!: string;

  @Field({ description: "What differs, in words." })
  detail!: string;

  @Field(() => String, { nullable: true, description: "Expected value (hash or sequence)." })
  expected!: string | null;

  @Field(() => String, { nullable: true, description: "Value found." })
  actual!: string | null;
}

@ObjectType({ simpleResolvers: true, description: "Verification result of one writer's chain (链校验结果)." })
export class AuditWriterIntegrity {
  @Field({ description: "Writer (chain) id." })
  writerId!: string;

  @Field(() => Int, { nullable: true, description: "First sequence examined." })
  firstSequence!: number | null;

  @Field(() => Int, { nullable: true, description: "Last sequence examined." })
  lastSequence!: number | null;

  @Field(() => Int, { description: "Entries whose hash and links were recomputed." })
  entriesChecked!: number;

  @Field(() => Int, { description: "Checkpoints whose signatures were checked." })
  checkpointsChecked!: number;

  @Field(() => Int, { description: "Highest sequence covered by a signature." })
  sealedThrough!: number;

  @Field(() => Int, { description: "Entries after the last signature (normal for a running writer)." })
  unsealedEntries!: number;

  @Field({ description: "Whether the chain was sealed with a FINAL checkpoint." })
  final!: boolean;

  @Field(() => AuditIntegrityBreak, { nullable: true, description: "First broken link of this chain." })
  firstBreak!: AuditIntegrityBreak | null;
}

@ObjectType({ simpleResolvers: true, description: "Integrity of the audit log: hash chains, signed checkpoints, completeness (审计日志完整性)." })
export class AuditIntegrityReport {
  @Field({ description: "True when every chain segment verified." })
  ok!: boolean;

  @Field(() => DateTimeScalar, { description: "When the check ran." })
  verifiedAt!: Date;

  @Field(() => DateTimeScalar, { description: "Start of the period whose chain segments were checked." })
  from!: Date;

  @Field(() => DateTimeScalar, { description: "End of that period." })
  to!: Date;

  @Field(() => Int, { description: "Entries recomputed." })
  entriesChecked!: number;

  @Field(() => Int, { description: "Checkpoint signatures checked." })
  checkpointsChecked!: number;

  @Field(() => Int, { description: "Entries after the last signature of their chain." })
  unsealedEntries!: number;

  @Field(() => AuditIntegrityBreak, { nullable: true, description: "The first broken link, if any." })
  firstBreak!: AuditIntegrityBreak | null;

  @Field(() => [AuditWriterIntegrity], { description: "Per chain." })
  writers!: AuditWriterIntegrity[];
}
