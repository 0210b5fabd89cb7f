import { createClient } from "graphql-sse";
import { FIXTURE_PEOPLE, insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTwoNodes, type TwoNodes } from "../support/testNode";

// An incoming 协查 request is pushed to the target province's verification officers: a real
// graphql-sse subscription at Sichuan's node sees the request a Chongqing caseworker makes.

describe("incoming 协查 requests over Server-Sent Events", () => {
  let nodes: TwoNodes;
  beforeAll(async () => {
    nodes = await startTwoNodes({ fixtures: { CHONGQING: (p) => insertVerificationFixtures(p, "CHONGQING", 2), SICHUAN: (p) => insertVerificationFixtures(p, "SICHUAN", 2) } });
  });
  afterAll(() => nodes.stop());

  it("Sichuan's verification officer is told of the request as it arrives, and the event is audited", async () => {
    const scOfficer = await officerToken(nodes.keysDir, "SICHUAN", ["verification_officer"], { sub: "sc-verifier-9" });
    const client = createClient({
      url: `${nodes.sc.node.url}/graphql/stream`,
      headers: { authorization: `Bearer ${scOfficer}`, "x-purpose": "MLG_REVIEW", "x-case-ref": "SC-MLG-2025-0009" },
      retryAttempts: 0,
    });
    let connected!: () => void;
    const ready = new Promise<void>((resolve) => (connected = resolve));
    const events = client.iterate<{ verificationRequestReceived: { id: string; requestingRegion: string; subjectIdNumber: string; state: string } }>(
      { query: "subscription Incoming { verificationRequestReceived { id requestingRegion subjectIdNumber state } }" },
      { connected: () => connected() },
    );
    const first = events.next();
    await ready;
    await new Promise((resolve) => setTimeout(resolve, 200));

    const caseworker = await officerToken(nodes.keysDir, "CHONGQING", ["assistance_caseworker"]);
    const asked = await postGraphql(nodes.cq.node.url, `mutation($input: VerificationRequestInput!) { requestVerification(input: $input) { id } }`, {
      token: caseworker, purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0078",
      variables: { input: { idNumber: FIXTURE_PEOPLE.chenJing, targetRegion: "SICHUAN", program: "MLG", reason: "申请人户籍在成都" } },
    });
    expect(asked.body.errors).toBeUndefined();
    const event = await Promise.race([first, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no event within 2 s")), 2_000))]);
    expect(event.value!.data!.verificationRequestReceived).toEqual({ id: asked.body.data!.requestVerification.id, requestingRegion: "CHONGQING", subjectIdNumber: FIXTURE_PEOPLE.chenJing, state: "REQUESTED" });
    await events.return?.(undefined);
    client.dispose();
    const entries = await nodes.sc.prisma.auditEntry.findMany({ where: { operationName: "Incoming" } });
    expect(entries.map((e) => [e.principalSub, e.outcome, e.resultCount, JSON.parse(e.subjectHmacs).length])).toEqual([["sc-verifier-9", "ALLOWED", 1, 1]]);
  });
});
