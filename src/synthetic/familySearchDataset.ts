import { regionTag, type Region } from "../config";
import { currentAreaCode, findAreaDivision, type AreaDivision } from "../areas";
import { agenciesOf } from "./agencies";
import { addDays, ageOn, birthDateForAge, dateTimeOn, dayNumber, isoDate } from "./calendarDays";
import { drawGivenName, drawSurname, type Gender } from "./chineseNames";
import { drawTrueFeatures, joinFeatures, observeFeatures } from "./distinctiveFeatures";
import { photoEmbedding, trueFaceEmbedding } from "./faceEmbedding";
import { DIALECT_CODES, dialectOfArea, drawDivision, drawOtherDivision, registrationAreaCode, spokenPlaceName, type DialectCode } from "./homeAreas";
import { IdentityNumberIssuer, SEQUENCE_BLOCKS, identityAreaCode } from "./identityNumbers";
import { nicknamesOf, noiseName, type NameNoiseKind } from "./nameNoise";
import { gatherBatches } from "./rowBatches";
import { SeededRandom } from "./seededRandom";
import { regionOfSyntheticId, syntheticId } from "./syntheticIds";

// The labelled family-search data set (issue 6): true persons, the relief records stations made
// of some of them and the missing-person reports families filed about some of them, each noised
// the way real registers are, with the ground truth of who is who kept in `links`.

/** Why a person went missing or came to a relief station; decides age, sex ratio and condition. */
export type PersonProfile =
  | "DEMENTIA_ELDERLY"
  | "INTELLECTUAL_DISABILITY"
  | "MENTAL_ILLNESS"
  | "RUNAWAY_MINOR"
  | "VAGRANT_ADULT"
  | "STRANDED_MIGRANT";

export interface SyntheticPerson {
  /** Ground-truth key shared by every record and report about this person (P-00000001). */
  personKey: string;
  surname: string;
  givenName: string;
  gender: Gender;
  birthDate: string;
  idNumber: string;
  /** Area code on the household-registration record (may be a superseded code). */
  homeAreaCode: string;
  dialect: DialectCode;
  heightCm: number;
  features: string[];
  profile: PersonProfile;
  /** Whether police hold a DNA sample (relief records then carry a sample reference). */
  dnaSampled: boolean;
  /** The true face direction; photos are this plus noise. */
  faceEmbedding: Float32Array;
}

/** Columns of the prisma ReliefRecord model. */
export interface ReliefRecordRow {
  id: string;
  region: Region;
  stationId: string;
  reportedName: string | null;
  gender: Gender;
  apparentAgeMin: number;
  apparentAgeMax: number;
  heightCm: number | null;
  health: string | null;
  intellect: string | null;
  mentalState: string | null;
  features: string;
  clothing: string | null;
  dialect: string | null;
  placeNamesSpoken: string;
  foundOn: string;
  foundAreaCode: string;
  dnaSampleRef: string | null;
  faceEmbedding: Buffer | null;
  identityStatus: "UNIDENTIFIED" | "SELF_REPORTED" | "IDENTIFIED";
  disposition: "IN_CARE" | "RETURNED_HOME" | "TRANSFERRED" | "LEFT_STATION" | "DECEASED";
  idNumber: string | null;
  /** When the station registered the person (the found date, during the day). */
  createdAt: Date;
  /** After-intake identification and the 寻亲 notice (docs/family-search-lifecycle.md): none in the synthetic set. */
  identifiedOn: string | null;
  identifiedVia: string | null;
  noticePublishedAt: Date | null;
  noticeReference: string | null;
  noticePublishedBy: string | null;
}

/** Columns of the prisma MissingPersonReport model. */
export interface MissingPersonReportRow {
  id: string;
  region: Region;
  agencyId: string;
  name: string;
  aliases: string;
  gender: Gender;
  birthDate: string | null;
  birthYear: number;
  heightCm: number | null;
  features: string;
  dialect: string | null;
  homeAreaCode: string;
  lastSeenOn: string;
  lastSeenAreaCode: string;
  faceEmbedding: Buffer | null;
  idNumber: string | null;
  status: "OPEN" | "FOUND" | "CLOSED";
  /** When the family filed the report; a few percent file only after the station found the person. */
  createdAt: Date;
}

export type RecordKind = "RELIEF_RECORD" | "MISSING_REPORT";

