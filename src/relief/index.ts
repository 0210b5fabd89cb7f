// Relief and family-search door (流浪乞讨人员救助寻亲): relief records, missing-person reports and
// the matching between them. src/server plugs the module in.
import type { Region } from "../config";
import { loadConfig } from "../config";
import type { DomainModule, PeerFieldLink, PeerOutbox, ResolverClass } from "../context";
import { CrossBorderMatching } from "./crossBorderMatching";
import { ALERT_CHANNEL, AlertNotifications, AlertSubscriptionResolver } from "./alertNotifications";
import type { PrismaClient } from "../db";
import { FamilySearchIndex, type RefitOptions } from "./familySearchIndex";
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
import { DEFAULT_MIN_CELL_COUNT } from "./smallCellSuppression";

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
  /** When match parameters are fitted again as rows arrive (default after 1,000 rows, or every 15 minutes with any). */
  refit?: RefitOptions;
  /** The other province's node: searches asked as the caller (familySearchForRecord across regions). */
  peers?: PeerFieldLink;
  /** Provinces whose nodes this node is peered with: continuous matching asks them too. */
  peerRegions?: readonly Region[];
  /** The durable outbox of node-to-node messages, once src/server has started it. */
  outbox?: () => PeerOutbox | undefined;
  /**
   * How long a filing waits for the peer's half of continuous matching (default 0: it does not
   * wait; the first attempt runs in the background and the peer's alerts arrive when it answers).
   */
  peerFirstAttemptWaitMs?: number;
}

export const DEFAULT_ALERT_THRESHOLD = 0.9;

export function createReliefModule(prisma: PrismaClient, options: ReliefModuleOptions = {}): DomainModule {
  const region = options.region ?? loadConfig().region;
  const now = options.now ?? (() => new Date());
  const rules = () => ({ today: now(), faceEmbeddingDimensions: options.faceEmbeddingDimensions ?? 128 });
  const registry = new ReliefRegistry(prisma);
  const index = new FamilySearchIndex(prisma, options.engine, options.catchUpIntervalMs, options.refit);
  const alerts = new MatchAlertService(prisma, region, index, now);
  const notifications = new AlertNotifications((id, where) => alerts.isWithin(id, where));
  alerts.listeners.push(notifications);
  const alertThreshold = options.alertThreshold ?? DEFAULT_ALERT_THRESHOLD;
  const crossBorder = new CrossBorderMatching({
    prisma,
    home: region,
    peerRegions: (options.peerRegions ?? []).filter((r) => r !== region),
    index,
    alerts,
    alertThreshold,
    outbox: options.outbox ?? (() => undefined),
    firstAttemptWaitMs: options.peerFirstAttemptWaitMs ?? 0,
  });
  const familySearch = new FamilySearchService(prisma, region, index, alerts, alertThreshold, rules, crossBorder);
  // A record's life after the match (docs/family-search-lifecycle.md).
  const lifecycle = new ReliefLifecycleResolver(new ReliefDispositionService(prisma, region, now), new DnaComparisonService(prisma, region, rules), new ReliefNoticeService(prisma, region, now));
  const closures = new MissingReportClosureResolver(new MissingReportClosureService(prisma, region, index, now));
  return {
    name: "relief",
    resolvers: [ReliefRecordResolver, MissingPersonReportResolver, FamilySearchResolver, MatchAlertResolver, AlertSubscriptionResolver, ReliefLifecycleResolver, MissingReportClosureResolver],
    instances: new Map<ResolverClass, object>([
      [ReliefLifecycleResolver, lifecycle],
      [MissingReportClosureResolver, closures],
      [ReliefRecordResolver, new ReliefRecordResolver(registry, familySearch)],
      [MissingPersonReportResolver, new MissingPersonReportResolver(registry, familySearch)],
      [FamilySearchResolver, new FamilySearchResolver(familySearch, region, options.peers)],
      [MatchAlertResolver, new MatchAlertResolver(alerts, registry)],
      [AlertSubscriptionResolver, new AlertSubscriptionResolver()],
    ]),
    forwardedRootFields: {
      reliefRecord: { kind: "id", arg: "id" },
      missingPersonReport: { kind: "id", arg: "id" },
      familySearchForRecord: { kind: "id", arg: "reliefRecordId" },
      familySearch: { kind: "regions", rankBy: { field: "matchWeight", limitArg: "limit" } },
      familySearchForPerson: { kind: "regions", rankBy: { field: "matchWeight", limitArg: "limit" } },
    },
    warmUp: { start: () => index.warmUp(), state: () => index.state() },
    stop: () => index.stop(),
    subscriptionContext: (context) => notifications.attachTo(context, ALERT_CHANNEL),
    notifications: {
      events: ["matchAlertRaised", "matchAlertDecided"],
      type: "MatchAlert",
      listen: (event, send) => notifications.listen(event === "matchAlertRaised" ? "raised" : "decided", (alert) => send(alert as unknown as Record<string, unknown>)),
      rows: { entity: "MatchAlert", isWithin: (alert, where) => alerts.isWithin(String(alert.id), where) },
    },
    readiness: [{ name: "match-parameters:relief", state: () => describeFit(index.fitState()) }],
    ...(crossBorder.enabled ? { peerExchange: crossBorder.exchange } : {}),
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
export function createFamilySearchStatisticsModule(prisma: PrismaClient, options: { region?: Region; now?: () => Date; minCellCount?: number } = {}): DomainModule {
  const region = options.region ?? loadConfig().region;
  const service = new FamilySearchStatisticsService(prisma, region, options.now ?? (() => new Date()));
  return {
    name: FIGURES_MODULE,
    resolvers: [FamilySearchStatisticsResolver],
    instances: new Map<ResolverClass, object>([[FamilySearchStatisticsResolver, new FamilySearchStatisticsResolver(service, region, options.minCellCount ?? DEFAULT_MIN_CELL_COUNT)]]),
    peerStatistics: { publish: () => service.publish(), accept: (statistics) => service.accept(statistics) },
  };
}

/** The fit's age for /readyz, e.g. "fitted 42 s ago (generation 3), 17 rows since". */
function describeFit(fit: ReturnType<FamilySearchIndex["fitState"]>): string {
  if (!fit.fittedAt) return "not yet fitted";
  const age = Math.round((Date.now() - fit.fittedAt.getTime()) / 1000);
  return `fitted ${age} s ago (generation ${fit.generation}), ${fit.rowsSinceFit} rows since${fit.refitting ? ", refitting" : ""}`;
}

export { ReliefRecord } from "./reliefRecordType";
export { reliefRecordIsMinor } from "./minorAge";
export { MissingPersonReport } from "./missingPersonReportType";

// The matching engine and row adapters, for the benchmark (scripts/bench/match) and the peer layer.
export { FamilySearchEngine, type FamilySearchMatch, type FamilySearchEngineOptions } from "./matching/familySearchEngine";
export type { HealthDataUse } from "./matching/matchScorer";
export { profileOfReport, type ReliefRecordFacts, type MissingPersonFacts } from "./matching/matchProfile";
export { reliefRecordFacts, missingPersonFacts, type StoredReliefRecord, type StoredMissingPersonReport } from "./matchFacts";
export { DEFAULT_MATCH_PARAMETERS, type MatchParameters } from "./matching/matchParameters";
// The cross-border message a filing sends, for the benchmark's cost of cross-border matching.
export { reportDescriptionOf, readReportMessage, reportFactsOf } from "./crossBorderMatching";
