-- AlterTable
ALTER TABLE "ReliefRecord" ADD COLUMN "identifiedOn" TEXT;
ALTER TABLE "ReliefRecord" ADD COLUMN "identifiedVia" TEXT;
ALTER TABLE "ReliefRecord" ADD COLUMN "noticePublishedAt" DATETIME;
ALTER TABLE "ReliefRecord" ADD COLUMN "noticePublishedBy" TEXT;
ALTER TABLE "ReliefRecord" ADD COLUMN "noticeReference" TEXT;

-- CreateTable
CREATE TABLE "ReliefDispositionChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reliefRecordId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "fromDisposition" TEXT NOT NULL,
    "toDisposition" TEXT NOT NULL,
    "effectiveOn" TEXT NOT NULL,
    "identityStatus" TEXT NOT NULL,
    "officer" TEXT NOT NULL,
    "agency" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    "note" TEXT,
    "receiverKind" TEXT,
    "receiverName" TEXT,
    "destinationAreaCode" TEXT,
    "transferKind" TEXT,
    "transferredTo" TEXT,
    CONSTRAINT "ReliefDispositionChange_reliefRecordId_fkey" FOREIGN KEY ("reliefRecordId") REFERENCES "ReliefRecord" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MissingReportClosure" (
    "missingReportId" TEXT NOT NULL PRIMARY KEY,
    "outcome" TEXT NOT NULL,
    "reliefRecordId" TEXT,
    "matchAlertId" TEXT,
    "closedBy" TEXT NOT NULL,
    "closedByAgency" TEXT,
    "closedAt" DATETIME NOT NULL,
    "note" TEXT
);

-- CreateTable
CREATE TABLE "DnaComparison" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "region" TEXT NOT NULL,
    "reliefRecordId" TEXT NOT NULL,
    "missingReportId" TEXT,
    "sampleRef" TEXT NOT NULL,
    "laboratory" TEXT NOT NULL,
    "requestedOn" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedByAgency" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'REQUESTED',
    "resultOn" TEXT,
    "labReference" TEXT,
    "resultRecordedBy" TEXT,
    "resultRecordedAt" DATETIME,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DnaComparison_reliefRecordId_fkey" FOREIGN KEY ("reliefRecordId") REFERENCES "ReliefRecord" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ReliefDispositionChange_effectiveOn_idx" ON "ReliefDispositionChange"("effectiveOn");

-- CreateIndex
CREATE UNIQUE INDEX "ReliefDispositionChange_reliefRecordId_sequence_key" ON "ReliefDispositionChange"("reliefRecordId", "sequence");

-- CreateIndex
CREATE INDEX "MissingReportClosure_closedAt_idx" ON "MissingReportClosure"("closedAt");

-- CreateIndex
CREATE INDEX "DnaComparison_reliefRecordId_idx" ON "DnaComparison"("reliefRecordId");

-- CreateIndex
CREATE INDEX "DnaComparison_resultOn_idx" ON "DnaComparison"("resultOn");

-- CreateIndex
CREATE INDEX "ReliefRecord_identityStatus_noticePublishedAt_createdAt_idx" ON "ReliefRecord"("identityStatus", "noticePublishedAt", "createdAt");

-- CreateIndex
CREATE INDEX "ReliefRecord_identifiedOn_idx" ON "ReliefRecord"("identifiedOn");

-- Hand-written: a record's disposition history and a report's closure are append-only, like the
-- audit log (20261122115825_audit_log): a step is never corrected in place.
CREATE TRIGGER "ReliefDispositionChange_refuse_update" BEFORE UPDATE ON "ReliefDispositionChange"
BEGIN
  SELECT RAISE(ABORT, 'disposition history is append-only: UPDATE on ReliefDispositionChange refused');
END;

CREATE TRIGGER "ReliefDispositionChange_refuse_delete" BEFORE DELETE ON "ReliefDispositionChange"
BEGIN
  SELECT RAISE(ABORT, 'disposition history is append-only: DELETE on ReliefDispositionChange refused');
END;

CREATE TRIGGER "MissingReportClosure_refuse_update" BEFORE UPDATE ON "MissingReportClosure"
BEGIN
  SELECT RAISE(ABORT, 'report closures are append-only: UPDATE on MissingReportClosure refused');
END;

CREATE TRIGGER "MissingReportClosure_refuse_delete" BEFORE DELETE ON "MissingReportClosure"
BEGIN
  SELECT RAISE(ABORT, 'report closures are append-only: DELETE on MissingReportClosure refused');
END;
