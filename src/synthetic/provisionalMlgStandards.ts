// TEMPORARY — delete when src/standards (branch feature/standards) is merged and its
// mlgStandardFen is wired in. Only the ✅ figures of ../shared/facts/standards.md, yuan per person
// per month, converted to fen:
// - Chongqing (one standard for the whole municipality), city / rural 低保:
//   735 / 600 from 2023-09-01 (渝民发〔2023〕10号), 750 / 610 from 2024-09-01, 770 / 630 from 2025-07-01
//   (渝民规〔2025〕6号).
// - Sichuan provincial floor (低限) from 2023-07: 740 city / 533 rural (川民发〔2023〕100号); every
//   Sichuan area is given the floor, which is the least a city may set.
// Before the first date there is no verified figure and the function answers undefined.

export type Residence = "URBAN" | "RURAL";
/** The 低保 standard (fen per person per month) of an area for a residence on a date, if one is on file. */
export type MonthlyStandardFen = (areaCode: string, residence: Residence, onDate: string) => number | undefined;

const CHONGQING: ReadonlyArray<readonly [from: string, urbanFen: number, ruralFen: number]> = [
  ["2025-07-01", 77_000, 63_000],
  ["2024-09-01", 75_000, 61_000],
  ["2023-09-01", 73_500, 60_000],
];
const SICHUAN_FLOOR: ReadonlyArray<readonly [from: string, urbanFen: number, ruralFen: number]> = [["2023-07-01", 74_000, 53_300]];

export const provisionalMlgStandardFen: MonthlyStandardFen = (areaCode, residence, onDate) => {
  const table = areaCode.startsWith("50") ? CHONGQING : areaCode.startsWith("51") ? SICHUAN_FLOOR : undefined;
  const row = table?.find(([from]) => from <= onDate);
  if (!row) return undefined;
  return residence === "URBAN" ? row[1] : row[2];
};
