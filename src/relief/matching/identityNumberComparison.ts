import type { AttributeComparison } from "./attributeComparison";
import { bits, type MatchParameters } from "./matchParameters";
import type { MissingPersonProfile, ReliefRecordProfile } from "./matchProfile";
import type { PopulationStatistics } from "./populationStatistics";

// Resident identity numbers, where a station has identified the person and the family gave the
// number: equal numbers all but settle it; different numbers all but rule it out (numbers never
// change; a typo is the only way they differ for one person). Not DNA — that is never compared here.

export function compareIdentityNumbers(record: ReliefRecordProfile, report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters): AttributeComparison | null {
  if (!record.idNumber || !report.idNumber) return null;
  const same = record.idNumber === report.idNumber;
  const m = same ? parameters.identityNumber.SAME : 1 - parameters.identityNumber.SAME;
  // A random record carries this very number about once in the whole register.
  const u = same ? stats.floorShare : 1 - stats.floorShare;
  return {
    attribute: "IDENTITY_NUMBER",
    level: same ? "SAME" : "DIFFERENT",
    weight: bits(m, u, parameters.minimumU),
    m,
    u,
    difference: null,
    unit: null,
    detail: same ? "the identity number on the record is the reported person's" : "the record's identity number is a different person's",
  };
}
