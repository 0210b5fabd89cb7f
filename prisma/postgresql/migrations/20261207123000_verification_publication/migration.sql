-- CreateEnum
CREATE TYPE "ExpenditureKind" AS ENUM ('MEDICAL', 'EDUCATION', 'DISABILITY');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AssetKind" ADD VALUE 'INTERNET_FINANCE';
ALTER TYPE "AssetKind" ADD VALUE 'VESSEL';

-- DropIndex
DROP INDEX "HouseholdVerification_reportNumber_key";

-- AlterTable
ALTER TABLE "Household" ALTER COLUMN "address" DROP NOT NULL;

-- AlterTable
ALTER TABLE "HouseholdVerification" ADD COLUMN     "contentSha256" TEXT,
ADD COLUMN     "publishedBy" TEXT,
ADD COLUMN     "reviewDueOn" TEXT,
ADD COLUMN     "supersededById" TEXT,
ADD COLUMN     "verifiedAt" TIMESTAMP(3),
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "ExpenditureItem" (
    "id" TEXT NOT NULL,
    "verificationId" TEXT NOT NULL,
    "memberId" TEXT,
    "kind" "ExpenditureKind" NOT NULL,
    "monthlyAmountFen" INTEGER NOT NULL,

    CONSTRAINT "ExpenditureItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExpenditureItem_verificationId_idx" ON "ExpenditureItem"("verificationId");

-- CreateIndex
CREATE INDEX "HouseholdVerification_areaCode_reviewDueOn_idx" ON "HouseholdVerification"("areaCode", "reviewDueOn");

-- CreateIndex
CREATE UNIQUE INDEX "HouseholdVerification_reportNumber_version_key" ON "HouseholdVerification"("reportNumber", "version");

-- AddForeignKey
ALTER TABLE "ExpenditureItem" ADD CONSTRAINT "ExpenditureItem_verificationId_fkey" FOREIGN KEY ("verificationId") REFERENCES "HouseholdVerification"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpenditureItem" ADD CONSTRAINT "ExpenditureItem_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "HouseholdMember"("id") ON DELETE SET NULL ON UPDATE CASCADE;
