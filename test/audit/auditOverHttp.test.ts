import { compactVerify, createLocalJWKSet } from "jose";
import path from "node:path";
import { DatabaseAuditSource, verifyAuditLog } from "../../src/audit";
import { readPublicJwks } from "../../src/auth";
import { FIXTURE_PEOPLE, insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { insertSichuanRecordOfLiuFang } from "../fixtures/crossRegionFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTwoNodes, type TwoNodes, type TestNode } from "../support/testNode";
import { usingPostgres } from "../support/testDatabase";
import { allowAuditInserts, forgeNextEntry, refuseAuditInserts } from "./support/auditStoreFaults";

const CASE = { purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0042" };

type Entry = { requestId: string; outcome: string; errorCode: string | null; principalSub: string | null; peerHops: string; entryHash: string; forwardedByNode: string | null; fieldsDenied: string; fieldsMasked: string };

async function entries(node: TestNode): Promise<Entry[]> {
  return (await node.prisma.auditEntry.findMany({ orderBy: { id: "asc" } })) as unknown as Entry[];
}

describe("privacy audit over real HTTP, two nodes", () => {
  let nodes: TwoNodes;
  beforeAll(async () => {
    nodes = await startTwoNodes({ fixtures: { CHONGQING: (p) => insertVerificationFixtures(p, "CHONGQING", 2), SICHUAN: insertSichuanRecordOfLiuFang } });
  });
  afterAll(() => nodes.stop());

  /** Sends one request and returns the entries it added (must be exactly one). */
  async function oneEntryFor(send: () => Promise<{ headers: Headers }>): Promise<Entry> {
    const before = (await entries(nodes.cq)).length;
    const res = await send();
    const after = await entries(nodes.cq);
    expect(after.length - before).toBe(1);
    const entry = after[after.length - 1];
    expect(entry.requestId).toBe(res.headers.get("x-request-id"));
    return entry;
  }

  it("records exactly one entry per operation, for every outcome kind", async () => {
    const officer = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const caseworker = await officerToken(nodes.keysDir, "CHONGQING", ["assistance_caseworker"]);
    const hv = `{ householdVerification(id: "CQ-HV-00000001") { conclusion household { members { idNumber } } } }`;
    const cases: Array<[string, () => Promise<{ headers: Headers }>, string]> = [
      ["ALLOWED", () => postGraphql(nodes.cq.node.url, "{ me { sub } }", { token: officer }), "ALLOWED"],
      ["MASKED", () => postGraphql(nodes.cq.node.url, hv, { token: caseworker, ...CASE }), "MASKED"],
      ["PARTIAL", () => postGraphql(nodes.cq.node.url, `{ householdVerification(id: "CQ-HV-00000001") { conclusion totalAssetsFen } }`, { token: caseworker, ...CASE }), "PARTIAL"],
      ["DENIED (no purpose)", () => postGraphql(nodes.cq.node.url, hv, { token: caseworker }), "DENIED"],
      ["INVALID (validation)", () => postGraphql(nodes.cq.node.url, "{ nope }", { token: officer }), "INVALID"],
      ["INVALID (bad identity number)", () => postGraphql(nodes.cq.node.url, `{ verificationsByIdNumber(idNumber: "123") { id } }`, { token: officer, ...CASE }), "INVALID"],
      ["UNAUTHENTICATED", () => postGraphql(nodes.cq.node.url, "{ me { sub } }", { token: "not.a.token" }), "UNAUTHENTICATED"],
    ];
    for (const [, send, outcome] of cases) {
      const entry = await oneEntryFor(send);
      expect({ outcome: entry.outcome }).toEqual({ outcome });
    }
  });

  it("gives each request a time-ordered id (UUIDv7), so the entries' request-id index grows at its end", async () => {
    const officer = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await postGraphql(nodes.cq.node.url, "{ me { sub } }", { token: officer });
      ids.push(res.headers.get("x-request-id")!);
    }
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("names fields and rules, never values", async () => {
    const caseworker = await officerToken(nodes.keysDir, "CHONGQING", ["assistance_caseworker"]);
    const entry = await oneEntryFor(() => postGraphql(nodes.cq.node.url, `{ householdVerification(id: "CQ-HV-00000001") { totalAssetsFen household { members { name idNumber } } } }`, { token: caseworker, ...CASE }));
    const text = JSON.stringify(entry);
    expect(text).not.toContain(FIXTURE_PEOPLE.zhangWei);
    expect(text).not.toContain("张伟");
    expect(JSON.parse(entry.fieldsDenied)).toEqual([expect.objectContaining({ path: "householdVerification.totalAssetsFen", policyId: "default-deny", reasonCode: "NO_GRANT_FOR_ROLE" })]);
    expect(JSON.parse(entry.fieldsMasked)).toEqual([expect.objectContaining({ path: "householdVerification.household.members.@.idNumber", policyId: "verification.caseworker.conclusions" })]);
  });

  it("links one cross-region access across both logs: the home hop names the peer's request id and keeps its signed receipt", async () => {
    const officer = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const res = await postGraphql(nodes.cq.node.url, `query($n: String!) { verificationsByIdNumber(idNumber: $n, regions: [CHONGQING, SICHUAN]) { id } }`, { token: officer, ...CASE, variables: { n: FIXTURE_PEOPLE.liuFang } });
    expect(res.body.data!.verificationsByIdNumber).toHaveLength(2);
    const home = (await entries(nodes.cq)).find((e) => e.requestId === res.headers.get("x-request-id"))!;
    const [hop] = JSON.parse(home.peerHops) as Array<{ region: string; peerRequestId: string; receipt: string; outcome: string }>;
    expect(hop).toMatchObject({ region: "SICHUAN", outcome: "OK" });
    const peerEntry = (await entries(nodes.sc)).find((e) => e.requestId === hop.peerRequestId)!;
    expect(peerEntry).toMatchObject({ forwardedByNode: "CHONGQING", principalSub: "cq-officer-1" });
    const keys = createLocalJWKSet(readPublicJwks(path.join(nodes.keysDir, "sichuan-node.jwks.json")));
    const { payload } = await compactVerify(hop.receipt, keys);
    const receipt = JSON.parse(new TextDecoder().decode(payload));
    expect(receipt).toMatchObject({ requestId: hop.peerRequestId, homeRequestId: home.requestId, auditEntryHash: peerEntry.entryHash });
  });

  it("records a refused service token at the peer as UNAUTHENTICATED", async () => {
    const before = (await entries(nodes.sc)).length;
    const res = await fetch(`${nodes.sc.node.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ1cm46YXNzaXN0LWdhdGV3YXk6bm9kZTpjaG9uZ3FpbmcifQ.AAAA" }, body: JSON.stringify({ query: "{ me { sub } }" }) });
    expect(res.status).toBe(401);
    const after = await entries(nodes.sc);
    expect(after.length - before).toBe(1);
    expect(after[after.length - 1].outcome).toBe("UNAUTHENTICATED");
  });

  it("a compliance officer finds every access that touched a person, from both nodes, by HMAC only", async () => {
    const compliance = await officerToken(nodes.keysDir, "CHONGQING", ["compliance_officer"]);
    const res = await postGraphql(nodes.cq.node.url, `query($n: String!) { subjectAccessReport(idNumber: $n) { region requestId officer outcome } }`, { token: compliance, purpose: "AUDIT_REVIEW", caseRef: "AUD-2025-01", variables: { n: FIXTURE_PEOPLE.liuFang } });
    expect(res.body.errors).toBeUndefined();
    const regions = new Set(res.body.data!.subjectAccessReport.map((e: { region: string }) => e.region));
    expect(regions).toEqual(new Set(["CHONGQING", "SICHUAN"]));
    const other = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const refused = await postGraphql(nodes.cq.node.url, `query($n: String!) { subjectAccessReport(idNumber: $n) { region } }`, { token: other, purpose: "AUDIT_REVIEW", caseRef: "X", variables: { n: FIXTURE_PEOPLE.liuFang } });
    expect(refused.body.data).toBeNull(); // a denied non-null root field nulls data, as GraphQL requires
    expect(refused.body.errors![0].extensions!.code).toBe("FORBIDDEN");
  });
});

describe("fail closed: the audit store cannot commit", () => {
  it("answers AUDIT_UNAVAILABLE with no data, and /readyz turns unready", async () => {
    const nodes = await startTwoNodes({ fixtures: { CHONGQING: (p) => insertVerificationFixtures(p, "CHONGQING", 1) } });
    try {
      const officer = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
      const ok = await postGraphql(nodes.cq.node.url, `{ householdVerification(id: "CQ-HV-00000001") { conclusion } }`, { token: officer, ...CASE });
      expect(ok.body.errors).toBeUndefined();
      // Take the writer's next sequence number from outside: its next commit violates the chain's key.
      const head = await nodes.cq.prisma.auditEntry.findFirst({ orderBy: { id: "desc" } });
      await forgeNextEntry(nodes.cq.prisma, head!.writerId);
      const refused = await postGraphql(nodes.cq.node.url, `{ householdVerification(id: "CQ-HV-00000001") { conclusion } }`, { token: officer, ...CASE });
      expect(refused.status).toBe(503);
      expect(refused.body.data).toBeUndefined();
      expect(refused.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "AUDIT_UNAVAILABLE" }) })]);
      expect(JSON.stringify(refused.body)).not.toContain("ELIGIBLE");
      const ready = await fetch(`${nodes.cq.node.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: Record<string, string> }).checks.audit).toBe("failing");
      // Each readiness check probes the store; a chain extended by someone else is never adopted.
      expect((await fetch(`${nodes.cq.node.url}/readyz`)).status).toBe(503);
      const again = await postGraphql(nodes.cq.node.url, `{ householdVerification(id: "CQ-HV-00000001") { conclusion } }`, { token: officer, ...CASE });
      expect(again.status).toBe(503);
    } finally {
      await nodes.stop();
    }
  });

  it("comes back by itself: /readyz probes the store and turns ready once it takes writes again, and the log verifies", async () => {
    const nodes = await startTwoNodes({ fixtures: { CHONGQING: (p) => insertVerificationFixtures(p, "CHONGQING", 1) } });
    try {
      const officer = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
      const query = `{ householdVerification(id: "CQ-HV-00000001") { conclusion } }`;
      expect((await postGraphql(nodes.cq.node.url, query, { token: officer, ...CASE })).status).toBe(200);
      const provider = usingPostgres ? "postgresql" : "sqlite";
      await refuseAuditInserts(nodes.cq.prisma, provider);
      const refused = await postGraphql(nodes.cq.node.url, query, { token: officer, ...CASE });
      expect(refused.status).toBe(503);
      expect(refused.body.errors![0].extensions!.code).toBe("AUDIT_UNAVAILABLE");
      expect((await fetch(`${nodes.cq.node.url}/readyz`)).status).toBe(503);

      await allowAuditInserts(nodes.cq.prisma, provider);
      const ready = await fetch(`${nodes.cq.node.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { checks: Record<string, string> }).checks.audit).toBe("ok");
      const answered = await postGraphql(nodes.cq.node.url, query, { token: officer, ...CASE });
      expect(answered.status).toBe(200);
      expect(answered.body.errors).toBeUndefined();
      const report = await verifyAuditLog(new DatabaseAuditSource(nodes.cq.prisma), { publicKeys: readPublicJwks(path.join(nodes.keysDir, "chongqing-node.jwks.json")) });
      expect(report.ok).toBe(true);
    } finally {
      await nodes.stop();
    }
  });
});