/** Columns of the prisma SyntheticPersonLink model (its autoincrement id aside). */
export interface SyntheticPersonLinkRow {
  personKey: string;
  recordKind: RecordKind;
  recordId: string;
}

export interface FamilySearchDataset {
  persons: SyntheticPerson[];
  reliefRecords: ReliefRecordRow[];
  reports: MissingPersonReportRow[];
  links: SyntheticPersonLinkRow[];
  /** How each relief record's name was noised (for recall-by-noise evaluation; not a table). */
  nameNoise: Array<{ recordId: string; kind: NameNoiseKind }>;
}

export interface FamilySearchOptions {
  seed: number;
  /** Relief records in total, both provinces (the station's province decides where each lives). */
  reliefRecords: number;
  /** Missing-person reports in total; half describe someone with a relief record, half no one. */
  reports: number;
  /** The last day of the data; events fall in the three years before it. */
  asOf?: string;
}

export const FAMILY_SEARCH_DEFAULT_AS_OF = "2026-10-31";
const WINDOW_DAYS = 3 * 365;
/** Relief records per generation block: the unit of streaming, fixed so output never depends on the consumer's chunking. */
export const FAMILY_SEARCH_BLOCK = 1000;

// ---------------------------------------------------------------- the noise model's parameters
/** Shares used by the generator and checked by the tests (issue 6). */
export const FAMILY_SEARCH_NOISE = {
  photoMissingRelief: 0.4,
  photoMissingReport: 0.2,
  dialectRelief: { truth: 0.55, missing: 0.3 /* wrong: the rest */ },
  foundLocation: { sameCounty: 0.35, sameProvince: 0.4 /* other province: the rest */ },
  /** Days from last seen to found: exp(N(ln 30, 1.0)), median a month. */
  foundDelay: { mu: Math.log(30), sigma: 1.0 },
  /** Days from last seen to the report: exp(N(ln 2, 0.8)); lateFilers file after the person was found. */
  filingDelay: { mu: Math.log(2), sigma: 0.8, lateFilers: 0.02 },
  apparentAgeSd: 6,
  apparentAgeHalfWidth: 5,
  reliefHeightSd: 3,
  repeatStay: 0.06,
} as const;

/** Where families last saw the person: mostly at home. */
const LAST_SEEN_LOCATION = { sameCounty: 0.7, sameProvince: 0.2 } as const;

interface ProfileShape {
  ages: readonly [number, number];
  maleShare: number;
}

const PROFILE_SHAPES: Readonly<Record<PersonProfile, ProfileShape>> = {
  DEMENTIA_ELDERLY: { ages: [65, 92], maleShare: 0.5 },
  INTELLECTUAL_DISABILITY: { ages: [18, 60], maleShare: 0.62 },
  MENTAL_ILLNESS: { ages: [22, 65], maleShare: 0.6 },
  RUNAWAY_MINOR: { ages: [11, 17], maleShare: 0.6 },
  VAGRANT_ADULT: { ages: [30, 80], maleShare: 0.82 },
  STRANDED_MIGRANT: { ages: [20, 62], maleShare: 0.72 },
};

/** People families report missing: mostly the confused elderly, the intellectually disabled, runaway children. */
const REPORTED_PROFILES: ReadonlyArray<readonly [PersonProfile, number]> = [
  ["DEMENTIA_ELDERLY", 0.36], ["INTELLECTUAL_DISABILITY", 0.26], ["RUNAWAY_MINOR", 0.14], ["MENTAL_ILLNESS", 0.16], ["STRANDED_MIGRANT", 0.08],
];
/** People relief stations take in, most of whom nobody reports. */
const RELIEF_PROFILES: ReadonlyArray<readonly [PersonProfile, number]> = [
  ["VAGRANT_ADULT", 0.45], ["STRANDED_MIGRANT", 0.2], ["MENTAL_ILLNESS", 0.12], ["DEMENTIA_ELDERLY", 0.1], ["INTELLECTUAL_DISABILITY", 0.08], ["RUNAWAY_MINOR", 0.05],
];

const CLOTHING_TOPS = ["深蓝色棉衣", "黑色夹克", "灰色运动服", "迷彩服", "白色衬衫", "红色外套", "格子衬衫", "军绿色大衣"];
const CLOTHING_BOTTOMS = ["黑色裤子", "蓝色牛仔裤", "灰色运动裤", "迷彩裤"];
const CLOTHING_SHOES = ["解放鞋", "黑色布鞋", "运动鞋", "拖鞋", "赤脚"];

