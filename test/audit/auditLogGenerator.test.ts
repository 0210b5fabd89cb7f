// The benchmark's fast-path generator must chain and sign exactly as the writer does: a small
// log of several writer lifetimes verifies end to end.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseAuditSource, verifyAuditLog } from "../../src/audit";
import { createPrismaClient } from "../../src/db";
import { generateAuditLog } from "../../scripts/bench/auditLogGenerator";

describe("bench audit log generator", () => {
  it("writes chains that verify, across writer lifetimes", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "audit-gen-")), "log.db");
    const log = await generateAuditLog(file, 3500, undefined, { entriesPerWriter: 1200 });
    const prisma = createPrismaClient(`file:${file}`);
    try {
      const report = await verifyAuditLog(new DatabaseAuditSource(prisma), { publicKeys: log.jwks });
      expect(report.firstBreak).toBeNull();
      expect(report.writers.map((w) => [w.lastSequence, w.final])).toEqual([[1200, true], [1200, true], [1100, true]]);
      expect(report.entriesChecked).toBe(3500);
      expect(await prisma.auditSubject.count()).toBeGreaterThan(1000);
    } finally {
      await prisma.$disconnect();
    }
  });
});
