import { Field, Float, InputType, Int } from "type-graphql";
import { isKnownAreaCode, regionOfArea } from "../areas";
import type { Region } from "../config";
import { DateScalar } from "../context";
import { badUserInput } from "../errors";
import { birthDateOf, genderOf, parseIdentityNumber, type IdentityNumber } from "../identity";
import { GenderEnum, IdentityStatusEnum, type Gender, type IdentityStatus } from "./reliefVocabulary";

// What callers send to register a relief case or a missing-person report (or to search with one),
// and its validation: every problem is a BAD_USER_INPUT naming the argument path.

@InputType({ description: "A missing person as a family or police describe them (寻亲登记信息); also the query of familySearch." })
export class MissingPersonInput {
  @Field({ description: "Name of the missing person (姓名)." })
  name!: string;

  @Field(() => [String], { nullable: true, description: "Former names and nicknames (曾用名/小名), e.g. 小明, 明娃." })
  aliases?: string[] | null;

  @Field(() => GenderEnum, { description: "Sex (性别); candidates of the other sex are never shown." })
  gender!: Gender;

  @Field(() => DateScalar, { nullable: true, description: "Birth date if known (出生日期); give this or birthYear." })
  birthDate?: string | null;

  @Field(() => Int, { nullable: true, description: "Birth year (出生年份) when the date is not known." })
  birthYear?: number | null;

  @Field(() => Int, { nullable: true, description: "Height in cm when last seen (身高)." })
  heightCm?: number | null;

  @Field(() => [String], { nullable: true, description: "Distinctive features as tokens kind[:detail[:place]], e.g. `scar:left-cheek`, `missing-finger:left-index` (体貌特征)." })
  features?: string[] | null;

  @Field(() => String, { nullable: true, description: "Dialect spoken (方言), e.g. 重庆话 or the registry code `chongqing`." })
  dialect?: string | null;

  @Field(() => String, { nullable: true, description: "GB/T 2260 code of the home area (户籍地); required when filing." })
  homeAreaCode?: string | null;

  @Field(() => DateScalar, { description: "Date of last contact (最后联系日期)." })
  lastSeenOn!: string;

  @Field({ description: "GB/T 2260 code of the area last seen in (走失地)." })
  lastSeenAreaCode!: string;

  @Field(() => [Float], { nullable: true, description: "Face-photo embedding (biometric, write-only; never returned)." })
  faceEmbedding?: number[] | null;

  @Field(() => String, { nullable: true, description: "Resident identity number of the missing person (公民身份号码), validated (GB 11643)." })
  idNumber?: string | null;

  @Field(() => String, { nullable: true, description: "Agency taking the report (登记机构); required when filing." })
  agencyId?: string | null;
}

@InputType({ description: "A person taken in by a relief station (救助登记)." })
export class ReliefCaseInput {
  @Field({ description: "Relief station registering the person (救助管理站), an agency of this node's province." })
  stationId!: string;

  @Field(() => String, { nullable: true, description: "Name as the person gave it, written as heard (自报姓名)." })
  reportedName?: string | null;

  @Field(() => GenderEnum, { description: "Sex (性别)." })
  gender!: Gender;

  @Field(() => Int, { description: "Apparent age, lower bound (估计年龄下限)." })
  apparentAgeMin!: number;

  @Field(() => Int, { description: "Apparent age, upper bound (估计年龄上限)." })
  apparentAgeMax!: number;

  @Field(() => Int, { nullable: true, description: "Measured height in cm (身高)." })
  heightCm?: number | null;

  @Field(() => String, { nullable: true, description: "Physical health (健康状况)." })
  health?: string | null;

  @Field(() => String, { nullable: true, description: "Intellect (智力状况)." })
  intellect?: string | null;

  @Field(() => String, { nullable: true, description: "Mental state (精神状况)." })
  mentalState?: string | null;

  @Field(() => [String], { nullable: true, description: "Distinctive features as tokens kind[:detail[:place]] (体貌特征)." })
  features?: string[] | null;

  @Field(() => String, { nullable: true, description: "Clothing when found (衣着)." })
  clothing?: string | null;

  @Field(() => String, { nullable: true, description: "Accent or dialect heard (口音)." })
  dialect?: string | null;

  @Field(() => [String], { nullable: true, description: "Place names the person mentioned (提及地名)." })
  placeNamesSpoken?: string[] | null;

  @Field(() => DateScalar, { description: "Date found (发现日期)." })
  foundOn!: string;

  @Field({ description: "GB/T 2260 code of the area found in, in this node's province (发现地)." })
  foundAreaCode!: string;

  @Field(() => String, { nullable: true, description: "DNA sample reference (DNA采样编号)." })
  dnaSampleRef?: string | null;

  @Field(() => [Float], { nullable: true, description: "Face-photo embedding (biometric, write-only; never returned)." })
  faceEmbedding?: number[] | null;

  @Field(() => IdentityStatusEnum, { nullable: true, description: "Identity status; default SELF_REPORTED with a name, UNIDENTIFIED without." })
  identityStatus?: IdentityStatus | null;

