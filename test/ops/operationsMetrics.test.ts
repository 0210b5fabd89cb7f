// /metrics over real HTTP, scraped the way Prometheus scrapes it: refusals made before Apollo,
// the audit writer's commits, forwards to the peer and its breaker, and — the point of the
// ordering fix — an answer the audit withheld is counted as AUDIT_UNAVAILABLE, never as ok.
// (Apollo starts every plugin's willSendResponse at once; the metrics hook used to label the
// answer before the audit hook had replaced it.)
import { insertSichuanRecordOfLiuFang } from "../fixtures/crossRegionFixtures";
import { insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { allowAuditInserts, refuseAuditInserts } from "../audit/support/auditStoreFaults";
import { postGraphql } from "../support/graphqlClient";
import { usingPostgres } from "../support/testDatabase";
import { officerToken, startTwoNodes, type TwoNodes } from "../support/testNode";

const CASE = { purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0042" };
const LOCAL = `{ householdVerification(id: "CQ-HV-00000001") { conclusion } }`;

/** The value of one sample: the series of `name` whose labels include all of `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length, line.lastIndexOf(" "));
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

describe("/metrics", () => {
  let nodes: TwoNodes;
  let scrape: () => Promise<string>;
  beforeAll(async () => {
    nodes = await startTwoNodes({ fixtures: { CHONGQING: (p) => insertVerificationFixtures(p, "CHONGQING", 1), SICHUAN: insertSichuanRecordOfLiuFang } });
    scrape = async () => (await fetch(`${nodes.cq.node.url}/metrics`)).text();
  });
  afterAll(() => nodes.stop());

  it("counts the refusals the HTTP layer makes before GraphQL runs: 401, 405, 413, 415", async () => {
    const token = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const url = `${nodes.cq.node.url}/graphql`;
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(url, { headers: auth })).status).toBe(405);
    expect((await fetch(url, { method: "POST", headers: { ...auth, "content-type": "text/plain" }, body: JSON.stringify({ query: "{ me { sub } }" }) })).status).toBe(415);
    expect((await postGraphql(nodes.cq.node.url, "{ me { sub } }")).status).toBe(401);
    const huge = JSON.stringify({ query: `{ me { sub } } # ${"x".repeat(300_000)}` });
    expect((await fetch(url, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: huge })).status).toBe(413);
    // A JSON type with parameters is JSON.
    expect((await fetch(url, { method: "POST", headers: { ...auth, "content-type": "application/json; charset=utf-8" }, body: JSON.stringify({ query: "{ me { sub } }" }) })).status).toBe(200);

    const text = await scrape();
    expect(sample(text, "gateway_http_refusals_total", { route: "graphql", status: "405", code: "BAD_REQUEST" })).toBe(1);
    expect(sample(text, "gateway_http_refusals_total", { route: "graphql", status: "415", code: "BAD_REQUEST" })).toBe(1);
    expect(sample(text, "gateway_http_refusals_total", { route: "graphql", status: "401", code: "UNAUTHENTICATED" })).toBe(1);
    expect(sample(text, "gateway_http_refusals_total", { route: "graphql", status: "413", code: "QUERY_TOO_COMPLEX" })).toBe(1);
  });

  it("counts refusals of the peer statistics route too: an officer's token is not a peer node's", async () => {
    const token = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const statistics = `${nodes.cq.node.url}/peer/statistics/relief`;
    expect((await fetch(statistics, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await fetch(statistics, { method: "POST", headers: { authorization: `Bearer ${token}` } })).status).toBe(405);
    const text = await scrape();
    expect(sample(text, "gateway_http_refusals_total", { route: "peer-statistics", status: "401", code: "UNAUTHENTICATED" })).toBe(1);
    expect(sample(text, "gateway_http_refusals_total", { route: "peer-statistics", status: "405", code: "METHOD_NOT_ALLOWED" })).toBe(1);
  });

  it("reports the audit writer: commits, entries per commit, queue depth and health", async () => {
    const token = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const before = await scrape();
    await Promise.all(Array.from({ length: 8 }, () => postGraphql(nodes.cq.node.url, LOCAL, { token, ...CASE })));
    const after = await scrape();
    const entries = (text: string) => sample(text, "gateway_audit_entries_per_commit_sum") ?? 0;
    expect(entries(after) - entries(before)).toBe(8);
    expect(sample(after, "gateway_audit_commit_duration_seconds_count")!).toBeGreaterThan(sample(before, "gateway_audit_commit_duration_seconds_count") ?? 0);
    expect(sample(after, "gateway_audit_queue_depth")).toBe(0);
    expect(sample(after, "gateway_audit_writer_healthy")).toBe(1);
    expect(sample(after, "gateway_audit_commit_failures_total")).toBe(0);
  });

  it("times forwards to the peer and shows its breaker, with buckets past the peer timeout", async () => {
    const token = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const forwarded = await postGraphql(nodes.cq.node.url, `{ householdVerification(id: "SC-HV-00000001") { conclusion } }`, { token, ...CASE });
    expect(forwarded.status).toBe(200);
    expect(forwarded.body.errors).toBeUndefined();
    const text = await scrape();
    expect(sample(text, "gateway_peer_forward_duration_seconds_count", { peer: "SICHUAN", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "gateway_peer_circuit_state", { peer: "SICHUAN", state: "closed" })).toBe(1);
    expect(sample(text, "gateway_peer_circuit_state", { peer: "SICHUAN", state: "open" })).toBe(0);
    const peerTimeoutSeconds = nodes.cq.config.peers[0].timeoutMs / 1000;
    for (const histogram of ["gateway_peer_forward_duration_seconds_bucket", "gateway_graphql_request_duration_seconds_bucket"]) {
      const bounds = [...text.matchAll(new RegExp(`^${histogram}\\{[^}]*le="([0-9.e+-]+)"`, "gm"))].map((m) => Number(m[1]));
      expect(Math.max(...bounds)).toBeGreaterThan(peerTimeoutSeconds);
    }
  });

  it("counts an answer the audit withheld as AUDIT_UNAVAILABLE, not ok", async () => {
    const token = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const series = { operation: "query:householdVerification" };
    const ok = (text: string) => sample(text, "gateway_graphql_requests_total", { ...series, outcome: "ok" }) ?? 0;
    const withheld = (text: string) => sample(text, "gateway_graphql_requests_total", { ...series, outcome: "AUDIT_UNAVAILABLE" }) ?? 0;
    const before = await scrape();

    const provider = usingPostgres ? "postgresql" : "sqlite";
    await refuseAuditInserts(nodes.cq.prisma, provider);
    const refused = await postGraphql(nodes.cq.node.url, LOCAL, { token, ...CASE }).finally(() => allowAuditInserts(nodes.cq.prisma, provider));
    expect(refused.status).toBe(503);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors![0].extensions!.code).toBe("AUDIT_UNAVAILABLE");

    const after = await scrape();
    expect(withheld(after) - withheld(before)).toBe(1);
    expect(ok(after)).toBe(ok(before));
    expect(sample(after, "gateway_audit_commit_failures_total")).toBeGreaterThanOrEqual(1);
    expect(sample(after, "gateway_audit_writer_healthy")).toBe(0);
  });
});