/** Condition as the station records it (normalised tokens), by profile. */
function conditionOf(profile: PersonProfile, random: SeededRandom): Pick<ReliefRecordRow, "health" | "intellect" | "mentalState"> {
  const health = random.pick(profile === "DEMENTIA_ELDERLY" || profile === "VAGRANT_ADULT" ? ["fair", "poor", "poor", "injured"] : ["good", "good", "fair", "poor"]);
  switch (profile) {
    case "DEMENTIA_ELDERLY":
      return { health, intellect: random.pick(["normal", "impaired"]), mentalState: random.pick(["dementia", "dementia", "confused"]) };
    case "INTELLECTUAL_DISABILITY":
      return { health, intellect: random.pick(["impaired", "severely-impaired"]), mentalState: random.pick(["normal", "confused"]) };
    case "MENTAL_ILLNESS":
      return { health, intellect: "normal", mentalState: random.pick(["psychiatric", "psychiatric", "confused"]) };
    default:
      return { health, intellect: "normal", mentalState: random.pick(["normal", "normal", "normal", "confused"]) };
  }
}

function heightFor(gender: Gender, age: number, random: SeededRandom): number {
  const adult = gender === "MALE" ? 168 + 6 * random.normal() : 157 + 5.5 * random.normal();
  if (age >= 17) return Math.round(age >= 70 ? adult - 3 : adult);
  // Rough growth towards adult height from 11 to 17.
  return Math.round(adult - (17 - age) * (gender === "MALE" ? 4 : 2.5));
}

/**
 * Builds the data set block by block. Counters (ids per region) and the identity-number issuer
 * live across blocks; everything random comes from one stream, so a given seed and size always
 * gives the same rows whatever the caller does with them.
 */
class FamilySearchGenerator {
  private readonly random: SeededRandom;
  private readonly issuer = new IdentityNumberIssuer(SEQUENCE_BLOCKS.familySearch[0], SEQUENCE_BLOCKS.familySearch[1]);
  private readonly counters: Record<Region, { RR: number; MP: number; DNA: number }> = {
    CHONGQING: { RR: 0, MP: 0, DNA: 0 },
    SICHUAN: { RR: 0, MP: 0, DNA: 0 },
  };
  private personCount = 0;
  private readonly lastDay: number;
  private readonly firstDay: number;

  constructor(private readonly options: Required<FamilySearchOptions>) {
    this.random = SeededRandom.stream(options.seed, "familySearch");
    this.lastDay = dayNumber(options.asOf);
    this.firstDay = this.lastDay - WINDOW_DAYS;
  }

  *blocks(): Generator<FamilySearchDataset> {
    const { reliefRecords: total, reports } = this.options;
    const matched = Math.min(Math.round(reports / 2), total);
    const unmatched = reports - matched;
    const blockCount = Math.max(1, Math.ceil(total / FAMILY_SEARCH_BLOCK));
    for (let b = 0; b < blockCount; b++) {
      const start = b * FAMILY_SEARCH_BLOCK;
      const quota = Math.max(0, Math.min(FAMILY_SEARCH_BLOCK, total - start));
      // Matched reports in proportion to the block's relief records, so a block never needs more
      // matched persons than it has records; unmatched reports spread evenly over the blocks.
      const matchedHere = total === 0 ? 0 : Math.floor((matched * (start + quota)) / total) - Math.floor((matched * start) / total);
      const unmatchedHere = Math.floor((unmatched * (b + 1)) / blockCount) - Math.floor((unmatched * b) / blockCount);
      yield this.block(quota, matchedHere, unmatchedHere);
    }
  }

