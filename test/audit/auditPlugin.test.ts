// The audit plugin inside a real ApolloServer (executeOperation runs Apollo's whole request
// pipeline): every outcome kind leaves exactly one entry, and when the store cannot commit the
// caller gets AUDIT_UNAVAILABLE, HTTP 503 and no data.
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import { AuditChainWriter, auditPlugin, recordUnauthenticatedAccess, SubjectPseudonymizer } from "../../src/audit";
import { emptyAccessFacts, type RequestContext } from "../../src/context";
import { createPrismaClient, type PrismaClient } from "../../src/db";
import { badUserInput, forbidden, gatewayError, purposeRequired, queryTooComplex } from "../../src/errors";
import { composeIdentityNumber } from "../../src/identity";
import { createTestDatabase, POSTGRES_ADMIN_URL, type TestDatabase } from "../support/testDatabase";
import { nodeKeyPair, SUBJECT_KEY } from "./support/nodeKeys";

const personA = composeIdentityNumber("500103", "1961-05-06", "MALE", 3);
const personB = composeIdentityNumber("510104", "1990-07-08", "FEMALE", 8);

const typeDefs = /* GraphQL */ `
  type Household {
    id: ID!
    headName: String
    idNumber: String
  }
  type Query {
    household(id: ID!): Household
    households: [Household!]!
    checkIdNumber(idNumber: String!): Household
    peerHousehold: [Household!]!
    broken: String
  }
`;

const resolvers = {
  Query: {
    household: (_: unknown, { id }: { id: string }, ctx: RequestContext) => {
      ctx.touchedSubjects.add(personA);
      return { id, headName: "张三", idNumber: personA };
    },
    households: (_: unknown, __: unknown, ctx: RequestContext) => {
      ctx.touchedSubjects.add(personA).add(personB);
      return [
        { id: "h1", headName: "张三", idNumber: personA },
        { id: "h2", headName: "李四", idNumber: personB },
      ];
    },
    peerHousehold: (_: unknown, __: unknown, ctx: RequestContext) => {
      // As the peer layer does when the other province does not answer: a partial result.
      ctx.deferredErrors.push({ message: "the SICHUAN node did not answer: timeout", extensions: { code: "PEER_UNAVAILABLE", region: "SICHUAN" } });
      ctx.access.peerHops.push({ region: "SICHUAN", outcome: "PEER_UNAVAILABLE" });
      return [{ id: "h1", headName: "张三", idNumber: personA }];
    },
    checkIdNumber: (_: unknown, { idNumber }: { idNumber: string }) => {
      throw badUserInput("idNumber", `check character wrong (${idNumber.length} characters)`);
    },
    broken: () => {
      throw new Error("database exploded");
    },
  },
};

/**
 * Stands in for the lead's policy plugin: records access facts in didResolveOperation and
 * refuses operations by name, as the real one does by policy.
 */
const policyStandIn: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation(rc) {
        const access = rc.contextValue.access;
        access.operationName = rc.operationName ?? undefined;
        access.operationHash = rc.queryHash;
        access.fieldsRequested = ["household.id", "household.headName", "household.idNumber"];
        switch (rc.operationName) {
          case "Masked":
            access.fieldsMasked = [{ path: "household.idNumber", policyId: "verification-v1", reasonCode: "MASK_ID" }];
            return;
          case "Partial":
            access.fieldsDenied = [{ path: "household.idNumber", policyId: "verification-v1", reasonCode: "ROLE_NOT_ALLOWED" }];
            return;
          case "Forbidden":
            access.fieldsDenied = [{ path: "household", policyId: "verification-v1", reasonCode: "REJECT_OPERATION" }];
            throw forbidden("caseworkers may not read households of the other region");
          case "NoPurpose":
            throw purposeRequired("X-Purpose is required for personal data");
          case "TooComplex":
            throw queryTooComplex("depth", 12, 10);
          case "NotPersisted":
            throw gatewayError("PERSISTED_QUERY_REQUIRED", "only persisted operations are accepted");
        }
      },
    };
  },
};

/** Stands in for the peer receipt plugin (placed after the audit plugin): waits on auditRecord. */
const receiptHashes = new Map<string, { entryHash: string } | undefined>();
const receiptProbe: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue }) {
        receiptHashes.set(contextValue.requestId, await contextValue.auditRecord);
      },
    };
  },
};

