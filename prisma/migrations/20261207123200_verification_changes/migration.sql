-- AlterTable
ALTER TABLE "HouseholdVerification" ADD COLUMN "withdrawalReason" TEXT;
ALTER TABLE "HouseholdVerification" ADD COLUMN "withdrawnAt" DATETIME;

-- CreateTable
CREATE TABLE "HouseholdVerificationChange" (
    "sequence" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "verificationId" TEXT NOT NULL,
    "reportNumber" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "changedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "HouseholdVerificationChange_verificationId_idx" ON "HouseholdVerificationChange"("verificationId");
