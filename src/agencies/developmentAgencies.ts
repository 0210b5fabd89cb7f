import type { Region } from "../config";
import type { PrismaClient } from "../db";
import type { AgencyRecord } from "./agencyRecord";
import { storeAgency } from "./agencyRegistry";

// The agencies development tokens name: `npm run token` (…-AG-DEMO) and the test suites'
// officerToken (…-AG-TEST). A node that trusts its province's development issuer registers them at
// start (src/server/gatewayNode.ts); one that trusts only real issuers never does.

const SEAT: Record<Region, string> = { CHONGQING: "500103", SICHUAN: "510104" };
const PROVINCE: Record<Region, string> = { CHONGQING: "500000", SICHUAN: "510000" };
const TAG: Record<Region, string> = { CHONGQING: "CQ", SICHUAN: "SC" };
const NAME: Record<Region, string> = { CHONGQING: "重庆市民政局（开发测试）", SICHUAN: "四川省民政厅（开发测试）" };

export function developmentAgencies(region: Region): AgencyRecord[] {
  // The whole province: one province-level code (500000 / 510000), as the row rules read it.
  const jurisdiction = [PROVINCE[region]];
  return ["DEMO", "TEST"].map((suffix) => ({
    id: `${TAG[region]}-AG-${suffix}`,
    code: `${TAG[region]}-AG-${suffix}`,
    name: NAME[region],
    region,
    kind: "CIVIL_AFFAIRS",
    areaCode: SEAT[region],
    jurisdiction,
  }));
}

const REGISTER_ATTEMPTS = 3;

/**
 * Registers them, once. Several processes may start together over one database (the benchmark's
 * nodes, a scale-out deployment in development): a start that finds them registered writes
 * nothing, and one that loses the race to create them (a unique violation, or SQLite's lock held
 * past the transaction's wait) reads again and finds them there.
 */
export async function registerDevelopmentAgencies(prisma: PrismaClient, region: Region): Promise<void> {
  const agencies = developmentAgencies(region);
  for (let attempt = 1; ; attempt++) {
    const registered = await prisma.agency.count({ where: { id: { in: agencies.map((a) => a.id) } } });
    if (registered === agencies.length) return;
    try {
      await prisma.$transaction(
        async (tx) => {
          for (const agency of agencies) await storeAgency(tx, agency);
        },
        { maxWait: 10_000, timeout: 20_000 },
      );
      return;
    } catch (error) {
      if (attempt >= REGISTER_ATTEMPTS) throw error;
    }
  }
}
