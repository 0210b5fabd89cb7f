import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import type { Tracer } from "@opentelemetry/api";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { auditStage, AuditChainWriter } from "../audit";
import { AuthenticationFailure, createTokenVerifier, devIssuerKeyName, ensureDevSecret, ensureSigningKey, nodeKeyName, type SigningKey } from "../auth";
import { AgencyRegistry, registerDevelopmentAgencies } from "../agencies";
import { devIssuerFor, type GatewayConfig } from "../config";
import type { RequestContext } from "../context";
import { createPrismaClient, parseDatabaseUrl, tuneSqliteConnection, type PrismaClient } from "../db";
import { createGatewayMetrics, createLogger, loggableError, observabilityStage, type Logger } from "../observability";
import { createOperationExecutor, localExecutionGateway } from "../execution";
import { agencyRegistryJurisdictions, createPolicyEngine, enumerationBudgetStage, policyStage, unrestrictedRowsForBenchmark, type ExplainTarget } from "../policy";
import { loadTrustedDocuments, operationLimitsPlugin, trustedDocumentsPlugin } from "../limits";
import { createOperationAnalyzer } from "../operation";
import {
  createServiceTokenVerifier,
  forwardAcrossRegions,
  PEER_STATISTICS_PATH,
  PeerClient,
  peerFieldLinkOver,
  peerLinkOver,
  PEER_EXCHANGE_PATH,
  startPeerOutbox,
  type PeerOutboxLoop,
  peerStage,
  startPeerStatisticsExchange,
} from "../peers";
import type { Region } from "../config";
import type { HouseholdLookups } from "../verification";
import { createGovernancePipeline, type GovernancePipelineOptions } from "../pipeline";
import { buildGatewaySchema } from "./gatewaySchema";
import { forwardedRootFieldsOf, gatewayModules } from "./gatewayModules";
import { createGraphqlHttpHandler } from "./graphqlHttpHandler";
import { sendJson, graphqlErrorBody } from "./httpExchange";
import { createOpsRoutes, type ReadinessCheck } from "./opsRoutes";
import { createPeerStatisticsRoute } from "./peerStatisticsRoute";
import { createPeerExchangeRoute } from "./peerExchangeRoute";
import { createSubscriptionRoute, SUBSCRIPTION_PATH } from "./subscriptionRoute";
import { startWebhookDispatcher } from "./webhookDispatcher";
import { sanitizeError } from "./errorFormatting";
import { createConsoleRoutes } from "../console";

export interface GatewayNode {
  url: string;
  port: number;
  prisma: PrismaClient;
  logger: Logger;
  close(): Promise<void>;
}

export interface GatewayNodeOverrides {
  prisma?: PrismaClient;
  logger?: Logger;
  /**
   * Benchmarks only: run without the policy plugin to measure what enforcement costs. Reachable
   * from code alone (scripts/bench), never from configuration, so no deployment can switch it.
   */
  benchmarkBaselineWithoutPolicy?: boolean;
  /** Benchmarks only, likewise: run without the audit plugin, to measure what the audit costs. */
  benchmarkBaselineWithoutAudit?: boolean;
  /** Benchmarks only, likewise: household lookups answered from memory ("FULL with in-memory data"). */
  benchmarkHouseholdLookups?: HouseholdLookups;
  /** The tracer of startTracing (src/main.ts, when OTEL_EXPORTER_OTLP_ENDPOINT is set): GraphQL operations get spans. */
  tracer?: Tracer;
  /** Tests only: told after each governance stage's hook (test/pipeline observes the written order). */
  onGovernanceStage?: GovernancePipelineOptions["onStage"];
}

const WARM_UP_SHUTDOWN_WAIT_MS = 5_000;

