// Relief and family-search door (流浪乞讨人员救助寻亲): relief records, missing-person reports and
// the matching between them. src/server plugs the module in.
import type { Region } from "../config";
import { loadConfig } from "../config";
import type { DomainModule, ResolverClass } from "../context";
import type { PrismaClient } from "../db";
import { FamilySearchIndex } from "./familySearchIndex";
import { familySearchPopulationSchema } from "./familySearchPopulation";
import { FamilySearchResolver } from "./familySearchResolver";
import { FamilySearchService } from "./familySearchService";
import { MatchAlertResolver } from "./matchAlertResolver";
import { MatchAlertService } from "./matchAlertService";
import type { FamilySearchEngineOptions } from "./matching/familySearchEngine";
import { MissingPersonReportResolver } from "./missingPersonReportResolver";
import { ReliefRecordResolver } from "./reliefRecordResolver";
import { ReliefRegistry } from "./reliefRegistry";
import { DnaComparisonService } from "./dnaComparisonService";
import { MissingReportClosureService } from "./missingReportClosureService";
import { ReliefDispositionService } from "./reliefDispositionService";
import { MissingReportClosureResolver, ReliefLifecycleResolver } from "./reliefLifecycleResolver";
import { ReliefNoticeService } from "./reliefNoticeService";
import { FamilySearchStatisticsResolver } from "./familySearchStatisticsResolver";
import { FamilySearchStatisticsService, FIGURES_MODULE } from "./familySearchStatisticsService";

export interface ReliefModuleOptions {
  /** Home region of this node (ids are tagged with it); default REGION from the configuration. */
  region?: Region;
  /** Match probability from which continuous matching raises an alert (default 0.9). */
  alertThreshold?: number;
  /** Length of face embeddings accepted (default 128). */
  faceEmbeddingDimensions?: number;
  /** Clock for validation ("not in the future") and alert times. */
  now?: () => Date;
  engine?: FamilySearchEngineOptions;
  /** How often a search first reads rows other gateway processes added (default 1000 ms). */
  catchUpIntervalMs?: number;
}

export const DEFAULT_ALERT_THRESHOLD = 0.9;

export function createReliefModule(prisma: PrismaClient, options: ReliefModuleOptions = {}): DomainModule {
  const region = options.region ?? loadConfig().region;
  const now = options.now ?? (() => new Date());
  const rules = () => ({ today: now(), faceEmbeddingDimensions: options.faceEmbeddingDimensions ?? 128 });
  const registry = new ReliefRegistry(prisma);
  const index = new FamilySearchIndex(prisma, options.engine, options.catchUpIntervalMs);
  const alerts = new MatchAlertService(prisma, region, index, now);
  const familySearch = new FamilySearchService(prisma, region, index, alerts, options.alertThreshold ?? DEFAULT_ALERT_THRESHOLD, rules);
  // A record's life after the match (docs/family-search-lifecycle.md).
  const lifecycle = new ReliefLifecycleResolver(new ReliefDispositionService(prisma, region, now), new DnaComparisonService(prisma, region, rules), new ReliefNoticeService(prisma, region, now));
  const closures = new MissingReportClosureResolver(new MissingReportClosureService(prisma, region, index, now));
  return {
    name: "relief",
    resolvers: [ReliefRecordResolver, MissingPersonReportResolver, FamilySearchResolver, MatchAlertResolver, ReliefLifecycleResolver, MissingReportClosureResolver],
    instances: new Map<ResolverClass, object>([
      [ReliefLifecycleResolver, lifecycle],
      [MissingReportClosureResolver, closures],
      [ReliefRecordResolver, new ReliefRecordResolver(registry, familySearch)],
      [MissingPersonReportResolver, new MissingPersonReportResolver(registry, familySearch)],
      [FamilySearchResolver, new FamilySearchResolver(familySearch)],
      [MatchAlertResolver, new MatchAlertResolver(alerts, registry)],
    ]),
    forwardedRootFields: {
      reliefRecord: { kind: "id", arg: "id" },
      missingPersonReport: { kind: "id", arg: "id" },
      familySearchForRecord: { kind: "id", arg: "reliefRecordId" },
      familySearch: { kind: "regions", rankBy: { field: "matchWeight", limitArg: "limit" } },
    },
    warmUp: { start: () => index.warmUp(), state: () => index.state() },
    peerStatistics: {
      publish: () => index.population(),
      accept(statistics) {
        const population = familySearchPopulationSchema.parse(statistics);
        index.acceptPeerPopulation(population);
        return `${population.openRecords} open relief records`;
      },
    },
  };
}

/**
 * familySearchStatistics (docs/family-search-lifecycle.md): its own module so that its figures
 * travel between the nodes on their own channel of the statistics exchange.
 */
export function createFamilySearchStatisticsModule(prisma: PrismaClient, options: { region?: Region; now?: () => Date } = {}): DomainModule {
  const region = options.region ?? loadConfig().region;
  const service = new FamilySearchStatisticsService(prisma, region, options.now ?? (() => new Date()));
  return {
    name: FIGURES_MODULE,
    resolvers: [FamilySearchStatisticsResolver],
    instances: new Map<ResolverClass, object>([[FamilySearchStatisticsResolver, new FamilySearchStatisticsResolver(service, region)]]),
    peerStatistics: { publish: () => service.publish(), accept: (statistics) => service.accept(statistics) },
  };
}

export { ReliefRecord } from "./reliefRecordType";
export { MissingPersonReport } from "./missingPersonReportType";

// The matching engine and row adapters, for the benchmark (scripts/bench/match) and the peer layer.
export { FamilySearchEngine, type FamilySearchMatch, type FamilySearchEngineOptions } from "./matching/familySearchEngine";
export type { HealthDataUse } from "./matching/matchScorer";
export { profileOfReport, type ReliefRecordFacts, type MissingPersonFacts } from "./matching/matchProfile";
export { reliefRecordFacts, missingPersonFacts, type StoredReliefRecord, type StoredMissingPersonReport } from "./matchFacts";
export { DEFAULT_MATCH_PARAMETERS, type MatchParameters } from "./matching/matchParameters";
