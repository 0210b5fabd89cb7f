import { REGIONS, type Region } from "../config";
import { AREA_DIVISIONS, type AreaDivision } from "../areas";
import type { PrismaClient } from "../db";
import { agenciesOf, type AgencyRow } from "./agencies";
import { insertRows, insertRowsAsJson, placeholderStyleOf, tableShape, type SqlExecutor } from "../db";
import {
  familySearchBlocks,
  familySearchRowsOf,
  type FamilySearchDataset,
  type MissingPersonReportRow,
  type ReliefRecordRow,
  type SyntheticPersonLinkRow,
} from "./familySearchDataset";
import {
  householdBatches,
  type AssetItemRow,
  type HouseholdBatch,
  type HouseholdMemberRow,
  type HouseholdRow,
  type HouseholdVerificationRow,
  type IncomeItemRow,
} from "./households";
import { consoleProgress, silentProgress, type SeedProgress } from "./seedProgress";
import { publishedMlgStandardFen } from "./publishedStandards";
import type { MonthlyStandardFen } from "./verificationConclusion";

// Seeding one province's database with demo data. Each node holds only what its province
// collected: its households and verifications, relief records of its own stations, reports filed
// with its own agencies, and the ground-truth links of those records. Reference data (all
// divisions of both provinces, this province's agencies) comes first.

/** The demo data set `npm start` and `npm run seed` make when not told otherwise. */
export const DEMO_SEED_DEFAULTS = { households: 2000, relief: 5000, reports: 500, seed: 20261122 } as const;

export interface SeedOptions {
  region: Region;
  /** Households of this province. */
  households: number;
  /** Relief records of both provinces together; this node keeps those of its own stations. */
  relief: number;
  /** Missing-person reports of both provinces together; this node keeps those filed with it. */
  reports: number;
  seed: number;
  /** Last day of the synthetic data (default 2026-10-31). */
  asOf?: string;
  /** The 低保 standard conclusions are measured against (default: the published figures of src/standards). */
  monthlyStandardFen?: MonthlyStandardFen;
  /** true: a bar on a terminal, a line per ~10 % otherwise (stderr); or a reporter of your own. */
  progress?: boolean | SeedProgress;
  /** Households written per transaction (default 5000). */
  householdsPerTransaction?: number;
}

export interface SeedSummary {
  region: Region;
  rows: Record<SeededTable, number>;
  seconds: number;
}

type DivisionRow = Pick<AreaDivision, "code" | "name" | "region" | "cityName" | "latitude" | "longitude" | "populationWeight"> & {
  successorCode: string | null;
  abolishedOn: string | null;
};

// Column lists of the prisma models (SyntheticPersonLink's autoincrement id is the database's).
const TABLES = {
  AreaDivision: tableShape<DivisionRow>("AreaDivision", ["code", "name", "region", "cityName", "successorCode", "abolishedOn", "latitude", "longitude", "populationWeight"], true),
  Agency: tableShape<AgencyRow>("Agency", ["id", "code", "name", "region", "kind", "areaCode"], true),
  Household: tableShape<HouseholdRow>("Household", ["id", "region", "areaCode", "residence", "address", "createdAt"]),
  HouseholdMember: tableShape<HouseholdMemberRow>("HouseholdMember", [
    "id", "householdId", "name", "idNumber", "gender", "birthDate", "relation", "disabilityGrade", "seriousIllness", "student",
  ]),
  HouseholdVerification: tableShape<HouseholdVerificationRow>("HouseholdVerification", [
    "id", "householdId", "region", "areaCode", "agencyId", "program", "requestedOn", "completedOn", "conclusion", "memberCount",
    "totalMonthlyIncomeFen", "perCapitaIncomeFen", "totalAssetsFen", "standardFen", "reportNumber", "createdAt",
  ]),
  IncomeItem: tableShape<IncomeItemRow>("IncomeItem", ["id", "verificationId", "memberId", "source", "monthlyAmountFen", "dataSource"]),
  AssetItem: tableShape<AssetItemRow>("AssetItem", ["id", "verificationId", "memberId", "kind", "valueFen", "institution", "accountRef"]),
  ReliefRecord: tableShape<ReliefRecordRow>("ReliefRecord", [
    "id", "region", "stationId", "reportedName", "gender", "apparentAgeMin", "apparentAgeMax", "heightCm", "health", "intellect", "mentalState",
    "features", "clothing", "dialect", "placeNamesSpoken", "foundOn", "foundAreaCode", "dnaSampleRef", "faceEmbedding", "identityStatus",
    "disposition", "idNumber", "createdAt",
  ], false, ["faceEmbedding"]),
  MissingPersonReport: tableShape<MissingPersonReportRow>("MissingPersonReport", [
    "id", "region", "agencyId", "name", "aliases", "gender", "birthDate", "birthYear", "heightCm", "features", "dialect", "homeAreaCode",
    "lastSeenOn", "lastSeenAreaCode", "faceEmbedding", "idNumber", "status", "createdAt",
  ], false, ["faceEmbedding"]),
  SyntheticPersonLink: tableShape<SyntheticPersonLinkRow>("SyntheticPersonLink", ["personKey", "recordKind", "recordId"]),
} as const;

