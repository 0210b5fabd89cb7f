// Relief and family-search door (流浪乞讨人员救助寻亲): relief records, missing-person reports and
// the matching between them. src/server plugs the module in; nothing else is exported.
import type { DomainModule } from "../context";
import type { Region } from "../config";
import type { PrismaClient } from "../db";
import { MissingPersonReportResolver } from "./missingPersonReportResolver";
import { ReliefRecordResolver } from "./reliefRecordResolver";
import { ReliefRegistry } from "./reliefRegistry";

export interface ReliefModuleOptions {
  /** Home region of this node (ids are tagged with it). */
  region?: Region;
}

export function createReliefModule(prisma: PrismaClient, _options: ReliefModuleOptions = {}): DomainModule {
  const registry = new ReliefRegistry(prisma);
  const resolvers = [ReliefRecordResolver, MissingPersonReportResolver] as const;
  const instances = new Map<Function, object>([
    [ReliefRecordResolver, new ReliefRecordResolver(registry)],
    [MissingPersonReportResolver, new MissingPersonReportResolver(registry)],
  ]);
  return { name: "relief", resolvers, instances };
}

export { ReliefRecord } from "./reliefRecordType";
export { MissingPersonReport } from "./missingPersonReportType";

// The matching engine and row adapters, for the benchmark (scripts/bench/match) and the peer layer.
export { FamilySearchEngine, type FamilySearchMatch, type FamilySearchEngineOptions } from "./matching/familySearchEngine";
export type { ReliefRecordFacts, MissingPersonFacts } from "./matching/matchProfile";
export { reliefRecordFacts, missingPersonFacts, type StoredReliefRecord, type StoredMissingPersonReport } from "./matchFacts";
export { DEFAULT_MATCH_PARAMETERS, type MatchParameters } from "./matching/matchParameters";
