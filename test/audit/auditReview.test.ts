// The compliance officers' queries through a real schema and ApolloServer (with the audit plugin,
// so the reviewers are audited too), over a log written by the real writer.
import { ApolloServer } from "@apollo/server";
import Database from "better-sqlite3";
import { AuditChainWriter, auditPlugin, createAuditModule, SubjectPseudonymizer, type AuditEntryInput } from "../../src/audit";
import { capturingSubjects, emptyAccessFacts, type RequestContext, type Role } from "../../src/context";
import type { PrismaClient } from "../../src/db";
import { composeIdentityNumber } from "../../src/identity";
import { buildGatewaySchema } from "../../src/server";
import { freshSqliteClient } from "./support/auditDatabases";
import { nodeKeyPair, SUBJECT_KEY } from "./support/nodeKeys";

const person = (n: number) => composeIdentityNumber("500103", "1980-01-01", n % 2 ? "MALE" : "FEMALE", n);
// 2025-03-03 is a Monday; 02:00Z is 10:00 in Chongqing.
const MONDAY_10_LOCAL = Date.parse("2025-03-03T02:00:00.000Z");
const MINUTE = 60_000;

function access(officer: string, extra: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    requestId: `r-${Math.random().toString(36).slice(2)}`,
    node: "CHONGQING",
    principal: { sub: officer, agency: officer.startsWith("sc") ? "SC-MZT" : "CQ-MZJ", region: officer.startsWith("sc") ? "SICHUAN" : "CHONGQING", roles: ["verification_officer"] },
    purpose: "MLG_REVIEW",
    caseRef: `CASE-${officer}`,
    operationName: "Household",
    outcome: "ALLOWED",
    resultCount: 1,
    ...extra,
  };
}

