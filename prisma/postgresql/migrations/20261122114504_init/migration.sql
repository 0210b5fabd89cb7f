-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Region" AS ENUM ('CHONGQING', 'SICHUAN');

-- CreateEnum
CREATE TYPE "Residence" AS ENUM ('URBAN', 'RURAL');

-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "AgencyKind" AS ENUM ('CIVIL_AFFAIRS', 'VERIFICATION_CENTRE', 'RELIEF_STATION', 'POLICE');

-- CreateEnum
CREATE TYPE "VerificationProgram" AS ENUM ('MLG', 'SPECIAL_HARDSHIP', 'TEMP_ASSISTANCE', 'LOW_INCOME');

-- CreateEnum
CREATE TYPE "VerificationConclusion" AS ENUM ('ELIGIBLE', 'INELIGIBLE', 'NEEDS_REVIEW');

-- CreateEnum
CREATE TYPE "IncomeSource" AS ENUM ('WAGES', 'PENSION', 'FARMING', 'BUSINESS', 'RENTAL', 'TRANSFER', 'OTHER');

-- CreateEnum
CREATE TYPE "AssetKind" AS ENUM ('BANK_DEPOSIT', 'SECURITIES', 'INSURANCE', 'REAL_ESTATE', 'VEHICLE', 'BUSINESS_EQUITY', 'HOUSING_FUND');

-- CreateEnum
CREATE TYPE "IdentityStatus" AS ENUM ('UNIDENTIFIED', 'SELF_REPORTED', 'IDENTIFIED');

-- CreateEnum
CREATE TYPE "ReliefDisposition" AS ENUM ('IN_CARE', 'RETURNED_HOME', 'TRANSFERRED', 'LEFT_STATION', 'DECEASED');

-- CreateEnum
CREATE TYPE "MissingReportStatus" AS ENUM ('OPEN', 'FOUND', 'CLOSED');

-- CreateEnum
CREATE TYPE "StandardCategory" AS ENUM ('MLG_URBAN', 'MLG_RURAL', 'MLG_UNIFIED', 'HARDSHIP_BASIC_URBAN', 'HARDSHIP_BASIC_RURAL', 'HARDSHIP_BASIC', 'HARDSHIP_CARE_FULL', 'HARDSHIP_CARE_PARTIAL', 'HARDSHIP_CARE_SELF', 'RELIEF_STATION_LIVING', 'MINIMUM_WAGE');

-- CreateEnum
CREATE TYPE "SourceConfidence" AS ENUM ('OFFICIAL', 'SECONDARY', 'ILLUSTRATIVE');

