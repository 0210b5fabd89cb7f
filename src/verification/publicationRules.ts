import { createHash } from "node:crypto";
import { isKnownAreaCode, regionOfArea } from "../areas";
import type { Region } from "../config";
import { parseIdentityNumber, genderOf, type IdentityNumber } from "../identity";
import { defaultReviewDueOn } from "./reviewIntervals";

// The rules a published verification result (核对结果) must meet, in one place: the GraphQL
// mutation and the bulk importer both run a record through validatePublication, so a record the
// API refuses is refused by the importer with the same field and reason.

export const HOUSEHOLD_RELATIONS = ["HEAD", "SPOUSE", "CHILD", "PARENT", "GRANDCHILD", "SIBLING", "OTHER"] as const;
export type HouseholdRelation = (typeof HOUSEHOLD_RELATIONS)[number];

/** 核对数据来源: the systems a centre queries (社会救助暂行办法 Art 58; facts/standards.md §3). */
export const VERIFICATION_DATA_SOURCES = [
  "TAX",
  "SOCIAL_INSURANCE",
  "HOUSING_FUND",
  "REAL_ESTATE",
  "VEHICLE",
  "VESSEL",
  "BANK",
  "SECURITIES",
  "INTERNET_FINANCE",
  "BUSINESS_REGISTRATION",
] as const;
export type VerificationDataSource = (typeof VERIFICATION_DATA_SOURCES)[number];

export const INCOME_SOURCES = ["WAGES", "PENSION", "FARMING", "BUSINESS", "RENTAL", "TRANSFER", "OTHER"] as const;
export const ASSET_KINDS = ["BANK_DEPOSIT", "SECURITIES", "INSURANCE", "REAL_ESTATE", "VEHICLE", "BUSINESS_EQUITY", "HOUSING_FUND", "INTERNET_FINANCE", "VESSEL"] as const;
export const EXPENDITURE_KINDS = ["MEDICAL", "EDUCATION", "DISABILITY"] as const;
export const PROGRAMS = ["MLG", "SPECIAL_HARDSHIP", "TEMP_ASSISTANCE", "LOW_INCOME"] as const;
export const CONCLUSIONS = ["ELIGIBLE", "INELIGIBLE", "NEEDS_REVIEW"] as const;
export const RESIDENCES = ["URBAN", "RURAL"] as const;

export type Program = (typeof PROGRAMS)[number];

/** A publication as it arrives (GraphQL input or one import record): nothing trusted yet. */
export interface PublicationDraft {
  externalRef?: unknown;
  program?: unknown;
  conclusion?: unknown;
  requestedOn?: unknown;
  verifiedAt?: unknown;
  reviewDueOn?: unknown;
  standardFen?: unknown;
  answersRequest?: unknown;
  household?: {
    areaCode?: unknown;
    residence?: unknown;
    address?: unknown;
    members?: unknown;
  } | null;
  incomes?: unknown;
  assets?: unknown;
  expenditures?: unknown;
}

export interface ValidMember {
  idNumber: IdentityNumber;
  name: string;
  birthDate: string;
  gender: "MALE" | "FEMALE";
  relation: HouseholdRelation;
  disabilityGrade: number | null;
  seriousIllness: boolean;
  student: boolean;
}

export interface ValidPublication {
  externalRef: string;
  program: Program;
  conclusion: (typeof CONCLUSIONS)[number];
  requestedOn: string;
  verifiedAt: Date;
  /** The report's date (出具报告日期): verifiedAt's calendar date in China Standard Time. */
  completedOn: string;
  reviewDueOn: string | null;
  standardFen: number;
  answersRequest: string | null;
  household: { areaCode: string; region: Region; residence: (typeof RESIDENCES)[number]; address: string | null; members: ValidMember[] };
  incomes: Array<{ memberIdNumber: IdentityNumber; source: (typeof INCOME_SOURCES)[number]; dataSource: VerificationDataSource; monthlyAmountFen: number }>;
  assets: Array<{ memberIdNumber: IdentityNumber | null; kind: (typeof ASSET_KINDS)[number]; valueFen: number; institution: string; accountRef: string | null }>;
  expenditures: Array<{ memberIdNumber: IdentityNumber; kind: (typeof EXPENDITURE_KINDS)[number]; monthlyAmountFen: number }>;
  totals: { memberCount: number; totalMonthlyIncomeFen: number; perCapitaIncomeFen: number; totalAssetsFen: number };
  /** sha256 of the canonical content: the same content under the same externalRef is a no-op. */
  contentSha256: string;
}

