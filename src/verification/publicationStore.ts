import { v7 as timeOrderedUuid } from "uuid";
import { regionTag, type Region } from "../config";
import { insertRowsAsJson, tableShape, type DatabaseTransaction, type PlaceholderStyle } from "../db";
import type { PublicationProblem, ValidHousehold, ValidPublication } from "./publicationRules";

// Ids are time-ordered UUIDs (RFC 9562 version 7): new rows land at the end of each primary-key
// index instead of on random pages (100,000 members on SQLite: 8.5 s with random UUIDs, 6.3 s with
// these); they reveal nothing but the time of creation.
export type PublicationOutcome = "CREATED" | "UNCHANGED" | "NEW_VERSION";

export interface StoredPublication {
  outcome: PublicationOutcome;
  verificationId: string;
  version: number;
  /** The version this one superseded (NEW_VERSION only). */
  supersededId: string | null;
  householdId: string;
}

/** A record that is valid on its own but conflicts with what the node holds. */
export class PublicationConflict extends Error {
  constructor(readonly problem: PublicationProblem) {
    super(`${problem.field}: ${problem.reason}`);
  }
}

/**
 * Writes one validated publication inside the caller's transaction (the API's, or an import
 * batch's), so a refused record leaves nothing behind:
 * - the same content under the same report number again → UNCHANGED, nothing written;
 * - different content → a new version; the old version's content is never touched, it only
 *   gets `supersededById` (set once);
 * - the household is the one its members are registered in here (an identity number belongs to
 *   one household), or a new one; its registration details and members follow the latest report.
 */
export async function storePublication(
  tx: DatabaseTransaction,
  publication: ValidPublication,
  by: { home: Region; agencyId: string; publishedBy: string; style: PlaceholderStyle },
): Promise<StoredPublication> {
  const tag = regionTag(by.home);
  const latest = await tx.householdVerification.findFirst({
    where: { reportNumber: publication.externalRef },
    orderBy: { version: "desc" },
    select: { id: true, version: true, contentSha256: true, householdId: true, agencyId: true, withdrawnAt: true },
  });
  if (latest && latest.agencyId !== by.agencyId) {
    throw new PublicationConflict({ field: "externalRef", reason: "this report number belongs to another agency's report", reasonZh: "该报告编号属于其他机构的报告" });
  }
  // A withdrawn result published again is a new version, even with the same content.
  if (latest && latest.contentSha256 === publication.contentSha256 && !latest.withdrawnAt) {
    return { outcome: "UNCHANGED", verificationId: latest.id, version: latest.version, supersededId: null, householdId: latest.householdId };
  }
  const { householdId, memberIdByIdNumber } = await storeHousehold(tx, publication.household, tag, latest?.householdId ?? null, "household.");

  const id = `${tag}-HV-${timeOrderedUuid()}`;
  const version = (latest?.version ?? 0) + 1;
  const memberId = (idNumber: string | null) => (idNumber ? memberIdByIdNumber.get(idNumber)! : null);
  await tx.householdVerification.create({
    data: {
      id,
      householdId,
      region: by.home,
      areaCode: publication.household.areaCode,
      agencyId: by.agencyId,
      program: publication.program,
      requestedOn: publication.requestedOn,
      completedOn: publication.completedOn,
      conclusion: publication.conclusion,
      memberCount: publication.totals.memberCount,
      totalMonthlyIncomeFen: publication.totals.totalMonthlyIncomeFen,
      perCapitaIncomeFen: publication.totals.perCapitaIncomeFen,
      totalAssetsFen: publication.totals.totalAssetsFen,
      standardFen: publication.standardFen,
      reportNumber: publication.externalRef,
      version,
      contentSha256: publication.contentSha256,
      verifiedAt: publication.verifiedAt,
      reviewDueOn: publication.reviewDueOn,
      publishedBy: by.publishedBy,
      incomes: { create: publication.incomes.map((i) => ({ id: `${tag}-IN-${timeOrderedUuid()}`, memberId: memberId(i.memberIdNumber), source: i.source, dataSource: i.dataSource, monthlyAmountFen: i.monthlyAmountFen })) },
      assets: { create: publication.assets.map((a) => ({ id: `${tag}-AS-${timeOrderedUuid()}`, memberId: memberId(a.memberIdNumber), kind: a.kind, valueFen: a.valueFen, institution: a.institution, accountRef: a.accountRef })) },
      expenditures: { create: publication.expenditures.map((e) => ({ id: `${tag}-EX-${timeOrderedUuid()}`, memberId: memberId(e.memberIdNumber), kind: e.kind, monthlyAmountFen: e.monthlyAmountFen })) },
    },
  });
  const now = new Date();
  const changes: ChangeRow[] = [{ verificationId: id, reportNumber: publication.externalRef, version, kind: "NEW", changedAt: now }];
  if (latest) {
    await tx.householdVerification.update({ where: { id: latest.id }, data: { supersededById: id } });
    changes.push({ verificationId: latest.id, reportNumber: publication.externalRef, version: latest.version, kind: "SUPERSEDED", changedAt: now });
  }
  await appendChanges(tx, by.style, changes);
  return { outcome: latest ? "NEW_VERSION" : "CREATED", verificationId: id, version, supersededId: latest?.id ?? null, householdId };
}

