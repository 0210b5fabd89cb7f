import { regionTag, type Region } from "../config";
import type { AreaDivision } from "../areas";
import { agenciesOf, type ProvinceAgencies } from "./agencies";
import { ageOn, birthDateForAge, dateTimeOn, dayNumber, isoDate } from "./calendarDays";
import { drawGivenName, drawSurname, type Gender } from "./chineseNames";
import { drawDivision, registrationAreaCode } from "./homeAreas";
import { IdentityNumberIssuer, SEQUENCE_BLOCKS, identityAreaCode } from "./identityNumbers";
import { gatherBatches } from "./rowBatches";
import { SeededRandom } from "./seededRandom";
import { syntheticId, type SyntheticKind } from "./syntheticIds";
import { assetLimitFen, perCapitaIncomeFen, verificationConclusion, type MonthlyStandardFen, type Residence, type VerificationConclusion } from "./verificationConclusion";

// Households of one province as its verification centre knows them: members with relations and
// circumstances, one economic-status verification (核对) per household with its income and asset
// items, and a conclusion computed from those numbers against the area's 低保 standard.

export interface HouseholdRow {
  id: string;
  region: Region;
  areaCode: string;
  residence: Residence;
  address: string;
  createdAt: Date;
}

export type HouseholdRelation = "HEAD" | "SPOUSE" | "CHILD" | "PARENT" | "GRANDCHILD" | "SIBLING" | "OTHER";

export interface HouseholdMemberRow {
  id: string;
  householdId: string;
  name: string;
  idNumber: string;
  gender: Gender;
  birthDate: string;
  relation: HouseholdRelation;
  disabilityGrade: number | null;
  seriousIllness: boolean;
  student: boolean;
}

export type VerificationProgram = "MLG" | "SPECIAL_HARDSHIP" | "TEMP_ASSISTANCE" | "LOW_INCOME";

export interface HouseholdVerificationRow {
  id: string;
  householdId: string;
  region: Region;
  areaCode: string;
  agencyId: string;
  program: VerificationProgram;
  requestedOn: string;
  completedOn: string;
  conclusion: VerificationConclusion;
  memberCount: number;
  totalMonthlyIncomeFen: number;
  perCapitaIncomeFen: number;
  totalAssetsFen: number;
  /** The standard measured against; 0 when no standard was on file (conclusion NEEDS_REVIEW). */
  standardFen: number;
  reportNumber: string;
  createdAt: Date;
}

export type IncomeSource = "WAGES" | "PENSION" | "FARMING" | "BUSINESS" | "RENTAL" | "TRANSFER" | "OTHER";

export interface IncomeItemRow {
  id: string;
  verificationId: string;
  memberId: string | null;
  source: IncomeSource;
  monthlyAmountFen: number;
  dataSource: string;
}

export type AssetKind = "BANK_DEPOSIT" | "SECURITIES" | "INSURANCE" | "REAL_ESTATE" | "VEHICLE" | "BUSINESS_EQUITY" | "HOUSING_FUND";

export interface AssetItemRow {
  id: string;
  verificationId: string;
  memberId: string | null;
  kind: AssetKind;
  valueFen: number;
  institution: string;
  accountRef: string | null;
}

/** Rows of a run of households, in foreign-key order. */
export interface HouseholdBatch {
  households: HouseholdRow[];
  members: HouseholdMemberRow[];
  verifications: HouseholdVerificationRow[];
  incomes: IncomeItemRow[];
  assets: AssetItemRow[];
}

export interface HouseholdOptions {
  region: Region;
  households: number;
  seed: number;
  /** The 低保 standard the verification centre measures against. */
  monthlyStandardFen: MonthlyStandardFen;
  /** Last day of the data; verifications are requested from 2023-09-01 up to a month before. */
  asOf?: string;
  /** Households per yielded batch (does not change the rows, only how they are handed out). */
  batchSize?: number;
}

export const HOUSEHOLDS_DEFAULT_AS_OF = "2026-10-31";
/** First day both provinces have a verified 低保 figure (Chongqing 2023-09-01; Sichuan floor 2023-07). */
const FIRST_REQUEST_DAY = "2023-09-01";

