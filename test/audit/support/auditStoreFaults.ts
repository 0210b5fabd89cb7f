import type { PrismaClient } from "../../../src/db";

const COPIED = [
  "previousHash", "entryHash", "recordedAt", "node", "requestId", "principalSub", "principalAgency", "principalRegion", "principalRoles",
  "forwardedByNode", "forwardedTokenId", "purpose", "caseRef", "operationName", "operationHash", "fieldsRequested", "fieldsDenied",
  "fieldsMasked", "deniedCount", "maskedCount", "subjectHmacs", "resultCount", "outcome", "errorCode", "errorDetail", "latencyMs", "peerHops",
].map((c) => `"${c}"`).join(", ");

/**
 * Writes, from outside the writer, a copy of its head entry at its next sequence number — the
 * row someone with database access would insert under the writer's id. The writer's next commit
 * then violates the chain's unique key.
 */
export async function forgeNextEntry(prisma: PrismaClient, writerId: string): Promise<number> {
  const head = await prisma.auditEntry.findFirst({ where: { writerId }, orderBy: { sequence: "desc" } });
  if (!head) throw new Error(`writer ${writerId} has no entry to copy`);
  // Interpolated rather than bound: placeholders differ between SQLite and PostgreSQL, and both
  // values come from the writer itself (checked below), never from input.
  if (!/^[A-Z]{2}-\d+-[0-9a-f-]{36}$/.test(writerId) || !Number.isInteger(head.sequence)) throw new Error(`unexpected writer id ${writerId}`);
  await prisma.$executeRawUnsafe(
    `INSERT INTO "AuditEntry" ("writerId", "sequence", ${COPIED}) SELECT "writerId", "sequence" + 1, ${COPIED} FROM "AuditEntry" WHERE "writerId" = '${writerId}' AND "sequence" = ${head.sequence}`,
  );
  return head.sequence + 1;
}

const REFUSED_TABLES = ["AuditEntry", "AuditCheckpoint"] as const;

/** Makes the audit store refuse every insert (entries and checkpoints), as a full disk would. */
export async function refuseAuditInserts(prisma: PrismaClient, provider: "sqlite" | "postgresql"): Promise<void> {
  if (provider === "postgresql") {
    await prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION test_refuse_insert() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`);
  }
  for (const table of REFUSED_TABLES) {
    await prisma.$executeRawUnsafe(
      provider === "postgresql"
        ? `CREATE TRIGGER "test_refuse_${table}" BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION test_refuse_insert()`
        : `CREATE TRIGGER "test_refuse_${table}" BEFORE INSERT ON "${table}" BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
  }
}

export async function allowAuditInserts(prisma: PrismaClient, provider: "sqlite" | "postgresql"): Promise<void> {
  for (const table of REFUSED_TABLES) {
    await prisma.$executeRawUnsafe(provider === "postgresql" ? `DROP TRIGGER "test_refuse_${table}" ON "${table}"` : `DROP TRIGGER "test_refuse_${table}"`);
  }
}