type HouseholdRow = { id: string; areaCode: string; residence: string; address: string | null };
type MemberRow = { id: string; idNumber: string; householdId: string; name: string; gender: string; birthDate: string; relation: string; disabilityGrade: number | null; seriousIllness: boolean; student: boolean };

/**
 * The household as registered: the one its members are registered in here (an identity number
 * belongs to one household), or a new one. Its registration details and members follow the record;
 * a value that is already so is not written again, so the same record twice changes nothing.
 * `fieldPrefix` names the record's household in a conflict ("household." in a publication).
 */
export async function storeHousehold(
  tx: DatabaseTransaction,
  household: ValidHousehold,
  tag: string,
  previousHouseholdId: string | null,
  fieldPrefix: string,
): Promise<{ householdId: string; memberIdByIdNumber: Map<string, string>; changed: boolean }> {
  const idNumbers = household.members.map((m) => m.idNumber as string);
  const existing: MemberRow[] = await tx.householdMember.findMany({ where: { idNumber: { in: idNumbers } } });
  const byIdNumber = new Map(existing.map((m) => [m.idNumber, m]));
  const households = new Set(existing.map((m) => m.householdId));
  if (previousHouseholdId) households.add(previousHouseholdId);
  if (households.size > 1) {
    // A person belongs to one registered household; moving one is a 户籍 change, not a report.
    const other = existing.find((m) => m.householdId !== (previousHouseholdId ?? existing[0].householdId))!;
    const index = household.members.findIndex((m) => m.idNumber === other.idNumber);
    throw new PublicationConflict({
      field: `${fieldPrefix}members[${index}].idNumber`,
      reason: "this member is registered in another household at this node",
      reasonZh: "该成员已登记在本节点的另一户家庭中",
    });
  }
  let changed = false;
  const registration = { areaCode: household.areaCode, residence: household.residence, address: household.address };
  let [householdId] = households;
  if (householdId) {
    const row: HouseholdRow | null = await tx.household.findUnique({ where: { id: householdId }, select: { id: true, areaCode: true, residence: true, address: true } });
    if (!row || row.areaCode !== registration.areaCode || row.residence !== registration.residence || row.address !== registration.address) {
      await tx.household.update({ where: { id: householdId }, data: registration });
      changed = true;
    }
  } else {
    householdId = `${tag}-HH-${timeOrderedUuid()}`;
    await tx.household.create({ data: { id: householdId, region: household.region, ...registration } });
    changed = true;
  }
  const memberIdByIdNumber = new Map<string, string>();
  for (const member of household.members) {
    const data = {
      name: member.name,
      gender: member.gender,
      birthDate: member.birthDate,
      relation: member.relation,
      disabilityGrade: member.disabilityGrade,
      seriousIllness: member.seriousIllness,
      student: member.student,
    };
    const found = byIdNumber.get(member.idNumber);
    if (!found) {
      const id = `${tag}-HM-${timeOrderedUuid()}`;
      await tx.householdMember.create({ data: { id, householdId, idNumber: member.idNumber, ...data } });
      memberIdByIdNumber.set(member.idNumber, id);
      changed = true;
      continue;
    }
    memberIdByIdNumber.set(member.idNumber, found.id);
    const same = (Object.keys(data) as Array<keyof typeof data>).every((k) => found[k] === data[k]);
    if (!same) {
      await tx.householdMember.update({ where: { id: found.id }, data });
      changed = true;
    }
  }
  return { householdId, memberIdByIdNumber, changed };
}

