// Tampering with the audit log is detected and located: a changed byte, a deleted entry, a
// reordering, an insertion, a truncated tail, a forged or removed checkpoint.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CompactSign, generateKeyPair } from "jose";
import { canonicalize } from "../../src/audit/canonicalJson";
import { genesisHashOf, type IntegrityProblem } from "../../src/audit";
import { insertRow, writeAuditFixture, tamperableCopy, verifyFile, rehash, saveRow, type AuditFixture } from "./support/auditFixture";

const root = path.resolve(__dirname, "../..");

describe("verifyAuditLog over the database", () => {
  let fixture: AuditFixture;
  beforeAll(async () => {
    fixture = await writeAuditFixture();
  });

  async function expectBreak(file: string, writer: keyof AuditFixture["writers"], sequence: number | null, problem: IntegrityProblem) {
    const report = await verifyFile(file, fixture.jwks);
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ writerId: fixture.writers[writer], sequence, problem });
    return report;
  }

  it("verifies the untouched log, and tells sealed from not-yet-signed entries", async () => {
    const report = await verifyFile(fixture.file, fixture.jwks);
    expect(report.firstBreak).toBeNull();
    expect(report.ok).toBe(true);
    expect(report.entriesChecked).toBe(23 + 4 + 7);
    const byId = new Map(report.writers.map((w) => [w.writerId, w]));
    expect(byId.get(fixture.writers.a)).toMatchObject({ lastSequence: 23, final: true, unsealedEntries: 0, sealedThrough: 23 });
    // B crashed at 4: no checkpoint of its own past genesis, but C's genesis witnessed its head.
    expect(byId.get(fixture.writers.b)).toMatchObject({ lastSequence: 4, final: false, sealedThrough: 4, unsealedEntries: 0 });
    // C still runs: its last checkpoint is at 5.
    expect(byId.get(fixture.writers.c)).toMatchObject({ lastSequence: 7, sealedThrough: 5, unsealedEntries: 2 });
  });

  it("locates a changed byte in an entry", async () => {
    const file = tamperableCopy(fixture, (db) => db.prepare(`UPDATE "AuditEntry" SET "caseRef" = 'CQ-2026-0009' WHERE "writerId" = ? AND "sequence" = 7`).run(fixture.writers.a));
    const report = await expectBreak(file, "a", 7, "ENTRY_ALTERED");
    expect(report.firstBreak?.detail).toMatch(/does not hash/);
  });

  it("locates a change whose hash was recomputed: the next entry no longer links", async () => {
    const file = tamperableCopy(fixture, (db) => saveRow(db, rehash(db, fixture.writers.a, 7, (row) => (row.resultCount = 0))));
    await expectBreak(file, "a", 8, "PREVIOUS_HASH_MISMATCH");
  });

  it("locates a rewrite of the whole chain after the change at the first signed checkpoint", async () => {
    const file = tamperableCopy(fixture, (db) => {
      let previous = "";
      for (let sequence = 7; sequence <= 23; sequence++) {
        const row = rehash(db, fixture.writers.a, sequence, (r) => {
          if (sequence === 7) r.outcome = "DENIED";
          else r.previousHash = previous;
        });
        saveRow(db, row);
        previous = row.entryHash;
      }
    });
    await expectBreak(file, "a", 10, "CHECKPOINT_MISMATCH");
  });

  it("locates a deleted entry", async () => {
    const file = tamperableCopy(fixture, (db) => db.prepare(`DELETE FROM "AuditEntry" WHERE "writerId" = ? AND "sequence" = 12`).run(fixture.writers.a));
    const report = await expectBreak(file, "a", 12, "SEQUENCE_GAP");
    expect(report.firstBreak?.detail).toMatch(/sequence 12 absent/);
  });

  it("locates two entries swapped in order", async () => {
    const file = tamperableCopy(fixture, (db) => {
      const swap = db.prepare(`UPDATE "AuditEntry" SET "sequence" = ? WHERE "writerId" = ? AND "sequence" = ?`);
      swap.run(-1, fixture.writers.a, 13);
      swap.run(13, fixture.writers.a, 14);
      swap.run(14, fixture.writers.a, -1);
    });
    await expectBreak(file, "a", 13, "ENTRY_ALTERED");
  });

  it("locates two entries swapped and re-hashed so that each hashes correctly", async () => {
    const file = tamperableCopy(fixture, (db) => {
      const r13 = rehash(db, fixture.writers.a, 14, (r) => (r.sequence = 13));
      const r14 = rehash(db, fixture.writers.a, 13, (r) => (r.sequence = 14));
      db.prepare(`DELETE FROM "AuditEntry" WHERE "writerId" = ? AND "sequence" IN (13, 14)`).run(fixture.writers.a);
      insertRow(db, r13);
      insertRow(db, r14);
    });
    await expectBreak(file, "a", 13, "PREVIOUS_HASH_MISMATCH");
  });

  it("locates an entry inserted into the middle of a chain", async () => {
    const file = tamperableCopy(fixture, (db) => {
      const w = fixture.writers.a;
      for (let s = 23; s >= 12; s--) db.prepare(`UPDATE "AuditEntry" SET "sequence" = ? WHERE "writerId" = ? AND "sequence" = ?`).run(s + 1, w, s);
      const forged = rehash(db, w, 13, (r) => {
        r.sequence = 12;
        r.requestId = "forged";
        r.previousHash = (db.prepare(`SELECT "entryHash" FROM "AuditEntry" WHERE "writerId" = ? AND "sequence" = 11`).get(w) as { entryHash: string }).entryHash;
      });
      insertRow(db, forged);
    });
    // The forged 12 links to 11 and hashes correctly; the old 12, moved to 13 to make room, no
    // longer hashes (its sequence is part of what is hashed).
    await expectBreak(file, "a", 13, "ENTRY_ALTERED");
  });

  it("locates an entry appended after the writer sealed its chain", async () => {
    const file = tamperableCopy(fixture, (db) => {
      const row = rehash(db, fixture.writers.a, 23, (r) => {
        r.sequence = 24;
        r.previousHash = r.entryHash as string;
        r.requestId = "appended";
      });
      insertRow(db, row);
    });
    await expectBreak(file, "a", 24, "ENTRY_AFTER_FINAL");
  });

  it("detects a tail truncated below a signed checkpoint", async () => {
    const file = tamperableCopy(fixture, (db) => db.prepare(`DELETE FROM "AuditEntry" WHERE "writerId" = ? AND "sequence" >= 16`).run(fixture.writers.a));
    const report = await expectBreak(file, "a", 16, "TAIL_TRUNCATED");
    expect(report.firstBreak).toMatchObject({ expected: "23", actual: "15" });
  });

  it("detects the tail of a crashed writer truncated below what a later writer witnessed", async () => {
    const file = tamperableCopy(fixture, (db) => db.prepare(`DELETE FROM "AuditEntry" WHERE "writerId" = ? AND "sequence" >= 3`).run(fixture.writers.b));
    await expectBreak(file, "b", 3, "TAIL_TRUNCATED");
  });

  it("detects a checkpoint whose stored head was changed", async () => {
    const file = tamperableCopy(fixture, (db) => db.prepare(`UPDATE "AuditCheckpoint" SET "headHash" = ? WHERE "writerId" = ? AND "sequence" = 10`).run("0".repeat(64), fixture.writers.a));
    const report = await expectBreak(file, "a", 10, "CHECKPOINT_ALTERED");
    expect(report.firstBreak?.detail).toMatch(/headHash/);
  });

  it("detects a checkpoint whose signature was replaced", async () => {
    const file = tamperableCopy(fixture, (db) => {
      const row = db.prepare(`SELECT * FROM "AuditCheckpoint" WHERE "writerId" = ? AND "sequence" = 15`).get(fixture.writers.a) as { id: number; jws: string };
      const [header, payload] = row.jws.split(".");
      const forged = `${header}.${payload}.${Buffer.alloc(64, 1).toString("base64url")}`;
      db.prepare(`UPDATE "AuditCheckpoint" SET "jws" = ? WHERE "id" = ?`).run(forged, row.id);
    });
    await expectBreak(file, "a", 15, "CHECKPOINT_SIGNATURE");
  });

  it("detects a removed checkpoint by the broken link of the next one", async () => {
    const file = tamperableCopy(fixture, (db) => db.prepare(`DELETE FROM "AuditCheckpoint" WHERE "writerId" = ? AND "sequence" = 10`).run(fixture.writers.a));
    await expectBreak(file, "a", 15, "CHECKPOINT_LINK");
  });

  it("refuses a whole chain forged by someone without the node key", async () => {
    // A genesis in the right format, with the node's key id, signed by another key.
    const { privateKey } = await generateKeyPair("ES256");
    const writerId = "CQ-1-forged";
    const claims = { node: "CHONGQING", writerId, sequence: 0, headHash: genesisHashOf(writerId), kind: "GENESIS", time: new Date().toISOString(), previousCheckpoint: null, witnesses: [] };
    const jws = await new CompactSign(new TextEncoder().encode(canonicalize(claims)))
      .setProtectedHeader({ alg: "ES256", kid: fixture.signingKey.kid, typ: "assist-gateway.audit-checkpoint+jws" })
      .sign(privateKey);
    const file = tamperableCopy(fixture, (db) =>
      db.prepare(`INSERT INTO "AuditCheckpoint" ("node","writerId","sequence","headHash","kind","signedAt","jws") VALUES ('CHONGQING', ?, 0, ?, 'GENESIS', ?, ?)`).run(writerId, claims.headHash, claims.time.replace("Z", "+00:00"), jws),
    );
    const report = await verifyFile(file, fixture.jwks);
    expect(report.ok).toBe(false);
    expect(report.writers.find((w) => w.writerId === "CQ-1-forged")?.firstBreak?.problem).toBe("CHECKPOINT_SIGNATURE");
  });

  it("detects entries of a chain that has no signed genesis", async () => {
    const file = tamperableCopy(fixture, (db) => {
      const row = rehash(db, fixture.writers.a, 1, (r) => {
        r.writerId = "CQ-1-orphan";
        r.previousHash = genesisHashOf("CQ-1-orphan");
      });
      insertRow(db, row);
    });
    const report = await verifyFile(file, fixture.jwks);
    expect(report.ok).toBe(false);
    expect(report.writers.find((w) => w.writerId === "CQ-1-orphan")?.firstBreak).toMatchObject({ sequence: 0, problem: "MISSING_GENESIS" });
  });

  it("detects a subject removed from the subject index (it would vanish from subjectAccessReport)", async () => {
    const file = tamperableCopy(fixture, (db) => db.prepare(`DELETE FROM "AuditSubject" WHERE "writerId" = ? AND "sequence" = 6`).run(fixture.writers.a));
    await expectBreak(file, "a", 6, "SUBJECT_INDEX_MISMATCH");
  });

  describe("npm run audit:verify", () => {
    function cli(args: string[]) {
      const jwksFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "audit-jwks-")), "node.jwks.json");
      fs.writeFileSync(jwksFile, JSON.stringify(fixture.jwks));
      return spawnSync(process.execPath, [path.join(root, "dist/scripts/audit/verify.js"), "--jwks", jwksFile, ...args], { cwd: root, encoding: "utf8" });
    }

    it("exits 0 and says OK for an intact log", () => {
      const run = cli(["--database-url", `file:${fixture.file}`]);
      expect(run.stdout).toContain("OK: every chain, checkpoint and archive verifies");
      expect(run.status).toBe(0);
    });

    it("exits 1 and names the first broken link", () => {
      const file = tamperableCopy(fixture, (db) => db.prepare(`DELETE FROM "AuditEntry" WHERE "writerId" = ? AND "sequence" = 12`).run(fixture.writers.a));
      const run = cli(["--database-url", `file:${file}`]);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`FIRST BROKEN LINK: writer ${fixture.writers.a} sequence 12: SEQUENCE_GAP`);
    });
  });
});
