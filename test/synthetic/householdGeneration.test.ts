import { parseIdentityNumber } from "../../src/identity";
import { currentAreaCode, findAreaDivision, regionOfArea } from "../../src/areas";
import {
  agenciesOf,
  assetLimitFen,
  generateHouseholds,
  householdBatches,
  isPre1997ChongqingCode,
  publishedMlgStandardFen,
  regionOfSyntheticId,
  type HouseholdBatch,
  type MonthlyStandardFen,
} from "../../src/synthetic";

// A standard that is not any real one, so the test proves conclusions follow the function given.
const flatStandard: MonthlyStandardFen = (areaCode, residence) => (areaCode.startsWith("50") ? 80_000 : 70_000) + (residence === "URBAN" ? 10_000 : 0);

const today = new Date("2026-11-22T00:00:00Z");

function sample(region: "CHONGQING" | "SICHUAN", households: number, seed = 7, monthlyStandardFen = flatStandard): HouseholdBatch {
  return generateHouseholds({ region, households, seed, monthlyStandardFen });
}

describe("synthetic households", () => {
  const chongqing = sample("CHONGQING", 4000);
  const sichuan = sample("SICHUAN", 4000);

  it("is deterministic: same seed, same rows; another seed, other rows", () => {
    expect(sample("CHONGQING", 300)).toEqual(sample("CHONGQING", 300));
    expect(sample("CHONGQING", 300, 8).members.map((m) => m.idNumber)).not.toEqual(sample("CHONGQING", 300).members.map((m) => m.idNumber));
  });

  it("hands out the same rows whatever the batch size", () => {
    const whole = sample("SICHUAN", 250);
    const pieces: HouseholdBatch = { households: [], members: [], verifications: [], incomes: [], assets: [] };
    for (const batch of householdBatches({ region: "SICHUAN", households: 250, seed: 7, monthlyStandardFen: flatStandard, batchSize: 17 })) {
      for (const key of Object.keys(pieces) as Array<keyof HouseholdBatch>) (pieces[key] as unknown[]).push(...batch[key]);
    }
    expect(pieces).toEqual(whole);
  });

  it("gives every member a valid, unique GB 11643 identity number", () => {
    const all = [...chongqing.members, ...sichuan.members];
    const wrong = all.filter(
      (m) =>
        !parseIdentityNumber(m.idNumber, today).ok ||
        m.idNumber.slice(6, 14) !== m.birthDate.replace(/-/g, "") ||
        (Number(m.idNumber[16]) % 2 === 1) !== (m.gender === "MALE"),
    );
    expect(wrong).toEqual([]);
    expect(new Set(all.map((m) => m.idNumber)).size).toBe(all.length);
  });

  it("registers Chongqing people whose numbers carry pre-1997 5102xx codes or the superseded 江北/渝北 codes", () => {
    const oldPrefix = chongqing.members.filter((m) => isPre1997ChongqingCode(m.idNumber.slice(0, 6)));
    expect(oldPrefix.length).toBeGreaterThan(100);
    // Only people whose number was issued before the 1997 municipality can carry one.
    expect(oldPrefix.filter((m) => Number(m.birthDate.slice(0, 4)) >= 1997)).toEqual([]);
    const superseded = chongqing.households.filter((h) => h.areaCode === "500105" || h.areaCode === "500112");
    expect(superseded.length).toBeGreaterThan(20);
    expect(new Set(superseded.map((h) => currentAreaCode(h.areaCode)))).toEqual(new Set(["500157"]));
    // The region is the registration's, never the number's prefix.
    expect(new Set(chongqing.households.map((h) => regionOfArea(h.areaCode)))).toEqual(new Set(["CHONGQING"]));
    expect(new Set(sichuan.households.map((h) => regionOfArea(h.areaCode)))).toEqual(new Set(["SICHUAN"]));
  });

  it("builds households of 1–6 members with one head, relations and circumstances", () => {
    const byHousehold = new Map<string, typeof chongqing.members>();
    for (const m of chongqing.members) {
      const members = byHousehold.get(m.householdId) ?? [];
      members.push(m);
      byHousehold.set(m.householdId, members);
    }
    expect(byHousehold.size).toBe(chongqing.households.length);
    const groups = [...byHousehold.values()];
    expect(groups.filter((members) => members.filter((m) => m.relation === "HEAD").length !== 1)).toEqual([]);
    expect([...new Set(groups.map((members) => members.length))].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(chongqing.members.some((m) => m.disabilityGrade !== null)).toBe(true);
    expect(chongqing.members.some((m) => m.seriousIllness)).toBe(true);
    expect(chongqing.members.some((m) => m.student)).toBe(true);
  });

  it("uses region-tagged ids, the province's verification centre, and real division codes", () => {
    expect(chongqing.households[0].id).toBe("CQ-HH-00000001");
    expect(sichuan.verifications[0].id).toBe("SC-HV-00000001");
    const centre = agenciesOf("CHONGQING").verificationCentre.id;
    expect(chongqing.verifications.filter((v) => regionOfSyntheticId(v.id) !== "CHONGQING" || v.agencyId !== centre || !findAreaDivision(v.areaCode))).toEqual([]);
    expect(new Set([...chongqing.verifications, ...sichuan.verifications].map((v) => v.reportNumber)).size).toBe(8000);
  });

  it.each([
    ["CHONGQING", () => chongqing],
    ["SICHUAN", () => sichuan],
  ] as const)("%s: totals are the sums of the items and per-capita income is total ÷ members", (_region, batch) => {
    const { verifications, incomes, assets, members } = batch();
    const incomeSum = new Map<string, number>();
    const assetSum = new Map<string, number>();
    for (const i of incomes) incomeSum.set(i.verificationId, (incomeSum.get(i.verificationId) ?? 0) + i.monthlyAmountFen);
    for (const a of assets) assetSum.set(a.verificationId, (assetSum.get(a.verificationId) ?? 0) + a.valueFen);
    const memberCount = new Map<string, number>();
    for (const m of members) memberCount.set(m.householdId, (memberCount.get(m.householdId) ?? 0) + 1);
    const inconsistent = verifications.filter(
      (v) =>
        v.totalMonthlyIncomeFen !== (incomeSum.get(v.id) ?? 0) ||
        v.totalAssetsFen !== (assetSum.get(v.id) ?? 0) ||
        v.memberCount !== memberCount.get(v.householdId) ||
        v.perCapitaIncomeFen !== Math.floor(v.totalMonthlyIncomeFen / v.memberCount) ||
        v.completedOn < v.requestedOn,
    );
    expect(inconsistent).toEqual([]);
    expect(assets.filter((a) => !Number.isInteger(a.valueFen) || a.valueFen < 0)).toEqual([]);
    expect(assets.filter((a) => a.kind === "BANK_DEPOSIT").every((a) => /^62\d{4}\*{8}\d{4}$/.test(a.accountRef ?? ""))).toBe(true);
  });

  it("draws every conclusion from the numbers and the standard function it was given", () => {
    const households = new Map([...chongqing.households, ...sichuan.households].map((h) => [h.id, h]));
    const inconsistent = [...chongqing.verifications, ...sichuan.verifications].filter((v) => {
      const h = households.get(v.householdId)!;
      if (v.standardFen !== flatStandard(h.areaCode, h.residence, v.completedOn)) return true;
      if (v.conclusion === "NEEDS_REVIEW") return false;
      const eligible = v.perCapitaIncomeFen < v.standardFen && v.totalAssetsFen <= assetLimitFen(v.memberCount, v.standardFen);
      return v.conclusion !== (eligible ? "ELIGIBLE" : "INELIGIBLE");
    });
    expect(inconsistent).toEqual([]);
  });

  it("is roughly 60 % eligible with a few cases for review, and mostly 低保 verifications", () => {
    const all = [...chongqing.verifications, ...sichuan.verifications];
    const share = (f: (v: (typeof all)[number]) => boolean) => all.filter(f).length / all.length;
    expect(share((v) => v.conclusion === "ELIGIBLE")).toBeGreaterThan(0.55);
    expect(share((v) => v.conclusion === "ELIGIBLE")).toBeLessThan(0.65);
    expect(share((v) => v.conclusion === "NEEDS_REVIEW")).toBeGreaterThan(0.01);
    expect(share((v) => v.conclusion === "NEEDS_REVIEW")).toBeLessThan(0.06);
    expect(share((v) => v.program === "MLG")).toBeGreaterThan(0.6);
    expect(new Set(all.map((v) => v.program))).toEqual(new Set(["MLG", "SPECIAL_HARDSHIP", "TEMP_ASSISTANCE", "LOW_INCOME"]));
  });

  it("measures against the published standard (src/standards) by default in the seed, consistently", () => {
    const published = sample("SICHUAN", 500, 3, publishedMlgStandardFen);
    const households = new Map(published.households.map((h) => [h.id, h]));
    const inconsistent = published.verifications.filter((v) => {
      const h = households.get(v.householdId)!;
      const standard = publishedMlgStandardFen(h.areaCode, h.residence, v.completedOn);
      if (standard === undefined || v.standardFen !== standard) return true;
      if (v.conclusion === "NEEDS_REVIEW") return false;
      return (v.conclusion === "ELIGIBLE") !== (v.perCapitaIncomeFen < v.standardFen && v.totalAssetsFen <= assetLimitFen(v.memberCount, v.standardFen));
    });
    expect(inconsistent).toEqual([]);
  });

  it("rejects nonsense sizes and seeds with the field named", () => {
    expect(() => sample("CHONGQING", -1)).toThrow(/households/);
    expect(() => generateHouseholds({ region: "CHONGQING", households: 1, seed: 1.5, monthlyStandardFen: flatStandard })).toThrow(/seed/);
  });
});
