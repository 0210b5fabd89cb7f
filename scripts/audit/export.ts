// `npm run audit:export -- --from ISO --to ISO --format jsonl|csv [--out FILE] [--database-url URL]`
// Writes the entries recorded in the range and `<FILE>.sha256` beside it. JSONL exports verify
// on their own: `npm run audit:verify -- --file FILE`.
import path from "node:path";
import { Command, Option } from "commander";
import { exportAuditLog, type ExportFormat } from "../../src/audit";
import { loadConfig } from "../../src/config";
import { createPrismaClient } from "../../src/db";

function parseDate(value: string | undefined, name: string): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`--${name}: not an ISO date/time: ${value}`);
  return date;
}

async function main(): Promise<void> {
  const program = new Command()
    .description("Export audit entries of a time range with a sha256 digest file")
    .option("--from <iso>", "entries recorded at or after this time")
    .option("--to <iso>", "entries recorded at or before this time")
    .addOption(new Option("--format <format>", "jsonl (verifiable) or csv (for reading)").choices(["jsonl", "csv"]).default("jsonl"))
    .option("--out <file>", "output file (default: data/exports/audit-<from>-<to>.<format>)")
    .option("--database-url <url>", "database (default: DATABASE_URL or the embedded node's)")
    .parse();
  const o = program.opts<{ from?: string; to?: string; format: ExportFormat; out?: string; databaseUrl?: string }>();
  const config = loadConfig();
  const from = parseDate(o.from, "from");
  const to = parseDate(o.to, "to");
  if (from && to && from > to) throw new Error("--from is after --to");
  const stamp = (d?: Date) => (d ? d.toISOString().replace(/[-:.]/g, "") : "all");
  const output = o.out ?? path.join(config.dataDir, "exports", `audit-${stamp(from)}-${stamp(to)}.${o.format}`);
  const prisma = createPrismaClient(o.databaseUrl ?? config.databaseUrl);
  try {
    const result = await exportAuditLog(prisma, { from, to, format: o.format, output });
    console.log(`wrote ${result.file}: ${result.entriesInRange} entries in range${result.entriesWritten !== result.entriesInRange ? `, ${result.entriesWritten} with the checkpoint-to-checkpoint segments around them` : ""}`);
    console.log(`wrote ${result.digestFile}: sha256 ${result.sha256}`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: Error) => {
  console.error(`audit:export failed: ${error.message}`);
  process.exit(1);
});
