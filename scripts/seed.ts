// `npm run seed -- [--households N] [--relief N] [--reports N] [--seed S] [--region CHONGQING|SICHUAN|both]
//                  [--database-url URL] [--reset]`
// Fills each province's own database with synthetic demo data (data stays in the province that
// collected it): by default both embedded SQLite files under data/.
import { Command, InvalidArgumentError, Option } from "commander";
import { REGIONS, embeddedDatabaseUrl, isRegion, type Region } from "../src/config";
import { applyMigrations, createPrismaClient } from "../src/db";
import { DEMO_SEED_DEFAULTS, isDatabaseEmpty, publishedMlgStandardFen, resetDemoData, seedDemoData, type SeedOptions } from "../src/synthetic";

type SeedCommandOptions = Pick<SeedOptions, "households" | "relief" | "reports" | "seed"> & {
  region: Region | "both";
  databaseUrl?: string;
  reset: boolean;
};

function wholeNumber(flag: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) throw new InvalidArgumentError(`${flag} must be a whole number ≥ 0`);
    return value;
  };
}

function integerSeed(raw: string): number {
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value)) throw new InvalidArgumentError("--seed must be an integer");
  return value;
}

function regionChoice(raw: string): Region | "both" {
  const value = raw.toUpperCase();
  if (value === "BOTH") return "both";
  if (isRegion(value)) return value;
  throw new InvalidArgumentError(`--region must be one of ${REGIONS.join(", ")} or both`);
}

const redacted = (url: string) => url.replace(/\/\/[^@/]*@/, "//…@");

async function seedOne(region: Region, url: string, o: SeedCommandOptions): Promise<void> {
  const applied = await applyMigrations(url);
  if (applied.length > 0) console.log(`${redacted(url)}: applied ${applied.join(", ")}`);
  const prisma = createPrismaClient(url);
  try {
    if (o.reset) await resetDemoData(prisma);
    else if (!(await isDatabaseEmpty(prisma))) {
      throw new Error(`${redacted(url)} already holds demo data; run with --reset to replace it`);
    }
    const summary = await seedDemoData(prisma, {
      region,
      households: o.households,
      relief: o.relief,
      reports: o.reports,
      seed: o.seed,
      monthlyStandardFen: publishedMlgStandardFen,
      progress: true,
    });
    const counts = Object.entries(summary.rows).map(([table, n]) => `${table} ${n}`).join(", ");
    console.log(`${region} → ${redacted(url)}: ${counts} in ${summary.seconds.toFixed(1)} s`);
  } finally {
    await prisma.$disconnect();
  }
}

async function main(): Promise<void> {
  const program = new Command()
    .description("Seed synthetic demo data (households, verifications, relief records, missing-person reports) into each province's database")
    .addOption(new Option("--households <n>", "households per province").default(DEMO_SEED_DEFAULTS.households).argParser(wholeNumber("--households")))
    .addOption(new Option("--relief <n>", "relief records, both provinces together (each keeps its own stations')").default(DEMO_SEED_DEFAULTS.relief).argParser(wholeNumber("--relief")))
    .addOption(new Option("--reports <n>", "missing-person reports, both provinces together").default(DEMO_SEED_DEFAULTS.reports).argParser(wholeNumber("--reports")))
    .addOption(new Option("--seed <s>", "random seed (same seed → same data)").default(DEMO_SEED_DEFAULTS.seed).argParser(integerSeed))
    .addOption(new Option("--region <region>", "CHONGQING, SICHUAN or both").default("both").argParser(regionChoice))
    .option("--database-url <url>", "database of the one region given by --region (default: the embedded file under data/)")
    .option("--reset", "delete existing demo rows first", false)
    .parse();
  const o = program.opts<SeedCommandOptions>();
  if (o.databaseUrl && o.region === "both") program.error("--database-url names one database: give --region CHONGQING or --region SICHUAN with it");
  const regions: Region[] = o.region === "both" ? [...REGIONS] : [o.region];
  for (const region of regions) await seedOne(region, o.databaseUrl ?? embeddedDatabaseUrl(region), o);
}

main().catch((error: Error) => {
  console.error(`seed failed: ${error.message}`);
  process.exit(1);
});
