-- CreateTable
CREATE TABLE "AgencyJurisdiction" (
    "agencyId" TEXT NOT NULL,
    "areaCode" TEXT NOT NULL,

    CONSTRAINT "AgencyJurisdiction_pkey" PRIMARY KEY ("agencyId","areaCode")
);

-- CreateIndex
CREATE INDEX "AgencyJurisdiction_areaCode_idx" ON "AgencyJurisdiction"("areaCode");

-- AddForeignKey
ALTER TABLE "AgencyJurisdiction" ADD CONSTRAINT "AgencyJurisdiction_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