/** Target share of households whose numbers put them under the standard (the brief's "roughly 60 %"). */
const ELIGIBLE_SHARE = 0.61;
/** Households whose data sources disagree and go to a caseworker (NEEDS_REVIEW). */
const SOURCES_DISAGREE_SHARE = 0.03;

type Composition =
  | "SINGLE_ELDERLY"
  | "ELDERLY_COUPLE"
  | "SINGLE_ADULT"
  | "SINGLE_PARENT"
  | "COUPLE_WITH_CHILDREN"
  | "THREE_GENERATIONS"
  | "GRANDPARENT_AND_GRANDCHILDREN";

/** Household shapes among assistance applicants (older and smaller than the population at large). */
const COMPOSITIONS: ReadonlyArray<readonly [Composition, number]> = [
  ["SINGLE_ELDERLY", 0.18],
  ["ELDERLY_COUPLE", 0.14],
  ["SINGLE_ADULT", 0.1],
  ["SINGLE_PARENT", 0.1],
  ["COUPLE_WITH_CHILDREN", 0.25],
  ["THREE_GENERATIONS", 0.18],
  ["GRANDPARENT_AND_GRANDCHILDREN", 0.05],
];

/** Core urban districts, where most registrations are urban (城镇). */
const CORE_URBAN = new Set(["500103", "500104", "500105", "500106", "500107", "500108", "500109", "500112", "500113", "500157"]);

const STREETS = ["人民路", "解放路", "建设路", "中山路", "和平路", "新华路", "胜利路", "民主路", "文化路", "滨江路", "朝阳路", "学府路"];
const TOWNS = ["新华", "龙泉", "石桥", "白沙", "青龙", "双河", "永兴", "太平", "长安", "金龙", "三合", "高峰"];
const VILLAGES = ["红星", "向阳", "和平", "胜利", "团结", "光明", "新农", "五一", "桂花", "柏树", "大田", "小河"];