  private block(quota: number, matched: number, unmatched: number): FamilySearchDataset {
    const out: FamilySearchDataset = { persons: [], reliefRecords: [], reports: [], links: [], nameNoise: [] };
    const roles: Array<"M" | "R" | "U"> = [];
    for (let i = 0; i < matched; i++) roles.push("M");
    for (let i = matched; i < quota; i++) roles.push("R");
    for (let i = 0; i < unmatched; i++) roles.push("U");
    this.random.shuffle(roles);
    const lastStay = new Map<SyntheticPerson, ReliefRecordRow>();
    for (const role of roles) {
      if (role === "R" && lastStay.size > 0 && this.random.chance(FAMILY_SEARCH_NOISE.repeatStay)) {
        if (this.repeatStay(out, lastStay)) continue;
      }
      const lastSeenOn = this.uniformDay(role === "M" ? 14 : 0);
      const person = this.person(role === "R" ? RELIEF_PROFILES : REPORTED_PROFILES, lastSeenOn, out);
      if (role === "U") {
        this.report(person, lastSeenOn, undefined, out);
        continue;
      }
      const foundOn = role === "M" ? this.foundAfter(lastSeenOn) : lastSeenOn;
      lastStay.set(person, this.reliefRecord(person, foundOn, out));
      if (role === "M") this.report(person, lastSeenOn, foundOn, out);
    }
    return out;
  }

  /** A later stay of someone already taken in this block; false when it would fall after asOf. */
  private repeatStay(out: FamilySearchDataset, lastStay: Map<SyntheticPerson, ReliefRecordRow>): boolean {
    const people = [...lastStay.keys()];
    const person = people[this.random.int(0, people.length - 1)];
    const foundOn = addDays(lastStay.get(person)!.foundOn, this.random.int(30, 400));
    if (dayNumber(foundOn) > this.lastDay) return false;
    lastStay.set(person, this.reliefRecord(person, foundOn, out));
    return true;
  }

  private uniformDay(marginDays: number): string {
    return isoDate(this.random.int(this.firstDay, this.lastDay - marginDays));
  }

  private foundAfter(lastSeenOn: string): string {
    const { mu, sigma } = FAMILY_SEARCH_NOISE.foundDelay;
    const room = this.lastDay - dayNumber(lastSeenOn);
    for (let attempt = 0; attempt < 8; attempt++) {
      const delay = Math.round(this.random.logNormal(mu, sigma));
      if (delay <= room) return addDays(lastSeenOn, delay);
    }
    return isoDate(this.lastDay);
  }

  /** A new true person, of an age that fits their profile on the day they went missing or were found. */
  private person(profiles: ReadonlyArray<readonly [PersonProfile, number]>, eventDate: string, out: FamilySearchDataset): SyntheticPerson {
    const random = this.random;
    const profile = random.share(profiles);
    const shape = PROFILE_SHAPES[profile];
    const gender: Gender = random.chance(shape.maleShare) ? "MALE" : "FEMALE";
    const age = random.int(shape.ages[0], shape.ages[1]);
    const birthDate = birthDateForAge(age, eventDate, random.float());
    const home = drawDivision(random);
    const birthArea = random.chance(0.9) ? home.code : drawDivision(random).code;
    const surname = drawSurname(random);
    const givenName = drawGivenName(random, gender, Number(birthDate.slice(0, 4)));
    const dialect = Number(birthDate.slice(0, 4)) >= 1995 && random.chance(0.15) ? "mandarin" : dialectOfArea(home.code);
    const impliedFeatures = profile === "INTELLECTUAL_DISABILITY" && random.chance(0.3) ? ["disability:speech"] : [];
    const person: SyntheticPerson = {
      personKey: `P-${String(++this.personCount).padStart(8, "0")}`,
      surname,
      givenName,
      gender,
      birthDate,
      idNumber: this.issuer.issue(identityAreaCode(birthArea, birthDate, random), birthDate, gender, random),
      homeAreaCode: registrationAreaCode(home, random),
      dialect,
      heightCm: heightFor(gender, age, random),
      features: drawTrueFeatures(random, impliedFeatures),
      profile,
      dnaSampled: random.chance(0.5),
      faceEmbedding: trueFaceEmbedding(random),
    };
    out.persons.push(person);
    return person;
  }

  /** A place relative to home: the home county itself, elsewhere in the home province, or the other province. */
  private placeFrom(home: AreaDivision, shares: { sameCounty: number; sameProvince: number }): AreaDivision {
    const roll = this.random.float();
    if (roll < shares.sameCounty) return home;
    if (roll < shares.sameCounty + shares.sameProvince) return drawOtherDivision(this.random, home.region, home.code);
    return drawDivision(this.random, home.region === "CHONGQING" ? "SICHUAN" : "CHONGQING");
  }