describe("audit review queries", () => {
  let prisma: PrismaClient;
  let file: string;
  let server: ApolloServer<RequestContext>;
  let writer: AuditChainWriter;
  let clock = MONDAY_10_LOCAL;
  const hmac = new SubjectPseudonymizer(SUBJECT_KEY);

  beforeAll(async () => {
    ({ prisma, file } = freshSqliteClient());
    const { signingKey, jwks } = await nodeKeyPair();
    writer = await AuditChainWriter.open(prisma, { node: "CHONGQING", signingKey, subjectKey: SUBJECT_KEY, checkpointEvery: { entries: 10, seconds: 1e9 }, now: () => new Date(clock) });
    const at = async (minutes: number, entry: AuditEntryInput) => {
      clock = MONDAY_10_LOCAL + minutes * MINUTE;
      await writer.append(entry);
    };
    // An ordinary morning: three officers, one minute apart, each touching one person.
    for (let i = 0; i < 12; i++) await at(i, access(["cq-a", "cq-b", "sc-c"][i % 3], { subjects: [person(i + 1)] }));
    // Same instant twice: the keyset order falls back to the id.
    await at(12, access("cq-a", { subjects: [person(1)], operationName: "Twin" }));
    await at(12, access("cq-a", { subjects: [person(1)], operationName: "Twin" }));
    // A caseworker who was masked, then partly denied, then refused.
    await at(13, access("cq-w", { principal: { sub: "cq-w", agency: "CQ-JZ", region: "CHONGQING", roles: ["assistance_caseworker"] }, purpose: "TEMP_ASSISTANCE", outcome: "MASKED", fieldsMasked: [{ path: "household.members.idNumber", policyId: "p1", reasonCode: "MASK_ID" }] }));
    await at(14, access("cq-w", { principal: { sub: "cq-w", agency: "CQ-JZ", region: "CHONGQING", roles: ["assistance_caseworker"] }, purpose: "TEMP_ASSISTANCE", outcome: "PARTIAL", fieldsDenied: [{ path: "household.assets", policyId: "p1", reasonCode: "ROLE" }] }));
    // Anomalies: cq-x sweeps 35 people within the 11:00 hour under one case reference…
    for (let i = 0; i < 35; i++) await at(60 + i, access("cq-x", { caseRef: "CASE-SWEEP", subjects: [person(100 + i)] }));
    // …sc-p is refused 6 times in 5 minutes…
    for (let i = 0; i < 6; i++) await at(120 + i, access("sc-p", { outcome: "DENIED", errorCode: "FORBIDDEN" }));
    // …and cq-n reads at 23:30 local time.
    await at(13 * 60 + 30, access("cq-n", { subjects: [person(7)] }));

    server = new ApolloServer<RequestContext>({
      schema: await buildGatewaySchema([createAuditModule(prisma, { subjectKey: SUBJECT_KEY, publicKeys: jwks, now: () => new Date(clock) })]),
      plugins: [auditPlugin(writer)],
    });
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
    await writer.close();
    await prisma.$disconnect();
  });

  let request = 0;
  function reviewer(): RequestContext {
    const roles: Role[] = ["compliance_officer"];
    return { requestId: `review-${++request}`, node: "CHONGQING", principal: { sub: "cq-compliance", agency: "CQ-MZJ-AUDIT", region: "CHONGQING", roles, issuer: "urn:test" }, purpose: "AUDIT_REVIEW", caseRef: "AUDIT-2025-01", policyDryRun: false, deferredErrors: [], touchedSubjects: new Set(), access: emptyAccessFacts(), perRequest: new Map() };
  }

  async function query<T = Record<string, any>>(text: string, variables: Record<string, unknown> = {}, context = reviewer()): Promise<{ data?: T; errors?: { extensions?: { code?: string; field?: string } }[] }> {
    // The HTTP layer opens the request's subject capture around execution; so does this harness.
    const response = await capturingSubjects(context.touchedSubjects, () => server.executeOperation({ query: text, variables }, { contextValue: context }));
    if (response.body.kind !== "single") throw new Error("incremental response");
    return response.body.singleResult as never;
  }

  const PAGE = `query Page($filter: AccessLogFilter!, $first: Int, $after: String) {
    accessLog(filter: $filter, first: $first, after: $after) {
      edges { cursor node { id officer operationName outcome recordedAt roles purpose subjectHmacs fieldsDenied { path policyId reasonCode } } }
      pageInfo { hasNextPage endCursor }
    } }`;

  async function allPages(filter: Record<string, unknown>, first: number) {
    const ids: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page: { data?: Record<string, any>; errors?: unknown } = await query(PAGE, { filter, first, after });
      const { data, errors } = page;
      expect(errors).toBeUndefined();
      ids.push(...data!.accessLog.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!data!.accessLog.pageInfo.hasNextPage) return ids;
      after = data!.accessLog.pageInfo.endCursor;
    }
    throw new Error("paging did not end");
  }

  it("lists one officer's accesses newest first, and pages through them without loss or repeat", async () => {
    const { data } = await query(PAGE, { filter: { officer: "cq-a" }, first: 100 });
    const nodes = data!.accessLog.edges.map((e: { node: { id: string; officer: string; recordedAt: string } }) => e.node);
    expect(nodes).toHaveLength(6);
    expect(nodes.every((n: { officer: string }) => n.officer === "cq-a")).toBe(true);
    const keys: [string, number][] = nodes.map((n: { recordedAt: Date; id: string }) => [new Date(n.recordedAt).toISOString(), Number(n.id)]);
    expect([...keys].sort((a, b) => (a[0] === b[0] ? b[1] - a[1] : a[0] < b[0] ? 1 : -1))).toEqual(keys);
    expect(keys[0][0]).toBe(keys[1][0]); // the two "Twin" entries, newest id first
    // Two entries share one instant: pages of 1 still see each exactly once.
    expect(await allPages({ officer: "cq-a" }, 1)).toEqual(nodes.map((n: { id: string }) => n.id));
    // The reviewers' own queries are audited as they page: bound the listing before them.
    const before = { to: new Date(MONDAY_10_LOCAL + 13 * 60 * MINUTE).toISOString() };
    const inSevens = await allPages(before, 7);
    expect(inSevens).toEqual(await allPages(before, 100));
    expect(new Set(inSevens).size).toBe(12 + 2 + 2 + 35 + 6);
  });

  it.each([
    [{ agency: "CQ-JZ" }, 2],
    [{ region: "SICHUAN" }, 4 + 6],
    [{ role: "assistance_caseworker" }, 2],
    [{ purpose: "TEMP_ASSISTANCE" }, 2],
    [{ caseRef: "CASE-SWEEP" }, 35],
    [{ operationName: "Twin" }, 2],
    [{ outcome: "DENIED" }, 6],
    [{ deniedFieldPresent: true }, 1],
    [{ officer: "cq-x", from: new Date(MONDAY_10_LOCAL + 70 * MINUTE).toISOString(), to: new Date(MONDAY_10_LOCAL + 79 * MINUTE).toISOString() }, 10],
  ])("filters by %j", async (filter, expected) => {
    expect(await allPages(filter, 100)).toHaveLength(expected);
  });

  it("refuses a bad cursor, a page too large and a reversed range, naming the argument", async () => {
    expect((await query(PAGE, { filter: {}, after: "garbage" })).errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    expect((await query(PAGE, { filter: {}, first: 1000 })).errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    expect((await query(PAGE, { filter: { from: "2025-03-04T00:00:00Z", to: "2025-03-03T00:00:00Z" } })).errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "to" });
  });

  const REPORT = `query Report($idNumber: String!) { subjectAccessReport(idNumber: $idNumber) { id officer requestId subjectHmacs } }`;

  it("reports every access that touched a person, by HMAC, and audits the look-up itself", async () => {
    const seventh = person(7);
    const context = reviewer();
    const { data, errors } = await query(REPORT, { idNumber: seventh.toLowerCase() }, context);
    expect(errors).toBeUndefined();
    const officers = data!.subjectAccessReport.map((e: { officer: string }) => e.officer);
    expect(officers).toEqual(["cq-n", "cq-a"]);
    expect(JSON.stringify(data)).not.toContain(seventh);
    expect(data!.subjectAccessReport[0].subjectHmacs).toEqual([hmac.hmacOf(seventh)]);

    const own = await prisma.auditEntry.findFirstOrThrow({ where: { requestId: context.requestId } });
    expect(own).toMatchObject({ principalSub: "cq-compliance", purpose: "AUDIT_REVIEW", operationName: "Report", outcome: "ALLOWED", resultCount: 2 });
    expect(JSON.parse(own.subjectHmacs)).toEqual([hmac.hmacOf(seventh)]);
  });

  it("refuses an invalid identity number as BAD_USER_INPUT on idNumber", async () => {
    const { errors } = await query(REPORT, { idNumber: "500103198001010000" });
    expect(errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idNumber" });
  });

  it("finds the anomalies, each with the entries behind it", async () => {
    const { data, errors } = await query(`query A($from: DateTime, $to: DateTime) { accessAnomalies(from: $from, to: $to) { kind officer caseRef measure threshold entryIds entryCount description } }`, {
      from: new Date(MONDAY_10_LOCAL - MINUTE).toISOString(),
      to: new Date(MONDAY_10_LOCAL + 24 * 60 * MINUTE).toISOString(),
    });
    expect(errors).toBeUndefined();
    const byKind = (kind: string) => data!.accessAnomalies.filter((a: { kind: string }) => a.kind === kind);
    expect(byKind("HIGH_SUBJECT_RATE")).toEqual([expect.objectContaining({ officer: "cq-x", measure: 35, entryCount: 35 })]);
    expect(byKind("CASE_REF_FANOUT")).toEqual([expect.objectContaining({ caseRef: "CASE-SWEEP", measure: 35 })]);
    expect(byKind("DENIED_BURST")).toEqual([expect.objectContaining({ officer: "sc-p", measure: 6, entryCount: 6 })]);
    // cq-n at 23:30 local — and the reviewers of this test, whose queries run at that hour too.
    expect(byKind("OFF_HOURS")).toContainEqual(expect.objectContaining({ officer: "cq-n", measure: 1 }));
    expect(byKind("OFF_HOURS").map((a: { officer: string }) => a.officer).sort()).toEqual(["cq-compliance", "cq-n"]);
    const sweepIds = byKind("HIGH_SUBJECT_RATE")[0].entryIds;
    const sweep = await prisma.auditEntry.findMany({ where: { id: { in: sweepIds.map(Number) } } });
    expect(sweep.every((e) => e.principalSub === "cq-x")).toBe(true);
  });

  it("reports integrity, and the first broken link after tampering", async () => {
    const INTEGRITY = `{ auditIntegrity(from: "2025-03-03T00:00:00Z", to: "2025-03-04T00:00:00Z") { ok entriesChecked firstBreak { writerId sequence problem detail } writers { writerId lastSequence } } }`;
    const before = await query(INTEGRITY);
    expect(before.errors).toBeUndefined();
    expect(before.data!.auditIntegrity).toMatchObject({ ok: true, firstBreak: null });
    expect(before.data!.auditIntegrity.entriesChecked).toBeGreaterThanOrEqual(63);

    const raw = new Database(file);
    raw.exec(`DROP TRIGGER "AuditEntry_refuse_update"`);
    raw.prepare(`UPDATE "AuditEntry" SET "outcome" = 'ALLOWED' WHERE "writerId" = ? AND "sequence" = 55`).run(writer.writerId);
    raw.close();
    const after = await query(INTEGRITY);
    expect(after.data!.auditIntegrity).toMatchObject({ ok: false, firstBreak: { writerId: writer.writerId, sequence: 55, problem: "ENTRY_ALTERED" } });
  });
});