const BANKS: Record<Region, readonly string[]> = {
  CHONGQING: ["中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "中国邮政储蓄银行", "重庆农村商业银行", "重庆银行"],
  SICHUAN: ["中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "中国邮政储蓄银行", "四川农商联合银行", "成都银行"],
};
const INSURERS = ["中国人寿保险", "中国平安保险", "中国太平洋保险"];
const BROKERS: Record<Region, readonly string[]> = { CHONGQING: ["西南证券", "中信证券"], SICHUAN: ["华西证券", "国泰君安证券"] };
const HOUSING_FUNDS: Record<Region, string> = { CHONGQING: "重庆市住房公积金管理中心", SICHUAN: "成都住房公积金管理中心" };
const PLATE_PREFIX: Record<Region, string> = { CHONGQING: "渝", SICHUAN: "川" };

const yuan = (amount: number): number => Math.round(amount) * 100;

interface PlannedMember {
  relation: HouseholdRelation;
  age: number;
  gender: Gender;
  /** Shares the head's surname unless married in. */
  ownSurname: boolean;
}

function plan(composition: Composition, random: SeededRandom): PlannedMember[] {
  const headGender: Gender = random.chance(0.55) ? "MALE" : "FEMALE";
  const other = (g: Gender): Gender => (g === "MALE" ? "FEMALE" : "MALE");
  const anyGender = (): Gender => (random.chance(0.5) ? "MALE" : "FEMALE");
  const head = (from: number, to: number): PlannedMember => ({ relation: "HEAD", age: random.int(from, to), gender: headGender, ownSurname: false });
  const spouseOf = (h: PlannedMember): PlannedMember => ({ relation: "SPOUSE", age: Math.max(18, h.age + random.int(-5, 5)), gender: other(h.gender), ownSurname: true });
  const children = (parentAge: number, count: number, relation: HouseholdRelation = "CHILD"): PlannedMember[] =>
    Array.from({ length: count }, () => ({ relation, age: Math.max(0, parentAge - random.int(20, 38)), gender: anyGender(), ownSurname: false }));
  switch (composition) {
    case "SINGLE_ELDERLY":
      return [head(60, 92)];
    case "ELDERLY_COUPLE": {
      const h = head(60, 88);
      return [h, spouseOf(h)];
    }
    case "SINGLE_ADULT":
      return [head(25, 59)];
    case "SINGLE_PARENT": {
      const h = head(26, 52);
      return [h, ...children(h.age, random.int(1, 2))];
    }
    case "COUPLE_WITH_CHILDREN": {
      const h = head(25, 55);
      return [h, spouseOf(h), ...children(h.age, random.int(1, 2))];
    }
    case "THREE_GENERATIONS": {
      const h = head(32, 55);
      const parents: PlannedMember[] = Array.from({ length: random.int(1, 2) }, (_, i) => ({
        relation: "PARENT",
        age: Math.min(95, h.age + random.int(22, 34)),
        gender: i === 0 ? anyGender() : "FEMALE",
        ownSurname: i === 1,
      }));
      return [h, spouseOf(h), ...children(h.age, random.int(1, 2)), ...parents].slice(0, 6);
    }
    case "GRANDPARENT_AND_GRANDCHILDREN": {
      const h = head(55, 80);
      return [h, ...children(h.age - random.int(20, 30), random.int(1, 2), "GRANDCHILD").map((g) => ({ ...g, age: Math.max(0, Math.min(17, g.age)) }))];
    }
  }
}

interface MemberCircumstances {
  row: HouseholdMemberRow;
  age: number;
}

/** Streams one province's households; every random choice comes from the province's own stream. */
class HouseholdGenerator {
  private readonly random: SeededRandom;
  private readonly issuer: IdentityNumberIssuer;
  private readonly tag: "CQ" | "SC";
  private readonly counters: Record<Exclude<SyntheticKind, "AG" | "RR" | "MP" | "DNA">, number> = { HH: 0, HM: 0, HV: 0, IN: 0, AS: 0 };
  private readonly asOf: string;
  private readonly agencies: ProvinceAgencies;
  private readonly firstRequestDay = dayNumber(FIRST_REQUEST_DAY);
  private readonly lastDay: number;

  constructor(private readonly options: HouseholdOptions) {
    this.random = SeededRandom.stream(options.seed, options.region === "CHONGQING" ? "householdsCHONGQING" : "householdsSICHUAN");
    const [from, to] = SEQUENCE_BLOCKS[options.region];
    this.issuer = new IdentityNumberIssuer(from, to);
    this.tag = regionTag(options.region);
    this.asOf = options.asOf ?? HOUSEHOLDS_DEFAULT_AS_OF;
    this.agencies = agenciesOf(options.region);
    this.lastDay = dayNumber(this.asOf);
  }

  private nextId(kind: keyof HouseholdGenerator["counters"]): string {
    return syntheticId(this.tag, kind, ++this.counters[kind]);
  }

  *batches(): Generator<HouseholdBatch> {
    const size = Math.max(1, this.options.batchSize ?? 2000);
    for (let done = 0; done < this.options.households; ) {
      const batch: HouseholdBatch = { households: [], members: [], verifications: [], incomes: [], assets: [] };
      const end = Math.min(this.options.households, done + size);
      for (; done < end; done++) this.household(batch);
      yield batch;
    }
  }

  private household(batch: HouseholdBatch): void {
    const random = this.random;
    const area = drawDivision(random, this.options.region);
    const residence = this.residenceIn(area);
    const registeredAs = registrationAreaCode(area, random);
    const requestedOn = isoDate(random.int(this.firstRequestDay, this.lastDay - 30));
    const household: HouseholdRow = {
      id: this.nextId("HH"),
      region: this.options.region,
      areaCode: registeredAs,
      residence,
      address: this.address(area, residence),
      createdAt: dateTimeOn(requestedOn, random.int(9 * 60, 17 * 60)),
    };
    batch.households.push(household);
    const members = this.members(household, random.share(COMPOSITIONS));
    for (const m of members) batch.members.push(m.row);
    this.verification(household, area, members, requestedOn, batch);
  }

  private residenceIn(area: AreaDivision): Residence {
    const urbanShare = CORE_URBAN.has(area.code) || area.groups?.includes("CHENGDU-CENTRAL") ? 0.9 : area.name.endsWith("县") ? 0.25 : 0.5;
    return this.random.chance(urbanShare) ? "URBAN" : "RURAL";
  }

  private address(area: AreaDivision, residence: Residence): string {
    const random = this.random;
    const place = area.region === "CHONGQING" ? `重庆市${area.name}` : `四川省${area.cityName}${area.name}`;
    if (residence === "URBAN") {
      return `${place}${random.pick(STREETS)}${random.int(1, 300)}号${random.int(1, 20)}栋${random.int(1, 4)}单元${random.int(1, 30)}-${random.int(1, 8)}`;
    }
    return `${place}${random.pick(TOWNS)}镇${random.pick(VILLAGES)}村${random.int(1, 12)}组${random.int(1, 80)}号`;
  }

  private members(household: HouseholdRow, composition: Composition): MemberCircumstances[] {
    const random = this.random;
    const familySurname = drawSurname(random);
    return plan(composition, random).map((planned) => {
      const birthDate = birthDateForAge(planned.age, this.asOf, random.float());
      const birthYear = Number(birthDate.slice(0, 4));
      const surname = planned.ownSurname ? drawSurname(random) : familySurname;
      const birthArea = this.birthArea(household.areaCode);
      const age = ageOn(birthDate, this.asOf);
      const row: HouseholdMemberRow = {
        id: this.nextId("HM"),
        householdId: household.id,
        name: surname + drawGivenName(random, planned.gender, birthYear),
        idNumber: this.issuer.issue(identityAreaCode(birthArea, birthDate, random), birthDate, planned.gender, random),
        gender: planned.gender,
        birthDate,
        relation: planned.relation,
        disabilityGrade: random.chance(age >= 60 ? 0.12 : age >= 18 ? 0.09 : 0.03) ? random.int(1, 4) : null,
        seriousIllness: random.chance(age >= 60 ? 0.12 : 0.05),
        student: age >= 6 && age <= 18 ? random.chance(0.97) : age >= 19 && age <= 22 ? random.chance(0.4) : false,
      };
      return { row, age };
    });
  }

  /** Most people were born where they are registered; some moved in from elsewhere in or outside the province. */
  private birthArea(registeredAs: string): string {
    const roll = this.random.float();
    if (roll < 0.85) return registeredAs;
    if (roll < 0.97) return drawDivision(this.random, this.options.region).code;
    return drawDivision(this.random, this.options.region === "CHONGQING" ? "SICHUAN" : "CHONGQING").code;
  }

  private verification(household: HouseholdRow, area: AreaDivision, members: MemberCircumstances[], requestedOn: string, batch: HouseholdBatch): void {
    const random = this.random;
    const completedOn = isoDate(Math.min(this.lastDay, dayNumber(requestedOn) + random.int(3, 25)));
    const standard = this.options.monthlyStandardFen(household.areaCode, household.residence, completedOn);
    const memberCount = members.length;
    const id = this.nextId("HV");
    // Decide the household's means first, then write the items that add up to them; the conclusion
    // is computed from the items' sums, never taken from the plan.
    // Without a standard on file (NEEDS_REVIEW) the plan still needs a scale: about 700 yuan.
    const reference = standard ?? 70_000;
    const limit = assetLimitFen(memberCount, reference);
    const eligiblePlan = random.chance(ELIGIBLE_SHARE);
    const overAssets = !eligiblePlan && random.chance(0.35);
    const perCapitaTarget = eligiblePlan || overAssets ? reference * (0.1 + 0.87 * random.float()) : reference * (1.03 + 2.5 * random.float());
    const incomes = this.incomes(id, members, household.residence, perCapitaTarget * memberCount);
    const assets = this.assets(id, members, area, eligiblePlan ? limit * (0.02 + 0.78 * random.float()) : overAssets ? limit * (1.1 + 4 * random.float()) : limit * 3 * random.float(), eligiblePlan);
    const totalMonthlyIncomeFen = incomes.reduce((sum, item) => sum + item.monthlyAmountFen, 0);
    const totalAssetsFen = assets.reduce((sum, item) => sum + item.valueFen, 0);
    const perCapita = perCapitaIncomeFen(totalMonthlyIncomeFen, memberCount);
    const conclusion = verificationConclusion({
      memberCount,
      perCapitaIncomeFen: perCapita,
      totalAssetsFen,
      standardFen: standard,
      sourcesDisagree: random.chance(SOURCES_DISAGREE_SHARE),
    });
    batch.verifications.push({
      id,
      householdId: household.id,
      region: household.region,
      areaCode: household.areaCode,
      agencyId: this.agencies.verificationCentre.id,
      program: this.program(members),
      requestedOn,
      completedOn,
      conclusion,
      memberCount,
      totalMonthlyIncomeFen,
      perCapitaIncomeFen: perCapita,
      totalAssetsFen,
      standardFen: standard ?? 0,
      reportNumber: `${this.tag}HD${completedOn.replace(/-/g, "")}${id.slice(-8)}`,
      createdAt: dateTimeOn(completedOn, random.int(9 * 60, 17 * 60)),
    });
    for (const item of incomes) batch.incomes.push(item);
    for (const item of assets) batch.assets.push(item);
  }

  /** 特困 for lone elderly or disabled people, temporary assistance now and then, 低保 otherwise. */
  private program(members: MemberCircumstances[]): VerificationProgram {
    const random = this.random;
    const alone = members.length === 1;
    const vulnerable = members[0].age >= 60 || members[0].row.disabilityGrade !== null;
    if (alone && vulnerable && random.chance(0.35)) return "SPECIAL_HARDSHIP";
    const roll = random.float();
    if (roll < 0.1) return "TEMP_ASSISTANCE";
    if (roll < 0.13) return "LOW_INCOME";
    return "MLG";
  }

  /** Income items whose sum is close to `totalTarget` fen, each tied to a member and a data source. */
  private incomes(verificationId: string, members: MemberCircumstances[], residence: Residence, totalTarget: number): IncomeItemRow[] {
    const random = this.random;
    const earners: Array<{ member: MemberCircumstances | null; source: IncomeSource; weight: number }> = [];
    for (const m of members) {
      const { age, row } = m;
      if (age >= 60) earners.push({ member: m, source: "PENSION", weight: residence === "URBAN" ? 2 : 0.6 });
      else if (age >= 18 && !row.student && !(row.disabilityGrade !== null && row.disabilityGrade <= 2)) {
        const source: IncomeSource = residence === "RURAL" ? (random.chance(0.6) ? "FARMING" : "WAGES") : random.chance(0.85) ? "WAGES" : "BUSINESS";
        earners.push({ member: m, source, weight: 3 + random.float() * 2 });
      }
    }
    if (random.chance(0.25)) earners.push({ member: members[0], source: "TRANSFER", weight: 0.5 });
    if (random.chance(0.05)) earners.push({ member: null, source: "RENTAL", weight: 1 });
    if (earners.length === 0) earners.push({ member: members[0], source: random.chance(0.5) ? "TRANSFER" : "OTHER", weight: 1 });
    const totalWeight = earners.reduce((sum, e) => sum + e.weight, 0);
    return earners.map((e) => ({
      id: this.nextId("IN"),
      verificationId,
      memberId: e.member?.row.id ?? null,
      source: e.source,
      monthlyAmountFen: yuan((totalTarget * e.weight) / totalWeight / 100),
      dataSource: this.incomeDataSource(e.source),
    }));
  }

  private incomeDataSource(source: IncomeSource): string {
    switch (source) {
      case "WAGES":
        return this.random.pick(["税务", "社保", "公积金"]);
      case "PENSION":
        return "社保";
      case "FARMING":
        return this.random.pick(["农业农村", "申报"]);
      case "BUSINESS":
        return this.random.pick(["市场监管", "税务"]);
      case "RENTAL":
        return this.random.pick(["不动产", "申报"]);
      default:
        return "申报";
    }
  }

  /**
   * Asset items worth about `totalTarget` fen. Applicants who qualify hold only deposits and
   * insurance; the others may also hold securities, a vehicle, a second home or a business.
   */
  private assets(verificationId: string, members: MemberCircumstances[], area: AreaDivision, totalTarget: number, modest: boolean): AssetItemRow[] {
    const random = this.random;
    const region = this.options.region;
    const adults = members.filter((m) => m.age >= 18);
    const holders = adults.length > 0 ? adults : members;
    const kinds: AssetKind[] = ["BANK_DEPOSIT"];
    if (random.chance(0.3)) kinds.push("INSURANCE");
    if (!modest) {
      if (random.chance(0.35)) kinds.push("SECURITIES");
      if (random.chance(0.4)) kinds.push("VEHICLE");
      if (random.chance(0.35)) kinds.push("REAL_ESTATE");
      if (random.chance(0.2)) kinds.push("HOUSING_FUND");
      if (random.chance(0.08)) kinds.push("BUSINESS_EQUITY");
    }
    const weights = kinds.map((kind) => (kind === "REAL_ESTATE" ? 6 : kind === "VEHICLE" ? 2 : 1) * (0.5 + random.float()));
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    return kinds.map((kind, i) => {
      const holder = random.pick(holders);
      return {
        id: this.nextId("AS"),
        verificationId,
        memberId: holder.row.id,
        kind,
        valueFen: yuan((totalTarget * weights[i]) / totalWeight / 100),
        ...this.assetSource(kind, region, area),
      };
    });
  }

  /** Reporting institution and a masked reference, as the data source returns them. */
  private assetSource(kind: AssetKind, region: Region, area: AreaDivision): { institution: string; accountRef: string | null } {
    const random = this.random;
    const digits = (n: number) => Array.from({ length: n }, () => random.int(0, 9)).join("");
    switch (kind) {
      case "BANK_DEPOSIT":
        return { institution: random.pick(BANKS[region]), accountRef: `62${digits(4)}********${digits(4)}` };
      case "INSURANCE":
        return { institution: random.pick(INSURERS), accountRef: `P****${digits(6)}` };
      case "SECURITIES":
        return { institution: random.pick(BROKERS[region]), accountRef: `A******${digits(4)}` };
      case "REAL_ESTATE":
        return { institution: `${area.name}不动产登记中心`, accountRef: `${PLATE_PREFIX[region]}(${random.int(2008, 2024)})${area.name}不动产权第****${digits(3)}号` };
      case "VEHICLE":
        return { institution: "公安交通管理部门", accountRef: `${PLATE_PREFIX[region]}${region === "CHONGQING" ? "A" : random.pick(["A", "B", "R"])}·***${digits(2)}` };
      case "HOUSING_FUND":
        return { institution: HOUSING_FUNDS[region], accountRef: `****${digits(6)}` };
      case "BUSINESS_EQUITY":
        return { institution: "市场监督管理部门", accountRef: `91${region === "CHONGQING" ? "50" : "51"}**********${digits(4)}` };
    }
  }
}

/** One province's households in batches (foreign-key order within each batch). */
export function* householdBatches(options: HouseholdOptions): Generator<HouseholdBatch> {
  if (!Number.isInteger(options.households) || options.households < 0) throw new RangeError(`households must be a whole number ≥ 0 (got ${options.households})`);
  if (!Number.isInteger(options.seed)) throw new RangeError(`seed must be an integer (got ${options.seed})`);
  yield* new HouseholdGenerator(options).batches();
}

/** All of one province's households in memory (tests and small runs). */
export function generateHouseholds(options: HouseholdOptions): HouseholdBatch {
  return gatherBatches(householdBatches(options), { households: [], members: [], verifications: [], incomes: [], assets: [] });
}

