// `npm run import -- --kind households|verifications|agencies --file F.jsonl|F.csv [--dry-run]
//   [--database-url URL] [--region R] [--agency CENTRE] [--operator NAME] [--batch-size N]`
// Loads an operator's file into this province's node database; see docs/data-import.md.
import os from "node:os";
import path from "node:path";
import { Command, Option } from "commander";
import { AuditChainWriter } from "../src/audit";
import { ensureDevSecret, ensureSigningKey, nodeKeyName } from "../src/auth";
import { loadConfig, REGIONS } from "../src/config";
import { DEFAULT_BATCH_SIZE, IMPORT_KINDS, ImportFileError, runImport, type ImportKindName } from "../src/dataImport";
import { createPrismaClient, parseDatabaseUrl, shrinkSqliteWal, SQLITE_BULK_LOAD_PRAGMAS } from "../src/db";

const EXIT_REJECTED = 3;
const EXIT_FILE = 2;

async function main(): Promise<number> {
  const program = new Command()
    .addOption(new Option("--kind <kind>", "what the file holds").choices(IMPORT_KINDS).makeOptionMandatory())
    .requiredOption("--file <path>", ".jsonl or .csv file (UTF-8)")
    .option("--dry-run", "validate and report, write nothing", false)
    .option("--database-url <url>", "the node's database (default: DATABASE_URL or the embedded file)")
    .addOption(new Option("--region <region>", "the node's province (default: REGION)").choices(REGIONS))
    .option("--agency <id>", "verifications: the verification centre whose results the file holds")
    .option("--operator <name>", "who runs the import (recorded in the audit log)", os.userInfo().username)
    .option("--batch-size <n>", "records per transaction", (v) => Number.parseInt(v, 10), DEFAULT_BATCH_SIZE)
    .parse();
  const opts = program.opts<{ kind: ImportKindName; file: string; dryRun: boolean; databaseUrl?: string; region?: string; agency?: string; operator: string; batchSize: number }>();
  const config = loadConfig({ ...process.env, ...(opts.region ? { REGION: opts.region } : {}), ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}) });
  // Every transaction of the import (the audit entry's, each batch's) is bounded by
  // IMPORT_TRANSACTION_TIMEOUT_MS instead of Prisma's 5 s, which a busy machine exceeded.
  const prisma = createPrismaClient(config.databaseUrl, { transactionTimeoutMs: config.importTransactionTimeoutMs });
  const database = parseDatabaseUrl(config.databaseUrl);
  let audit: AuditChainWriter | undefined;
  try {
    if (!opts.dryRun) {
      const nodeKey = await ensureSigningKey(config.keysDir, nodeKeyName(config.region));
      audit = await AuditChainWriter.open(prisma, {
        node: config.region,
        signingKey: { key: nodeKey.privateKey, kid: nodeKey.kid },
        subjectKey: config.auditSubjectKey ?? ensureDevSecret(config.keysDir, `${config.region.toLowerCase()}-audit-subject`),
        provider: database.provider,
        sqliteFile: database.provider === "sqlite" ? database.location : undefined,
        // Both of the import's SQLite connections checkpoint less often (src/db sqliteTuning.ts).
        sqlitePragmas: SQLITE_BULK_LOAD_PRAGMAS,
        // The gateway's 5 s bound is for a request waiting on its audit entry; a batch is written
        // only after its entry commits anyway (fail-closed), so an import on a busy machine waits
        // longer rather than stopping (it stopped at 5 s with load average 45 on 2 cores).
        appendTimeoutMs: config.importTransactionTimeoutMs,
      });
    }
    const summary = await runImport({
      kind: opts.kind,
      file: path.resolve(opts.file),
      dryRun: opts.dryRun,
      prisma,
      home: config.region,
      agencyId: opts.agency,
      operator: opts.operator,
      audit,
      batchSize: opts.batchSize,
      transactionTimeoutMs: config.importTransactionTimeoutMs,
      progress: true,
    });
    console.log(
      `${summary.dryRun ? "dry run (nothing written)" : "imported"} ${summary.kind}: ${summary.records} records on ${summary.lines} lines, ` +
        `${summary.written} written, ${summary.unchanged} unchanged, ${summary.rejected} rejected, ${summary.batches} batches, ` +
        `${summary.seconds.toFixed(1)} s${summary.dryRun ? "" : ` (audit entries ${summary.timings.auditEntrySeconds.toFixed(1)} s, batch transactions ${summary.timings.batchTransactionSeconds.toFixed(1)} s)`}; sha256 ${summary.sha256}\nreport: ${summary.reportFile}`,
    );
    return summary.rejected > 0 ? EXIT_REJECTED : 0;
  } catch (error) {
    if (error instanceof ImportFileError) {
      console.error(`导入失败：${error.messageZh}\nimport refused: ${error.message}\n(nothing was written)`);
      return EXIT_FILE;
    }
    throw error;
  } finally {
    await audit?.close();
    // Imports write with a larger WAL (SQLITE_BULK_LOAD_PRAGMAS): leave none of it behind.
    if (audit && database.provider === "sqlite") await shrinkSqliteWal(prisma).catch(() => undefined);
    await prisma.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    // No stack trace: the operator gets the problem; the message never quotes a record's data.
    console.error(`import failed: ${error.message}`);
    process.exit(1);
  },
);
