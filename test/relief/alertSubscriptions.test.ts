import { createClient } from "graphql-sse";
import { insertAgencies } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, waitForWarmUp, type TestNode } from "../support/testNode";
import { insertFamilySearchCrowd } from "../peers/support/familySearchCrowd";
import { composeIdentityNumber } from "../../src/identity";

// Notifications without polling: a real graphql-sse client over loopback, with a real signed
// officer token, subscribed to match alerts at /graphql/stream.

const SUBSCRIBE = `subscription Alerts { matchAlertRaised { id status reliefRecordId missingPersonReportId matchProbability reliefRecord { reportedName dnaSampleRef } } }`;
const ID = composeIdentityNumber("500103", "1966-04-12", "MALE", 31);

describe("match alerts over Server-Sent Events", () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ region: "CHONGQING", fixtures: async (p) => (await insertAgencies(p, "CHONGQING"), await insertFamilySearchCrowd(p, "CHONGQING")) });
    await waitForWarmUp(node.node.url);
  }, 60_000);
  afterAll(() => node.stop());

  const clientFor = (token: string, caseRef = "XQ-2025-0301") =>
    createClient({ url: `${node.node.url}/graphql/stream`, headers: { authorization: `Bearer ${token}`, "x-purpose": "FAMILY_SEARCH", "x-case-ref": caseRef }, retryAttempts: 0 });

  it("a relief officer's subscription receives the alert within 1 s of the filing, shaped by policy and audited", async () => {
    const token = await officerToken(node.keysDir, "CHONGQING", ["relief_officer"]);
    const client = clientFor(token);
    let connected!: () => void;
    const ready = new Promise<void>((resolve) => (connected = resolve));
    const events = client.iterate<{ matchAlertRaised: { reliefRecordId: string; reliefRecord: { reportedName: string; dnaSampleRef: string | null } | null } }>({ query: SUBSCRIBE }, { connected: () => connected() });
    const first = events.next();
    await ready;
    await new Promise((resolve) => setTimeout(resolve, 200)); // the server subscribes right after the stream opens

    const filed = await postGraphql(node.node.url, `mutation($input: MissingPersonInput!) { fileMissingPersonReport(input: $input) { alerts { id } } }`, {
      token, purpose: "FAMILY_SEARCH", caseRef: "XQ-2025-0301",
      variables: { input: { name: "周德清", gender: "MALE", birthYear: 1966, heightCm: 172, features: ["scar:chin"], homeAreaCode: "500103", lastSeenOn: "2025-04-01", lastSeenAreaCode: "500103", agencyId: "CQ-AG-00000001", idNumber: ID } },
    });
    expect(filed.body.errors).toBeUndefined();
    const started = Date.now();
    const recorded = await postGraphql(node.node.url, `mutation($input: ReliefCaseInput!) { recordReliefCase(input: $input) { reliefRecord { id } alerts { id } } }`, {
      token, purpose: "RELIEF_CASEWORK", caseRef: "CQ-RS-2025-0301",
      variables: { input: { stationId: "CQ-AG-00000002", reportedName: "周德清", gender: "MALE", apparentAgeMin: 56, apparentAgeMax: 62, heightCm: 171, features: ["scar:chin"], foundOn: "2025-04-09", foundAreaCode: "500106", idNumber: ID, dnaSampleRef: "CQ-DNA-0301" } },
    });
    expect(recorded.body.errors).toBeUndefined();
    const recordId = recorded.body.data!.recordReliefCase.reliefRecord.id;
    expect(recorded.body.data!.recordReliefCase.alerts).toHaveLength(1);

    const event = await Promise.race([first, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no event within 1 s of the filing")), 1_000 - (Date.now() - started)))]);
    const received = Date.now() - started;
    expect(received).toBeLessThan(1_000);
    const alert = event.value!.data!.matchAlertRaised;
    expect(alert.reliefRecordId).toBe(recordId);
    expect(alert.reliefRecord!.reportedName).toBe("周德清");
    // DNA references go to police liaisons only: denied to a relief officer, in the event as in any answer.
    expect(alert.reliefRecord!.dnaSampleRef ?? null).toBeNull();
    expect(event.value!.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN" });
    await events.return?.(undefined);
    client.dispose();

    const entries = await node.prisma.auditEntry.findMany({ where: { operationName: "Alerts" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ principalSub: "cq-officer-1", purpose: "FAMILY_SEARCH", caseRef: "XQ-2025-0301", outcome: "PARTIAL", resultCount: 1 });
    expect(JSON.parse(entries[0].subjectHmacs)).toHaveLength(1);
  });

  it("refuses a role the policy does not let see alerts, and a request without a token", async () => {
    const token = await officerToken(node.keysDir, "CHONGQING", ["verification_officer"]);
    const client = clientFor(token);
    const result = await client.iterate({ query: SUBSCRIBE }).next();
    expect(result.value.errors[0].extensions.code).toBe("FORBIDDEN");
    client.dispose();
    const res = await fetch(`${node.node.url}/graphql/stream`, { method: "POST", headers: { "content-type": "application/json", accept: "text/event-stream" }, body: JSON.stringify({ query: SUBSCRIBE }) });
    expect(res.status).toBe(401);
    // An agency this node's registry does not hold is refused here as on /graphql.
    const stranger = await officerToken(node.keysDir, "CHONGQING", ["relief_officer"], { agency: "CQ-NOT-REGISTERED" });
    const refused = await fetch(`${node.node.url}/graphql/stream`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${stranger}`, "x-purpose": "FAMILY_SEARCH", "x-case-ref": "XQ-2025-0301" },
      body: JSON.stringify({ query: SUBSCRIBE }),
    });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { errors: { extensions: { reason: string } }[] }).errors[0].extensions.reason).toBe("unknown agency");
  });

  it("refuses a case number that does not follow the caller's province's format, as /graphql does, and audits the refusal", async () => {
    const token = await officerToken(node.keysDir, "CHONGQING", ["relief_officer"], { sub: "cq-malformed-case" });
    const client = clientFor(token, "not a case; number!");
    const result = await client.iterate({ query: SUBSCRIBE }).next();
    client.dispose();
    expect(result.value.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "X-Case-Ref" });
    const entry = await node.prisma.auditEntry.findFirstOrThrow({ where: { principalSub: "cq-malformed-case" } });
    expect(entry).toMatchObject({ outcome: "INVALID", caseRef: null });
  });
});
