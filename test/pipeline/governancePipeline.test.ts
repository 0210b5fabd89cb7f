// The governance pipeline of a real node over real HTTP: the stages run in the order
// src/pipeline/governancePipeline.ts writes (observed through the node's stage hook, and through
// what each stage leaves for the next), /metrics counts the answer the caller actually got, and a
// refused token goes through the same pipeline, entered early.
import { GOVERNANCE_STAGES } from "../../src/pipeline";
import { insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { allowAuditInserts, refuseAuditInserts } from "../audit/support/auditStoreFaults";
import { postGraphql } from "../support/graphqlClient";
import { usingPostgres } from "../support/testDatabase";
import { officerToken, startTestNode, tempKeysDir, type TestNode } from "../support/testNode";

const CASE = { purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0042" };
const lookup = (id: string) => `{ householdVerification(id: "${id}") { conclusion household { members { name } } } }`;
const LABEL = { operation: "query:householdVerification" };

/** The value of one sample: the series of `name` whose labels include all of `labels` (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length, line.lastIndexOf(" "));
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return 0;
}

function total(text: string, name: string): number {
  return text
    .split("\n")
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
}

describe("the governance pipeline", () => {
  const keysDir = tempKeysDir();
  const trace = new Map<string, string[]>();
  let t: TestNode;
  let n = 0;
  const provider = usingPostgres ? "postgresql" : "sqlite";

  beforeAll(async () => {
    t = await startTestNode({
      keysDir,
      // A cap of 3 persons per officer and hour: a household of two fits, a second one does not.
      env: { BUDGET_OFFICER_PERSONS_PER_HOUR: "3" },
      fixtures: (p) => insertVerificationFixtures(p, "CHONGQING", 3),
      overrides: { onGovernanceStage: (stage, hook, requestId) => trace.set(requestId, [...(trace.get(requestId) ?? []), `${stage}.${hook}`]) },
    });
  });
  afterAll(() => t.stop());

  const scrape = async () => (await fetch(`${t.node.url}/metrics`)).text();
  const requestId = (name: string) => `pipeline-${name}-${++n}`;
  const stagesOf = (id: string, hook: string) => (trace.get(id) ?? []).filter((s) => s.endsWith(`.${hook}`)).map((s) => s.split(".")[0]);
  const entryOf = (id: string) => t.prisma.auditEntry.findMany({ where: { requestId: id } });
  const officer = (sub: string, roles: Parameters<typeof officerToken>[2] = ["verification_officer"]) => officerToken(keysDir, "CHONGQING", roles, { sub });

  it("runs the stages one after the other in the written order, on the way in and on the way out", async () => {
    const id = requestId("order");
    const res = await postGraphql(t.node.url, lookup("CQ-HV-00000001"), { token: await officer("pipeline-order"), ...CASE, headers: { "x-request-id": id } });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(GOVERNANCE_STAGES).toEqual(["policy", "budget", "audit", "peer", "metrics"]);
    expect(stagesOf(id, "didResolveOperation")).toEqual(["policy", "budget"]);
    expect(stagesOf(id, "willSendResponse")).toEqual([...GOVERNANCE_STAGES]);
    // Nothing of the way out starts before the way in is done.
    const steps = trace.get(id)!;
    expect(steps.findIndex((s) => s.endsWith(".willSendResponse"))).toBeGreaterThan(steps.lastIndexOf("budget.didResolveOperation"));
  });

  it("a policy-denied partial answer is shaped before the audit records it, and counted with its real outcome", async () => {
    const id = requestId("partial");
    const before = await scrape();
    const caseworker = await officer("pipeline-caseworker", ["assistance_caseworker"]);
    const res = await postGraphql(t.node.url, `{ householdVerification(id: "CQ-HV-00000001") { conclusion totalAssetsFen } }`, { token: caseworker, ...CASE, headers: { "x-request-id": id } });
    expect(res.status).toBe(200);
    expect(res.body.data!.householdVerification).toEqual({ conclusion: "ELIGIBLE", totalAssetsFen: null });
    expect(res.body.errors!.map((e) => e.extensions!.code)).toEqual(["FORBIDDEN"]);
    const [entry] = await entryOf(id);
    expect(entry).toMatchObject({ outcome: "PARTIAL", resultCount: 1 });
    expect(JSON.parse(entry.fieldsDenied)).toEqual([expect.objectContaining({ path: "householdVerification.totalAssetsFen" })]);
    const after = await scrape();
    expect(sample(after, "gateway_graphql_requests_total", { ...LABEL, outcome: "FORBIDDEN" }) - sample(before, "gateway_graphql_requests_total", { ...LABEL, outcome: "FORBIDDEN" })).toBe(1);
    expect(sample(after, "gateway_graphql_requests_total", { ...LABEL, outcome: "ok" })).toBe(sample(before, "gateway_graphql_requests_total", { ...LABEL, outcome: "ok" }));
  });

  it("an answer the budget withholds reaches the audit and the metrics withheld: nothing released, counted FORBIDDEN", async () => {
    const token = await officer("pipeline-budget");
    expect((await postGraphql(t.node.url, lookup("CQ-HV-00000001"), { token, ...CASE })).body.errors).toBeUndefined(); // 2 persons of 3
    const before = await scrape();
    const id = requestId("budget");
    const res = await postGraphql(t.node.url, lookup("CQ-HV-00000002"), { token, ...CASE, headers: { "x-request-id": id } }); // 4 > 3
    expect(res.status).toBe(429);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "ENUMERATION_BUDGET_EXCEEDED" });
    // The audit ran after the budget: it saw the withheld answer (nothing released), and still the persons looked up.
    const [entry] = await entryOf(id);
    expect(entry.resultCount).toBe(0);
    expect(JSON.parse(entry.subjectHmacs)).toHaveLength(2);
    const after = await scrape();
    expect(sample(after, "gateway_graphql_requests_total", { ...LABEL, outcome: "FORBIDDEN" }) - sample(before, "gateway_graphql_requests_total", { ...LABEL, outcome: "FORBIDDEN" })).toBe(1);
    expect(stagesOf(id, "willSendResponse")).toEqual([...GOVERNANCE_STAGES]);
  });

  it("a refused token enters the same pipeline early: audited, then counted as a refusal, never as an operation", async () => {
    const before = await scrape();
    const id = requestId("unauthenticated");
    const res = await postGraphql(t.node.url, "{ me { sub } }", { token: "not-a-token", ...CASE, headers: { "x-request-id": id } });
    expect(res.status).toBe(401);
    expect(res.body.errors![0].extensions).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(trace.get(id)).toEqual(["audit.refusedEarly", "metrics.refusedEarly"]);
    const entries = await entryOf(id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: "UNAUTHENTICATED", errorCode: "UNAUTHENTICATED", purpose: "MLG_REVIEW", principalSub: null });
    const after = await scrape();
    const refusals = (text: string) => sample(text, "gateway_http_refusals_total", { route: "graphql", status: "401", code: "UNAUTHENTICATED" });
    expect(refusals(after) - refusals(before)).toBe(1);
    expect(total(after, "gateway_graphql_requests_total")).toBe(total(before, "gateway_graphql_requests_total"));
  });

  it("the subscription stream's refused token goes through the same pipeline", async () => {
    const before = await scrape();
    const unauthenticatedEntries = () => t.prisma.auditEntry.count({ where: { outcome: "UNAUTHENTICATED" } });
    const entriesBefore = await unauthenticatedEntries();
    const res = await fetch(`${t.node.url}/graphql/stream`, { method: "POST", headers: { authorization: "Bearer nope", "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(401);
    expect(await unauthenticatedEntries()).toBe(entriesBefore + 1);
    const after = await scrape();
    expect(sample(after, "gateway_http_refusals_total", { route: "graphql-stream", status: "401", code: "UNAUTHENTICATED" }) - sample(before, "gateway_http_refusals_total", { route: "graphql-stream", status: "401", code: "UNAUTHENTICATED" })).toBe(1);
  });

  describe("when the audit store refuses every write", () => {
    beforeEach(() => refuseAuditInserts(t.prisma, provider));
    afterEach(() => allowAuditInserts(t.prisma, provider));

    it("an answer withheld for AUDIT_UNAVAILABLE is counted as withheld in /metrics, and the later stages saw it withheld", async () => {
      const before = await scrape();
      const id = requestId("withheld");
      const res = await postGraphql(t.node.url, lookup("CQ-HV-00000003"), { token: await officer("pipeline-withheld"), ...CASE, headers: { "x-request-id": id } });
      expect(res.status).toBe(503);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors).toEqual([expect.objectContaining({ extensions: { code: "AUDIT_UNAVAILABLE" } })]);
      expect(JSON.stringify(res.body)).not.toContain("ELIGIBLE");
      expect(await entryOf(id)).toHaveLength(0);
      expect(stagesOf(id, "willSendResponse")).toEqual([...GOVERNANCE_STAGES]);
      const after = await scrape();
      const counted = (text: string, outcome: string) => sample(text, "gateway_graphql_requests_total", { ...LABEL, outcome });
      expect(counted(after, "AUDIT_UNAVAILABLE") - counted(before, "AUDIT_UNAVAILABLE")).toBe(1);
      expect(counted(after, "ok")).toBe(counted(before, "ok"));
    });

    it("a refused token that cannot be recorded is answered 503 AUDIT_UNAVAILABLE, and counted as such", async () => {
      const before = await scrape();
      const id = requestId("unrecorded");
      const res = await postGraphql(t.node.url, "{ me { sub } }", { token: "not-a-token", headers: { "x-request-id": id } });
      expect(res.status).toBe(503);
      expect(res.body.errors![0].extensions).toMatchObject({ code: "AUDIT_UNAVAILABLE" });
      expect(trace.get(id)).toEqual(["audit.refusedEarly", "metrics.refusedEarly"]);
      expect(await entryOf(id)).toHaveLength(0);
      const after = await scrape();
      const refusals = (text: string, status: string, code: string) => sample(text, "gateway_http_refusals_total", { route: "graphql", status, code });
      expect(refusals(after, "503", "AUDIT_UNAVAILABLE") - refusals(before, "503", "AUDIT_UNAVAILABLE")).toBe(1);
      expect(refusals(after, "401", "UNAUTHENTICATED")).toBe(refusals(before, "401", "UNAUTHENTICATED"));
    });
  });
});