  @Field(() => String, { nullable: true, description: "Resident identity number once known (公民身份号码), validated (GB 11643)." })
  idNumber?: string | null;
}

export interface InputRules {
  today: Date;
  /** Length of face embeddings this node's engine holds. */
  faceEmbeddingDimensions: number;
}

const MAX_NAME = 30;
const MAX_TEXT = 200;
const TOKEN = /^[a-z0-9-]+(:[a-z0-9-]+)*$/;
const PROVINCE_PREFIX = /^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])\d{4}$/;

const isoToday = (today: Date) => today.toISOString().slice(0, 10);

export function text(value: string | null | undefined, field: string, max: number): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if ([...trimmed].length > max) throw badUserInput(field, `must be at most ${max} characters`);
  return trimmed;
}

export function personName(value: string, field: string): string {
  const name = text(value, field, MAX_NAME);
  if (!name) throw badUserInput(field, "must not be empty");
  if (!/[\p{Script=Han}\p{L}]/u.test(name)) throw badUserInput(field, "must contain letters or characters");
  return name;
}

export function integer(value: number | null | undefined, field: string, min: number, max: number): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < min || value > max) throw badUserInput(field, `must be a whole number between ${min} and ${max}`);
  return value;
}

export function pastDate(value: string, field: string, today: Date): string {
  if (value > isoToday(today)) throw badUserInput(field, "must not be in the future");
  if (value < "1900-01-01") throw badUserInput(field, "must be after 1900");
  return value;
}

export function featureTokens(values: readonly string[] | null | undefined, field: string): string[] {
  if (!values) return [];
  if (values.length > 20) throw badUserInput(field, "at most 20 features");
  return values.map((raw, i) => {
    const token = raw.trim().toLowerCase().replace(/\s+/g, "-");
    if (!TOKEN.test(token)) throw badUserInput(`${field}[${i}]`, "must be a token kind[:detail[:place]] of a–z, 0–9 and hyphens");
    return token;
  });
}

/** A code of Chongqing or Sichuan must be a known division; elsewhere, a plausible county-level code. */
export function areaCode(value: string | null | undefined, field: string): string | null {
  const code = value?.trim();
  if (!code) return null;
  if (!PROVINCE_PREFIX.test(code) || code.endsWith("00")) throw badUserInput(field, `${code} is not a county-level GB/T 2260 code`);
  if ((code.startsWith("50") || code.startsWith("51")) && !isKnownAreaCode(code)) throw badUserInput(field, `${code} is not a division of Chongqing or Sichuan`);
  return code;
}

export function embedding(values: readonly number[] | null | undefined, field: string, rules: InputRules): Float32Array | null {
  if (!values) return null;
  if (values.length !== rules.faceEmbeddingDimensions) throw badUserInput(field, `must have ${rules.faceEmbeddingDimensions} numbers`);
  if (!values.every(Number.isFinite) || values.every((v) => v === 0)) throw badUserInput(field, "must be finite numbers, not all zero");
  return Float32Array.from(values);
}

export function identityNumber(value: string | null | undefined, field: string, rules: InputRules): IdentityNumber | null {
  if (!value?.trim()) return null;
  const parsed = parseIdentityNumber(value, rules.today);
  if (!parsed.ok) throw badUserInput(field, `${parsed.problem}: ${parsed.message}`);
  return parsed.value;
}

export interface MissingPersonDraft {
  name: string;
  aliases: string[];
  gender: Gender;
  birthDate: string | null;
  birthYear: number;
  heightCm: number | null;
  features: string[];
  dialect: string | null;
  homeAreaCode: string | null;
  lastSeenOn: string;
  lastSeenAreaCode: string;
  faceEmbedding: Float32Array | null;
  idNumber: IdentityNumber | null;
  agencyId: string | null;
}

