-- AlterTable
ALTER TABLE "HouseholdVerification" ADD COLUMN     "withdrawalReason" TEXT,
ADD COLUMN     "withdrawnAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "HouseholdVerificationChange" (
    "sequence" SERIAL NOT NULL,
    "verificationId" TEXT NOT NULL,
    "reportNumber" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HouseholdVerificationChange_pkey" PRIMARY KEY ("sequence")
);

-- CreateIndex
CREATE INDEX "HouseholdVerificationChange_verificationId_idx" ON "HouseholdVerificationChange"("verificationId");
