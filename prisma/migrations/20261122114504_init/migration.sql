-- CreateTable
CREATE TABLE "AreaDivision" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "cityName" TEXT NOT NULL,
    "successorCode" TEXT,
    "abolishedOn" TEXT,
    "latitude" REAL NOT NULL,
    "longitude" REAL NOT NULL,
    "populationWeight" REAL NOT NULL DEFAULT 1
);

-- CreateTable
CREATE TABLE "Agency" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "areaCode" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Household" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "region" TEXT NOT NULL,
    "areaCode" TEXT NOT NULL,
    "residence" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "HouseholdMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "householdId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "gender" TEXT NOT NULL,
    "birthDate" TEXT NOT NULL,
    "relation" TEXT NOT NULL,
    "disabilityGrade" INTEGER,
    "seriousIllness" BOOLEAN NOT NULL DEFAULT false,
    "student" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "HouseholdMember_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HouseholdVerification" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "HouseholdVerification_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "HouseholdVerification_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IncomeItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "verificationId" TEXT NOT NULL,
    "memberId" TEXT,
    "source" TEXT NOT NULL,
    "monthlyAmountFen" INTEGER NOT NULL,
    "dataSource" TEXT NOT NULL,
    CONSTRAINT "IncomeItem_verificationId_fkey" FOREIGN KEY ("verificationId") REFERENCES "HouseholdVerification" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "IncomeItem_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "HouseholdMember" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AssetItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "verificationId" TEXT NOT NULL,
    "memberId" TEXT,
    "kind" TEXT NOT NULL,
    "valueFen" INTEGER NOT NULL,
    "institution" TEXT NOT NULL,
    "accountRef" TEXT,
    CONSTRAINT "AssetItem_verificationId_fkey" FOREIGN KEY ("verificationId") REFERENCES "HouseholdVerification" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AssetItem_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "HouseholdMember" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReliefRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "region" TEXT NOT NULL,
    "stationId" TEXT NOT NULL,
    "reportedName" TEXT,
    "gender" TEXT NOT NULL,
    "apparentAgeMin" INTEGER NOT NULL,
    "apparentAgeMax" INTEGER NOT NULL,
    "heightCm" INTEGER,
    "health" TEXT,
    "intellect" TEXT,
    "mentalState" TEXT,
    "features" TEXT NOT NULL DEFAULT '',
    "clothing" TEXT,
    "dialect" TEXT,
    "placeNamesSpoken" TEXT NOT NULL DEFAULT '',
    "foundOn" TEXT NOT NULL,
    "foundAreaCode" TEXT NOT NULL,
    "dnaSampleRef" TEXT,
    "faceEmbedding" BLOB,
    "identityStatus" TEXT NOT NULL DEFAULT 'UNIDENTIFIED',
    "disposition" TEXT NOT NULL DEFAULT 'IN_CARE',
    "idNumber" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReliefRecord_stationId_fkey" FOREIGN KEY ("stationId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MissingPersonReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "region" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "aliases" TEXT NOT NULL DEFAULT '',
    "gender" TEXT NOT NULL,
    "birthDate" TEXT,
    "birthYear" INTEGER NOT NULL,
    "heightCm" INTEGER,
    "features" TEXT NOT NULL DEFAULT '',
    "dialect" TEXT,
    "homeAreaCode" TEXT NOT NULL,
    "lastSeenOn" TEXT NOT NULL,
    "lastSeenAreaCode" TEXT NOT NULL,
    "faceEmbedding" BLOB,
    "idNumber" TEXT,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MissingPersonReport_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SyntheticPersonLink" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personKey" TEXT NOT NULL,
    "recordKind" TEXT NOT NULL,
    "recordId" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "AssistanceStandard" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "region" TEXT NOT NULL,
    "areaScope" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "effectiveTo" TEXT,
    "documentNumber" TEXT,
    "sourceUrl" TEXT,
    "confidence" TEXT NOT NULL,
    "note" TEXT,
    "dataVersion" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Agency_code_key" ON "Agency"("code");

-- CreateIndex
CREATE INDEX "Household_region_areaCode_idx" ON "Household"("region", "areaCode");

-- CreateIndex
CREATE UNIQUE INDEX "HouseholdMember_idNumber_key" ON "HouseholdMember"("idNumber");

-- CreateIndex
CREATE INDEX "HouseholdMember_householdId_idx" ON "HouseholdMember"("householdId");

-- CreateIndex
CREATE UNIQUE INDEX "HouseholdVerification_reportNumber_key" ON "HouseholdVerification"("reportNumber");

-- CreateIndex
CREATE INDEX "HouseholdVerification_householdId_idx" ON "HouseholdVerification"("householdId");

-- CreateIndex
CREATE INDEX "HouseholdVerification_region_completedOn_idx" ON "HouseholdVerification"("region", "completedOn");

-- CreateIndex
CREATE INDEX "IncomeItem_verificationId_idx" ON "IncomeItem"("verificationId");

-- CreateIndex
CREATE INDEX "AssetItem_verificationId_idx" ON "AssetItem"("verificationId");

-- CreateIndex
CREATE INDEX "ReliefRecord_region_foundOn_idx" ON "ReliefRecord"("region", "foundOn");

-- CreateIndex
CREATE INDEX "ReliefRecord_gender_apparentAgeMin_idx" ON "ReliefRecord"("gender", "apparentAgeMin");

-- CreateIndex
CREATE INDEX "ReliefRecord_foundAreaCode_idx" ON "ReliefRecord"("foundAreaCode");

-- CreateIndex
CREATE INDEX "MissingPersonReport_region_status_idx" ON "MissingPersonReport"("region", "status");

-- CreateIndex
CREATE INDEX "MissingPersonReport_gender_birthYear_idx" ON "MissingPersonReport"("gender", "birthYear");

-- CreateIndex
CREATE INDEX "SyntheticPersonLink_personKey_idx" ON "SyntheticPersonLink"("personKey");

-- CreateIndex
CREATE UNIQUE INDEX "SyntheticPersonLink_recordKind_recordId_key" ON "SyntheticPersonLink"("recordKind", "recordId");

-- CreateIndex
CREATE INDEX "AssistanceStandard_region_effectiveFrom_idx" ON "AssistanceStandard"("region", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "AssistanceStandard_areaScope_category_effectiveFrom_key" ON "AssistanceStandard"("areaScope", "category", "effectiveFrom");
