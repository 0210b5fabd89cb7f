import { composeIdentityNumber } from "../../src/identity";
import { insertAgencies } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken } from "../support/testNode";
import { insertFamilySearchCrowd } from "./support/familySearchCrowd";
import { eventually, startRestartableNodes, type RestartableNode, type RestartableNodes } from "./support/restartableNodes";

// Continuous matching across the border with both provinces' real nodes on loopback: a record
// filed in Sichuan is matched against Chongqing's open reports on Chongqing's node, alerts are
// raised at both, an officer's confirmation at one shows at the other, and a forward made while
// the peer is down waits in the outbox and raises its alert once the peer is back — once.

const FILE = `mutation File($input: MissingPersonInput!) { fileMissingPersonReport(input: $input) { missingPersonReport { id } alerts { id } } }`;
const RECORD = `mutation Record($input: ReliefCaseInput!) {
  recordReliefCase(input: $input) { reliefRecord { id } alerts { id reliefRecordId missingPersonReportId status matchProbability } } }`;
const ALERTS = `query { matchAlerts(first: 50) { totalCount edges { node { id status reliefRecordId missingPersonReportId triggeredBy decidedBy comparisons { attribute level detail } } } } }`;
const REVIEW = `mutation Review($id: ID!, $decision: MatchAlertDecision!) { reviewMatchAlert(id: $id, decision: $decision) { id status } }`;
const FOR_RECORD = `query ForRecord($id: ID!) { familySearchForRecord(reliefRecordId: $id, regions: [CHONGQING, SICHUAN], limit: 5) {
  region matchProbability reliefRecord { id } missingPersonReport { id region name } comparisons { attribute } } }`;

// The same person's identity number on both sides: far above the alert threshold whatever else the pools hold.
const idOf = (birth: string, sequence: number) => composeIdentityNumber("500103", birth, "MALE", sequence);

const report = (name: string, extra: Record<string, unknown> = {}) => ({
  name, gender: "MALE", birthYear: 1960, heightCm: 170, features: ["scar:left-cheek"], dialect: "chongqing",
  homeAreaCode: "500103", lastSeenOn: "2025-09-20", lastSeenAreaCode: "500103", agencyId: "CQ-AG-00000001", ...extra,
});
const reliefCase = (name: string, extra: Record<string, unknown> = {}) => ({
  stationId: "SC-AG-00000002", reportedName: name, gender: "MALE", apparentAgeMin: 62, apparentAgeMax: 68, heightCm: 170, features: ["scar:left-cheek"],
  dialect: "chongqing", foundOn: "2025-10-01", foundAreaCode: "510106", mentalState: "记忆力差", ...extra,
});

type AlertNode = { id: string; status: string; reliefRecordId: string; missingPersonReportId: string; triggeredBy: string; decidedBy: string | null; comparisons: { attribute: string; level: string; detail: string | null }[] };

