import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { createTokenVerifier, devIssuerKeyName, ensureSigningKey, nodeKeyName, type SigningKey } from "../auth";
import type { GatewayConfig } from "../config";
import type { RequestContext } from "../context";
import { createPrismaClient, parseDatabaseUrl, type PrismaClient } from "../db";
import { createGatewayMetrics, createLogger, observabilityPlugin, type Logger } from "../observability";
import { createPolicyEngine, policyPlugin } from "../policy";
import { buildGatewaySchema } from "./gatewaySchema";
import { gatewayModules } from "./gatewayModules";
import { createGraphqlHttpHandler } from "./graphqlHttpHandler";
import { sendJson, graphqlErrorBody } from "./httpExchange";
import { createOpsRoutes, type ReadinessCheck } from "./opsRoutes";
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
}

/** SQLite settings for a gateway: WAL so readers never wait for the audit writer; FULL sync for durability. */
async function tuneSqlite(prisma: PrismaClient): Promise<void> {
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$queryRawUnsafe("PRAGMA synchronous = FULL");
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
  if (parseDatabaseUrl(config.databaseUrl).provider === "sqlite") await tuneSqlite(prisma);

  const nodeKey: SigningKey = await ensureSigningKey(config.keysDir, nodeKeyName(config.region));
  const issuerKey: SigningKey = await ensureSigningKey(config.keysDir, devIssuerKeyName(config.region));
  const verifier = createTokenVerifier({ trustedIssuers: config.trustedIssuers, audience: config.audience, cacheSize: config.tokenCacheSize });

  const schema = await buildGatewaySchema(gatewayModules(prisma, config.region));
  const policy = createPolicyEngine(schema, config.policyDir);

  // Cross-cutting concerns, read top to bottom; each is one plugin, resolvers call none of them.
  const plugins: ApolloServerPlugin<RequestContext>[] = [
    ApolloServerPluginLandingPageDisabled(),
    observabilityPlugin(logger, metrics),
    policyPlugin(policy),
  ];
  const apollo = new ApolloServer<RequestContext>({
    schema,
    plugins,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    formatError: (formatted, error) => sanitizeError(formatted, error, logger),
  });
  await apollo.start();

  const checks: ReadinessCheck[] = [
    { name: "database", critical: true, check: async () => (await prisma.$queryRawUnsafe("SELECT 1"), "ok") },
  ];
  const ops = createOpsRoutes({ region: config.region, checks, metrics, jwks: () => ({ keys: [nodeKey.publicJwk, issuerKey.publicJwk] }) });
  const handleGraphql = createGraphqlHttpHandler({
    apollo,
    verifier,
    node: config.region,
    maxBodyBytes: 256 * 1024,
    onUnauthenticated: async ({ requestId, reason }) => logger.warn({ requestId, reason }, "unauthenticated"),
  });

  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const route = async () => {
      if (path === "/graphql") return handleGraphql(req, res);
      if (path === "/healthz") return ops.healthz(res);
      if (path === "/readyz") return ops.readyz(res);
      if (path === "/metrics") return ops.metrics(res);
      if (path === "/.well-known/jwks.json") return ops.jwks(res);
      sendJson(res, 404, graphqlErrorBody("NOT_FOUND", `no route ${path}`));
    };
    route().catch((error: Error) => {
      logger.error({ err: { type: error.name, message: error.message } }, "request failed");
      if (!res.headersSent) sendJson(res, 500, graphqlErrorBody("INTERNAL_SERVER_ERROR", "internal error"));
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host}:${port}`;
  logger.info({ url }, "gateway node listening");

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
      if (!overrides.prisma) await prisma.$disconnect();
    },
  };
}
