-- AlterTable
ALTER TABLE "MatchAlert" ADD COLUMN "missingReportAreaCode" TEXT;
ALTER TABLE "MatchAlert" ADD COLUMN "reliefRecordAreaCode" TEXT;

-- CreateIndex
CREATE INDEX "MatchAlert_reliefRecordAreaCode_createdAt_idx" ON "MatchAlert"("reliefRecordAreaCode", "createdAt");

-- CreateIndex
CREATE INDEX "MatchAlert_missingReportAreaCode_createdAt_idx" ON "MatchAlert"("missingReportAreaCode", "createdAt");

-- Backfill (hand-written): the area of each side this node holds — the record's station, the
-- report's agency. An alert's other side, held by the other province's node, stays null until
-- that node tells it (its alerts carry their own side's area from now on).
UPDATE "MatchAlert" SET "reliefRecordAreaCode" = (
  SELECT a."areaCode" FROM "ReliefRecord" r JOIN "Agency" a ON a."id" = r."stationId" WHERE r."id" = "MatchAlert"."reliefRecordId"
) WHERE "reliefRecordAreaCode" IS NULL;
UPDATE "MatchAlert" SET "missingReportAreaCode" = (
  SELECT a."areaCode" FROM "MissingPersonReport" m JOIN "Agency" a ON a."id" = m."agencyId" WHERE m."id" = "MatchAlert"."missingReportId"
) WHERE "missingReportAreaCode" IS NULL;
