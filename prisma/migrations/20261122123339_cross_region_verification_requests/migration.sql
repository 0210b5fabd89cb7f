-- CreateTable
CREATE TABLE "CrossRegionVerificationRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestingRegion" TEXT NOT NULL,
    "targetRegion" TEXT NOT NULL,
    "requesterSub" TEXT NOT NULL,
    "requesterAgency" TEXT NOT NULL,
    "subjectIdNumber" TEXT NOT NULL,
    "program" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "caseRef" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'REQUESTED',
    "resultVerificationId" TEXT,
    "declineReason" TEXT,
    "handledBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CrossRegionVerificationRequest_requestingRegion_state_idx" ON "CrossRegionVerificationRequest"("requestingRegion", "state");

-- CreateIndex
CREATE INDEX "CrossRegionVerificationRequest_targetRegion_state_idx" ON "CrossRegionVerificationRequest"("targetRegion", "state");