const HOUSEHOLD_TABLE = tableShape<{ id: string; region: string; areaCode: string; residence: string; address: string | null }>("Household", ["id", "region", "areaCode", "residence", "address"]);
const MEMBER_TABLE = tableShape<{ id: string; householdId: string; idNumber: string; name: string; gender: string; birthDate: string; relation: string; disabilityGrade: number | null; seriousIllness: boolean; student: boolean }>(
  "HouseholdMember",
  ["id", "householdId", "idNumber", "name", "gender", "birthDate", "relation", "disabilityGrade", "seriousIllness", "student"],
);

/** A record of a batch that conflicts with what the node holds (its index in the batch). */
export class BatchRecordConflict extends PublicationConflict {
  constructor(readonly index: number, problem: PublicationProblem) {
    super(problem);
  }
}

/** One household of a batch, with the household its publication's earlier version is about. */
interface HouseholdOfBatch {
  household: ValidHousehold;
  previousHouseholdId: string | null;
  /** How a conflict names the record's household ("household." in a publication). */
  fieldPrefix: string;
}

/** Where a batch's households went, and the rows still to write (writeHouseholdPlan). */
interface HouseholdPlan {
  records: Array<{ householdId: string; memberIdByIdNumber: Map<string, string>; changed: boolean }>;
  newHouseholds: Array<{ id: string; region: ValidHousehold["region"]; areaCode: string; residence: ValidHousehold["residence"]; address: string | null }>;
  newMembers: Array<{ id: string; householdId: string; idNumber: string; name: string; gender: "MALE" | "FEMALE"; birthDate: string; relation: string; disabilityGrade: number | null; seriousIllness: boolean; student: boolean }>;
  updates: Array<() => Promise<unknown>>;
}

/**
 * Decides, for a batch of households, the same as storeHousehold does for one, with one read of
 * the members and one of the households already here: a person belongs to one household (a record
 * that would move one is a BatchRecordConflict); a value that is already so is not written again.
 */
