// `node --experimental-wasm-modules dist/scripts/bench/seed.js [--households 100000] [--relief 1000000]`
// Seeding speed (issue 2: "finishes 100k households in well under a minute"):
//  1. seconds to seed N households (one province, with members, verifications, incomes, assets)
//     into a fresh, migrated SQLite file in a temp dir;
//  2. seconds to generate the family-search data set with M relief records in memory, streamed
//     block by block and dropped (issue 6's 1M scale knob), no database.
// Both as wall time and as this process's CPU time: the 2-core machines are shared, and wall time
// measures the neighbours' load as much as this code.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { applyMigrations, createPrismaClient } from "../../src/db";
import { familySearchBlocks, seedDemoData } from "../../src/synthetic";

function wholeNumber(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new InvalidArgumentError("must be a whole number ≥ 0");
  return Number(raw);
}

async function measure<T>(work: () => Promise<T> | T): Promise<{ result: T; wallSeconds: number; cpuSeconds: number }> {
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const result = await work();
  const cpu = process.cpuUsage(cpuStart);
  return { result, wallSeconds: Number(process.hrtime.bigint() - wallStart) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

const figure = (label: string, m: { wallSeconds: number; cpuSeconds: number }, extra = "") =>
  console.log(`${label}: ${m.wallSeconds.toFixed(1)} s wall, ${m.cpuSeconds.toFixed(1)} s CPU${extra}`);

async function seedHouseholds(households: number, seed: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-seed-bench-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  try {
    await applyMigrations(url);
    const prisma = createPrismaClient(url);
    try {
      const m = await measure(() => seedDemoData(prisma, { region: "CHONGQING", households, relief: 0, reports: 0, seed }));
      const rows = Object.values(m.result.rows).reduce((a, b) => a + b, 0);
      figure(`seed ${households} households into a fresh SQLite file`, m, ` (${rows} rows, ${Math.round(rows / m.wallSeconds)} rows/s wall)`);
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function generateFamilySearch(relief: number, seed: number): Promise<void> {
  const m = await measure(() => {
    let records = 0;
    let reports = 0;
    for (const block of familySearchBlocks({ seed, reliefRecords: relief, reports: 500 })) {
      records += block.reliefRecords.length;
      reports += block.reports.length;
    }
    return { records, reports };
  });
  figure(`generate ${m.result.records} relief records + ${m.result.reports} reports in memory (streamed)`, m, `, peak RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
}

async function main(): Promise<void> {
  const o = new Command()
    .description("Seeding and generation speed figures")
    .addOption(new Option("--households <n>", "households to seed into SQLite (0 skips)").default(100_000).argParser(wholeNumber))
    .addOption(new Option("--relief <n>", "relief records to generate in memory (0 skips)").default(1_000_000).argParser(wholeNumber))
    .addOption(new Option("--seed <s>", "seed").default(20261122).argParser(wholeNumber))
    .parse()
    .opts<{ households: number; relief: number; seed: number }>();
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  if (o.households > 0) await seedHouseholds(o.households, o.seed);
  if (o.relief > 0) await generateFamilySearch(o.relief, o.seed);
}

main().catch((error: Error) => {
  console.error(`seed bench failed: ${error.message}`);
  process.exit(1);
});