/** One reason a record was refused, in the API's words (English) and for operators (Chinese). */
export interface PublicationProblem {
  field: string;
  reason: string;
  reasonZh: string;
}

export type PublicationCheck = { ok: true; value: ValidPublication } | { ok: false; problems: PublicationProblem[] };

/** Fen columns are 32-bit integers on both databases. */
const MAX_FEN = 2_147_483_647;
/** A publisher's clock may run slightly ahead of ours; beyond this, verifiedAt is "in the future". */
const CLOCK_SKEW_MS = 60_000;
const CST_OFFSET_MS = 8 * 3600_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar date of an instant in China Standard Time (UTC+8, no daylight saving). */
export function chinaDateOf(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** chinaDateOf(now) of the last call: a bulk import validates every record against the same `now`. */
let lastToday: { time: number; date: string } = { time: Number.NaN, date: "" };
function todayAt(now: Date): string {
  if (now.getTime() !== lastToday.time) lastToday = { time: now.getTime(), date: chinaDateOf(now) };
  return lastToday.date;
}

/** The proleptic Gregorian calendar's days per month, as Date counts them (year 0 is a leap year). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** YYYY-MM-DD naming a day that exists; arithmetic, not a Date per call (a bulk import checks millions). */
function isRealDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Sorts a list by its canonical JSON so the content hash does not depend on the sender's order. */
function canonicalOrder<T>(items: T[]): T[] {
  return [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

class Checker {
  readonly problems: PublicationProblem[] = [];

  fail(field: string, reason: string, reasonZh: string): null {
    this.problems.push({ field, reason, reasonZh });
    return null;
  }

  oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T | null {
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    if (value === undefined || value === null || value === "") return this.fail(field, "required", "必填");
    return this.fail(field, `must be one of ${allowed.join(", ")}`, `取值须为 ${allowed.join("、")} 之一`);
  }

  text(value: unknown, field: string, max: number, options: { optional?: boolean } = {}): string | null {
    if ((value === undefined || value === null || value === "") && options.optional) return null;
    if (typeof value !== "string" || value.trim().length === 0) return this.fail(field, "required", "必填");
    const trimmed = value.trim();
    if (trimmed.length > max) return this.fail(field, `must be at most ${max} characters`, `不得超过 ${max} 个字符`);
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
    if (/[\u0000-\u001f\u007f]/.test(trimmed)) return this.fail(field, "must not contain control characters", "不得含控制字符");
    return trimmed;
  }

  fen(value: unknown, field: string): number | null {
    if (value === undefined || value === null || value === "") return this.fail(field, "required", "必填");
    const n = typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof n !== "number" || !Number.isInteger(n)) return this.fail(field, "must be a whole number of fen", "须为整数（单位：分）");
    if (n < 0) return this.fail(field, "must not be negative fen", "金额（分）不得为负数");
    if (n > MAX_FEN) return this.fail(field, `must be at most ${MAX_FEN} fen`, `不得超过 ${MAX_FEN} 分`);
    return n;
  }

  date(value: unknown, field: string, options: { optional?: boolean } = {}): string | null {
    if ((value === undefined || value === null || value === "") && options.optional) return null;
    if (typeof value !== "string" || !ISO_DATE.test(value)) return this.fail(field, "must be a date YYYY-MM-DD", "日期格式须为 YYYY-MM-DD");
    if (!isRealDate(value)) return this.fail(field, `${value} is not a real calendar date`, `${value} 不是有效日期`);
    return value;
  }

  list(value: unknown, field: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.fail(field, "must be a list", "须为列表");
      return [];
    }
    return value;
  }

  idNumber(value: unknown, field: string): IdentityNumber | null {
    if (typeof value !== "string" || value.trim() === "") return this.fail(field, "required", "必填");
    const parsed = parseIdentityNumber(value);
    if (parsed.ok) return parsed.value;
    const zh: Record<string, string> = { length: "公民身份号码须为18位", format: "公民身份号码格式错误", area: "公民身份号码地址码无效", "birth date": "公民身份号码中的出生日期不可能", "check character": "公民身份号码校验码错误" };
    return this.fail(field, `${parsed.problem}: ${parsed.message}`, zh[parsed.problem] ?? "公民身份号码无效");
  }
}

function validMember(check: Checker, raw: unknown, at: string, today: string): ValidMember | null {
  const m = (raw ?? {}) as Record<string, unknown>;
  const idNumber = check.idNumber(m.idNumber, `${at}.idNumber`);
  const name = check.text(m.name, `${at}.name`, 50);
  const relation = check.oneOf(m.relation, HOUSEHOLD_RELATIONS, `${at}.relation`);
  let birthDate = check.date(m.birthDate, `${at}.birthDate`);
  if (birthDate && (birthDate < "1900-01-01" || birthDate > today)) {
    birthDate = check.fail(`${at}.birthDate`, `${birthDate} is not a possible birth date (1900 to today)`, `出生日期 ${birthDate} 不可能（须在1900年至今天之间）`);
  }
  let disabilityGrade: number | null = null;
  if (m.disabilityGrade !== undefined && m.disabilityGrade !== null && m.disabilityGrade !== "") {
    const grade = Number(m.disabilityGrade);
    if (!Number.isInteger(grade) || grade < 1 || grade > 4) check.fail(`${at}.disabilityGrade`, "must be 1–4", "残疾等级须为1至4级");
    else disabilityGrade = grade;
  }
  if (!idNumber || !name || !relation || !birthDate) return null;
  return { idNumber, name, birthDate, gender: genderOf(idNumber), relation, disabilityGrade, seriousIllness: m.seriousIllness === true || m.seriousIllness === "true", student: m.student === true || m.student === "true" };
}

/** The household part of a record: shared by publications ("household." prefix) and household files (none). */
function checkHousehold(check: Checker, household: NonNullable<PublicationDraft["household"]>, home: Region, today: string, prefix: string) {
  let areaCode: string | null = null;
  const code = household.areaCode;
  if (typeof code !== "string" || !/^\d{6}$/.test(code)) check.fail(`${prefix}areaCode`, "must be a 6-digit GB/T 2260 code", "须为6位 GB/T 2260 行政区划代码");
  else if (!isKnownAreaCode(code)) check.fail(`${prefix}areaCode`, `unknown area ${code}`, `未知行政区划代码 ${code}`);
  else if (regionOfArea(code) !== home) check.fail(`${prefix}areaCode`, `area ${code} is not in ${home}: a node holds its own province's registrations`, `行政区划 ${code} 不属于本省（市），本节点只保存本省（市）户籍家庭`);
  else areaCode = code;
  const residence = check.oneOf(household.residence, RESIDENCES, `${prefix}residence`);
  const address = check.text(household.address, `${prefix}address`, 200, { optional: true });
  const rawMembers = check.list(household.members, `${prefix}members`);
  if (rawMembers.length === 0) check.fail(`${prefix}members`, "a household needs at least one member", "家庭成员不得为空");
  if (rawMembers.length > 50) check.fail(`${prefix}members`, "at most 50 members", "家庭成员不得超过50人");
  const members: ValidMember[] = [];
  const seen = new Map<string, number>();
  rawMembers.slice(0, 50).forEach((raw, i) => {
    const member = validMember(check, raw, `${prefix}members[${i}]`, today);
    if (!member) return;
    const first = seen.get(member.idNumber);
    if (first !== undefined) {
      check.fail(`${prefix}members[${i}].idNumber`, `the same member twice (also ${prefix}members[${first}])`, `同一成员重复出现（与第 ${first + 1} 名成员相同）`);
      return;
    }
    seen.set(member.idNumber, i);
    members.push(member);
  });
  const value = areaCode && residence ? { areaCode, region: home, residence, address, members } : null;
  return { value, members, seen };
}

export type ValidHousehold = ValidPublication["household"];

/** A household record of a household file (户籍家庭), checked like a publication's household. */
export function validateHousehold(raw: NonNullable<PublicationDraft["household"]>, home: Region, now: Date = new Date()): { ok: true; value: ValidHousehold } | { ok: false; problems: PublicationProblem[] } {
  const check = new Checker();
  const checked = checkHousehold(check, raw ?? {}, home, todayAt(now), "");
  if (check.problems.length > 0 || !checked.value) return { ok: false, problems: check.problems };
  return { ok: true, value: checked.value };
}

/**
 * Checks one publication for the node of `home`; every problem is collected (the importer reports
 * them all, the API names the first). `now` is injectable for tests of the future-date rule.
 */
export function validatePublication(draft: PublicationDraft, home: Region, now: Date = new Date()): PublicationCheck {
  const check = new Checker();
  const today = todayAt(now);
  const externalRef = check.text(draft.externalRef, "externalRef", 64);
  const program = check.oneOf(draft.program, PROGRAMS, "program");
  const conclusion = check.oneOf(draft.conclusion, CONCLUSIONS, "conclusion");
  const requestedOn = check.date(draft.requestedOn, "requestedOn");
  const standardFen = check.fen(draft.standardFen, "standardFen");
  const answersRequest = check.text(draft.answersRequest, "answersRequest", 100, { optional: true });

  let verifiedAt: Date | null = null;
  const rawVerifiedAt = draft.verifiedAt instanceof Date ? draft.verifiedAt : typeof draft.verifiedAt === "string" ? new Date(draft.verifiedAt) : null;
  if (!rawVerifiedAt || Number.isNaN(rawVerifiedAt.getTime())) check.fail("verifiedAt", "must be an RFC 3339 date-time", "须为 RFC 3339 日期时间");
  else if (rawVerifiedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) check.fail("verifiedAt", "must not be in the future", "核对完成时间不得晚于当前时间");
  else verifiedAt = rawVerifiedAt;
  const completedOn = verifiedAt ? chinaDateOf(verifiedAt) : null;
  if (requestedOn && completedOn && requestedOn > completedOn) check.fail("requestedOn", "must not be after verifiedAt", "申请日期不得晚于核对完成日期");
  let reviewDueOn = check.date(draft.reviewDueOn, "reviewDueOn", { optional: true });
  if (reviewDueOn && completedOn && reviewDueOn <= completedOn) reviewDueOn = check.fail("reviewDueOn", "must be after the verification date", "复核到期日须晚于核对完成日期");

  const household = draft.household ?? null;
  if (!household || typeof household !== "object") check.fail("household", "required", "必填");
  const checkedHousehold = household ? checkHousehold(check, household, home, today, "household.") : null;
  const seen = checkedHousehold?.seen ?? new Map<string, number>();
  const members = checkedHousehold?.members ?? [];

  const memberOf = (value: unknown, field: string, optional = false): IdentityNumber | null | undefined => {
    if (optional && (value === undefined || value === null || value === "")) return null;
    const id = check.idNumber(value, field);
    if (!id) return undefined;
    if (!seen.has(id)) return check.fail(field, "is not a member of the household", "不是该家庭的成员") ?? undefined;
    return id;
  };

  const incomes: ValidPublication["incomes"] = [];
  check.list(draft.incomes, "incomes").forEach((raw, i) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const memberIdNumber = memberOf(r.memberIdNumber, `incomes[${i}].memberIdNumber`);
    const source = check.oneOf(r.source, INCOME_SOURCES, `incomes[${i}].source`);
    const dataSource = check.oneOf(r.dataSource, VERIFICATION_DATA_SOURCES, `incomes[${i}].dataSource`);
    const monthlyAmountFen = check.fen(r.monthlyAmountFen, `incomes[${i}].monthlyAmountFen`);
    if (memberIdNumber && source && dataSource && monthlyAmountFen !== null) incomes.push({ memberIdNumber, source, dataSource, monthlyAmountFen });
  });
  const assets: ValidPublication["assets"] = [];
  check.list(draft.assets, "assets").forEach((raw, i) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const memberIdNumber = memberOf(r.memberIdNumber, `assets[${i}].memberIdNumber`, true);
    const kind = check.oneOf(r.kind, ASSET_KINDS, `assets[${i}].kind`);
    const valueFen = check.fen(r.valueFen, `assets[${i}].valueFen`);
    const institution = check.text(r.institution, `assets[${i}].institution`, 100);
    const accountRef = check.text(r.accountRef, `assets[${i}].accountRef`, 64, { optional: true });
    if (memberIdNumber !== undefined && kind && valueFen !== null && institution) assets.push({ memberIdNumber, kind, valueFen, institution, accountRef });
  });
  const expenditures: ValidPublication["expenditures"] = [];
  check.list(draft.expenditures, "expenditures").forEach((raw, i) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const memberIdNumber = memberOf(r.memberIdNumber, `expenditures[${i}].memberIdNumber`);
    const kind = check.oneOf(r.kind, EXPENDITURE_KINDS, `expenditures[${i}].kind`);
    const monthlyAmountFen = check.fen(r.monthlyAmountFen, `expenditures[${i}].monthlyAmountFen`);
    if (memberIdNumber && kind && monthlyAmountFen !== null) expenditures.push({ memberIdNumber, kind, monthlyAmountFen });
  });

  const totalMonthlyIncomeFen = incomes.reduce((sum, i) => sum + i.monthlyAmountFen, 0);
  const totalAssetsFen = assets.reduce((sum, a) => sum + a.valueFen, 0);
  if (totalMonthlyIncomeFen > MAX_FEN) check.fail("incomes", `the total exceeds ${MAX_FEN} fen`, `收入合计超过 ${MAX_FEN} 分`);
  if (totalAssetsFen > MAX_FEN) check.fail("assets", `the total exceeds ${MAX_FEN} fen`, `财产合计超过 ${MAX_FEN} 分`);

  if (check.problems.length > 0) return { ok: false, problems: check.problems };
  const valid = {
    externalRef: externalRef!,
    program: program!,
    conclusion: conclusion!,
    requestedOn: requestedOn!,
    verifiedAt: verifiedAt!,
    completedOn: completedOn!,
    reviewDueOn: reviewDueOn ?? defaultReviewDueOn(program!, completedOn!, members),
    standardFen: standardFen!,
    answersRequest,
    household: { ...checkedHousehold!.value!, members },
    incomes,
    assets,
    expenditures,
    totals: {
      memberCount: members.length,
      totalMonthlyIncomeFen,
      perCapitaIncomeFen: Math.floor(totalMonthlyIncomeFen / members.length),
      totalAssetsFen,
    },
  };
  return { ok: true, value: { ...valid, contentSha256: contentHashOf(valid) } };
}

/** The content a version is made of: everything but the request it answers. */
function contentHashOf(publication: Omit<ValidPublication, "contentSha256">): string {
  const { answersRequest: _ignored, verifiedAt, household, incomes, assets, expenditures, ...rest } = publication;
  const content = {
    ...rest,
    verifiedAt: verifiedAt.toISOString(),
    household: { ...household, members: canonicalOrder(household.members) },
    incomes: canonicalOrder(incomes),
    assets: canonicalOrder(assets),
    expenditures: canonicalOrder(expenditures),
  };
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}
