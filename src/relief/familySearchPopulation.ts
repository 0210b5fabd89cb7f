import { z } from "zod";
import { AREA_COUNT, areaAt, areaIndexOf } from "./matching/areaGeometry";
import type { PeerPopulation } from "./matching/familySearchEngine";

// What one node's family search tells the other's so that both weigh a candidate among the
// records of both provinces (see FamilySearchEngine.setPeerPopulation): counts only, never a
// person. On the wire areas go by GB/T 2260 code, not by the engine's dense index, so two nodes
// running different releases of the area table still agree on what a count is about.

const MAX_COUNT = 1_000_000_000;

export const familySearchPopulationSchema = z
  .object({
    openRecords: z.number().int().min(0).max(MAX_COUNT),
    recordsByFoundArea: z.record(z.string().regex(/^\d{6}$/), z.number().int().min(0).max(MAX_COUNT)),
  })
  .strict();

export type FamilySearchPopulation = z.infer<typeof familySearchPopulationSchema>;

export function publishedPopulation(population: PeerPopulation): FamilySearchPopulation {
  const recordsByFoundArea: Record<string, number> = {};
  population.foundAreaCounts.forEach((count, index) => {
    if (count > 0) recordsByFoundArea[areaAt(index).code] = count;
  });
  return { openRecords: population.openRecords, recordsByFoundArea };
}

/** The peer's counts in this node's area numbering; codes it does not know (or that were merged) are folded into their successor or dropped. */
export function receivedPopulation(published: FamilySearchPopulation): PeerPopulation {
  const foundAreaCounts = new Float64Array(AREA_COUNT);
  for (const [code, count] of Object.entries(published.recordsByFoundArea)) {
    const index = areaIndexOf(code);
    if (index >= 0) foundAreaCounts[index] += count;
  }
  return { openRecords: published.openRecords, foundAreaCounts };
}
