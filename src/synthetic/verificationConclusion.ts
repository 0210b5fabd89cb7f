// The rule the synthetic verification centres apply, so every generated conclusion is consistent
// with the numbers beside it (社会救助暂行办法 Art 9: per-capita income below the local standard
// AND property within the local limit).

export type VerificationConclusion = "ELIGIBLE" | "INELIGIBLE" | "NEEDS_REVIEW";

export type Residence = "URBAN" | "RURAL";
/** The 低保 standard (fen per person per month) of an area for a residence on a date, if one is on file. */
export type MonthlyStandardFen = (areaCode: string, residence: Residence, onDate: string) => number | undefined;

/**
 * ILLUSTRATIVE asset limit: total household assets up to 24 months of the standard per member.
 * Local rules cap assets in this shape (a number of months of the standard per person), but no
 * Chongqing or Sichuan figure is verified in the facts sheet, so this is a stand-in for demo data.
 */
export const ASSET_LIMIT_MONTHS = 24;

export function assetLimitFen(memberCount: number, standardFen: number): number {
  return memberCount * standardFen * ASSET_LIMIT_MONTHS;
}

/** Per-capita monthly income in fen: household total over members, rounded down. */
export function perCapitaIncomeFen(totalMonthlyIncomeFen: number, memberCount: number): number {
  return Math.floor(totalMonthlyIncomeFen / memberCount);
}

export interface ConclusionFacts {
  memberCount: number;
  perCapitaIncomeFen: number;
  totalAssetsFen: number;
  /** The area's monthly 低保 standard on the completion date; undefined when none is on file. */
  standardFen: number | undefined;
  /** Data sources disagreed (e.g. declared wages vs tax records) and a caseworker must look. */
  sourcesDisagree: boolean;
}

export function verificationConclusion(facts: ConclusionFacts): VerificationConclusion {
  if (facts.standardFen === undefined || facts.sourcesDisagree) return "NEEDS_REVIEW";
  const incomeBelow = facts.perCapitaIncomeFen < facts.standardFen;
  const assetsWithin = facts.totalAssetsFen <= assetLimitFen(facts.memberCount, facts.standardFen);
  return incomeBelow && assetsWithin ? "ELIGIBLE" : "INELIGIBLE";
}