  private homeOf(person: SyntheticPerson): AreaDivision {
    return findAreaDivision(currentAreaCode(person.homeAreaCode))!;
  }

  private nextId(region: Region, kind: "RR" | "MP" | "DNA"): string {
    return syntheticId(regionTag(region), kind, ++this.counters[region][kind]);
  }

  private reliefRecord(person: SyntheticPerson, foundOn: string, out: FamilySearchDataset): ReliefRecordRow {
    const random = this.random;
    const found = this.placeFrom(this.homeOf(person), FAMILY_SEARCH_NOISE.foundLocation);
    const region = found.region;
    const trueAge = ageOn(person.birthDate, foundOn);
    const apparent = Math.round(trueAge + 0.25 * (45 - trueAge) + FAMILY_SEARCH_NOISE.apparentAgeSd * random.normal());
    const { reportedName, kind } = noiseName(person.surname, person.givenName, person.gender, random);
    const identified = kind === "EXACT" && random.chance(0.3);
    const id = this.nextId(region, "RR");
    const row: ReliefRecordRow = {
      id,
      region,
      stationId: agenciesOf(region).reliefStationFor(found.code).id,
      reportedName,
      gender: person.gender,
      apparentAgeMin: Math.max(0, apparent - FAMILY_SEARCH_NOISE.apparentAgeHalfWidth),
      apparentAgeMax: Math.max(0, apparent) + FAMILY_SEARCH_NOISE.apparentAgeHalfWidth,
      heightCm: Math.round(person.heightCm + FAMILY_SEARCH_NOISE.reliefHeightSd * random.normal()),
      ...conditionOf(person.profile, random),
      features: joinFeatures(observeFeatures(person.features, random, 0.75, 0.08)),
      clothing: `${random.pick(CLOTHING_TOPS)}，${random.pick(CLOTHING_BOTTOMS)}，${random.pick(CLOTHING_SHOES)}`,
      dialect: this.heardDialect(person.dialect),
      placeNamesSpoken: this.placesSpoken(person),
      foundOn,
      foundAreaCode: found.code,
      dnaSampleRef: person.dnaSampled ? this.nextId(region, "DNA") : null,
      faceEmbedding: random.chance(FAMILY_SEARCH_NOISE.photoMissingRelief) ? null : photoEmbedding(person.faceEmbedding, random),
      identityStatus: reportedName === null ? "UNIDENTIFIED" : identified ? "IDENTIFIED" : "SELF_REPORTED",
      disposition: identified ? (random.chance(0.8) ? "RETURNED_HOME" : "TRANSFERRED") : random.share(DISPOSITIONS),
      idNumber: identified ? person.idNumber : null,
      createdAt: dateTimeOn(foundOn, random.int(6 * 60, 23 * 60)),
      identifiedOn: null,
      identifiedVia: null,
      noticePublishedAt: null,
      noticeReference: null,
      noticePublishedBy: null,
    };
    out.reliefRecords.push(row);
    out.links.push({ personKey: person.personKey, recordKind: "RELIEF_RECORD", recordId: id });
    out.nameNoise.push({ recordId: id, kind });
    return row;
  }

  /** The accent the station notes: right, missing, or wrong (issue 6). */
  private heardDialect(truth: DialectCode): string | null {
    const roll = this.random.float();
    const { truth: right, missing } = FAMILY_SEARCH_NOISE.dialectRelief;
    if (roll < right) return truth;
    if (roll < right + missing) return null;
    const wrong = DIALECT_CODES.filter((d) => d !== truth);
    return this.random.pick(wrong);
  }

  /** Place names the person mentions: sometimes home, sometimes somewhere else, often nothing. */
  private placesSpoken(person: SyntheticPerson): string {
    const roll = this.random.float();
    const home = this.homeOf(person);
    const confused = person.profile === "DEMENTIA_ELDERLY" || person.profile === "INTELLECTUAL_DISABILITY" || person.profile === "MENTAL_ILLNESS";
    if (roll < (confused ? 0.3 : 0.45)) return spokenPlaceName(home);
    if (roll < (confused ? 0.45 : 0.55)) return spokenPlaceName(drawDivision(this.random));
    return "";
  }