function contextFor(requestId: string): RequestContext {
  return {
    requestId,
    node: "CHONGQING",
    principal: { sub: "cq-officer-7", agency: "CQ-MZJ", region: "CHONGQING", roles: ["verification_officer"], issuer: "urn:test" },
    purpose: "MLG_REVIEW",
    caseRef: "CQ-2026-0042",
    policyDryRun: false,
    deferredErrors: [],
    touchedSubjects: new Set(),
    access: emptyAccessFacts(),
    perRequest: new Map(),
  };
}

describe("auditPlugin in a real ApolloServer", () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let writer: AuditChainWriter;
  let server: ApolloServer<RequestContext>;
  const failures: string[] = [];
  let n = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = createPrismaClient(database.url);
    const { signingKey } = await nodeKeyPair();
    writer = await AuditChainWriter.open(prisma, { node: "CHONGQING", signingKey, subjectKey: SUBJECT_KEY });
    server = new ApolloServer<RequestContext>({
      typeDefs,
      resolvers,
      plugins: [policyStandIn, auditPlugin(writer, { onAuditFailure: (_e, requestId) => failures.push(String(requestId)) }), receiptProbe],
    });
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
    await writer.close();
    await prisma.$disconnect();
    await database.drop();
  });

  async function run(query: string, variables?: Record<string, unknown>) {
    const requestId = `req-${++n}`;
    const before = await prisma.auditEntry.count();
    const response = await server.executeOperation({ query, variables }, { contextValue: contextFor(requestId) });
    const entries = await prisma.auditEntry.findMany({ where: { requestId } });
    expect(await prisma.auditEntry.count()).toBe(before + 1);
    expect(entries).toHaveLength(1);
    return { response, entry: entries[0], body: response.body.kind === "single" ? response.body.singleResult : undefined };
  }

  it.each([
    ["ALLOWED", `query Plain { household(id: "h1") { id headName } }`, null],
    ["MASKED", `query Masked { household(id: "h1") { id idNumber } }`, null],
    ["PARTIAL", `query Partial { household(id: "h1") { id idNumber } }`, null],
    ["DENIED", `query Forbidden { household(id: "h1") { id } }`, "FORBIDDEN"],
    ["DENIED", `query NoPurpose { household(id: "h1") { id } }`, "PURPOSE_REQUIRED"],
    ["INVALID", `query Broken { household(id: "h1") { id `, "GRAPHQL_PARSE_FAILED"],
    ["INVALID", `query Unknown { household(id: "h1") { noSuchField } }`, "GRAPHQL_VALIDATION_FAILED"],
    ["INVALID", `query TooComplex { household(id: "h1") { id } }`, "QUERY_TOO_COMPLEX"],
    ["INVALID", `query NotPersisted { household(id: "h1") { id } }`, "PERSISTED_QUERY_REQUIRED"],
    ["INVALID", `query BadId { checkIdNumber(idNumber: "123") { id } }`, "BAD_USER_INPUT"],
    ["FAILED", `query Fails { broken }`, "INTERNAL_SERVER_ERROR"],
  ])("records %s exactly once (%s)", async (outcome, query, errorCode) => {
    const { entry } = await run(query);
    expect(entry.outcome).toBe(outcome);
    expect(entry.errorCode).toBe(errorCode);
  });

  it("records who, why, what was asked and released — and subjects only as HMACs", async () => {
    const { entry, body } = await run(`query Everyone { households { id headName } }`);
    expect(body?.data).toEqual({ households: [{ id: "h1", headName: "张三" }, { id: "h2", headName: "李四" }] });
    const hmac = new SubjectPseudonymizer(SUBJECT_KEY);
    expect(entry).toMatchObject({
      node: "CHONGQING",
      principalSub: "cq-officer-7",
      principalAgency: "CQ-MZJ",
      principalRegion: "CHONGQING",
      purpose: "MLG_REVIEW",
      caseRef: "CQ-2026-0042",
      operationName: "Everyone",
      outcome: "ALLOWED",
      resultCount: 2,
    });
    expect(entry.operationHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(entry.principalRoles)).toEqual(["verification_officer"]);
    expect(JSON.parse(entry.fieldsRequested)).toEqual(["household.id", "household.headName", "household.idNumber"]);
    expect(JSON.parse(entry.subjectHmacs)).toEqual([hmac.hmacOf(personA), hmac.hmacOf(personB)].sort());
    expect(JSON.stringify(entry)).not.toContain(personA);
    expect(entry.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("records a partial answer when a peer did not answer, with the hop, and hands the entry hash to the receipt", async () => {
    const context = contextFor("peer-1");
    await server.executeOperation({ query: `query Peer { peerHousehold { id } }` }, { contextValue: context });
    const entry = await prisma.auditEntry.findFirstOrThrow({ where: { requestId: "peer-1" } });
    expect(entry).toMatchObject({ outcome: "PARTIAL", errorCode: "PEER_UNAVAILABLE", resultCount: 1 });
    expect(JSON.parse(entry.peerHops)).toEqual([{ region: "SICHUAN", peerRequestId: null, receipt: null, outcome: "PEER_UNAVAILABLE" }]);
    expect(receiptHashes.get("peer-1")).toEqual({ entryHash: entry.entryHash });
  });

  it("records an unauthenticated request from the HTTP layer as one UNAUTHENTICATED entry", async () => {
    const receipt = await recordUnauthenticatedAccess(writer, { requestId: "unauth-1", reason: "token expired", node: "CHONGQING", declaredPurpose: "MLG_REVIEW", caseRef: "X-1" });
    const entries = await prisma.auditEntry.findMany({ where: { requestId: "unauth-1" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: "UNAUTHENTICATED", errorCode: "UNAUTHENTICATED", errorDetail: "token expired", principalSub: null, purpose: "MLG_REVIEW", sequence: receipt.sequence });
  });

  describe("when the audit store becomes unwritable mid-run", () => {
    async function setReadOnly(on: boolean): Promise<void> {
      if (database.url.startsWith("file:")) {
        await prisma.$executeRawUnsafe(`PRAGMA query_only = ${on ? "ON" : "OFF"}`);
        return;
      }
      // PostgreSQL: make the database read-only for new sessions, and end the current ones so
      // the client's pool reconnects into read-only sessions.
      const { Client } = await import("pg");
      const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await admin.connect();
      const name = new URL(database.url).pathname.slice(1);
      await admin.query(`ALTER DATABASE "${name}" SET default_transaction_read_only = ${on ? "on" : "off"}`);
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name]);
      await admin.end();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    it("answers AUDIT_UNAVAILABLE with HTTP 503 and no data, though the resolvers ran", async () => {
      const before = await prisma.auditEntry.count();
      await setReadOnly(true);
      try {
        const context = contextFor("unwritable-1");
        const response = await server.executeOperation({ query: `query Plain { household(id: "h1") { id headName idNumber } }` }, { contextValue: context });
        expect(context.touchedSubjects.has(personA)).toBe(true); // the resolver ran and found data
        expect(response.http.status).toBe(503);
        expect(response.body.kind).toBe("single");
        const result = response.body.kind === "single" ? response.body.singleResult : undefined;
        expect(result).not.toHaveProperty("data");
        expect(result?.errors).toEqual([{ message: expect.stringContaining("audit log"), extensions: { code: "AUDIT_UNAVAILABLE" } }]);
        expect(JSON.stringify(response.body)).not.toContain("张三");
        expect(JSON.stringify(response.body)).not.toContain(personA);
        expect(writer.isHealthy()).toBe(false);
        expect(failures).toContain("unwritable-1");
        expect(receiptHashes.has("unwritable-1")).toBe(true);
        expect(receiptHashes.get("unwritable-1")).toBeUndefined(); // no receipt may name an uncommitted entry

        // A refused operation is withheld the same way: nothing leaves unrecorded.
        const denied = await server.executeOperation({ query: `query Forbidden { household(id: "h1") { id } }` }, { contextValue: contextFor("unwritable-2") });
        expect(denied.http.status).toBe(503);
        expect(denied.body.kind === "single" && denied.body.singleResult.errors?.[0].extensions?.code).toBe("AUDIT_UNAVAILABLE");
      } finally {
        await setReadOnly(false);
      }
      expect(await prisma.auditEntry.count()).toBe(before);

      const { entry, body } = await run(`query Plain { household(id: "h1") { id } }`);
      expect(body?.data).toEqual({ household: { id: "h1" } });
      expect(entry.outcome).toBe("ALLOWED");
      expect(writer.isHealthy()).toBe(true);
    });
  });

  it("answers AUDIT_UNAVAILABLE for any appender failure, not only the chain writer's", async () => {
    const broken = new ApolloServer<RequestContext>({
      typeDefs,
      resolvers,
      plugins: [auditPlugin({ append: async () => Promise.reject(new GraphQLError("store gone")) })],
    });
    await broken.start();
    try {
      const response = await broken.executeOperation({ query: `{ households { id } }` }, { contextValue: contextFor("gone-1") });
      expect(response.http.status).toBe(503);
      expect(response.body.kind === "single" && response.body.singleResult).toEqual({ errors: [expect.objectContaining({ extensions: { code: "AUDIT_UNAVAILABLE" } })] });
    } finally {
      await broken.stop();
    }
  });
});
