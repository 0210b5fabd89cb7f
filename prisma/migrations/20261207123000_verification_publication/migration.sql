-- CreateTable
CREATE TABLE "ExpenditureItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "verificationId" TEXT NOT NULL,
    "memberId" TEXT,
    "kind" TEXT NOT NULL,
    "monthlyAmountFen" INTEGER NOT NULL,
    CONSTRAINT "ExpenditureItem_verificationId_fkey" FOREIGN KEY ("verificationId") REFERENCES "HouseholdVerification" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ExpenditureItem_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "HouseholdMember" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Household" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "region" TEXT NOT NULL,
    "areaCode" TEXT NOT NULL,
    "residence" TEXT NOT NULL,
    "address" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Household" ("address", "areaCode", "createdAt", "id", "region", "residence") SELECT "address", "areaCode", "createdAt", "id", "region", "residence" FROM "Household";
DROP TABLE "Household";
ALTER TABLE "new_Household" RENAME TO "Household";
CREATE INDEX "Household_region_areaCode_idx" ON "Household"("region", "areaCode");
CREATE TABLE "new_HouseholdVerification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "householdId" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "areaCode" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "program" TEXT NOT NULL,
    "requestedOn" TEXT NOT NULL,
    "completedOn" TEXT NOT NULL,
    "conclusion" TEXT NOT NULL,
    "memberCount" INTEGER NOT NULL,
    "totalMonthlyIncomeFen" INTEGER NOT NULL,
    "perCapitaIncomeFen" INTEGER NOT NULL,
    "totalAssetsFen" INTEGER NOT NULL,
    "standardFen" INTEGER NOT NULL,
    "reportNumber" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "contentSha256" TEXT,
    "verifiedAt" DATETIME,
    "reviewDueOn" TEXT,
    "publishedBy" TEXT,
    "supersededById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "HouseholdVerification_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "HouseholdVerification_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_HouseholdVerification" ("agencyId", "areaCode", "completedOn", "conclusion", "createdAt", "householdId", "id", "memberCount", "perCapitaIncomeFen", "program", "region", "reportNumber", "requestedOn", "standardFen", "totalAssetsFen", "totalMonthlyIncomeFen") SELECT "agencyId", "areaCode", "completedOn", "conclusion", "createdAt", "householdId", "id", "memberCount", "perCapitaIncomeFen", "program", "region", "reportNumber", "requestedOn", "standardFen", "totalAssetsFen", "totalMonthlyIncomeFen" FROM "HouseholdVerification";
DROP TABLE "HouseholdVerification";
ALTER TABLE "new_HouseholdVerification" RENAME TO "HouseholdVerification";
CREATE INDEX "HouseholdVerification_householdId_idx" ON "HouseholdVerification"("householdId");
CREATE INDEX "HouseholdVerification_region_completedOn_idx" ON "HouseholdVerification"("region", "completedOn");
CREATE INDEX "HouseholdVerification_areaCode_reviewDueOn_idx" ON "HouseholdVerification"("areaCode", "reviewDueOn");
CREATE UNIQUE INDEX "HouseholdVerification_reportNumber_version_key" ON "HouseholdVerification"("reportNumber", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ExpenditureItem_verificationId_idx" ON "ExpenditureItem"("verificationId");
