import { agenciesOf } from "../../src/synthetic";
import { jurisdictionAt } from "../../src/policy";

// The demo data give agencies at every level, so the demo (and the dev token) exercise jurisdictions.
describe("demo agencies at county, prefecture and province level", () => {
  it.each(["CHONGQING", "SICHUAN"] as const)("%s: the verification centre (the dev token's default agency) answers for the province", (region) => {
    const centre = agenciesOf(region).verificationCentre;
    expect(centre.id).toBe(region === "CHONGQING" ? "CQ-AG-00000001" : "SC-AG-00000001");
    expect(jurisdictionAt(centre.areaCode, region, "agency registry")).toMatchObject({ level: "province" });
  });

  it("Sichuan's city bureaus answer for their prefecture, district bureaus for their county", () => {
    const sichuan = agenciesOf("SICHUAN");
    const levels = sichuan.all.map((a) => jurisdictionAt(a.areaCode, "SICHUAN", "agency registry")?.level);
    expect(levels.every((l) => l !== undefined)).toBe(true);
    expect(new Set(levels)).toEqual(new Set(["province", "prefecture", "county"]));
    expect(sichuan.cityBureauFor("510303")).toMatchObject({ areaCode: "510300", name: "自贡市民政局" });
    expect(sichuan.civilAffairsFor("510104")).toMatchObject({ areaCode: "510104" });
  });

  it("keeps the ids the demo had: the new city bureaus come after every earlier agency", () => {
    const sichuan = agenciesOf("SICHUAN").all;
    const firstCity = sichuan.findIndex((a) => a.areaCode.endsWith("00") && a.kind === "CIVIL_AFFAIRS");
    expect(sichuan.slice(firstCity).every((a) => a.areaCode.endsWith("00"))).toBe(true);
    expect(sichuan.length - firstCity).toBe(21);
  });
});
