import type { Db } from "../db";

// The words of the standards domain. Prisma's generated enums are the database's source of truth;
// these lists repeat them as values so the pure lookup never has to load the Prisma client, and the
// `satisfies` checks below fail to compile if the two drift apart.

export const STANDARD_CATEGORIES = [
  "MLG_URBAN",
  "MLG_RURAL",
  "MLG_UNIFIED",
  "HARDSHIP_BASIC_URBAN",
  "HARDSHIP_BASIC_RURAL",
  "HARDSHIP_BASIC",
  "HARDSHIP_CARE_FULL",
  "HARDSHIP_CARE_PARTIAL",
  "HARDSHIP_CARE_SELF",
  "RELIEF_STATION_LIVING",
  "MINIMUM_WAGE",
] as const satisfies readonly Db.StandardCategory[];
export type StandardCategory = (typeof STANDARD_CATEGORIES)[number];

export const SOURCE_CONFIDENCES = ["OFFICIAL", "SECONDARY", "ILLUSTRATIVE"] as const satisfies readonly Db.SourceConfidence[];
export type SourceConfidence = (typeof SOURCE_CONFIDENCES)[number];

export const RESIDENCES = ["URBAN", "RURAL"] as const satisfies readonly Db.Residence[];
export type Residence = (typeof RESIDENCES)[number];

// Exhaustiveness the other way: every Prisma value must appear in the lists above.
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : Exclude<All, Listed>;
const categoriesComplete: Missing<Db.StandardCategory, StandardCategory> = true;
const confidencesComplete: Missing<Db.SourceConfidence, SourceConfidence> = true;
const residencesComplete: Missing<Db.Residence, Residence> = true;
void [categoriesComplete, confidencesComplete, residencesComplete];

/** Confidence order, strongest first; a derived figure is only as strong as its weakest input. */
const CONFIDENCE_RANK: Record<SourceConfidence, number> = { OFFICIAL: 0, SECONDARY: 1, ILLUSTRATIVE: 2 };

export function weakestConfidence(...confidences: SourceConfidence[]): SourceConfidence {
  return confidences.reduce((weakest, c) => (CONFIDENCE_RANK[c] > CONFIDENCE_RANK[weakest] ? c : weakest), "OFFICIAL" as SourceConfidence);
}

/** Named scopes beyond GB/T 2260 codes: Chongqing's one municipal standard, Sichuan's provincial floor. */
export const CHONGQING_MUNICIPAL_SCOPE = "CQ-ALL";
export const SICHUAN_FLOOR_SCOPE = "SC-FLOOR";
