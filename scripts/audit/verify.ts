// `npm run audit:verify [-- --database-url URL] [--file EXPORT_OR_ARCHIVE ...] [--jwks FILE ...]
//   [--from ISO] [--to ISO] [--json]`
// Recomputes every hash chain, checks every checkpoint and archive signature against the node's
// public JWKS, proves completeness (no sequence gaps from each signed genesis, no tail cut below
// a signed sequence) and names the first broken link. Exit 0 only when everything verifies.
// With no source given it checks DATABASE_URL (or the embedded node's database); files given
// together with a database are archives in front of it.
import fs from "node:fs";
import { Command } from "commander";
import type { JSONWebKeySet } from "jose";
import { CombinedAuditSource, DatabaseAuditSource, FileAuditSource, verifyAuditLog, type AuditVerificationReport, type AuditSource } from "../../src/audit";
import { nodeKeyName, publicJwksPath } from "../../src/auth";
import { loadConfig } from "../../src/config";
import { createPrismaClient, type PrismaClient } from "../../src/db";

interface Options {
  databaseUrl?: string;
  file: string[];
  jwks: string[];
  from?: string;
  to?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function readJwks(files: string[]): JSONWebKeySet {
  return { keys: files.flatMap((file) => (JSON.parse(fs.readFileSync(file, "utf8")) as JSONWebKeySet).keys) };
}

function parseDate(value: string | undefined, name: string): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`--${name}: not an ISO date/time: ${value}`);
  return date;
}

function printReport(report: AuditVerificationReport): void {
  for (const w of report.writers) {
    const span = w.lastSequence === null ? "no entries" : `sequences ${w.firstSequence}–${w.lastSequence}`;
    const status = w.firstBreak ? "BROKEN" : "ok";
    const notes = [
      `${w.entriesChecked} entries`,
      `${w.checkpointsChecked} checkpoints`,
      w.archivedUnseen ? `${w.archivedUnseen} archived (manifest only)` : "",
      w.unsealedEntries ? `${w.unsealedEntries} after the last signature` : "",
      w.final ? "sealed FINAL" : "",
    ].filter(Boolean);
    console.log(`${status.padEnd(6)} ${w.writerId}: ${span}; ${notes.join(", ")}`);
  }
  for (const p of report.fileProblems) console.log(`BROKEN file: ${p.detail}`);
  console.log(
    `${report.entriesChecked} entries and ${report.checkpointsChecked} checkpoints of ${report.writers.length} writers checked` +
      (report.range ? ` (range ${report.range.from?.toISOString() ?? "…"} – ${report.range.to?.toISOString() ?? "…"})` : ""),
  );
  if (report.unsealedEntries > 0) {
    console.log(`note: ${report.unsealedEntries} entries are chained but not yet covered by a signature (a running writer, or a crashed one no later writer has witnessed yet)`);
  }
  const b = report.firstBreak;
  if (!b) {
    console.log("OK: every chain, checkpoint and archive verifies");
    return;
  }
  console.log(`FIRST BROKEN LINK: writer ${b.writerId ?? "(file)"}${b.sequence !== null ? ` sequence ${b.sequence}` : ""}: ${b.problem}`);
  console.log(`  ${b.detail}`);
  if (b.expected !== undefined) console.log(`  expected ${b.expected}`);
  if (b.actual !== undefined) console.log(`  found    ${b.actual}`);
}

async function main(): Promise<number> {
  const program = new Command()
    .description("Verify the audit log: hash chains, signed checkpoints, completeness")
    .option("--database-url <url>", "database to verify (default: DATABASE_URL or the embedded node's)")
    .option("--file <path>", "export or archive file (JSONL); repeat for several", collect, [])
    .option("--jwks <path>", "the node's public JWKS (default: <keys dir>/<region>-node.jwks.json); repeat for rotated keys", collect, [])
    .option("--from <iso>", "only the chain segments holding entries recorded from this time")
    .option("--to <iso>", "… up to this time")
    .option("--json", "print the report as JSON")
    .parse();
  const options = program.opts<Options>();
  const config = loadConfig();
  const jwksFiles = options.jwks.length > 0 ? options.jwks : [publicJwksPath(config.keysDir, nodeKeyName(config.region))];
  const publicKeys = readJwks(jwksFiles);

  const databaseUrl = options.databaseUrl ?? (options.file.length === 0 ? config.databaseUrl : undefined);
  let prisma: PrismaClient | undefined;
  let source: AuditSource;
  const files = options.file.length > 0 ? await FileAuditSource.load(options.file) : undefined;
  if (databaseUrl) {
    prisma = createPrismaClient(databaseUrl);
    const database = new DatabaseAuditSource(prisma);
    source = files ? new CombinedAuditSource(database, files) : database;
  } else {
    source = files!;
  }
  try {
    const report = await verifyAuditLog(source, {
      publicKeys,
      range: { from: parseDate(options.from, "from"), to: parseDate(options.to, "to") },
      files: files?.files,
    });
    if (options.json) console.log(JSON.stringify(report, null, 2));
    else printReport(report);
    return report.ok ? 0 : 1;
  } finally {
    await prisma?.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`audit:verify failed: ${error.message}`);
    process.exit(2);
  },
);
