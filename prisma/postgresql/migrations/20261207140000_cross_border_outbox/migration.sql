-- CreateTable
CREATE TABLE "PeerOutboxEntry" (
    "id" TEXT NOT NULL,
    "peerRegion" "Region" NOT NULL,
    "module" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "PeerOutboxEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PeerOutboxEntry_deliveredAt_nextAttemptAt_idx" ON "PeerOutboxEntry"("deliveredAt", "nextAttemptAt");
