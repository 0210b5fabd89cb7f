import { composeIdentityNumber } from "../identity";
import { currentAreaCode, findAreaDivision } from "../areas";
import { dayNumber } from "./calendarDays";
import type { SeededRandom } from "./seededRandom";

// Which area code a person's identity number carries. Numbers never change (居民身份证法 Art 3),
// so the prefix records where the number was FIRST issued, not where the person is registered now:
// a Chongqing resident whose number was issued before the 1997 municipality carries a Sichuan-era
// 5102xx code, and a 江北/渝北 resident keeps 500105/500112 after both became 两江新区 (500157).

/**
 * Pre-1997 codes of the districts that made up Sichuan's 重庆市 (5102xx), per current Chongqing
 * code, with the years each was in force. Source: python-stdnum `stdnum/cn/loc.dat` (from the
 * Wikipedia lists of 中华人民共和国行政区划代码), e.g. `0218 county="[1994-1997]渝北区"` under 51.
 * Areas of the former 万县/涪陵/黔江 prefectures had other Sichuan prefixes and are left out.
 */
const PRE_1997_CODES: Readonly<Record<string, ReadonlyArray<readonly [code: string, from: number, to: number]>>> = {
  "500103": [["510202", 1983, 1997]], // 市中区, renamed 渝中区 1994
  "500104": [["510203", 1983, 1997]],
  "500105": [["510211", 1983, 1997]],
  "500106": [["510212", 1983, 1997]],
  "500107": [["510213", 1983, 1997]],
  "500108": [["510214", 1983, 1997]],
  "500109": [["510215", 1983, 1997]],
  "500110": [["510223", 1983, 1997], ["510216", 1983, 1997]], // 綦江县; 万盛区 (merged into 綦江区 2011)
  "500111": [["510230", 1983, 1997], ["510217", 1983, 1997]], // 大足县; 双桥区 (merged 2011)
  "500112": [["510224", 1983, 1994], ["510218", 1994, 1997]], // 江北县, then 渝北区
  "500113": [["510222", 1983, 1994], ["510219", 1994, 1997]], // 巴县, then 巴南区
  "500115": [["510221", 1983, 1997]],
  "500116": [["510225", 1983, 1992], ["510282", 1992, 1997]],
  "500117": [["510226", 1983, 1992], ["510283", 1992, 1997]],
  "500118": [["510229", 1983, 1992], ["510281", 1992, 1997]],
  "500120": [["510232", 1983, 1997]],
  "500151": [["510228", 1983, 1997]],
  "500152": [["510227", 1983, 1997]],
  "500153": [["510231", 1983, 1997]],
};

/** 两江新区 took over 江北 (500105) and 渝北 (500112) on 2025-11-06; weights are their sizes. */
const LIANGJIANG = "500157";
const LIANGJIANG_PREDECESSORS: ReadonlyArray<readonly [string, number]> = [["500105", 93], ["500112", 219]];
const LIANGJIANG_FROM = "2025-11-06";

/** Share of pre-1997 Chongqing numbers that still carry the 5102xx prefix (the rest were first issued elsewhere in time or place). */
const PRE_1997_PREFIX_SHARE = 0.85;

/** Year a number was first issued: the first-generation card at 16 (from 1985); later, at birth registration. */
function issueYear(birthYear: number): number {
  return birthYear < 1981 ? Math.max(1985, birthYear + 16) : birthYear;
}

function pickLiangjiangPredecessor(random: SeededRandom): string {
  return random.float() * 312 < LIANGJIANG_PREDECESSORS[0][1] ? LIANGJIANG_PREDECESSORS[0][0] : LIANGJIANG_PREDECESSORS[1][0];
}

/**
 * The address code on the number of a person born in `birthArea` on `birthDate`: the code in
 * force where and when the number was first issued.
 */
export function identityAreaCode(birthArea: string, birthDate: string, random: SeededRandom): string {
  let area = birthArea;
  if (currentAreaCode(area) === LIANGJIANG) {
    // Born before the change: 江北 or 渝北 (whichever the record names); after it: 两江新区.
    if (birthDate >= LIANGJIANG_FROM) area = LIANGJIANG;
    else if (area === LIANGJIANG) area = pickLiangjiangPredecessor(random);
  }
  const year = issueYear(Number(birthDate.slice(0, 4)));
  const historic = PRE_1997_CODES[area]?.filter(([, from, to]) => year >= from && year <= to) ?? [];
  if (year < 1997 && historic.length > 0 && random.chance(PRE_1997_PREFIX_SHARE)) return random.pick(historic)[0];
  return area;
}

/** True when the code is one of the Sichuan-era codes Chongqing numbers may carry. */
export function isPre1997ChongqingCode(code: string): boolean {
  return PRE_1997_CODE_SET.has(code);
}

const PRE_1997_CODE_SET = new Set(Object.values(PRE_1997_CODES).flatMap((entries) => entries.map(([old]) => old)));

/**
 * Hands out identity numbers that are unique within one generator. Sequences are split by
 * hundreds so generators never collide with each other: each gets its own range of the
 * three-digit sequence (a real police station owns a block of sequence numbers in the same way).
 */
export class IdentityNumberIssuer {
  /** Issued (area, birth date, sequence) triples as one number each: a Set of numbers keeps GC quiet at a million people. */
  private readonly issued = new Set<number>();

  constructor(private readonly sequenceFrom: number, private readonly sequenceTo: number) {
    if (sequenceFrom < 0 || sequenceTo > 999 || sequenceFrom + 2 > sequenceTo) throw new Error("sequence range must leave room for both sexes within 0–999");
  }

  issue(areaCode: string, birthDate: string, gender: "MALE" | "FEMALE", random: SeededRandom): string {
    if (!findAreaDivision(areaCode) && !isPre1997ChongqingCode(areaCode)) throw new Error(`unknown area code ${areaCode}`);
    // 6 + 5 + 3 digits stay below 2^53: area code, days since 1900-01-01 (offset), sequence.
    const base = (Number(areaCode) * 100_000 + (dayNumber(birthDate) + 30_000)) * 1000;
    const span = this.sequenceTo - this.sequenceFrom + 1;
    const start = random.int(0, span - 1);
    const wantOdd = gender === "MALE";
    for (let step = 0; step < span; step += 2) {
      let sequence = this.sequenceFrom + ((start + step) % span);
      // The sequence's parity is the sex (odd = male); stay inside the block when fixing it.
      if ((sequence % 2 === 1) !== wantOdd) sequence = sequence < this.sequenceTo ? sequence + 1 : sequence - 1;
      if (this.issued.has(base + sequence)) continue;
      this.issued.add(base + sequence);
      return composeIdentityNumber(areaCode, birthDate, gender, sequence);
    }
    throw new Error(`no free sequence for ${areaCode} ${birthDate} ${gender}`);
  }
}

/** Disjoint sequence blocks: households of each province and the family-search persons. */
export const SEQUENCE_BLOCKS = {
  CHONGQING: [0, 399],
  SICHUAN: [400, 799],
  familySearch: [800, 999],
} as const;
