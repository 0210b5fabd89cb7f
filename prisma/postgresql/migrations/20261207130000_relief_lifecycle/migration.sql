-- CreateEnum
CREATE TYPE "TransferKind" AS ENUM ('RELIEF_STATION', 'CARE_INSTITUTION');

-- CreateEnum
CREATE TYPE "ReceiverKind" AS ENUM ('RELATIVE', 'AGENCY');

-- CreateEnum
CREATE TYPE "MissingReportOutcome" AS ENUM ('FOUND', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "DnaComparisonStatus" AS ENUM ('REQUESTED', 'MATCH', 'NO_MATCH');

-- AlterEnum
ALTER TYPE "ReliefDisposition" ADD VALUE 'SETTLED_LOCALLY';

-- AlterTable
ALTER TABLE "ReliefRecord" ADD COLUMN     "identifiedOn" TEXT,
ADD COLUMN     "identifiedVia" TEXT,
ADD COLUMN     "noticePublishedAt" TIMESTAMP(3),
ADD COLUMN     "noticePublishedBy" TEXT,
ADD COLUMN     "noticeReference" TEXT;

-- CreateTable
CREATE TABLE "ReliefDispositionChange" (
    "id" SERIAL NOT NULL,
    "reliefRecordId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "fromDisposition" "ReliefDisposition" NOT NULL,
    "toDisposition" "ReliefDisposition" NOT NULL,
    "effectiveOn" TEXT NOT NULL,
    "identityStatus" "IdentityStatus" NOT NULL,
    "officer" TEXT NOT NULL,
    "agency" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,
    "note" TEXT,
    "receiverKind" "ReceiverKind",
    "receiverName" TEXT,
    "destinationAreaCode" TEXT,
    "transferKind" "TransferKind",
    "transferredTo" TEXT,

    CONSTRAINT "ReliefDispositionChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MissingReportClosure" (
    "missingReportId" TEXT NOT NULL,
    "outcome" "MissingReportOutcome" NOT NULL,
    "reliefRecordId" TEXT,
    "matchAlertId" TEXT,
    "closedBy" TEXT NOT NULL,
    "closedByAgency" TEXT,
    "closedAt" TIMESTAMP(3) NOT NULL,
    "note" TEXT,

    CONSTRAINT "MissingReportClosure_pkey" PRIMARY KEY ("missingReportId")
);

-- CreateTable
CREATE TABLE "DnaComparison" (
    "id" TEXT NOT NULL,
    "region" "Region" NOT NULL,
    "reliefRecordId" TEXT NOT NULL,
    "missingReportId" TEXT,
    "sampleRef" TEXT NOT NULL,
    "laboratory" TEXT NOT NULL,
    "requestedOn" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedByAgency" TEXT NOT NULL,
    "status" "DnaComparisonStatus" NOT NULL DEFAULT 'REQUESTED',
    "resultOn" TEXT,
    "labReference" TEXT,
    "resultRecordedBy" TEXT,
    "resultRecordedAt" TIMESTAMP(3),
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DnaComparison_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "ReliefDispositionChange" ADD CONSTRAINT "ReliefDispositionChange_reliefRecordId_fkey" FOREIGN KEY ("reliefRecordId") REFERENCES "ReliefRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DnaComparison" ADD CONSTRAINT "DnaComparison_reliefRecordId_fkey" FOREIGN KEY ("reliefRecordId") REFERENCES "ReliefRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: a record's disposition history and a report's closure are append-only, like the
-- audit log (20261122115825_audit_log, which explains the E'' body with \073 for semicolons).
CREATE FUNCTION "relief_history_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  RAISE EXCEPTION ''relief history is append-only: % on % refused'', TG_OP, TG_TABLE_NAME
    USING ERRCODE = ''restrict_violation''\073
END
';

CREATE TRIGGER "ReliefDispositionChange_refuse_update_delete" BEFORE UPDATE OR DELETE ON "ReliefDispositionChange"
  FOR EACH ROW EXECUTE FUNCTION "relief_history_refuse_change"();
CREATE TRIGGER "ReliefDispositionChange_refuse_truncate" BEFORE TRUNCATE ON "ReliefDispositionChange"
  FOR EACH STATEMENT EXECUTE FUNCTION "relief_history_refuse_change"();

CREATE TRIGGER "MissingReportClosure_refuse_update_delete" BEFORE UPDATE OR DELETE ON "MissingReportClosure"
  FOR EACH ROW EXECUTE FUNCTION "relief_history_refuse_change"();
CREATE TRIGGER "MissingReportClosure_refuse_truncate" BEFORE TRUNCATE ON "MissingReportClosure"
  FOR EACH STATEMENT EXECUTE FUNCTION "relief_history_refuse_change"();
