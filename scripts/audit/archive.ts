// `npm run audit:archive [-- --retention-days N] [--archive-dir DIR] [--database-url URL]`
// Moves entries past their retention (default 3 years; below 6 months refused) into a signed,
// hash-linked archive file, then removes them from the database through the only path the
// append-only triggers allow.
import path from "node:path";
import { Command } from "commander";
import { archiveExpiredEntries, retentionDays } from "../../src/audit";
import { ensureSigningKey, nodeKeyName } from "../../src/auth";
import { loadConfig } from "../../src/config";
import { createPrismaClient } from "../../src/db";

async function main(): Promise<void> {
  const program = new Command()
    .description("Archive audit entries older than the retention period")
    .option("--retention-days <n>", "retention in days (default 1096 = 3 years; minimum 183)")
    .option("--archive-dir <dir>", "where archive files go (default: <data dir>/audit-archive)")
    .option("--database-url <url>", "database (default: DATABASE_URL or the embedded node's)")
    .parse();
  const o = program.opts<{ retentionDays?: string; archiveDir?: string; databaseUrl?: string }>();
  const config = loadConfig();
  const days = retentionDays(o.retentionDays);
  const nodeKey = await ensureSigningKey(config.keysDir, nodeKeyName(config.region));
  const prisma = createPrismaClient(o.databaseUrl ?? config.databaseUrl);
  try {
    const result = await archiveExpiredEntries(prisma, {
      node: config.region,
      signingKey: { key: nodeKey.privateKey, kid: nodeKey.kid },
      archiveDir: o.archiveDir ?? path.join(config.dataDir, "audit-archive"),
      retentionDays: days,
    });
    if (!result.file) {
      console.log(`nothing recorded before ${result.cutoff.toISOString()} (retention ${days} days)`);
      return;
    }
    console.log(`archived ${result.entriesArchived} entries recorded before ${result.cutoff.toISOString()} to ${result.file} (sha256 ${result.fileSha256})`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: Error) => {
  console.error(`audit:archive failed: ${error.message}`);
  process.exit(1);
});