async function planHouseholds(tx: DatabaseTransaction, batch: HouseholdOfBatch[], tag: string, style: PlaceholderStyle): Promise<HouseholdPlan> {
  const idNumbers = batch.flatMap((h) => h.household.members.map((m) => m.idNumber as string));
  const existing = idNumbers.length ? await membersByIdNumber(tx, style, idNumbers) : [];
  const byIdNumber = new Map(existing.map((m) => [m.idNumber, m]));
  const householdIds = [...new Set([...existing.map((m) => m.householdId), ...batch.flatMap((h) => (h.previousHouseholdId ? [h.previousHouseholdId] : []))])];
  const households = new Map<string, HouseholdRow>(
    (householdIds.length ? await tx.household.findMany({ where: { id: { in: householdIds } }, select: { id: true, areaCode: true, residence: true, address: true } }) : []).map((h) => [h.id, h]),
  );
  const plan: HouseholdPlan = { records: [], newHouseholds: [], newMembers: [], updates: [] };
  /** Members placed by an earlier record of this batch. */
  const placed = new Map<string, { householdId: string; memberId: string }>();
  const homeOf = (idNumber: string) => placed.get(idNumber)?.householdId ?? byIdNumber.get(idNumber)?.householdId;
  batch.forEach(({ household, previousHouseholdId, fieldPrefix }, index) => {
    const homes = new Set<string>();
    if (previousHouseholdId) homes.add(previousHouseholdId);
    for (const m of household.members) {
      const home = homeOf(m.idNumber);
      if (home) homes.add(home);
    }
    const [first] = homes;
    if (homes.size > 1) {
      // A person belongs to one registered household; moving one is a 户籍 change, not a report.
      const i = household.members.findIndex((m) => homeOf(m.idNumber) !== undefined && homeOf(m.idNumber) !== first);
      throw new BatchRecordConflict(index, { field: `${fieldPrefix}members[${i}].idNumber`, reason: "this member is registered in another household at this node", reasonZh: "该成员已登记在本节点的另一户家庭中" });
    }
    let changed = false;
    let householdId = first;
    const registration = { areaCode: household.areaCode, residence: household.residence, address: household.address };
    const row = householdId ? households.get(householdId) : undefined;
    if (!householdId || !row) {
      householdId ??= `${tag}-HH-${timeOrderedUuid()}`;
      plan.newHouseholds.push({ id: householdId, region: household.region, ...registration });
      households.set(householdId, { id: householdId, ...registration });
      changed = true;
    } else if (row.areaCode !== registration.areaCode || row.residence !== registration.residence || row.address !== registration.address) {
      const id = householdId;
      plan.updates.push(() => tx.household.update({ where: { id }, data: registration }));
      households.set(householdId, { id: householdId, ...registration });
      changed = true;
    }
    const memberIdByIdNumber = new Map<string, string>();
    for (const member of household.members) {
      const data = { name: member.name, gender: member.gender, birthDate: member.birthDate, relation: member.relation, disabilityGrade: member.disabilityGrade, seriousIllness: member.seriousIllness, student: member.student };
      const found = byIdNumber.get(member.idNumber);
      const earlier = placed.get(member.idNumber);
      if (!found && !earlier) {
        const id = `${tag}-HM-${timeOrderedUuid()}`;
        plan.newMembers.push({ id, householdId, idNumber: member.idNumber, ...data });
        placed.set(member.idNumber, { householdId, memberId: id });
        memberIdByIdNumber.set(member.idNumber, id);
        changed = true;
        continue;
      }
      if (earlier && !found) {
        // Placed by an earlier record of this batch (two results of one household): the row is
        // still to be inserted, so this record's values go into it.
        const row = plan.newMembers.find((m) => m.id === earlier.memberId)!;
        if (!(Object.keys(data) as Array<keyof typeof data>).every((k) => row[k] === data[k])) {
          Object.assign(row, data);
          changed = true;
        }
        memberIdByIdNumber.set(member.idNumber, earlier.memberId);
        continue;
      }
      const stored = found!;
      placed.set(member.idNumber, { householdId, memberId: stored.id });
      memberIdByIdNumber.set(member.idNumber, stored.id);
      if (!(Object.keys(data) as Array<keyof typeof data>).every((k) => stored[k] === data[k])) {
        plan.updates.push(() => tx.householdMember.update({ where: { id: stored.id }, data }));
        Object.assign(stored, data);
        changed = true;
      }
    }
    plan.records.push({ householdId, memberIdByIdNumber, changed });
  });
  return plan;
}

const MEMBER_COLUMNS = ["id", "idNumber", "householdId", "name", "gender", "birthDate", "relation", "disabilityGrade", "seriousIllness", "student"] as const satisfies ReadonlyArray<keyof MemberRow>;