-- CreateTable
CREATE TABLE "AreaDivision" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "region" "Region" NOT NULL,
    "cityName" TEXT NOT NULL,
    "successorCode" TEXT,
    "abolishedOn" TEXT,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "populationWeight" DOUBLE PRECISION NOT NULL DEFAULT 1,

    CONSTRAINT "AreaDivision_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Agency" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "region" "Region" NOT NULL,
    "kind" "AgencyKind" NOT NULL,
    "areaCode" TEXT NOT NULL,

    CONSTRAINT "Agency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Household" (
    "id" TEXT NOT NULL,
    "region" "Region" NOT NULL,
    "areaCode" TEXT NOT NULL,
    "residence" "Residence" NOT NULL,
    "address" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HouseholdMember" (
    "id" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "gender" "Gender" NOT NULL,
    "birthDate" TEXT NOT NULL,
    "relation" TEXT NOT NULL,
    "disabilityGrade" INTEGER,
    "seriousIllness" BOOLEAN NOT NULL DEFAULT false,
    "student" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "HouseholdMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HouseholdVerification" (
    "id" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "region" "Region" NOT NULL,
    "areaCode" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "program" "VerificationProgram" NOT NULL,
    "requestedOn" TEXT NOT NULL,
    "completedOn" TEXT NOT NULL,
    "conclusion" "VerificationConclusion" NOT NULL,
    "memberCount" INTEGER NOT NULL,
    "totalMonthlyIncomeFen" INTEGER NOT NULL,
    "perCapitaIncomeFen" INTEGER NOT NULL,
    "totalAssetsFen" INTEGER NOT NULL,
    "standardFen" INTEGER NOT NULL,
    "reportNumber" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HouseholdVerification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncomeItem" (
    "id" TEXT NOT NULL,
    "verificationId" TEXT NOT NULL,
    "memberId" TEXT,
    "source" "IncomeSource" NOT NULL,
    "monthlyAmountFen" INTEGER NOT NULL,
    "dataSource" TEXT NOT NULL,

    CONSTRAINT "IncomeItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssetItem" (
    "id" TEXT NOT NULL,
    "verificationId" TEXT NOT NULL,
    "memberId" TEXT,
    "kind" "AssetKind" NOT NULL,
    "valueFen" INTEGER NOT NULL,
    "institution" TEXT NOT NULL,
    "accountRef" TEXT,

    CONSTRAINT "AssetItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReliefRecord" (
    "id" TEXT NOT NULL,
    "region" "Region" NOT NULL,
    "stationId" TEXT NOT NULL,
    "reportedName" TEXT,
    "gender" "Gender" NOT NULL,
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
    "faceEmbedding" BYTEA,
    "identityStatus" "IdentityStatus" NOT NULL DEFAULT 'UNIDENTIFIED',
    "disposition" "ReliefDisposition" NOT NULL DEFAULT 'IN_CARE',
    "idNumber" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReliefRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MissingPersonReport" (
    "id" TEXT NOT NULL,
    "region" "Region" NOT NULL,
    "agencyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "aliases" TEXT NOT NULL DEFAULT '',
    "gender" "Gender" NOT NULL,
    "birthDate" TEXT,
    "birthYear" INTEGER NOT NULL,
    "heightCm" INTEGER,
    "features" TEXT NOT NULL DEFAULT '',
    "dialect" TEXT,
    "homeAreaCode" TEXT NOT NULL,
    "lastSeenOn" TEXT NOT NULL,
    "lastSeenAreaCode" TEXT NOT NULL,
    "faceEmbedding" BYTEA,
    "idNumber" TEXT,
    "status" "MissingReportStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MissingPersonReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyntheticPersonLink" (
    "id" SERIAL NOT NULL,
    "personKey" TEXT NOT NULL,
    "recordKind" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,

    CONSTRAINT "SyntheticPersonLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssistanceStandard" (
    "id" TEXT NOT NULL,
    "region" "Region" NOT NULL,
    "areaScope" TEXT NOT NULL,
    "category" "StandardCategory" NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "effectiveTo" TEXT,
    "documentNumber" TEXT,
    "sourceUrl" TEXT,
    "confidence" "SourceConfidence" NOT NULL,
    "note" TEXT,
    "dataVersion" TEXT NOT NULL,

    CONSTRAINT "AssistanceStandard_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "HouseholdMember" ADD CONSTRAINT "HouseholdMember_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HouseholdVerification" ADD CONSTRAINT "HouseholdVerification_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HouseholdVerification" ADD CONSTRAINT "HouseholdVerification_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncomeItem" ADD CONSTRAINT "IncomeItem_verificationId_fkey" FOREIGN KEY ("verificationId") REFERENCES "HouseholdVerification"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncomeItem" ADD CONSTRAINT "IncomeItem_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "HouseholdMember"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssetItem" ADD CONSTRAINT "AssetItem_verificationId_fkey" FOREIGN KEY ("verificationId") REFERENCES "HouseholdVerification"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssetItem" ADD CONSTRAINT "AssetItem_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "HouseholdMember"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReliefRecord" ADD CONSTRAINT "ReliefRecord_stationId_fkey" FOREIGN KEY ("stationId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissingPersonReport" ADD CONSTRAINT "MissingPersonReport_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
