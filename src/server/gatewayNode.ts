import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { auditPlugin, AuditChainWriter, recordUnauthenticatedAccess } from "../audit";
import { AuthenticationFailure, createTokenVerifier, devIssuerKeyName, ensureDevSecret, ensureSigningKey, nodeKeyName, type SigningKey } from "../auth";
import { AgencyRegistry, registerDevelopmentAgencies } from "../agencies";
import { devIssuerFor, type GatewayConfig } from "../config";
import type { RequestContext } from "../context";
import { createPrismaClient, parseDatabaseUrl, tuneSqliteConnection, type PrismaClient } from "../db";
import { createGatewayMetrics, createLogger, loggableError, observabilityPlugin, type Logger } from "../observability";
import { createPolicyEngine, enumerationBudgetPlugin, policyPlugin, type ExplainTarget } from "../policy";
import { loadTrustedDocuments, operationLimitsPlugin, trustedDocumentsPlugin } from "../limits";
import {
  createServiceTokenVerifier,
  forwardAcrossRegions,
  PEER_STATISTICS_PATH,
  PeerClient,
  peerErrorsPlugin,
  peerLinkOver,
  peerReceiptPlugin,
  startPeerStatisticsExchange,
  type ForwardRoute,
} from "../peers";
import type { Region } from "../config";
import { buildGatewaySchema } from "./gatewaySchema";
import { gatewayModules } from "./gatewayModules";
import { createGraphqlHttpHandler } from "./graphqlHttpHandler";
import { sendJson, graphqlErrorBody } from "./httpExchange";
import { createOpsRoutes, type ReadinessCheck } from "./opsRoutes";
import { createPeerStatisticsRoute } from "./peerStatisticsRoute";
import { sanitizeError } from "./errorFormatting";

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
}

const WARM_UP_SHUTDOWN_WAIT_MS = 5_000;

/** Root fields answered across regions: by `regions` argument, or by the region prefix of an id. */
const FORWARDED_ROOT_FIELDS: Record<string, ForwardRoute> = {
  householdVerification: { kind: "id", arg: "id" },
  verificationsByIdNumber: { kind: "regions" },
  subjectAccessReport: { kind: "regions", defaultTo: "all" },
  reliefRecord: { kind: "id", arg: "id" },
  missingPersonReport: { kind: "id", arg: "id" },
  familySearchForRecord: { kind: "id", arg: "reliefRecordId" },
  familySearch: { kind: "regions", rankBy: { field: "matchWeight", limitArg: "limit" } },
};

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
  const authenticate = async (token: string) => {
    if (serviceTokens.isServiceToken(token)) return serviceTokens.verify(token);
    const principal = await verifier.verify(token);
    // An officer of this province must belong to an agency of its registry. The other province's
    // officers are vouched for by their own node when forwarded; called directly, policy refuses
    // them any personal data (CROSS_REGION_REQUIRES_PEER), so their agency is not this node's to know.
    if (principal.region === config.region && !(await agencies.isRegistered(principal.agency, principal.region))) {
      throw new AuthenticationFailure("unknown agency");
    }
    return { principal };
  };
  const signing = { key: nodeKey, issuer: config.nodeIssuer };
  const peers = new Map<Region, PeerClient>(config.peers.map((p) => [p.region, new PeerClient(p, signing)]));

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
  });

  const explainTarget: ExplainTarget = {};
  const modules = gatewayModules(prisma, config.region, explainTarget, {
    maxPageSize: config.maxPageSize,
    peers: peerLinkOver(peers),
    audit: { subjectKey, publicKeys: () => ({ keys: [nodeKey.publicJwk] }) },
  });
  const schema = await buildGatewaySchema(modules);
  const policy = createPolicyEngine(schema, config.policyDir);
  Object.assign(explainTarget, { engine: policy, schema });
  forwardAcrossRegions(schema, FORWARDED_ROOT_FIELDS, config.region, peers);

  // Cross-cutting concerns, read top to bottom; each is one plugin, resolvers call none of them.
  // Order matters: Apollo starts the same hook of every plugin in this order, so limits refuse
  // before policy plans, and policy shapes the result before the budget and the audit read it.
  const plugins: ApolloServerPlugin<RequestContext>[] = [
    ApolloServerPluginLandingPageDisabled(),
    // Installed by default, it wraps every field's resolver to collect cache hints we never give
    // (answers are no-store); a measurable share of CPU on 100-row pages.
    ApolloServerPluginCacheControlDisabled(),
    observabilityPlugin(logger, metrics),
    ...(config.trustedDocumentsFile ? [trustedDocumentsPlugin(loadTrustedDocuments(config.trustedDocumentsFile))] : []),
    operationLimitsPlugin(schema, config.limits, { introspection: config.introspection }),
    ...(overrides.benchmarkBaselineWithoutPolicy ? [] : [policyPlugin(policy), enumerationBudgetPlugin(config.enumerationBudget)]),
    peerErrorsPlugin(),
    ...(overrides.benchmarkBaselineWithoutAudit
      ? []
      : [auditPlugin(audit, { onAuditFailure: (error, requestId) => logger.error({ requestId, reason: error.message }, "audit entry not committed; answer withheld") })]),
    peerReceiptPlugin(signing),
  ];
  const apollo = new ApolloServer<RequestContext>({
    schema,
    plugins,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    allowBatchedHttpRequests: false,
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
  ];
  const ops = createOpsRoutes({ region: config.region, checks, metrics, jwks: () => ({ keys: [nodeKey.publicJwk, issuerKey.publicJwk] }) });
  const handlePeerStatistics = createPeerStatisticsRoute({ modules, serviceTokens });
  const handleGraphql = createGraphqlHttpHandler({
    apollo,
    authenticate,
    node: config.region,
    maxBodyBytes: config.limits.maxDocumentBytes + 64 * 1024, // the document plus room for variables
    onUnauthenticated: async (access) => {
      logger.warn({ requestId: access.requestId, reason: access.reason }, "unauthenticated");
      await recordUnauthenticatedAccess(audit, { ...access, node: config.region });
    },
  });

  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const route = async () => {
      if (path === "/graphql") return handleGraphql(req, res);
      if (path === "/healthz") return ops.healthz(res);
      if (path === "/readyz") return ops.readyz(res);
      if (path === "/metrics") return ops.metrics(res);
      if (path === "/.well-known/jwks.json") return ops.jwks(res);
      if (path.startsWith(PEER_STATISTICS_PATH)) return handlePeerStatistics(req, res, path);
      sendJson(res, 404, graphqlErrorBody("NOT_FOUND", `no route ${path}`));
    };
    route().catch((error: Error) => {
      logger.error({ err: loggableError(error) }, "request failed");
      if (!res.headersSent) sendJson(res, 500, graphqlErrorBody("INTERNAL_SERVER_ERROR", "internal error"));
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
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

  return {
    url,
    port,
    prisma,
    logger,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
      peerStatistics.stop();
      for (const peer of peers.values()) peer.close();
      // Start-up work still reading must not outlive the database connection (bounded: a node
      // stopped while a million-row index loads does not wait for it).
      await Promise.race([Promise.allSettled(warmUps), new Promise((resolve) => setTimeout(resolve, WARM_UP_SHUTDOWN_WAIT_MS).unref())]);
      await audit.close();
      if (!overrides.prisma) await prisma.$disconnect();
    },
  };
}