/**
 * The members already registered under any of these identity numbers, in one statement whose one
 * parameter is the JSON array of the numbers. Prisma's findMany with `in` binds a parameter per
 * number, which its client handles one by one, and the SQL differs with the list's length, so no
 * prepared statement is reused: a batch of 500 households (~1,250 numbers) spent more CPU there
 * than SQLite on the lookup. Raw rows are brought to the model's types (SQLite has no boolean).
 */
async function membersByIdNumber(tx: DatabaseTransaction, style: PlaceholderStyle, idNumbers: string[]): Promise<MemberRow[]> {
  const columns = MEMBER_COLUMNS.map((c) => (c === "gender" && style === "dollar-number" ? `"gender"::text AS "gender"` : `"${c}"`)).join(", ");
  const numbers = style === "question-mark" ? "SELECT value FROM json_each(?)" : "SELECT json_array_elements_text($1::json)";
  const rows = await tx.$queryRawUnsafe<Array<Record<(typeof MEMBER_COLUMNS)[number], unknown>>>(`SELECT ${columns} FROM "HouseholdMember" WHERE "idNumber" IN (${numbers})`, JSON.stringify(idNumbers));
  return rows.map((r) => ({
    id: r.id as string,
    idNumber: r.idNumber as string,
    householdId: r.householdId as string,
    name: r.name as string,
    gender: r.gender as string,
    birthDate: r.birthDate as string,
    relation: r.relation as string,
    disabilityGrade: r.disabilityGrade === null || r.disabilityGrade === undefined ? null : Number(r.disabilityGrade),
    seriousIllness: r.seriousIllness === true || Number(r.seriousIllness) === 1,
    student: r.student === true || Number(r.student) === 1,
  }));
}

async function writeHouseholdPlan(tx: DatabaseTransaction, style: PlaceholderStyle, plan: HouseholdPlan): Promise<void> {
  // One JSON parameter per statement: Prisma's createMany, or a parameter per value, are much slower (src/db/batchedInsert.ts).
  await insertRowsAsJson(tx, style, HOUSEHOLD_TABLE, plan.newHouseholds);
  await insertRowsAsJson(tx, style, MEMBER_TABLE, plan.newMembers);
  for (const update of plan.updates) await update();
}

/**
 * Many household records in one transaction with a fixed number of statements (the importer's
 * path; storeHousehold does one record with a few statements per member): one read of the members
 * and households already here, one multi-row insert of each new kind of row, and an update only
 * where a value differs. Same rules as storeHousehold: a person belongs to one household; the same
 * records again change nothing. Returns, per record, whether it changed anything.
 */
export async function storeHouseholdBatch(tx: DatabaseTransaction, batch: ValidHousehold[], tag: string, style: PlaceholderStyle): Promise<boolean[]> {
  const plan = await planHouseholds(tx, batch.map((household) => ({ household, previousHouseholdId: null, fieldPrefix: "" })), tag, style);
  await writeHouseholdPlan(tx, style, plan);
  return plan.records.map((r) => r.changed);
}

const VERIFICATION_TABLE = tableShape<{
  id: string; householdId: string; region: string; areaCode: string; agencyId: string; program: string; requestedOn: string; completedOn: string; conclusion: string;
  memberCount: number; totalMonthlyIncomeFen: number; perCapitaIncomeFen: number; totalAssetsFen: number; standardFen: number; reportNumber: string; version: number;
  contentSha256: string; verifiedAt: Date; reviewDueOn: string | null; publishedBy: string; createdAt: Date;
}>("HouseholdVerification", [
  "id", "householdId", "region", "areaCode", "agencyId", "program", "requestedOn", "completedOn", "conclusion", "memberCount", "totalMonthlyIncomeFen",
  "perCapitaIncomeFen", "totalAssetsFen", "standardFen", "reportNumber", "version", "contentSha256", "verifiedAt", "reviewDueOn", "publishedBy", "createdAt",
]);
const INCOME_TABLE = tableShape<{ id: string; verificationId: string; memberId: string | null; source: string; dataSource: string; monthlyAmountFen: number }>("IncomeItem", ["id", "verificationId", "memberId", "source", "dataSource", "monthlyAmountFen"]);
const ASSET_TABLE = tableShape<{ id: string; verificationId: string; memberId: string | null; kind: string; valueFen: number; institution: string; accountRef: string | null }>("AssetItem", ["id", "verificationId", "memberId", "kind", "valueFen", "institution", "accountRef"]);
const EXPENDITURE_TABLE = tableShape<{ id: string; verificationId: string; memberId: string | null; kind: string; monthlyAmountFen: number }>("ExpenditureItem", ["id", "verificationId", "memberId", "kind", "monthlyAmountFen"]);

