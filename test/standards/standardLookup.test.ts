import { bundledStandards, mlgStandardFen, standardAmountFen } from "../../src/standards";

describe("standardAmountFen over prisma/standards (fact sheet §1)", () => {
  it("Chongqing urban 低保: 750 yuan until 2025-06-30, 770 yuan from 2025-07-01 (渝民规〔2025〕6号)", () => {
    const before = mlgStandardFen("500103", "URBAN", "2025-06-30")!;
    expect(before).toMatchObject({ amountFen: 75000, areaScope: "CQ-ALL", effectiveFrom: "2024-09-01", effectiveTo: "2025-06-30", documentNumber: "渝民发〔2024〕9号", confidence: "OFFICIAL", isFloor: false });
    const after = mlgStandardFen("500103", "URBAN", "2025-07-01")!;
    expect(after).toMatchObject({ amountFen: 77000, effectiveFrom: "2025-07-01", effectiveTo: null, documentNumber: "渝民规〔2025〕6号", region: "CHONGQING" });
    expect(after.sourceUrl).toContain("dazu.gov.cn");
  });

  it("Chongqing rural 低保 and 特困 in each version", () => {
    expect(mlgStandardFen("500229", "RURAL", "2023-09-01")?.amountFen).toBe(60000);
    expect(mlgStandardFen("500229", "RURAL", "2024-09-01")?.amountFen).toBe(61000);
    expect(mlgStandardFen("500229", "RURAL", "2025-07-01")?.amountFen).toBe(63000);
    expect(standardAmountFen("500101", "HARDSHIP_BASIC", "2024-08-31")?.amountFen).toBe(95500);
    expect(standardAmountFen("500101", "HARDSHIP_BASIC_URBAN", "2025-07-01")).toMatchObject({ amountFen: 100100, category: "HARDSHIP_BASIC" });
  });

  it("Chongqing care subsidy 500/300/100 from 2024-09-01, still in force in 2025; 300/200/50 before (secondary)", () => {
    expect(standardAmountFen("500103", "HARDSHIP_CARE_FULL", "2025-08-01")).toMatchObject({ amountFen: 50000, effectiveFrom: "2024-09-01", effectiveTo: null });
    expect(standardAmountFen("500103", "HARDSHIP_CARE_PARTIAL", "2025-08-01")?.amountFen).toBe(30000);
    expect(standardAmountFen("500103", "HARDSHIP_CARE_SELF", "2025-08-01")?.amountFen).toBe(10000);
    expect(standardAmountFen("500103", "HARDSHIP_CARE_FULL", "2024-08-31")).toMatchObject({ amountFen: 30000, confidence: "SECONDARY", effectiveTo: "2024-08-31" });
  });

  it("a superseded code (江北 500105) resolves through its successor 两江新区 500157", () => {
    expect(mlgStandardFen("500105", "URBAN", "2025-08-01")).toMatchObject({ areaCode: "500157", amountFen: 77000 });
  });

  it("Chengdu: the central/county groups from 2025-01-01, then the citywide rate supersedes them", () => {
    expect(mlgStandardFen("510104", "URBAN", "2025-03-01")).toMatchObject({ amountFen: 99000, areaScope: "CHENGDU-CENTRAL", category: "MLG_UNIFIED", confidence: "SECONDARY", effectiveTo: "2025-12-31" });
    expect(mlgStandardFen("510185", "RURAL", "2025-03-01")).toMatchObject({ amountFen: 95000, areaScope: "CHENGDU-COUNTY" });
    expect(mlgStandardFen("510185", "RURAL", "2026-01-01")).toMatchObject({ amountFen: 112000, areaScope: "510100" });
    expect(mlgStandardFen("510104", "URBAN", "2025-12-31")?.amountFen).toBe(99000);
  });

  it("Chengdu before 2025 has no rate on file: the Sichuan provincial floor answers, flagged as a floor", () => {
    expect(mlgStandardFen("510104", "URBAN", "2024-06-01")).toMatchObject({ amountFen: 74000, areaScope: "SC-FLOOR", isFloor: true, effectiveTo: "2024-12-31", documentNumber: "川民发〔2023〕100号" });
  });

  it("Luzhou (official) and Dazhou (secondary) city standards from 2024-07-01; other cities fall to the floor", () => {
    expect(mlgStandardFen("510502", "URBAN", "2024-07-01")).toMatchObject({ amountFen: 78800, areaScope: "510500", confidence: "OFFICIAL", isFloor: false });
    expect(standardAmountFen("511702", "HARDSHIP_BASIC_RURAL", "2025-01-01")).toMatchObject({ amountFen: 75400, confidence: "SECONDARY" });
    expect(mlgStandardFen("511702", "URBAN", "2024-06-30")).toMatchObject({ amountFen: 74000, isFloor: true, effectiveTo: "2024-06-30" });
    expect(mlgStandardFen("510903", "RURAL", "2025-08-01")).toMatchObject({ amountFen: 53300, isFloor: true, effectiveTo: null });
  });

  it("answers undefined before any standard, for an unknown code, and for a category an area does not publish", () => {
    expect(mlgStandardFen("500103", "URBAN", "2023-08-31")).toBeUndefined();
    expect(mlgStandardFen("510104", "URBAN", "2023-06-30")).toBeUndefined();
    expect(mlgStandardFen("999999", "URBAN", "2025-08-01")).toBeUndefined();
    expect(standardAmountFen("500103", "MLG_UNIFIED", "2025-08-01")).toBeUndefined();
  });

  it("every shipped row names its source, and no illustrative figure is shipped as a standard (❌ values stay out)", () => {
    const rows = bundledStandards().rows;
    expect(rows.filter((row) => !row.sourceUrl)).toEqual([]);
    expect(rows.filter((row) => row.confidence === "ILLUSTRATIVE")).toEqual([]);
    // The fact sheet's ⚠️ figures are all marked SECONDARY: Dazhou, Chengdu, Chongqing's pre-2024 care amounts.
    expect(rows.filter((row) => row.confidence === "SECONDARY").map((row) => row.dataVersion)).toEqual(
      expect.arrayContaining(["SC-511700-2024-07-01", "SC-CHENGDU-2025-01-01", "SC-CHENGDU-2026-01-01", "CQ-2023-09-01"]),
    );
    expect(rows.filter((row) => row.dataVersion === "SC-511700-2024-07-01" || row.dataVersion.startsWith("SC-CHENGDU")).every((row) => row.confidence === "SECONDARY")).toBe(true);
  });
});
