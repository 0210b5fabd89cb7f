import { v7 as timeOrderedUuid } from "uuid";
import { regionTag, type Region } from "../config";
import { insertRows, tableShape, type DatabaseTransaction, type PlaceholderStyle } from "../db";
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
  by: { home: Region; agencyId: string; publishedBy: string },
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
  await tx.householdVerificationChange.create({ data: { verificationId: id, reportNumber: publication.externalRef, version, kind: "NEW" } });
  if (latest) {
    await tx.householdVerification.update({ where: { id: latest.id }, data: { supersededById: id } });
    await tx.householdVerificationChange.create({ data: { verificationId: latest.id, reportNumber: publication.externalRef, version: latest.version, kind: "SUPERSEDED" } });
  }
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

/**
 * Many household records in one transaction with a fixed number of statements (the importer's
 * path; storeHousehold does one record with a few statements per member): one read of the members
 * and households already here, one multi-row insert of each new kind of row, and an update only
 * where a value differs. Same rules as storeHousehold: a person belongs to one household; the same
 * records again change nothing. Returns, per record, whether it changed anything.
 */
export async function storeHouseholdBatch(tx: DatabaseTransaction, batch: ValidHousehold[], tag: string, style: PlaceholderStyle): Promise<boolean[]> {
  const idNumbers = batch.flatMap((h) => h.members.map((m) => m.idNumber as string));
  const existing: MemberRow[] = idNumbers.length ? await tx.householdMember.findMany({ where: { idNumber: { in: idNumbers } } }) : [];
  const byIdNumber = new Map(existing.map((m) => [m.idNumber, m]));
  const householdIds = [...new Set(existing.map((m) => m.householdId))];
  const households = new Map<string, HouseholdRow>(
    (householdIds.length ? await tx.household.findMany({ where: { id: { in: householdIds } }, select: { id: true, areaCode: true, residence: true, address: true } }) : []).map((h) => [h.id, h]),
  );
  const newHouseholds: Array<{ id: string; region: ValidHousehold["region"]; areaCode: string; residence: ValidHousehold["residence"]; address: string | null }> = [];
  const newMembers: Array<{ id: string; householdId: string; idNumber: string; name: string; gender: "MALE" | "FEMALE"; birthDate: string; relation: string; disabilityGrade: number | null; seriousIllness: boolean; student: boolean }> = [];
  const updates: Array<() => Promise<unknown>> = [];
  /** Members placed by an earlier record of this batch. */
  const placed = new Map<string, string>();
  const created = new Set<string>();
  const changed = batch.map((household, index) => {
    const homes = new Set<string>();
    household.members.forEach((m) => {
      const home = placed.get(m.idNumber) ?? byIdNumber.get(m.idNumber)?.householdId;
      if (home) homes.add(home);
    });
    if (homes.size > 1) {
      const [first] = homes;
      const i = household.members.findIndex((m) => (placed.get(m.idNumber) ?? byIdNumber.get(m.idNumber)?.householdId) !== undefined && (placed.get(m.idNumber) ?? byIdNumber.get(m.idNumber)?.householdId) !== first);
      throw new BatchRecordConflict(index, { field: `members[${i}].idNumber`, reason: "this member is registered in another household at this node", reasonZh: "该成员已登记在本节点的另一户家庭中" });
    }
    let recordChanged = false;
    let [householdId] = homes;
    const registration = { areaCode: household.areaCode, residence: household.residence, address: household.address };
    if (!householdId) {
      householdId = `${tag}-HH-${timeOrderedUuid()}`;
      newHouseholds.push({ id: householdId, region: household.region, ...registration });
      households.set(householdId, { id: householdId, ...registration });
      recordChanged = true;
    } else {
      const row = households.get(householdId);
      if (row && (row.areaCode !== registration.areaCode || row.residence !== registration.residence || row.address !== registration.address)) {
        const id = householdId;
        updates.push(() => tx.household.update({ where: { id }, data: registration }));
        households.set(householdId, { id: householdId, ...registration });
        recordChanged = true;
      }
    }
    for (const member of household.members) {
      const data = { name: member.name, gender: member.gender, birthDate: member.birthDate, relation: member.relation, disabilityGrade: member.disabilityGrade, seriousIllness: member.seriousIllness, student: member.student };
      placed.set(member.idNumber, householdId);
      const found = byIdNumber.get(member.idNumber);
      if (!found) {
        if (created.has(member.idNumber)) continue;
        created.add(member.idNumber);
        newMembers.push({ id: `${tag}-HM-${timeOrderedUuid()}`, householdId, idNumber: member.idNumber, ...data });
        recordChanged = true;
      } else if (!(Object.keys(data) as Array<keyof typeof data>).every((k) => found[k] === data[k])) {
        updates.push(() => tx.householdMember.update({ where: { id: found.id }, data }));
        Object.assign(found, data);
        recordChanged = true;
      }
    }
    return recordChanged;
  });
  // Multi-row INSERTs: Prisma's createMany is ~10× slower here (see src/db/batchedInsert.ts).
  await insertRows(tx, style, HOUSEHOLD_TABLE, newHouseholds);
  await insertRows(tx, style, MEMBER_TABLE, newMembers);
  for (const update of updates) await update();
  return changed;
}
