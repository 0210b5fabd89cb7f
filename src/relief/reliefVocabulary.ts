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
    RETURNED_HOME: { description: "Returned to family or home area (返乡/接回)." },
    TRANSFERRED: { description: "Transferred to another institution (转移安置)." },
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

/** Distinctive features are stored as normalised tokens joined by "|". */
export function splitTokens(joined: string): string[] {
  return joined.split("|").map((t) => t.trim()).filter((t) => t.length > 0);
}
