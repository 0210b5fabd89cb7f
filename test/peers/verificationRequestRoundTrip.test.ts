import { FIXTURE_PEOPLE, insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTwoNodes, type TwoNodes } from "../support/testNode";

const CASE = { purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0077" };
const REQUEST = `mutation($input: VerificationRequestInput!) { requestVerification(input: $input) { id region requestingRegion targetRegion state subjectIdNumber } }`;
const UPDATE = `mutation($id: ID!, $state: VerificationRequestState!, $result: ID, $why: String) {
  updateVerificationRequest(id: $id, state: $state, resultVerificationId: $result, declineReason: $why) { id state resultVerificationId handledBy } }`;
const READ = `query($id: ID!) { verificationRequest(id: $id) { id region state resultVerificationId handledBy } }`;

describe("跨省协查: a caseworker in Chongqing asks Sichuan to verify a member registered there", () => {
  let nodes: TwoNodes;
  beforeAll(async () => {
    nodes = await startTwoNodes({
      fixtures: { CHONGQING: (p) => insertVerificationFixtures(p, "CHONGQING", 2), SICHUAN: (p) => insertVerificationFixtures(p, "SICHUAN", 2) },
    });
  });
  afterAll(() => nodes.stop());

  it("round trip: requested at both nodes → in progress → completed; the result is readable under the cross-region policy", async () => {
    const caseworker = await officerToken(nodes.keysDir, "CHONGQING", ["assistance_caseworker"]);
    const asked = await postGraphql(nodes.cq.node.url, REQUEST, { token: caseworker, ...CASE, variables: { input: { idNumber: FIXTURE_PEOPLE.chenJing, targetRegion: "SICHUAN", program: "MLG", reason: "申请人户籍在成都，需核对其家庭经济状况" } } });
    expect(asked.body.errors).toBeUndefined();
    const request = asked.body.data!.requestVerification;
    expect(request).toMatchObject({ region: "CHONGQING", requestingRegion: "CHONGQING", targetRegion: "SICHUAN", state: "REQUESTED", subjectIdNumber: FIXTURE_PEOPLE.chenJing });
    expect(request.id).toMatch(/^CQ-VR-/);
    // Stored at both nodes under the same id.
    expect(await nodes.cq.prisma.crossRegionVerificationRequest.count({ where: { id: request.id } })).toBe(1);
    expect(await nodes.sc.prisma.crossRegionVerificationRequest.findUnique({ where: { id: request.id } })).toMatchObject({ state: "REQUESTED", requesterSub: "cq-officer-1", targetRegion: "SICHUAN" });

    const scOfficer = await officerToken(nodes.keysDir, "SICHUAN", ["verification_officer"], { sub: "sc-verifier-7" });
    const started = await postGraphql(nodes.sc.node.url, UPDATE, { token: scOfficer, ...CASE, variables: { id: request.id, state: "IN_PROGRESS" } });
    expect(started.body.data!.updateVerificationRequest.state).toBe("IN_PROGRESS");
    const wrongResult = await postGraphql(nodes.sc.node.url, UPDATE, { token: scOfficer, ...CASE, variables: { id: request.id, state: "COMPLETED", result: "SC-HV-00000002" } });
    expect(wrongResult.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "resultVerificationId" });
    const done = await postGraphql(nodes.sc.node.url, UPDATE, { token: scOfficer, ...CASE, variables: { id: request.id, state: "COMPLETED", result: "SC-HV-00000001" } });
    expect(done.body.data!.updateVerificationRequest).toMatchObject({ state: "COMPLETED", resultVerificationId: "SC-HV-00000001", handledBy: "sc-verifier-7" });

    // The requesting node reads the new state back from Sichuan and keeps it.
    const read = await postGraphql(nodes.cq.node.url, READ, { token: caseworker, ...CASE, variables: { id: request.id } });
    expect(read.body.data!.verificationRequest).toMatchObject({ region: "CHONGQING", state: "COMPLETED", resultVerificationId: "SC-HV-00000001", handledBy: "sc-verifier-7" });
    expect((await nodes.cq.prisma.crossRegionVerificationRequest.findUnique({ where: { id: request.id } }))!.state).toBe("COMPLETED");

    // The result, through the Chongqing node, under Sichuan's cross-region rules for a caseworker:
    // never more than a Chongqing verification officer gets across the border (issue 18) — the
    // name masked, the birth year only.
    const result = await postGraphql(nodes.cq.node.url, `{ householdVerification(id: "SC-HV-00000001") { region conclusion totalAssetsFen household { members { name idNumber birthDate } } } }`, { token: caseworker, ...CASE });
    const hv = result.body.data!.householdVerification;
    expect(hv).toMatchObject({ region: "SICHUAN", conclusion: "ELIGIBLE", totalAssetsFen: null });
    expect(hv.household.members[0]).toEqual({ name: "陈*", idNumber: `510104********${FIXTURE_PEOPLE.chenJing.slice(-4)}`, birthDate: "1983" });
    const officer = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const asOfficer = await postGraphql(nodes.cq.node.url, `{ householdVerification(id: "SC-HV-00000001") { household { members { name idNumber birthDate } } } }`, { token: officer, ...CASE });
    expect(asOfficer.body.data!.householdVerification.household.members[0]).toEqual(hv.household.members[0]);
    // A result the caseworker's agency did not ask for stays outside their reach.
    const notAsked = await postGraphql(nodes.cq.node.url, `{ householdVerification(id: "SC-HV-00000002") { conclusion } }`, { token: caseworker, ...CASE });
    expect(notAsked.body.data!.householdVerification).toBeNull();
    expect(notAsked.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "OUTSIDE_JURISDICTION", region: "SICHUAN" });
  });

  it("refuses moves the workflow does not allow", async () => {
    const caseworker = await officerToken(nodes.keysDir, "CHONGQING", ["assistance_caseworker"]);
    const asked = await postGraphql(nodes.cq.node.url, REQUEST, { token: caseworker, ...CASE, variables: { input: { idNumber: FIXTURE_PEOPLE.chenJing, targetRegion: "SICHUAN", program: "MLG", reason: "复核" } } });
    const id = asked.body.data!.requestVerification.id;
    const scOfficer = await officerToken(nodes.keysDir, "SICHUAN", ["verification_officer"]);
    const skip = await postGraphql(nodes.sc.node.url, UPDATE, { token: scOfficer, ...CASE, variables: { id, state: "COMPLETED", result: "SC-HV-00000001" } });
    expect(skip.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "state" });
    const declineWithoutReason = await postGraphql(nodes.sc.node.url, UPDATE, { token: scOfficer, ...CASE, variables: { id, state: "DECLINED" } });
    expect(declineWithoutReason.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "declineReason" });
    const declined = await postGraphql(nodes.sc.node.url, UPDATE, { token: scOfficer, ...CASE, variables: { id, state: "DECLINED", why: "该人员户籍已迁出" } });
    expect(declined.body.data!.updateVerificationRequest.state).toBe("DECLINED");
    const reopen = await postGraphql(nodes.sc.node.url, UPDATE, { token: scOfficer, ...CASE, variables: { id, state: "IN_PROGRESS" } });
    expect(reopen.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "state" });
  });

  it("an officer cannot deliver a request as if it came from a peer", async () => {
    const scOfficer = await officerToken(nodes.keysDir, "SICHUAN", ["verification_officer"]);
    const res = await postGraphql(nodes.sc.node.url, `mutation { acceptVerificationRequest(input: { id: "SC-VR-x", idNumber: "${FIXTURE_PEOPLE.chenJing}", program: MLG, reason: "x" }) { id } }`, { token: scOfficer, ...CASE });
    expect(res.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "PEER_ONLY" });
  });

  it("validates the identity number and the target region", async () => {
    const caseworker = await officerToken(nodes.keysDir, "CHONGQING", ["assistance_caseworker"]);
    const bad = await postGraphql(nodes.cq.node.url, REQUEST, { token: caseworker, ...CASE, variables: { input: { idNumber: "510104198302141234", targetRegion: "SICHUAN", program: "MLG", reason: "x" } } });
    expect(bad.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.idNumber" });
    const self = await postGraphql(nodes.cq.node.url, REQUEST, { token: caseworker, ...CASE, variables: { input: { idNumber: FIXTURE_PEOPLE.chenJing, targetRegion: "CHONGQING", program: "MLG", reason: "x" } } });
    expect(self.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.targetRegion" });
  });
});

describe("跨省协查 with the target node down", () => {
  it("answers PEER_UNAVAILABLE and stores nothing at the requesting node", async () => {
    const nodes = await startTwoNodes({ fixtures: { CHONGQING: (p) => insertVerificationFixtures(p, "CHONGQING", 1) } });
    try {
      await nodes.sc.stop();
      const caseworker = await officerToken(nodes.keysDir, "CHONGQING", ["assistance_caseworker"]);
      const res = await postGraphql(nodes.cq.node.url, REQUEST, { token: caseworker, ...CASE, variables: { input: { idNumber: FIXTURE_PEOPLE.chenJing, targetRegion: "SICHUAN", program: "MLG", reason: "x" } } });
      expect(res.body.data).toBeNull();
      expect(res.body.errors![0].extensions).toMatchObject({ code: "PEER_UNAVAILABLE", region: "SICHUAN" });
      expect(await nodes.cq.prisma.crossRegionVerificationRequest.count()).toBe(0);
    } finally {
      await nodes.cq.stop();
    }
  });
});