/** Validates a missing-person description given as argument `at` ("report" or "input"). */
export function validateMissingPerson(input: MissingPersonInput, at: string, rules: InputRules): MissingPersonDraft {
  const field = (name: string) => `${at}.${name}`;
  const aliases = (input.aliases ?? []).map((a, i) => personName(a, `${field("aliases")}[${i}]`));
  if (aliases.length > 10) throw badUserInput(field("aliases"), "at most 10 names");
  const birthDate = input.birthDate ? pastDate(input.birthDate, field("birthDate"), rules.today) : null;
  const currentYear = rules.today.getUTCFullYear();
  let birthYear = integer(input.birthYear, field("birthYear"), 1900, currentYear);
  if (birthDate && birthYear !== null && Number(birthDate.slice(0, 4)) !== birthYear) throw badUserInput(field("birthYear"), `differs from ${field("birthDate")}`);
  birthYear ??= birthDate ? Number(birthDate.slice(0, 4)) : null;
  if (birthYear === null) throw badUserInput(field("birthYear"), `give ${field("birthDate")} or ${field("birthYear")}`);
  const lastSeenOn = pastDate(input.lastSeenOn, field("lastSeenOn"), rules.today);
  if (Number(lastSeenOn.slice(0, 4)) < birthYear || (birthDate && lastSeenOn < birthDate)) throw badUserInput(field("lastSeenOn"), "is before the birth");
  const lastSeenAreaCode = areaCode(input.lastSeenAreaCode, field("lastSeenAreaCode"));
  if (!lastSeenAreaCode) throw badUserInput(field("lastSeenAreaCode"), "must not be empty");
  const idNumber = identityNumber(input.idNumber, field("idNumber"), rules);
  if (idNumber && genderOf(idNumber) !== input.gender) throw badUserInput(field("idNumber"), `its sex differs from ${field("gender")}`);
  if (idNumber && birthDate && birthDateOf(idNumber) !== birthDate) throw badUserInput(field("idNumber"), `its birth date differs from ${field("birthDate")}`);
  return {
    name: personName(input.name, field("name")),
    aliases,
    gender: input.gender,
    birthDate,
    birthYear,
    heightCm: integer(input.heightCm, field("heightCm"), 30, 250),
    features: featureTokens(input.features, field("features")),
    dialect: text(input.dialect, field("dialect"), MAX_NAME),
    homeAreaCode: areaCode(input.homeAreaCode, field("homeAreaCode")),
    lastSeenOn,
    lastSeenAreaCode,
    faceEmbedding: embedding(input.faceEmbedding, field("faceEmbedding"), rules),
    idNumber,
    agencyId: text(input.agencyId, field("agencyId"), 64),
  };
}

export interface ReliefCaseDraft {
  stationId: string;
  reportedName: string | null;
  gender: Gender;
  apparentAgeMin: number;
  apparentAgeMax: number;
  heightCm: number | null;
  health: string | null;
  intellect: string | null;
  mentalState: string | null;
  features: string[];
  clothing: string | null;
  dialect: string | null;
  placeNamesSpoken: string[];
  foundOn: string;
  foundAreaCode: string;
  dnaSampleRef: string | null;
  faceEmbedding: Float32Array | null;
  identityStatus: IdentityStatus;
  idNumber: IdentityNumber | null;
}

/** Validates a relief case for the node of `home` (found in its own province). */
export function validateReliefCase(input: ReliefCaseInput, home: Region, rules: InputRules): ReliefCaseDraft {
  const field = (name: string) => `input.${name}`;
  const apparentAgeMin = integer(input.apparentAgeMin, field("apparentAgeMin"), 0, 120)!;
  const apparentAgeMax = integer(input.apparentAgeMax, field("apparentAgeMax"), 0, 120)!;
  if (apparentAgeMax < apparentAgeMin) throw badUserInput(field("apparentAgeMax"), `is below ${field("apparentAgeMin")}`);
  const foundAreaCode = areaCode(input.foundAreaCode, field("foundAreaCode"));
  if (!foundAreaCode) throw badUserInput(field("foundAreaCode"), "must not be empty");
  if (regionOfArea(foundAreaCode) !== home) throw badUserInput(field("foundAreaCode"), `${foundAreaCode} is not in ${home}; the other province's station registers it`);
  const reportedName = input.reportedName?.trim() ? personName(input.reportedName, field("reportedName")) : null;
  const idNumber = identityNumber(input.idNumber, field("idNumber"), rules);
  if (idNumber && genderOf(idNumber) !== input.gender) throw badUserInput(field("idNumber"), `its sex differs from ${field("gender")}`);
  const identityStatus = input.identityStatus ?? (reportedName ? "SELF_REPORTED" : "UNIDENTIFIED");
  if (identityStatus === "IDENTIFIED" && !idNumber) throw badUserInput(field("idNumber"), "is required for an IDENTIFIED person");
  const stationId = text(input.stationId, field("stationId"), 64);
  if (!stationId) throw badUserInput(field("stationId"), "must not be empty");
  const dnaSampleRef = text(input.dnaSampleRef, field("dnaSampleRef"), 64);
  if (dnaSampleRef && !/^[A-Za-z0-9-]+$/.test(dnaSampleRef)) throw badUserInput(field("dnaSampleRef"), "letters, digits and hyphens only");
  return {
    stationId,
    reportedName,
    gender: input.gender,
    apparentAgeMin,
    apparentAgeMax,
    heightCm: integer(input.heightCm, field("heightCm"), 30, 250),
    health: text(input.health, field("health"), MAX_TEXT),
    intellect: text(input.intellect, field("intellect"), MAX_TEXT),
    mentalState: text(input.mentalState, field("mentalState"), MAX_TEXT),
    features: featureTokens(input.features, field("features")),
    clothing: text(input.clothing, field("clothing"), MAX_TEXT),
    dialect: text(input.dialect, field("dialect"), MAX_NAME),
    placeNamesSpoken: (input.placeNamesSpoken ?? []).map((p, i) => text(p, `${field("placeNamesSpoken")}[${i}]`, MAX_NAME)).filter((p): p is string => p !== null),
    foundOn: pastDate(input.foundOn, field("foundOn"), rules.today),
    foundAreaCode,
    dnaSampleRef,
    faceEmbedding: embedding(input.faceEmbedding, field("faceEmbedding"), rules),
    identityStatus,
    idNumber,
  };
}