/**
 * Many publications in one transaction (the importer's path) with the rules of storePublication:
 * one read of the latest versions of the batch's report numbers, the households planned together
 * (planHouseholds), then one multi-row insert per table and an update per superseded version.
 * A record that conflicts is a BatchRecordConflict naming its index. Two records of one batch
 * never share a report number (the importer refuses the second).
 */
export async function storePublicationBatch(
  tx: DatabaseTransaction,
  batch: ValidPublication[],
  by: { home: Region; agencyId: string; publishedBy: string },
  style: PlaceholderStyle,
): Promise<PublicationOutcome[]> {
  const tag = regionTag(by.home);
  const versions = await tx.householdVerification.findMany({
    where: { reportNumber: { in: batch.map((p) => p.externalRef) } },
    select: { id: true, version: true, contentSha256: true, householdId: true, agencyId: true, withdrawnAt: true, reportNumber: true },
  });
  const latestOf = new Map<string, (typeof versions)[number]>();
  for (const v of versions) if ((latestOf.get(v.reportNumber)?.version ?? 0) < v.version) latestOf.set(v.reportNumber, v);

  const outcomes: PublicationOutcome[] = [];
  /** The records that write a version, by their index in the batch. */
  const writing: number[] = [];
  batch.forEach((publication, index) => {
    const latest = latestOf.get(publication.externalRef);
    if (latest && latest.agencyId !== by.agencyId) {
      throw new BatchRecordConflict(index, { field: "externalRef", reason: "this report number belongs to another agency's report", reasonZh: "该报告编号属于其他机构的报告" });
    }
    // A withdrawn result published again is a new version, even with the same content.
    if (latest && latest.contentSha256 === publication.contentSha256 && !latest.withdrawnAt) {
      outcomes.push("UNCHANGED");
      return;
    }
    outcomes.push(latest ? "NEW_VERSION" : "CREATED");
    writing.push(index);
  });
  if (writing.length === 0) return outcomes;

  let plan: HouseholdPlan;
  try {
    plan = await planHouseholds(tx, writing.map((i) => ({ household: batch[i].household, previousHouseholdId: latestOf.get(batch[i].externalRef)?.householdId ?? null, fieldPrefix: "household." })), tag, style);
  } catch (error) {
    if (error instanceof BatchRecordConflict) throw new BatchRecordConflict(writing[error.index], error.problem);
    throw error;
  }
  const now = new Date();
  const rows = { verifications: [] as object[], incomes: [] as object[], assets: [] as object[], expenditures: [] as object[] };
  const changes: ChangeRow[] = [];
  const superseded: Array<{ id: string; by: string }> = [];
  writing.forEach((index, k) => {
    const publication = batch[index];
    const { householdId, memberIdByIdNumber } = plan.records[k];
    const latest = latestOf.get(publication.externalRef);
    const id = `${tag}-HV-${timeOrderedUuid()}`;
    const version = (latest?.version ?? 0) + 1;
    const memberId = (idNumber: string | null) => (idNumber ? memberIdByIdNumber.get(idNumber)! : null);
    rows.verifications.push({
      id, householdId, region: by.home, areaCode: publication.household.areaCode, agencyId: by.agencyId, program: publication.program,
      requestedOn: publication.requestedOn, completedOn: publication.completedOn, conclusion: publication.conclusion, memberCount: publication.totals.memberCount,
      totalMonthlyIncomeFen: publication.totals.totalMonthlyIncomeFen, perCapitaIncomeFen: publication.totals.perCapitaIncomeFen, totalAssetsFen: publication.totals.totalAssetsFen,
      standardFen: publication.standardFen, reportNumber: publication.externalRef, version, contentSha256: publication.contentSha256, verifiedAt: publication.verifiedAt,
      reviewDueOn: publication.reviewDueOn, publishedBy: by.publishedBy, createdAt: now,
    });
    for (const i of publication.incomes) rows.incomes.push({ id: `${tag}-IN-${timeOrderedUuid()}`, verificationId: id, memberId: memberId(i.memberIdNumber), source: i.source, dataSource: i.dataSource, monthlyAmountFen: i.monthlyAmountFen });
    for (const a of publication.assets) rows.assets.push({ id: `${tag}-AS-${timeOrderedUuid()}`, verificationId: id, memberId: memberId(a.memberIdNumber), kind: a.kind, valueFen: a.valueFen, institution: a.institution, accountRef: a.accountRef });
    for (const e of publication.expenditures) rows.expenditures.push({ id: `${tag}-EX-${timeOrderedUuid()}`, verificationId: id, memberId: memberId(e.memberIdNumber), kind: e.kind, monthlyAmountFen: e.monthlyAmountFen });
    changes.push({ verificationId: id, reportNumber: publication.externalRef, version, kind: "NEW", changedAt: now });
    if (latest) {
      superseded.push({ id: latest.id, by: id });
      changes.push({ verificationId: latest.id, reportNumber: publication.externalRef, version: latest.version, kind: "SUPERSEDED", changedAt: now });
    }
  });
  await writeHouseholdPlan(tx, style, plan);
  await insertRowsAsJson(tx, style, VERIFICATION_TABLE, rows.verifications);
  await insertRowsAsJson(tx, style, INCOME_TABLE, rows.incomes);
  await insertRowsAsJson(tx, style, ASSET_TABLE, rows.assets);
  await insertRowsAsJson(tx, style, EXPENDITURE_TABLE, rows.expenditures);
  for (const s of superseded) await tx.householdVerification.update({ where: { id: s.id }, data: { supersededById: s.by } });
  await appendChanges(tx, style, changes);
  return outcomes;
}