export type SeededTable = keyof typeof TABLES;

/** Interactive transactions may run long while a large batch is written. */
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 10 * 60_000 };

function divisionRows(): DivisionRow[] {
  return AREA_DIVISIONS.map((d) => ({
    code: d.code,
    name: d.name,
    region: d.region,
    cityName: d.cityName,
    successorCode: d.successorCode ?? null,
    abolishedOn: d.abolishedOn ?? null,
    latitude: d.latitude,
    longitude: d.longitude,
    populationWeight: d.populationWeight,
  }));
}

type ResolvedSeedOptions = Required<Omit<SeedOptions, "asOf" | "progress">> & Pick<SeedOptions, "asOf"> & { progress: SeedProgress };

function validated(options: SeedOptions): ResolvedSeedOptions {
  if (!(REGIONS as readonly string[]).includes(options.region)) throw new RangeError(`region must be one of ${REGIONS.join(", ")}`);
  for (const field of ["households", "relief", "reports"] as const) {
    const value = options[field];
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${field} must be a whole number ≥ 0 (got ${value})`);
  }
  if (!Number.isInteger(options.seed)) throw new RangeError(`seed must be an integer (got ${options.seed})`);
  const progress = options.progress === true ? consoleProgress() : options.progress || silentProgress;
  return {
    region: options.region,
    households: options.households,
    relief: options.relief,
    reports: options.reports,
    seed: options.seed,
    asOf: options.asOf,
    monthlyStandardFen: options.monthlyStandardFen ?? publishedMlgStandardFen,
    householdsPerTransaction: Math.max(1, options.householdsPerTransaction ?? 5000),
    progress,
  };
}

/**
 * Fills one province's database with demo data. Expects the migrations applied and the demo
 * tables empty (see isDatabaseEmpty / resetDemoData); divisions and agencies already present are
 * kept. Same options → same rows, whichever order or combination of regions is seeded.
 */
export async function seedDemoData(prisma: PrismaClient, options: SeedOptions): Promise<SeedSummary> {
  const o = validated(options);
  const startedAt = Date.now();
  const style = await placeholderStyleOf(prisma);
  const rows = Object.fromEntries(Object.keys(TABLES).map((t) => [t, 0])) as Record<SeededTable, number>;
  const write = async <T extends SeededTable>(executor: SqlExecutor, table: T, data: readonly object[]) => {
    rows[table] += await insertRows(executor, style, TABLES[table], data);
  };

  o.progress.start(`seeding ${o.region}`, o.households + o.relief + o.reports);
  try {
    await prisma.$transaction(async (tx) => {
      await write(tx, "AreaDivision", divisionRows());
      await write(tx, "Agency", agenciesOf(o.region).all);
    }, TRANSACTION_OPTIONS);

    for (const batch of householdBatches({ region: o.region, households: o.households, seed: o.seed, asOf: o.asOf, monthlyStandardFen: o.monthlyStandardFen, batchSize: o.householdsPerTransaction })) {
      await prisma.$transaction((tx) => writeHouseholds(tx, batch, write), TRANSACTION_OPTIONS);
      o.progress.advance(batch.households.length);
    }

    await writeFamilySearch(prisma, o, write);
  } finally {
    o.progress.stop();
  }
  return { region: o.region, rows, seconds: (Date.now() - startedAt) / 1000 };
}

type Writer = <T extends SeededTable>(executor: SqlExecutor, table: T, data: readonly object[]) => Promise<void>;

async function writeHouseholds(tx: SqlExecutor, batch: HouseholdBatch, write: Writer): Promise<void> {
  await write(tx, "Household", batch.households);
  await write(tx, "HouseholdMember", batch.members);
  await write(tx, "HouseholdVerification", batch.verifications);
  await write(tx, "IncomeItem", batch.incomes);
  await write(tx, "AssetItem", batch.assets);
}

/** The family-search data set is generated for both provinces; this node keeps its share. */
async function writeFamilySearch(prisma: PrismaClient, o: ResolvedSeedOptions, write: Writer): Promise<void> {
  const blocks = familySearchBlocks({ seed: o.seed, reliefRecords: o.relief, reports: o.reports, asOf: o.asOf });
  // Several generator blocks per transaction: fewer commits, bounded memory.
  const blocksPerTransaction = 5;
  let pending: Array<ReturnType<typeof familySearchRowsOf>> = [];
  let pendingWork = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const parts = pending;
    pending = [];
    await prisma.$transaction(async (tx) => {
      for (const part of parts) {
        await write(tx, "ReliefRecord", part.reliefRecords);
        await write(tx, "MissingPersonReport", part.reports);
        await write(tx, "SyntheticPersonLink", part.links);
      }
    }, TRANSACTION_OPTIONS);
    o.progress.advance(pendingWork);
    pendingWork = 0;
  };
  for (const block of blocks) {
    pending.push(familySearchRowsOf(block, o.region));
    pendingWork += block.reliefRecords.length + block.reports.length;
    if (pending.length >= blocksPerTransaction) await flush();
  }
  await flush();
}

export interface FamilySearchSidesOptions {
  /** Relief records of both provinces together; each database keeps those of its province's stations. */
  relief: number;
  /** Missing-person reports of both provinces together. */
  reports: number;
  seed: number;
  asOf?: string;
  progress?: boolean | SeedProgress;
}

/**
 * The family-search rows of both provinces from one generation pass, each into its province's
 * database — the same rows seedDemoData writes per province, for the benchmark's million records
 * per side: seedDemoData run once per province generates the whole data set twice (generation
 * is most of the time), and writes with a bound value per column per row. Here each block is
 * generated once and written as one JSON parameter per statement (insertRowsAsJson). Expects
 * reference data seeded (seedDemoData with no rows) and no family-search rows yet.
 */
export async function seedFamilySearchSides(databases: Readonly<Record<Region, PrismaClient>>, options: FamilySearchSidesOptions): Promise<Record<Region, number>> {
  const progress = options.progress === true ? consoleProgress() : options.progress || silentProgress;
  const styles = Object.fromEntries(await Promise.all(REGIONS.map(async (r) => [r, await placeholderStyleOf(databases[r])] as const))) as Record<Region, Awaited<ReturnType<typeof placeholderStyleOf>>>;
  const written = Object.fromEntries(REGIONS.map((r) => [r, 0])) as Record<Region, number>;
  const blocksPerTransaction = 20;
  let pending: FamilySearchDataset[] = [];
  const flush = async () => {
    for (const region of REGIONS) {
      await databases[region].$transaction(async (tx) => {
        const parts = pending.map((block) => familySearchRowsOf(block, region));
        await insertRowsAsJson(tx, styles[region], TABLES.ReliefRecord, parts.flatMap((p) => p.reliefRecords));
        await insertRowsAsJson(tx, styles[region], TABLES.MissingPersonReport, parts.flatMap((p) => p.reports));
        await insertRowsAsJson(tx, styles[region], TABLES.SyntheticPersonLink, parts.flatMap((p) => p.links));
        written[region] += parts.reduce((n, p) => n + p.reliefRecords.length, 0);
      }, TRANSACTION_OPTIONS);
    }
    progress.advance(pending.reduce((n, b) => n + b.reliefRecords.length + b.reports.length, 0));
    pending = [];
  };
  progress.start("seeding family search, both provinces", options.relief + options.reports);
  try {
    for (const block of familySearchBlocks({ seed: options.seed, reliefRecords: options.relief, reports: options.reports, asOf: options.asOf })) {
      pending.push(block);
      if (pending.length >= blocksPerTransaction) await flush();
    }
    await flush();
  } finally {
    progress.stop();
  }
  return written;
}

/**
 * True when none of the demo tables holds a row — the start-up check behind "seed if empty".
 * (AreaDivision and AssistanceStandard are not looked at: other parts may load them on their own.)
 */
export async function isDatabaseEmpty(prisma: PrismaClient): Promise<boolean> {
  const probes = await Promise.all([
    prisma.household.findFirst({ select: { id: true } }),
    prisma.householdVerification.findFirst({ select: { id: true } }),
    prisma.reliefRecord.findFirst({ select: { id: true } }),
    prisma.missingPersonReport.findFirst({ select: { id: true } }),
    prisma.agency.findFirst({ select: { id: true } }),
  ]);
  return probes.every((row) => row === null);
}

/** Deletes every demo row (children before parents); standards and audit tables are left alone. */
export async function resetDemoData(prisma: PrismaClient): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      await tx.incomeItem.deleteMany();
      await tx.assetItem.deleteMany();
      await tx.householdVerification.deleteMany();
      await tx.householdMember.deleteMany();
      await tx.household.deleteMany();
      await tx.syntheticPersonLink.deleteMany();
      await tx.reliefRecord.deleteMany();
      await tx.missingPersonReport.deleteMany();
      await tx.agency.deleteMany();
      await tx.areaDivision.deleteMany();
    },
    TRANSACTION_OPTIONS,
  );
}
