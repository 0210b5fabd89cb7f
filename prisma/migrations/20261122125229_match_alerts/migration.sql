-- CreateTable
CREATE TABLE "MatchAlert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "region" TEXT NOT NULL,
    "reliefRecordId" TEXT NOT NULL,
    "missingReportId" TEXT NOT NULL,
    "triggeredBy" TEXT NOT NULL,
    "matchWeight" REAL NOT NULL,
    "matchProbability" REAL NOT NULL,
    "comparisons" TEXT NOT NULL,
    "dnaComparisonSuggested" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'NEW',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedBy" TEXT,
    "reviewedAt" DATETIME,
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "decisionNote" TEXT
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
