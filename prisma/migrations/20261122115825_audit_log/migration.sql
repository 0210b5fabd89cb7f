-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "writerId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "previousHash" TEXT NOT NULL,
    "entryHash" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    "node" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "principalSub" TEXT,
    "principalAgency" TEXT,
    "principalRegion" TEXT,
    "principalRoles" TEXT NOT NULL,
    "forwardedByNode" TEXT,
    "forwardedTokenId" TEXT,
    "purpose" TEXT,
    "caseRef" TEXT,
    "operationName" TEXT,
    "operationHash" TEXT,
    "fieldsRequested" TEXT NOT NULL,
    "fieldsDenied" TEXT NOT NULL,
    "fieldsMasked" TEXT NOT NULL,
    "deniedCount" INTEGER NOT NULL,
    "maskedCount" INTEGER NOT NULL,
    "subjectHmacs" TEXT NOT NULL,
    "resultCount" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "errorCode" TEXT,
    "errorDetail" TEXT,
    "latencyMs" INTEGER NOT NULL,
    "peerHops" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "AuditSubject" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "writerId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "subjectHmac" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "node" TEXT NOT NULL,
    "writerId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "headHash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL,
    "jws" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "AuditArchive" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "writerId" TEXT NOT NULL,
    "fromSequence" INTEGER NOT NULL,
    "toSequence" INTEGER NOT NULL,
    "fromPreviousHash" TEXT NOT NULL,
    "toHash" TEXT NOT NULL,
    "entryCount" INTEGER NOT NULL,
    "cutoff" DATETIME NOT NULL,
    "archivedAt" DATETIME NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileSha256" TEXT NOT NULL,
    "jws" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "AuditEntry_recordedAt_id_idx" ON "AuditEntry"("recordedAt", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_principalSub_recordedAt_id_idx" ON "AuditEntry"("principalSub", "recordedAt", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_principalAgency_recordedAt_id_idx" ON "AuditEntry"("principalAgency", "recordedAt", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_caseRef_recordedAt_id_idx" ON "AuditEntry"("caseRef", "recordedAt", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_outcome_recordedAt_id_idx" ON "AuditEntry"("outcome", "recordedAt", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_requestId_idx" ON "AuditEntry"("requestId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_writerId_sequence_key" ON "AuditEntry"("writerId", "sequence");

-- CreateIndex
CREATE INDEX "AuditSubject_subjectHmac_idx" ON "AuditSubject"("subjectHmac");

-- CreateIndex
CREATE INDEX "AuditSubject_writerId_sequence_idx" ON "AuditSubject"("writerId", "sequence");

-- CreateIndex
CREATE INDEX "AuditCheckpoint_writerId_sequence_idx" ON "AuditCheckpoint"("writerId", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "AuditArchive_writerId_fromSequence_key" ON "AuditArchive"("writerId", "fromSequence");

-- ---------------------------------------------------------------------------------------------
-- Hand-written: the audit tables are append-only. UPDATE is refused on all four; DELETE is
-- refused except for AuditEntry/AuditSubject rows covered by a signed AuditArchive manifest
-- (written by the archiver after the archive file is on disk) and, for entries, older than the
-- manifest's cutoff. The manifest's signature is what makes this path trustworthy: a row
-- inserted by hand to open the gate fails `npm run audit:verify`.

CREATE TRIGGER "AuditEntry_refuse_update" BEFORE UPDATE ON "AuditEntry"
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only: UPDATE on AuditEntry refused');
END;

CREATE TRIGGER "AuditEntry_refuse_delete" BEFORE DELETE ON "AuditEntry"
WHEN NOT EXISTS (
  SELECT 1 FROM "AuditArchive" a
  WHERE a."writerId" = OLD."writerId"
    AND OLD."sequence" BETWEEN a."fromSequence" AND a."toSequence"
    AND OLD."recordedAt" < a."cutoff"
)
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only: DELETE on AuditEntry refused (not covered by an archive manifest)');
END;

CREATE TRIGGER "AuditSubject_refuse_update" BEFORE UPDATE ON "AuditSubject"
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only: UPDATE on AuditSubject refused');
END;

CREATE TRIGGER "AuditSubject_refuse_delete" BEFORE DELETE ON "AuditSubject"
WHEN NOT EXISTS (
  SELECT 1 FROM "AuditArchive" a
  WHERE a."writerId" = OLD."writerId"
    AND OLD."sequence" BETWEEN a."fromSequence" AND a."toSequence"
)
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only: DELETE on AuditSubject refused (not covered by an archive manifest)');
END;

CREATE TRIGGER "AuditCheckpoint_refuse_update" BEFORE UPDATE ON "AuditCheckpoint"
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only: UPDATE on AuditCheckpoint refused');
END;

CREATE TRIGGER "AuditCheckpoint_refuse_delete" BEFORE DELETE ON "AuditCheckpoint"
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only: DELETE on AuditCheckpoint refused');
END;

CREATE TRIGGER "AuditArchive_refuse_update" BEFORE UPDATE ON "AuditArchive"
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only: UPDATE on AuditArchive refused');
END;

CREATE TRIGGER "AuditArchive_refuse_delete" BEFORE DELETE ON "AuditArchive"
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only: DELETE on AuditArchive refused');
END;
