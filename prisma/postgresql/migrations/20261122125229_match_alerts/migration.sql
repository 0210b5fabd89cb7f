-- CreateEnum
CREATE TYPE "MatchAlertStatus" AS ENUM ('NEW', 'REVIEWED', 'CONFIRMED', 'REJECTED');

-- CreateTable
CREATE TABLE "MatchAlert" (
    "id" TEXT NOT NULL,
    "region" "Region" NOT NULL,
    "reliefRecordId" TEXT NOT NULL,
    "missingReportId" TEXT NOT NULL,
    "triggeredBy" TEXT NOT NULL,
    "matchWeight" DOUBLE PRECISION NOT NULL,
    "matchProbability" DOUBLE PRECISION NOT NULL,
    "comparisons" TEXT NOT NULL,
    "dnaComparisonSuggested" BOOLEAN NOT NULL DEFAULT false,
    "status" "MatchAlertStatus" NOT NULL DEFAULT 'NEW',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedBy" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,

    CONSTRAINT "MatchAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MatchAlert_status_createdAt_idx" ON "MatchAlert"("status", "createdAt");

-- CreateIndex
CREATE INDEX "MatchAlert_missingReportId_idx" ON "MatchAlert"("missingReportId");

-- CreateIndex
CREATE UNIQUE INDEX "MatchAlert_reliefRecordId_missingReportId_key" ON "MatchAlert"("reliefRecordId", "missingReportId");

-- CreateIndex
CREATE INDEX "ReliefRecord_createdAt_idx" ON "ReliefRecord"("createdAt");

-- CreateIndex
CREATE INDEX "MissingPersonReport_createdAt_idx" ON "MissingPersonReport"("createdAt");