describe("continuous matching across the border, both nodes", () => {
  let nodes: RestartableNodes;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    nodes = await startRestartableNodes({
      fixtures: {
        CHONGQING: async (p) => (await insertAgencies(p, "CHONGQING"), await insertFamilySearchCrowd(p, "CHONGQING")),
        SICHUAN: async (p) => (await insertAgencies(p, "SICHUAN"), await insertFamilySearchCrowd(p, "SICHUAN")),
      },
      env: { PEER_OUTBOX_POLL_MS: "200", PEER_OUTBOX_MAX_BACKOFF_MS: "1000" },
    });
    tokens.cq = await officerToken(nodes.keysDir, "CHONGQING", ["relief_officer"]);
    tokens.sc = await officerToken(nodes.keysDir, "SICHUAN", ["relief_officer"]);
  }, 120_000);
  afterAll(() => nodes.dispose());

  const fileReport = async (input: Record<string, unknown>) => {
    const res = await postGraphql(nodes.cq.url, FILE, { token: tokens.cq, purpose: "FAMILY_SEARCH", caseRef: "XQ-2025-0201", variables: { input } });
    expect(res.body.errors).toBeUndefined();
    // Its message to Sichuan delivered (the filing does not wait for it), so what a test files next meets it there.
    expect(await eventually(() => nodes.cq.prisma.peerOutboxEntry.count({ where: { deliveredAt: null } }), (n) => n === 0, 5_000)).toBe(0);
    return res.body.data!.fileMissingPersonReport.missingPersonReport.id as string;
  };
  const recordCase = async (input: Record<string, unknown>) => {
    const res = await postGraphql(nodes.sc.url, RECORD, { token: tokens.sc, purpose: "RELIEF_CASEWORK", caseRef: "CD-RS-2025-0201", variables: { input } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.recordReliefCase as { reliefRecord: { id: string }; alerts: { reliefRecordId: string; missingPersonReportId: string }[] };
  };
  const alertsAt = async (node: RestartableNode): Promise<AlertNode[]> => {
    const res = await postGraphql(node.url, ALERTS, { token: node.region === "CHONGQING" ? tokens.cq : tokens.sc, purpose: "FAMILY_SEARCH", caseRef: "XQ-2025-0201" });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.matchAlerts.edges.map((e: { node: AlertNode }) => e.node);
  };
  const pairOf = (alerts: AlertNode[], recordId: string, reportId: string) => alerts.filter((a) => a.reliefRecordId === recordId && a.missingPersonReportId === reportId);

  it("a Sichuan record matching a Chongqing report raises an alert at both nodes, and a confirmation at Chongqing shows at Sichuan", async () => {
    const reportId = await fileReport(report("李德明", { idNumber: idOf("1960-05-01", 11) }));
    const filed = await recordCase(reliefCase("李德明", { idNumber: idOf("1960-05-01", 11) }));
    const recordId = filed.reliefRecord.id;
    expect(recordId).toMatch(/^SC-RR-/);
    // The filing does not wait for the peer (PEER_FIRST_ATTEMPT_WAIT_MS 0): its first attempt runs
    // in the background, and Chongqing's answer raises the pair at home, Sichuan, shortly after.
    const atSc = await eventually(async () => pairOf(await alertsAt(nodes.sc), recordId, reportId), (a) => a.length > 0, 5_000);
    const atCq = pairOf(await alertsAt(nodes.cq), recordId, reportId);
    expect(atCq).toHaveLength(1);
    expect(atSc).toHaveLength(1);
    expect(atCq[0].id).toMatch(/^CQ-MA-/);
    expect(atSc[0].id).toMatch(/^SC-MA-/);
    // Matched on Chongqing's node without the record's health data; Sichuan's copy carries no detail texts of Chongqing's report.
    expect(atCq[0].comparisons.map((c) => c.attribute)).not.toContain("CONDITION");
    expect(atSc[0].comparisons.every((c) => c.detail === null)).toBe(true);
    // Each alert carries both sides' areas, for the queue's row rule: its own side from its own
    // row, the other side as the peer told it — Chongqing's from the record's description (the
    // Sichuan station, 510106), Sichuan's from Chongqing's answer through the outbox (the
    // Chongqing agency that took the report, 500000).
    const areas = { reliefRecordAreaCode: "510106", missingReportAreaCode: "500000" };
    expect(await nodes.cq.prisma.matchAlert.findUniqueOrThrow({ where: { id: atCq[0].id } })).toMatchObject(areas);
    expect(await nodes.sc.prisma.matchAlert.findUniqueOrThrow({ where: { id: atSc[0].id } })).toMatchObject(areas);

    for (const decision of ["REVIEWED", "CONFIRMED"]) {
      const res = await postGraphql(nodes.cq.url, REVIEW, { token: tokens.cq, purpose: "FAMILY_SEARCH", caseRef: "XQ-2025-0201", variables: { id: atCq[0].id, decision } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.reviewMatchAlert.status).toBe(decision);
    }
    const confirmedAtSc = await eventually(async () => pairOf(await alertsAt(nodes.sc), recordId, reportId)[0], (a) => a?.status === "CONFIRMED", 10_000);
    expect(confirmedAtSc).toMatchObject({ id: atSc[0].id, status: "CONFIRMED", decidedBy: "cq-officer-1@CQ" });
    // Each node's own row follows: the record identified in Sichuan, the report found in Chongqing.
    expect((await nodes.sc.prisma.reliefRecord.findUniqueOrThrow({ where: { id: recordId } })).identityStatus).toBe("IDENTIFIED");
    expect((await nodes.cq.prisma.missingPersonReport.findUniqueOrThrow({ where: { id: reportId } })).status).toBe("FOUND");

    // Audited at both ends, with the sending node as principal.
    const sent = await nodes.sc.prisma.auditEntry.findMany({ where: { operationName: "peer-exchange:relief.matchRecord" } });
    const received = await nodes.cq.prisma.auditEntry.findMany({ where: { operationName: "peer-exchange:relief.matchRecord" } });
    expect(sent.map((e) => e.principalSub)).toContain("urn:assist-gateway:node:sichuan");
    expect(received.map((e) => e.principalSub)).toContain("urn:assist-gateway:node:sichuan");
    expect(received.every((e) => e.outcome === "ALLOWED" && e.principalRoles === "[]")).toBe(true);
  });

  it("the other way: a Chongqing report filed after the Sichuan record is matched on Sichuan's node, with an alert at both", async () => {
    const filed = await recordCase(reliefCase("钱贵生", { apparentAgeMin: 40, apparentAgeMax: 46, features: ["scar:right-hand"], foundOn: "2025-06-02", idNumber: idOf("1982-06-01", 15) }));
    // The record's own message to Chongqing (no report there yet) has been delivered before the
    // report is filed: the filing no longer waits for it, and delivered later it would find the
    // report and raise the pair as the record's match instead.
    expect(await eventually(() => nodes.sc.prisma.peerOutboxEntry.count({ where: { deliveredAt: null } }), (n) => n === 0, 5_000)).toBe(0);
    const res = await postGraphql(nodes.cq.url, FILE, {
      token: tokens.cq, purpose: "FAMILY_SEARCH", caseRef: "XQ-2025-0203",
      variables: { input: report("钱贵生", { birthYear: 1982, features: ["scar:right-hand"], lastSeenOn: "2025-05-25", idNumber: idOf("1982-06-01", 15) }) },
    });
    expect(res.body.errors).toBeUndefined();
    const reportId = res.body.data!.fileMissingPersonReport.missingPersonReport.id;
    // The filing does not wait: Sichuan raises its alert when the message arrives, Chongqing its own when Sichuan's answer does.
    const atCq = await eventually(async () => pairOf(await alertsAt(nodes.cq), filed.reliefRecord.id, reportId), (a) => a.length > 0, 5_000);
    expect(pairOf(await alertsAt(nodes.sc), filed.reliefRecord.id, reportId)).toEqual([expect.objectContaining({ triggeredBy: "MISSING_REPORT", status: "NEW" })]);
    expect(atCq).toEqual([expect.objectContaining({ triggeredBy: "MISSING_REPORT", status: "NEW" })]);
  });

  it("familySearchForRecord with both regions finds the Chongqing report for a Sichuan record, asked under Chongqing's policy", async () => {
    const reportId = await fileReport(report("赵永福", { birthYear: 1950, features: ["missing-finger:left-index"], lastSeenOn: "2025-08-01" }));
    const filed = await recordCase(reliefCase("赵永福", { apparentAgeMin: 72, apparentAgeMax: 78, features: ["missing-finger:left-index"], foundOn: "2025-08-10" }));
    const res = await postGraphql(nodes.sc.url, FOR_RECORD, { token: tokens.sc, purpose: "FAMILY_SEARCH", caseRef: "CD-RS-2025-0202", variables: { id: filed.reliefRecord.id } });
    const fromCq = res.body.data!.familySearchForRecord.filter((c: { region: string }) => c.region === "CHONGQING");
    expect(fromCq[0]).toMatchObject({ region: "CHONGQING", reliefRecord: { id: filed.reliefRecord.id }, missingPersonReport: { id: reportId, region: "CHONGQING", name: "赵永福" } });
    expect(fromCq[0].comparisons.map((c: { attribute: string }) => c.attribute)).not.toContain("CONDITION");
    // Chongqing audited the search as the Sichuan officer (on-behalf-of), not as a node.
    const atCq = await nodes.cq.prisma.auditEntry.findMany({ where: { forwardedByNode: "SICHUAN", principalSub: "sc-officer-1" }, orderBy: { recordedAt: "desc" }, take: 1 });
    expect(atCq[0]?.operationName).toBe("Forwarded");
  });

  it("with Chongqing down during the filing, the alert is raised after it returns, exactly once at each node — across a restart of Sichuan too", async () => {
    const reportId = await fileReport(report("孙有才", { birthYear: 1955, features: ["tattoo:right-arm"], lastSeenOn: "2025-07-01", idNumber: idOf("1955-02-03", 13) }));
    await nodes.cq.stop();
    const filed = await recordCase(reliefCase("孙有才", { apparentAgeMin: 67, apparentAgeMax: 73, features: ["tattoo:right-arm"], foundOn: "2025-07-09", idNumber: idOf("1955-02-03", 13) }));
    const recordId = filed.reliefRecord.id;
    expect(filed.alerts.filter((a) => a.missingPersonReportId === reportId)).toEqual([]);
    const waiting = await nodes.sc.prisma.peerOutboxEntry.findMany({ where: { deliveredAt: null } });
    expect(waiting.map((e) => e.kind)).toEqual(["matchRecord"]);
    // Operators see it waiting (docs/operations.md alerts on the outbox's depth and age).
    const metrics = await (await fetch(`${nodes.sc.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_peer_outbox_depth\{peer="CHONGQING",node="SICHUAN"\} 1\n/);
    expect(metrics).toMatch(/gateway_peer_outbox_oldest_seconds\{peer="CHONGQING",node="SICHUAN"\} [0-9.]+\n/);

    // The sender restarts while the message waits: it is in the table, not in memory.
    await nodes.sc.stop();
    await nodes.sc.start();
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a few failed attempts against the stopped peer
    expect((await nodes.sc.prisma.peerOutboxEntry.findUniqueOrThrow({ where: { id: waiting[0].id } })).attempts).toBeGreaterThan(0);
    await nodes.cq.start();

    const atCq = await eventually(async () => pairOf(await alertsAt(nodes.cq), recordId, reportId), (a) => a.length > 0, 20_000);
    const atSc = await eventually(async () => pairOf(await alertsAt(nodes.sc), recordId, reportId), (a) => a.length > 0, 10_000);
    expect(atCq).toHaveLength(1);
    expect(atSc).toHaveLength(1);
    const delivered = await nodes.sc.prisma.peerOutboxEntry.findUniqueOrThrow({ where: { id: waiting[0].id } });
    expect(delivered.deliveredAt).not.toBeNull();
    expect(delivered.payload).toBe("{}");
    // Nothing doubled afterwards: a second delivery of the same message would find the pair alerted already.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(pairOf(await alertsAt(nodes.cq), recordId, reportId)).toHaveLength(1);
    expect(pairOf(await alertsAt(nodes.sc), recordId, reportId)).toHaveLength(1);
    expect(await nodes.cq.prisma.matchAlert.count({ where: { reliefRecordId: recordId } })).toBe(1);
  }, 90_000);

  it("reports the outbox and the match parameters' fit age in /readyz, never as critical", async () => {
    const body = (await (await fetch(`${nodes.sc.url}/readyz`)).json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe("ready");
    expect(body.checks["match-parameters:relief"]).toMatch(/^fitted \d+ s ago \(generation \d+\), \d+ rows since/);
    expect(body.checks["peer-outbox:CHONGQING"]).toBe("empty");
    const metrics = await (await fetch(`${nodes.sc.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_peer_outbox_depth\{peer="CHONGQING",node="SICHUAN"\} 0\n/);
  });

  it("refuses an officer's token on the exchange route, and a node token for another scope", async () => {
    const res = await fetch(`${nodes.cq.url}/peer/exchange/relief`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tokens.sc}` },
      body: JSON.stringify({ key: "0193a0b0-0000-7000-8000-000000000000", kind: "matchRecord", payload: {} }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });
});

describe("a deployment that waits for the peer's first answer (PEER_FIRST_ATTEMPT_WAIT_MS)", () => {
  let nodes: RestartableNodes;
  let token: string;
  beforeAll(async () => {
    nodes = await startRestartableNodes({
      fixtures: {
        CHONGQING: async (p) => (await insertAgencies(p, "CHONGQING"), await insertFamilySearchCrowd(p, "CHONGQING")),
        SICHUAN: async (p) => (await insertAgencies(p, "SICHUAN"), await insertFamilySearchCrowd(p, "SICHUAN")),
      },
      env: { PEER_FIRST_ATTEMPT_WAIT_MS: "5000" },
    });
    token = await officerToken(nodes.keysDir, "CHONGQING", ["relief_officer"]);
  }, 120_000);
  afterAll(() => nodes.dispose());

  it("a Chongqing report's filing answers with the alert Sichuan raised for its record", async () => {
    const scToken = await officerToken(nodes.keysDir, "SICHUAN", ["relief_officer"]);
    const recorded = await postGraphql(nodes.sc.url, RECORD, { token: scToken, purpose: "RELIEF_CASEWORK", caseRef: "CD-RS-2025-0204", variables: { input: reliefCase("吴长顺", { idNumber: idOf("1961-03-04", 17) }) } });
    expect(recorded.body.errors).toBeUndefined();
    const recordId = recorded.body.data!.recordReliefCase.reliefRecord.id;
    const res = await postGraphql(nodes.cq.url, `mutation File($input: MissingPersonInput!) { fileMissingPersonReport(input: $input) { missingPersonReport { id } alerts { id reliefRecordId missingPersonReportId } } }`, {
      token, purpose: "FAMILY_SEARCH", caseRef: "XQ-2025-0204", variables: { input: report("吴长顺", { birthYear: 1961, idNumber: idOf("1961-03-04", 17) }) },
    });
    expect(res.body.errors).toBeUndefined();
    const filed = res.body.data!.fileMissingPersonReport;
    // The peer answered within the wait: the pair, raised here from its answer, is among the filing's alerts.
    expect(filed.alerts).toContainEqual(expect.objectContaining({ id: expect.stringMatching(/^CQ-MA-/), reliefRecordId: recordId, missingPersonReportId: filed.missingPersonReport.id }));
  });
});
