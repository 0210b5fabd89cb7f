-- CreateTable
CREATE TABLE "AgencyJurisdiction" (
    "agencyId" TEXT NOT NULL,
    "areaCode" TEXT NOT NULL,

    PRIMARY KEY ("agencyId", "areaCode"),
    CONSTRAINT "AgencyJurisdiction_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AgencyJurisdiction_areaCode_idx" ON "AgencyJurisdiction"("areaCode");