interface ChangeRow {
  verificationId: string;
  reportNumber: string;
  version: number;
  kind: "NEW" | "SUPERSEDED" | "WITHDRAWN";
  changedAt: Date;
}

const CHANGE_TABLE = tableShape<ChangeRow>("HouseholdVerificationChange", ["verificationId", "reportNumber", "version", "kind", "changedAt"]);

/** The change feed's advisory lock on PostgreSQL (any fixed number; "HVCF" in ASCII). */
const CHANGE_FEED_LOCK = 0x48564346;

/**
 * Appends to the change feed, which readers page by its sequence (householdVerificationChanges).
 * On PostgreSQL a row's sequence is drawn at insert but becomes visible at commit, in whatever
 * order transactions commit: a reader could page past a number whose row commits later, and never
 * see it. So every writer of the feed first takes one transaction-scoped advisory lock, held until
 * its commit: numbers are drawn and committed in the same order. Taken last in the transaction, so
 * it is held briefly. SQLite lets one transaction write at a time already.
 */
export async function appendChanges(tx: DatabaseTransaction, style: PlaceholderStyle, changes: ChangeRow[]): Promise<void> {
  if (changes.length === 0) return;
  if (style === "dollar-number") await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CHANGE_FEED_LOCK})`);
  await insertRowsAsJson(tx, style, CHANGE_TABLE, changes);
}