async function peerState(client: PeerClient): Promise<string> {
  const breaker = client.state();
  try {
    const res = await fetch(`${client.peer.url}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.ok ? `up (circuit ${breaker})` : `down (HTTP ${res.status}, circuit ${breaker})`;
  } catch {
    return `down (circuit ${breaker})`;
  }
}

/** SQLite settings for a gateway's own connection: the shared ones, and foreign keys enforced. */
async function tuneSqlite(prisma: PrismaClient): Promise<void> {
  await tuneSqliteConnection(prisma);
  await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
}

/**
 * The composition root of one province's node: config → database → keys → domain modules →
 * schema → Apollo with its plugins (read top to bottom) → HTTP.
 */
export async function startGatewayNode(config: GatewayConfig, overrides: GatewayNodeOverrides = {}): Promise<GatewayNode> {
  const logger = overrides.logger ?? createLogger(config);
  const metrics = createGatewayMetrics(config.region);
  const prisma = overrides.prisma ?? createPrismaClient(config.databaseUrl);
  const database = parseDatabaseUrl(config.databaseUrl);
  if (database.provider === "sqlite") await tuneSqlite(prisma);

  const nodeKey: SigningKey = await ensureSigningKey(config.keysDir, nodeKeyName(config.region));
  const issuerKey: SigningKey = await ensureSigningKey(config.keysDir, devIssuerKeyName(config.region));
  const verifier = createTokenVerifier({ trustedIssuers: config.trustedIssuers, audience: config.audience, cacheSize: config.tokenCacheSize });
  const serviceTokens = createServiceTokenVerifier({ peers: config.peers, ownIssuer: config.nodeIssuer });
  const agencies = new AgencyRegistry(prisma);
  // Development tokens (npm run token, the test suites) name development agencies: registered
  // exactly where this province's development issuer is trusted, so they verify where their tokens do.
  if (config.trustedIssuers.some((i) => i.issuer === devIssuerFor(config.region))) await registerDevelopmentAgencies(prisma, config.region);
  await agencies.load();
  // An officer of this province must belong to an agency of its registry. The other province's
  // officers are vouched for by their own node when forwarded; called directly, policy refuses
  // them any personal data (CROSS_REGION_REQUIRES_PEER), so their agency is not this node's to know.
  // One check for every way in: /graphql and the subscription stream.
  const verifyOfficer = async (token: string) => {
    const principal = await verifier.verify(token);
    if (principal.region === config.region && !(await agencies.isRegistered(principal.agency, principal.region))) {
      throw new AuthenticationFailure("unknown agency");
    }
    return principal;
  };
  const authenticate = async (token: string) =>
    serviceTokens.isServiceToken(token) ? serviceTokens.verify(token) : { principal: await verifyOfficer(token) };
  const signing = { key: nodeKey, issuer: config.nodeIssuer };
  const peers = new Map<Region, PeerClient>(
    config.peers.map((p) => [
      p.region,
      new PeerClient(p, signing, ({ seconds, outcome }) => metrics.peerForwardDuration.observe({ peer: p.region, outcome }, seconds)),
    ]),
  );
  metrics.watchPeerCircuits([...peers.values()].map((client) => ({ peer: client.peer.region, state: () => client.state() })));

  const subjectKey = config.auditSubjectKey ?? ensureDevSecret(config.keysDir, `${config.region.toLowerCase()}-audit-subject`);
  const audit = await AuditChainWriter.open(prisma, {
    node: config.region,
    signingKey: { key: nodeKey.privateKey, kid: nodeKey.kid },
    subjectKey,
    checkpointEvery: config.auditCheckpointEvery,
    provider: database.provider,
    // On SQLite the audit batches commit from their own thread, so an fsync never stalls requests.
    sqliteFile: database.provider === "sqlite" ? database.location : undefined,
    onHealthChange: (healthy, error) => logger[healthy ? "info" : "error"]({ healthy, reason: error?.message }, "audit store health changed"),
    onCommit: ({ entries, seconds }) => {
      metrics.auditCommitDuration.observe(seconds);
      if (entries > 0) metrics.auditEntriesPerCommit.observe(entries);
    },
    onCommitFailure: () => metrics.auditCommitFailures.inc(),
  });
  metrics.watchAuditWriter({ queued: () => audit.stats().queued, healthy: () => audit.isHealthy() });

  const explainTarget: ExplainTarget = {};
  // Started once the modules exist (it hands the peer's answers back to them); they reach it late-bound.
  const outbox: { current?: PeerOutboxLoop } = {};
  const modules = gatewayModules(prisma, config.region, explainTarget, {
    maxPageSize: config.maxPageSize,
    statisticsMinCellCount: config.statisticsMinCellCount,
    peers: peerLinkOver(peers),
    householdLookups: overrides.benchmarkHouseholdLookups,
    audit: { subjectKey, publicKeys: () => ({ keys: [nodeKey.publicJwk] }) },
    relief: { peers: peerFieldLinkOver(peers), peerRegions: [...peers.keys()], outbox: () => outbox.current, peerFirstAttemptWaitMs: config.peerFirstAttemptWaitMs },
  });
  const schema = await buildGatewaySchema(modules);
  // Each domain declares which of its root fields the other province answers (DomainModule).
  const forwardedRootFields = forwardedRootFieldsOf(modules);
  // One analysis per distinct operation, read by the limits, the policy, forwarding and the audit.
  const analyzer = createOperationAnalyzer(schema, { introspection: config.introspection, forwardedRootFields });
  const policy = createPolicyEngine(schema, config.policyDir, { introspection: config.introspection, analyzer });
  // The one place jurisdictions come from: point this at another registry to change where.
  const jurisdictions = agencyRegistryJurisdictions(prisma, config.region, config.agencyJurisdictions);
  Object.assign(explainTarget, { engine: policy, schema, jurisdictions });
  forwardAcrossRegions(schema, forwardedRootFields, config.region, peers, analyzer);

  // Created before Apollo so its drain plugin can track the connections; routes are added below.
  const server = http.createServer();
  server.keepAliveTimeout = 65_000;
  let draining = false;

  // The governance stages, each from its domain folder; src/pipeline/governancePipeline.ts writes
  // the order they run in (policy → budget → audit → peer → metrics) and runs them in one plugin.
  const governance = createGovernancePipeline(
    {
      ...(overrides.benchmarkBaselineWithoutPolicy ? {} : { policy: policyStage(policy, jurisdictions), budget: enumerationBudgetStage(config.enumerationBudget) }),
      ...(overrides.benchmarkBaselineWithoutAudit
        ? {}
        : { audit: auditStage(audit, { onAuditFailure: (error, requestId) => logger.error({ requestId, reason: error.message }, "audit entry not committed; answer withheld") }) }),
      peer: peerStage(signing),
      metrics: observabilityStage({ logger, metrics, tracer: overrides.tracer, node: config.region }),
    },
    {
      onStage: overrides.onGovernanceStage,
      onStageFailure: (error, requestId) => logger.error({ requestId, err: loggableError(error) }, "governance stage failed; answer withheld"),
    },
  );

  // Cross-cutting concerns, read top to bottom; each is one plugin, resolvers call none of them.
  // Apollo starts the same hook of every plugin at once (in this order), so anything whose order
  // matters is a stage of the governance pipeline, not a plugin of its own.
  const plugins: ApolloServerPlugin<RequestContext>[] = [
    // apollo.stop() first stops accepting connections, closes idle keep-alive sockets, lets every
    // request in flight (GraphQL or not) finish within the grace period, then closes the rest.
    ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: config.shutdown.graceMs }),
    ApolloServerPluginLandingPageDisabled(),
    // Installed by default, it wraps every field's resolver to collect cache hints we never give
    // (answers are no-store); a measurable share of CPU on 100-row pages.
    ApolloServerPluginCacheControlDisabled(),
    ...(config.trustedDocumentsFile ? [trustedDocumentsPlugin(loadTrustedDocuments(config.trustedDocumentsFile))] : []),
    operationLimitsPlugin(schema, config.limits, { introspection: config.introspection, analyzer }),
    ...(overrides.benchmarkBaselineWithoutPolicy ? [unrestrictedRowsForBenchmark()] : []),
    governance.plugin,
  ];
  // Execution is ours (compiled plans, graphql-js as fallback); parsing, validation, every plugin
  // hook and error formatting stay Apollo's (src/execution/executionGateway.ts).
  const executor = createOperationExecutor(schema, config.executionEngine, { executed: (engine) => metrics.executions.inc({ engine }) });
  const apollo = new ApolloServer<RequestContext>({
    gateway: localExecutionGateway(schema, executor),
    plugins,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries off: with GET refused they save nothing, and they would let any
    // caller fill the cache. Reviewed operations by id are the trusted-documents mode (src/limits).
    persistedQueries: false,
    csrfPrevention: true,
    // The node owns its shutdown (src/main.ts: close HTTP, then Apollo, then seal the audit
    // chain). Apollo's own SIGTERM handler re-sent the signal first, so no chain was ever sealed.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    formatError: (formatted, error) => sanitizeError(formatted, error, logger),
  });
  await apollo.start();

  const peerStatistics = startPeerStatisticsExchange({
    modules,
    peers,
    intervalMs: config.peerStatisticsIntervalMs,
    events: {
      received: (region, module, summary) => logger.info({ peer: region, module, summary }, "peer statistics received"),
      failed: (region, module, reason) => logger.warn({ peer: region, module, reason }, "peer statistics not received; trying again"),
    },
  });

  const peerOutbox = startPeerOutbox({
    prisma,
    node: config.region,
    nodeIssuer: config.nodeIssuer,
    peers,
    modules: () => modules,
    audit,
    pollIntervalMs: config.peerOutboxPollMs,
    maxBackoffMs: config.peerOutboxMaxBackoffMs,
    events: {
      delivered: (region, module, kind) => logger.debug({ peer: region, module, kind }, "peer message delivered"),
      failed: (region, module, kind, reason, attempts) => logger.warn({ peer: region, module, kind, reason, attempts }, "peer message not delivered; it waits in the outbox"),
    },
  });
  outbox.current = peerOutbox;
  metrics.watchPeerOutboxes([...peers.keys()].map((region) => ({ peer: region, pending: () => peerOutbox.pending(region) })));

  const webhooks = startWebhookDispatcher({
    prisma,
    webhooks: config.webhooks,
    pollIntervalMs: config.webhookPollMs,
    maxBackoffMs: config.webhookMaxBackoffMs,
    modules,
    policy,
    jurisdictions,
    audit,
    node: config.region,
    signing,
    events: {
      delivered: (webhook, event, attempts) => (metrics.webhookAttempts.inc({ webhook, outcome: "delivered" }), logger.info({ webhook, event, attempts }, "webhook delivered")),
      failed: (webhook, event, reason, attempts, willRetry) => (
        metrics.webhookAttempts.inc({ webhook, outcome: willRetry ? "failed" : "dead" }), logger.warn({ webhook, event, reason, attempts, willRetry }, willRetry ? "webhook not delivered; it waits for the next attempt" : "webhook given up (dead letter)")
      ),
      refused: (webhook, event, reason) => logger.warn({ webhook, event, reason }, "webhook refused by policy"),
    },
  });

  metrics.watchWebhookDeliveries(() => webhooks.backlog());

  const checks: ReadinessCheck[] = [
    { name: "database", critical: true, check: async () => (await prisma.$queryRawUnsafe("SELECT 1"), "ok") },
    // Unready after a failed commit; each check then tries one real, durable write (a signed
    // checkpoint), so the node comes back by itself once the store takes writes again.
    { name: "audit", critical: true, check: async () => ((await audit.probe()) ? "ok" : false) },
    // Start-up work of domains (the family-search index) is reported, never critical.
    ...modules.flatMap((m) => (m.warmUp ? [{ name: `warm-up:${m.name}`, critical: false, check: async () => m.warmUp!.state() }] : [])),
    // Peers are reported, never critical: the home region keeps answering when the other is down.
    ...[...peers.values()].map((client) => ({ name: `peer:${client.peer.region}`, critical: false, check: () => peerState(client) })),
    ...[...peers.keys()].map((region) => ({ name: `peer-statistics:${region}`, critical: false, check: async () => peerStatistics.state(region) || "none exchanged" })),
    ...[...peers.keys()].map((region) => ({ name: `peer-outbox:${region}`, critical: false, check: () => peerOutbox.state(region) })),
    ...modules.flatMap((m) => (m.readiness ?? []).map((line) => ({ name: line.name, critical: false, check: async () => line.state() }))),
  ];
  const ops = createOpsRoutes({ region: config.region, checks, metrics, draining: () => draining, jwks: () => ({ keys: [nodeKey.publicJwk, issuerKey.publicJwk] }) });
  const handlePeerStatistics = createPeerStatisticsRoute({
    modules,
    serviceTokens,
    onRefused: (status, code) => metrics.refusals.inc({ route: "peer-statistics", status: String(status), code }),
  });
  const handlePeerExchange = createPeerExchangeRoute({ node: config.region, modules, serviceTokens, peers: config.peers, audit, enterEarly: governance.enterEarly });
  const handleGraphql = createGraphqlHttpHandler({
    apollo,
    authenticate,
    node: config.region,
    caseRefFormats: config.caseRefFormats,
    maxBodyBytes: config.limits.maxDocumentBytes + 64 * 1024, // the document plus room for variables
    onRefused: (status, code) => metrics.refusals.inc({ route: "graphql", status: String(status), code }),
    governance,
  });

  const handleSubscription = createSubscriptionRoute({
    caseRefFormats: config.caseRefFormats,
    schema,
    policy,
    audit,
    node: config.region,
    modules,
    // A subscription never crosses the border: officers' own tokens only.
    verifyOfficer: async (token) => {
      if (serviceTokens.isServiceToken(token)) throw new AuthenticationFailure("a peer's service token cannot subscribe");
      return verifyOfficer(token);
    },
    enterEarly: governance.enterEarly,
    jurisdictions,
  });

  const consoleRoutes = createConsoleRoutes(config);

  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    const route = async () => {
      if (path === "/graphql") return handleGraphql(req, res);
      if (path === SUBSCRIPTION_PATH) return handleSubscription(req, res);
      if (await consoleRoutes.handle(req, res, path)) return;
      if (path === "/healthz") return ops.healthz(res);
      if (path === "/readyz") return ops.readyz(res);
      if (path === "/metrics") return ops.metrics(res);
      if (path === "/.well-known/jwks.json") return ops.jwks(res);
      if (path.startsWith(PEER_STATISTICS_PATH)) return handlePeerStatistics(req, res, path);
      if (path.startsWith(PEER_EXCHANGE_PATH)) return handlePeerExchange(req, res, path);
      sendJson(res, 404, graphqlErrorBody("NOT_FOUND", `no route ${path}`));
    };
    route().catch((error: Error) => {
      logger.error({ err: loggableError(error) }, "request failed");
      if (!res.headersSent) sendJson(res, 500, graphqlErrorBody("INTERNAL_SERVER_ERROR", "internal error"));
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host}:${port}`;
  logger.info({ url }, "gateway node listening");
  const warmUps = modules.flatMap((module) =>
    module.warmUp
      ? [
          module.warmUp.start().then(
            () => logger.info({ module: module.name }, "warm-up done"),
            (error: unknown) => logger.error({ module: module.name, err: loggableError(error) }, "warm-up failed; the module builds on first use"),
          ),
        ]
      : [],
  );

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    prisma,
    logger,
    close: () => (closing ??= shutDown()),
  };

  /** SIGTERM's path (src/main.ts), and every test's: unready, drain, stop, seal the audit chain. */
  async function shutDown(): Promise<void> {
    // Unready at once: the load balancer stops sending, while what it already sent is served.
    draining = true;
    logger.info({ unreadyDelayMs: config.shutdown.unreadyDelayMs, graceMs: config.shutdown.graceMs }, "draining");
    if (config.shutdown.unreadyDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdown.unreadyDelayMs));
    // The drain plugin's turn: no new connections, requests in flight finish (within the grace
    // period) with their audit entries committed; then Apollo stops.
    await apollo.stop();
    peerStatistics.stop();
    // Before the audit and the database close: a send in flight finishes (or is left to the next start).
    await peerOutbox.stop();
    await webhooks.stop();
    for (const module of modules) module.stop?.();
    for (const peer of peers.values()) peer.close();
    // Start-up work still reading must not outlive the database connection (bounded: a node
    // stopped while a million-row index loads does not wait for it).
    await Promise.race([Promise.allSettled(warmUps), new Promise((resolve) => setTimeout(resolve, WARM_UP_SHUTDOWN_WAIT_MS).unref())]);
    await audit.close();
    if (!overrides.prisma) await prisma.$disconnect();
  }
}
