// `npm run bench:lookup-read` — what the household lookup's read costs in the gateway's process:
// Prisma's `include` (one query per relation through the query interpreter) against the one
// statement the gateway uses (src/verification/householdLookupStatement.ts), on the bench's
// database of 1,200 households in a temp dir. Rotating rounds (A B, B A, …) of 2,000 lookups of
// every relation, CPU time of this process per lookup; medians printed side by side, with the
// ratio, because these shared 2-core machines are noisy. No HTTP, no GraphQL: only the read.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient, type PrismaClient } from "../../src/db";
import { HouseholdLookupStatement, type VerificationRelations } from "../../src/verification";
import { createBenchDatabase } from "./dataset/benchHouseholds";

const LOOKUPS_PER_ROUND = 2_000;
const ROUNDS = 6;
const ALL: VerificationRelations = { household: true, members: true, agency: true, incomes: true, assets: true };

type Read = (id: string) => Promise<unknown>;

function includeRead(prisma: PrismaClient): Read {
  return (id) =>
    prisma.householdVerification.findFirst({
      where: { id },
      include: { household: { include: { members: { orderBy: { id: "asc" } } } }, agency: true, incomes: { orderBy: { id: "asc" } }, assets: { orderBy: { id: "asc" } } },
    });
}

/** CPU milliseconds of this process per lookup over one round. */
async function round(read: Read, ids: readonly string[]): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < LOOKUPS_PER_ROUND; i++) await read(ids[i % ids.length]!);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / LOOKUPS_PER_ROUND;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-lookup-read-"));
  try {
    const database = await createBenchDatabase(dir, 1_200, "CHONGQING");
    const prisma = createPrismaClient(database.databaseUrl);
    const statement = new HouseholdLookupStatement(prisma);
    const reads: Record<string, Read> = { "Prisma include": includeRead(prisma), "one statement": (id) => statement.read(id, ALL) };
    const names = Object.keys(reads);
    const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (const name of names) await round(reads[name]!, database.verificationIds); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? names : [...names].reverse();
      for (const name of order) samples[name]!.push(await round(reads[name]!, database.verificationIds));
    }
    const [include, one] = names.map((n) => median(samples[n]!));
    console.log(`household lookup read, ${LOOKUPS_PER_ROUND.toLocaleString("en")} lookups × ${ROUNDS} rounds, CPU ms per lookup (median)`);
    console.log(`| read | CPU ms / lookup |\n|---|---|`);
    for (const name of names) console.log(`| ${name} | ${median(samples[name]!).toFixed(3)} |`);
    console.log(`one statement / Prisma include: ${(one! / include!).toFixed(2)}× the CPU`);
    await prisma.$disconnect();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`bench:lookup-read failed: ${error.message}`);
  process.exit(1);
});
