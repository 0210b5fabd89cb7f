import { registerEnumType } from "type-graphql";
import { Db } from "../db";

// GraphQL enums for the relief domain. The Prisma enums (src/db) are the source of truth; these
// registrations only name them for the schema.

export { GenderEnum, type Gender } from "../context";

export const IdentityStatusEnum = Db.IdentityStatus;
export type IdentityStatus = Db.IdentityStatus;
registerEnumType(IdentityStatusEnum, {
  name: "IdentityStatus",
  description: "How far a relief station knows who a person is (身份状态).",
  valuesConfig: {
    UNIDENTIFIED: { description: "Identity unknown (身份不明); a 寻亲 notice is due within 24 hours." },
    SELF_REPORTED: { description: "The person gave a name or origin that is not yet verified (自述身份)." },
    IDENTIFIED: { description: "Identity confirmed, e.g. by police or a confirmed family match (已确认身份)." },
  },
});

export const ReliefDispositionEnum = Db.ReliefDisposition;
export type ReliefDisposition = Db.ReliefDisposition;
registerEnumType(ReliefDispositionEnum, {
  name: "ReliefDisposition",
  description: "Where a person taken in by a relief station is now (去向).",
  valuesConfig: {
    IN_CARE: { description: "Still cared for by the station (在站救助)." },
    RETURNED_HOME: { description: "Returned to family or home area, received by a relative or an agency (接送返回)." },
    SETTLED_LOCALLY: { description: "Settled where found: household registration and placement (落户安置)." },
    TRANSFERRED: { description: "Transferred to another relief station or to a care institution (转介)." },
    LEFT_STATION: { description: "Left the station of their own accord (自行离站)." },
    DECEASED: { description: "Died while in care (死亡)." },
  },
});

export const MissingReportStatusEnum = Db.MissingReportStatus;
export type MissingReportStatus = Db.MissingReportStatus;
registerEnumType(MissingReportStatusEnum, {
  name: "MissingReportStatus",
  description: "State of a missing-person report (寻亲登记状态).",
  valuesConfig: {
    OPEN: { description: "Still searching (寻找中)." },
    FOUND: { description: "The person was found, e.g. through a confirmed match (已找到)." },
    CLOSED: { description: "Closed without a find (已撤销)." },
  },
});

export const TransferKindEnum = Db.TransferKind;
export type TransferKind = Db.TransferKind;
registerEnumType(TransferKindEnum, {
  name: "TransferKind",
  description: "Where a relief record was transferred to (转介去向).",
  valuesConfig: {
    RELIEF_STATION: { description: "Another relief station, which takes the case over: nothing follows at this station (转其他救助管理机构)." },
    CARE_INSTITUTION: { description: "A care institution (托养机构, hospital, welfare home): the station keeps the case (托养/送医)." },
  },
});

export const ReceiverKindEnum = Db.ReceiverKind;
export type ReceiverKind = Db.ReceiverKind;
registerEnumType(ReceiverKindEnum, {
  name: "ReceiverKind",
  description: "Who received a person returned home (接收方).",
  valuesConfig: {
    RELATIVE: { description: "A relative (亲属)." },
    AGENCY: { description: "An agency of the home area: civil affairs, a village or residents' committee, a station (接收单位)." },
  },
});

export const MissingReportOutcomeEnum = Db.MissingReportOutcome;
export type MissingReportOutcome = Db.MissingReportOutcome;
registerEnumType(MissingReportOutcomeEnum, {
  name: "MissingReportOutcome",
  description: "How a missing-person report was closed (结案方式).",
  valuesConfig: {
    FOUND: { description: "The person was found, linked to their relief record (已找到); the report's status becomes FOUND." },
    WITHDRAWN: { description: "Withdrawn by the family or the agency (撤销); the report's status becomes CLOSED." },
  },
});

export const DnaComparisonStatusEnum = Db.DnaComparisonStatus;
export type DnaComparisonStatus = Db.DnaComparisonStatus;
registerEnumType(DnaComparisonStatusEnum, {
  name: "DnaComparisonStatus",
  description: "State of a DNA comparison requested by the police liaison (DNA比对状态).",
  valuesConfig: {
    REQUESTED: { description: "Sample sent, no result yet (已送检)." },
    MATCH: { description: "The laboratory reports a match (比中)." },
    NO_MATCH: { description: "The laboratory reports no match (未比中)." },
  },
});

/** Distinctive features are stored as normalised tokens joined by "|". */
export function splitTokens(joined: string): string[] {
  return joined.split("|").map((t) => t.trim()).filter((t) => t.length > 0);
}
