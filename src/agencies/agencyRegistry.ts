import type { Region } from "../config";
import type { DatabaseTransaction, PrismaClient } from "../db";
import type { AgencyRecord } from "./agencyRecord";

/** A claim naming an agency not yet known reloads the registry, at most this often. */
const RELOAD_AFTER_MS = 5_000;

/**
 * The agency registry (机构名录): what tokens' `agency` claims are checked against, and where an
 * agency's jurisdiction is read. The ids are held in memory (a province has thousands of agencies,
 * not millions), so checking a token costs no query; an unknown id reloads them (rate-limited),
 * so an agency imported while the node runs is recognised within seconds.
 */
export class AgencyRegistry {
  private regions = new Map<string, Region>();
  private loadedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(private readonly prisma: PrismaClient) {}

  /** Reads every registered agency's id and region (start-up, and after a miss). */
  async load(): Promise<void> {
    this.loading ??= this.prisma.agency
      .findMany({ select: { id: true, region: true } })
      .then((rows) => {
        this.regions = new Map(rows.map((r) => [r.id, r.region]));
        this.loadedAt = Date.now();
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /** Whether an agency of that region is registered here. */
  async isRegistered(agencyId: string, region: Region): Promise<boolean> {
    if (!this.regions.has(agencyId) && Date.now() - this.loadedAt > RELOAD_AFTER_MS) await this.load();
    return this.regions.get(agencyId) === region;
  }

  /**
   * The area codes an agency answers for: its AgencyJurisdiction rows, or its seat when it has
   * none; empty for an unknown agency.
   */
  async jurisdictionOf(agencyId: string): Promise<string[]> {
    const row = await this.prisma.agency.findUnique({ where: { id: agencyId }, select: { areaCode: true, jurisdictions: { select: { areaCode: true }, orderBy: { areaCode: "asc" } } } });
    if (!row) return [];
    return row.jurisdictions.length > 0 ? row.jurisdictions.map((j) => j.areaCode) : [row.areaCode];
  }
}

export type AgencyWrite = "CREATED" | "UNCHANGED" | "UPDATED";

/** Writes one agency and its jurisdiction in the caller's transaction; the same record again writes nothing. */
export async function storeAgency(tx: DatabaseTransaction, record: AgencyRecord): Promise<AgencyWrite> {
  const existing = await tx.agency.findUnique({ where: { id: record.id }, include: { jurisdictions: { select: { areaCode: true }, orderBy: { areaCode: "asc" } } } });
  const { jurisdiction, ...columns } = record;
  if (existing) {
    const same =
      existing.code === record.code && existing.name === record.name && existing.region === record.region && existing.kind === record.kind && existing.areaCode === record.areaCode &&
      existing.jurisdictions.map((j) => j.areaCode).join() === jurisdiction.join();
    if (same) return "UNCHANGED";
    await tx.agency.update({ where: { id: record.id }, data: columns });
    await tx.agencyJurisdiction.deleteMany({ where: { agencyId: record.id } });
  } else {
    await tx.agency.create({ data: columns });
  }
  await tx.agencyJurisdiction.createMany({ data: jurisdiction.map((areaCode) => ({ agencyId: record.id, areaCode })) });
  return existing ? "UPDATED" : "CREATED";
}
