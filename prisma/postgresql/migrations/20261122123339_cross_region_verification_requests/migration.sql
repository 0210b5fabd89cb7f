-- CreateEnum
CREATE TYPE "VerificationRequestState" AS ENUM ('REQUESTED', 'IN_PROGRESS', 'COMPLETED', 'DECLINED');

-- CreateTable
CREATE TABLE "CrossRegionVerificationRequest" (
    "id" TEXT NOT NULL,
    "requestingRegion" "Region" NOT NULL,
    "targetRegion" "Region" NOT NULL,
    "requesterSub" TEXT NOT NULL,
    "requesterAgency" TEXT NOT NULL,
    "subjectIdNumber" TEXT NOT NULL,
    "program" "VerificationProgram" NOT NULL,
    "reason" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "caseRef" TEXT NOT NULL,
    "state" "VerificationRequestState" NOT NULL DEFAULT 'REQUESTED',
    "resultVerificationId" TEXT,
    "declineReason" TEXT,
    "handledBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrossRegionVerificationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CrossRegionVerificationRequest_requestingRegion_state_idx" ON "CrossRegionVerificationRequest"("requestingRegion", "state");

-- CreateIndex
CREATE INDEX "CrossRegionVerificationRequest_targetRegion_state_idx" ON "CrossRegionVerificationRequest"("targetRegion", "state");