  private report(person: SyntheticPerson, lastSeenOn: string, foundOn: string | undefined, out: FamilySearchDataset): void {
    const random = this.random;
    const home = this.homeOf(person);
    const lastSeen = this.placeFrom(home, LAST_SEEN_LOCATION);
    // Families file at home; some file where the person was last seen.
    const filedIn = random.chance(0.85) ? home : lastSeen;
    const region = filedIn.region;
    const birthYear = Number(person.birthDate.slice(0, 4));
    const exactBirth = random.chance(0.75);
    const id = this.nextId(region, "MP");
    const row: MissingPersonReportRow = {
      id,
      region,
      agencyId: agenciesOf(region).policeFor(filedIn.code).id,
      name: person.surname + person.givenName,
      aliases: random.chance(0.4) ? random.shuffle(nicknamesOf(person.givenName, person.gender)).slice(0, random.int(1, 2)).join("|") : "",
      gender: person.gender,
      birthDate: exactBirth ? person.birthDate : null,
      birthYear: exactBirth || random.chance(0.8) ? birthYear : birthYear + random.pick([-1, 1]),
      heightCm: random.chance(0.15) ? null : Math.round(person.heightCm + 2 * random.normal()),
      features: joinFeatures(observeFeatures(person.features, random, 0.85, 0.03)),
      dialect: random.chance(0.1) ? null : person.dialect,
      homeAreaCode: person.homeAreaCode,
      lastSeenOn,
      lastSeenAreaCode: lastSeen.code,
      faceEmbedding: random.chance(FAMILY_SEARCH_NOISE.photoMissingReport) ? null : photoEmbedding(person.faceEmbedding, random),
      idNumber: random.chance(0.65) ? person.idNumber : null,
      status: "OPEN",
      createdAt: dateTimeOn(this.filingDate(lastSeenOn, foundOn), random.int(8 * 60, 18 * 60)),
    };
    out.reports.push(row);
    out.links.push({ personKey: person.personKey, recordKind: "MISSING_REPORT", recordId: id });
  }

  /** Usually a day or two after last seen; a few families file late — after the station found the person. */
  private filingDate(lastSeenOn: string, foundOn: string | undefined): string {
    const { mu, sigma, lateFilers } = FAMILY_SEARCH_NOISE.filingDelay;
    let day = dayNumber(lastSeenOn) + Math.round(this.random.logNormal(mu, sigma));
    if (this.random.chance(lateFilers)) day = dayNumber(foundOn ?? lastSeenOn) + this.random.int(1, 120);
    return isoDate(Math.min(day, this.lastDay));
  }
}

const DISPOSITIONS: ReadonlyArray<readonly [ReliefRecordRow["disposition"], number]> = [
  ["IN_CARE", 0.55], ["TRANSFERRED", 0.2], ["LEFT_STATION", 0.2], ["DECEASED", 0.05],
];

function withDefaults(options: FamilySearchOptions): Required<FamilySearchOptions> {
  for (const [field, value] of [["reliefRecords", options.reliefRecords], ["reports", options.reports]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${field} must be a whole number ≥ 0 (got ${value})`);
  }
  if (!Number.isInteger(options.seed)) throw new RangeError(`seed must be an integer (got ${options.seed})`);
  return { ...options, asOf: options.asOf ?? FAMILY_SEARCH_DEFAULT_AS_OF };
}

/**
 * The data set in blocks of FAMILY_SEARCH_BLOCK relief records (plus their share of reports), for
 * consumers that must not hold a million records at once. Same seed and sizes → same blocks.
 */
export function* familySearchBlocks(options: FamilySearchOptions): Generator<FamilySearchDataset> {
  yield* new FamilySearchGenerator(withDefaults(options)).blocks();
}

/** The whole data set in memory (fine up to a few hundred thousand records). */
export function generateFamilySearchDataset(options: FamilySearchOptions): FamilySearchDataset {
  return gatherBatches(familySearchBlocks(options), { persons: [], reliefRecords: [], reports: [], links: [], nameNoise: [] });
}

/** Keeps only what one province's node holds: relief records of its stations, reports filed there, and their links. */
export function familySearchRowsOf(block: FamilySearchDataset, region: Region): Pick<FamilySearchDataset, "reliefRecords" | "reports" | "links"> {
  return {
    reliefRecords: block.reliefRecords.filter((r) => r.region === region),
    reports: block.reports.filter((r) => r.region === region),
    links: block.links.filter((l) => regionOfSyntheticId(l.recordId) === region),
  };
}

