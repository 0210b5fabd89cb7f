import http from "node:http";
import { SignJWT } from "jose";
import { ensureSigningKey, nodeKeyName } from "../../src/auth";
import { mintServiceToken } from "../../src/peers";
import { FIXTURE_PEOPLE, insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { insertSichuanRecordOfLiuFang } from "../fixtures/crossRegionFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, freePort, startTwoNodes, type TwoNodes } from "../support/testNode";
import path from "node:path";

const CASE = { purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0042" };
const BY_ID_NUMBER = `query($n: String!, $r: [Region!]) { verificationsByIdNumber(idNumber: $n, regions: $r) {
  id region conclusion perCapitaIncomeFen totalAssetsFen household { members { name idNumber birthDate } } } }`;

describe("cross-region: two real nodes on loopback", () => {
  let nodes: TwoNodes;
  beforeAll(async () => {
    nodes = await startTwoNodes({
      fixtures: {
        CHONGQING: (p) => insertVerificationFixtures(p, "CHONGQING", 3),
        SICHUAN: insertSichuanRecordOfLiuFang,
      },
    });
  });
  afterAll(() => nodes.stop());

  it("fans out, merges in region order, and each side applies its own policy", async () => {
    const token = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const res = await postGraphql(nodes.cq.node.url, BY_ID_NUMBER, { token, ...CASE, variables: { n: FIXTURE_PEOPLE.liuFang, r: ["SICHUAN", "CHONGQING"] } });
    const items = res.body.data!.verificationsByIdNumber;
    expect(items.map((i: { id: string; region: string }) => [i.id, i.region])).toEqual([["CQ-HV-00000001", "CHONGQING"], ["SC-HV-00000099", "SICHUAN"]]);
    // Home (same-region) rules: full detail.
    expect(items[0].totalAssetsFen).toBe(1_200_000);
    expect(items[0].household.members[1].idNumber).toBe(FIXTURE_PEOPLE.liuFang);
    // Sichuan's cross-region rule for a Chongqing officer: a summary, masked names and numbers, no assets.
    expect(items[1]).toMatchObject({ conclusion: "ELIGIBLE", perCapitaIncomeFen: 52_345, totalAssetsFen: null });
    expect(items[1].household.members[0]).toEqual({ name: "刘*", idNumber: `510218********${FIXTURE_PEOPLE.liuFang.slice(-4)}`, birthDate: "1979" });
    const denial = res.body.errors!.find((e) => e.extensions!.region === "SICHUAN")!;
    expect(denial.extensions).toMatchObject({ code: "FORBIDDEN", region: "SICHUAN", reasonCode: "REGION_NOT_PERMITTED" });
    expect(denial.path![0]).toBe("verificationsByIdNumber");
  });

  it("answers only the home region by default", async () => {
    const token = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const res = await postGraphql(nodes.cq.node.url, BY_ID_NUMBER, { token, ...CASE, variables: { n: FIXTURE_PEOPLE.liuFang } });
    expect(res.body.data!.verificationsByIdNumber.map((i: { id: string }) => i.id)).toEqual(["CQ-HV-00000001"]);
  });

  it("routes a Sichuan id through the Chongqing node, and the cross-region view is narrower than Sichuan's own", async () => {
    const q = `{ householdVerification(id: "SC-HV-00000099") { id region totalAssetsFen household { members { name } } } }`;
    const cqOfficer = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const cross = await postGraphql(nodes.cq.node.url, q, { token: cqOfficer, ...CASE });
    expect(cross.body.data!.householdVerification).toEqual({ id: "SC-HV-00000099", region: "SICHUAN", totalAssetsFen: null, household: { members: [{ name: "刘*" }] } });
    const scOfficer = await officerToken(nodes.keysDir, "SICHUAN", ["verification_officer"]);
    const same = await postGraphql(nodes.sc.node.url, q, { token: scOfficer, ...CASE });
    expect(same.body.data!.householdVerification).toEqual({ id: "SC-HV-00000099", region: "SICHUAN", totalAssetsFen: 300_000, household: { members: [{ name: "刘芳" }] } });
  });


  it("a forwarded answer keeps the caller's aliases at every level (the peer's objects resolve by response key)", async () => {
    const q = `{ hv: householdVerification(id: "SC-HV-00000099") { ref: id where: region h: household { people: members { n: name year: birthDate } again: members { name } } } }`;
    const cqOfficer = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const res = await postGraphql(nodes.cq.node.url, q, { token: cqOfficer, ...CASE });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ hv: { ref: "SC-HV-00000099", where: "SICHUAN", h: { people: [{ n: "刘*", year: "1979" }], again: [{ name: "刘*" }] } } });
  });
  it("refuses a Chongqing officer calling the Sichuan node directly (cross-region only through the peer path)", async () => {
    const cqOfficer = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const res = await postGraphql(nodes.sc.node.url, `{ householdVerification(id: "SC-HV-00000099") { id } }`, { token: cqOfficer, ...CASE });
    expect(res.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "CROSS_REGION_REQUIRES_PEER" });
  });

  describe("service tokens the Sichuan node must refuse", () => {
    const q = JSON.stringify({ query: `{ householdVerification(id: "SC-HV-00000099") { id } }` });
    const send = (token: string) => fetch(`${nodes.sc.node.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: q });
    const principal = { sub: "cq-officer-1", agency: "CQ-AG-TEST", region: "CHONGQING" as const, roles: ["verification_officer" as const], issuer: "x" };
    const peer = () => ({ region: "SICHUAN" as const, url: nodes.sc.node.url, issuer: "urn:assist-gateway:node:sichuan", jwksFile: path.join(nodes.keysDir, "sichuan-node.jwks.json"), timeoutMs: 3000 });

    it("accepts a fresh one once, then refuses its replay", async () => {
      const key = await ensureSigningKey(nodes.keysDir, nodeKeyName("CHONGQING"));
      const token = await mintServiceToken({ key, issuer: "urn:assist-gateway:node:chongqing", peer: peer(), principal, purpose: "MLG_REVIEW", caseRef: "X-1", homeRequestId: "home-req-000001" });
      const first = await send(token);
      expect(first.status).toBe(200);
      const again = await send(token);
      expect(again.status).toBe(401);
      expect(((await again.json()) as { errors: Array<{ extensions: { reason: string } }> }).errors[0].extensions.reason).toBe("service token replayed");
    });

    const forged = async (mutate: (jwt: SignJWT) => SignJWT, act: Record<string, unknown> = { sub: "cq-officer-1", agency: "CQ-AG-TEST", region: "CHONGQING", roles: ["verification_officer"] }) => {
      const key = await ensureSigningKey(nodes.keysDir, nodeKeyName("CHONGQING"));
      return mutate(new SignJWT({ act, home_request_id: "home-req-000002" }).setProtectedHeader({ alg: "ES256", kid: key.kid }).setSubject(String(act.sub)).setJti(`jti-${Math.random()}-${Date.now()}`)).sign(key.privateKey);
    };

    it.each([
      ["expired", (j: SignJWT) => j.setIssuer("urn:assist-gateway:node:chongqing").setAudience("urn:assist-gateway:node:sichuan").setIssuedAt(Math.floor(Date.now() / 1000) - 600).setExpirationTime(Math.floor(Date.now() / 1000) - 300), undefined, "service token expired"],
      ["meant for another node", (j: SignJWT) => j.setIssuer("urn:assist-gateway:node:chongqing").setAudience("urn:assist-gateway:node:chongqing").setIssuedAt().setExpirationTime("60s"), undefined, "service token for another node"],
      ["with a forged act (a Sichuan officer vouched for by Chongqing)", (j: SignJWT) => j.setIssuer("urn:assist-gateway:node:chongqing").setAudience("urn:assist-gateway:node:sichuan").setIssuedAt().setExpirationTime("60s"), { sub: "sc-officer-9", agency: "SC-AG-1", region: "SICHUAN", roles: ["verification_officer"] }, "act names an officer the peer does not speak for"],
    ])("refuses one %s", async (_what, mutate, act, reason) => {
      const res = await send(await forged(mutate, act));
      expect(res.status).toBe(401);
      expect(((await res.json()) as { errors: Array<{ extensions: { reason: string } }> }).errors[0].extensions.reason).toBe(reason);
    });
  });

  it("/readyz reports the peer's state", async () => {
    const body = (await (await fetch(`${nodes.cq.node.url}/readyz`)).json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe("ready");
    expect(body.checks["peer:SICHUAN"]).toMatch(/^up \(circuit closed\)$/);
  });
});

describe("peer failure never hangs a caller", () => {
  it("a down peer gives the home region's data and PEER_UNAVAILABLE with the region, promptly; readyz stays ready", async () => {
    const nodes = await startTwoNodes({ fixtures: { CHONGQING: (p) => insertVerificationFixtures(p, "CHONGQING", 2), SICHUAN: insertSichuanRecordOfLiuFang } });
    try {
      await nodes.sc.stop();
      const token = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
      const started = Date.now();
      const res = await postGraphql(nodes.cq.node.url, BY_ID_NUMBER, { token, ...CASE, variables: { n: FIXTURE_PEOPLE.liuFang, r: ["CHONGQING", "SICHUAN"] } });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(res.body.data!.verificationsByIdNumber.map((i: { id: string }) => i.id)).toEqual(["CQ-HV-00000001"]);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: ["verificationsByIdNumber"], extensions: expect.objectContaining({ code: "PEER_UNAVAILABLE", region: "SICHUAN" }) })]);
      const ready = await fetch(`${nodes.cq.node.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { checks: Record<string, string> }).checks["peer:SICHUAN"]).toMatch(/^down/);
    } finally {
      await nodes.cq.stop();
    }
  });

  it("a slow peer times out within its budget, and repeated failures open the circuit so later calls fail fast", async () => {
    const slowPort = await freePort();
    const slow = http.createServer((_req, res) => setTimeout(() => res.end("{}"), 5000).unref());
    await new Promise<void>((r) => slow.listen(slowPort, "127.0.0.1", r));
    const t = await startTestNode({
      fixtures: (p) => insertVerificationFixtures(p, "CHONGQING", 2),
      env: { PEERS: JSON.stringify([{ region: "SICHUAN", url: `http://127.0.0.1:${slowPort}`, issuer: "urn:assist-gateway:node:sichuan", jwksFile: "/nonexistent.json", timeoutMs: 300 }]) },
    });
    try {
      const token = await officerToken(t.keysDir, "CHONGQING", ["verification_officer"]);
      const ask = async () => {
        const started = Date.now();
        const res = await postGraphql(t.node.url, BY_ID_NUMBER, { token, ...CASE, variables: { n: FIXTURE_PEOPLE.liuFang, r: ["CHONGQING", "SICHUAN"] } });
        return { ms: Date.now() - started, res };
      };
      const first = await ask();
      expect(first.ms).toBeLessThan(1500);
      expect(first.res.body.data!.verificationsByIdNumber).toHaveLength(1);
      expect(first.res.body.errors![0].extensions).toMatchObject({ code: "PEER_UNAVAILABLE", region: "SICHUAN", reason: "no answer within 300 ms" });
      await ask();
      await ask();
      const afterOpen = await ask();
      expect(afterOpen.res.body.errors![0].extensions).toMatchObject({ code: "PEER_UNAVAILABLE", reason: "circuit open after repeated failures" });
      expect(afterOpen.ms).toBeLessThan(250);
    } finally {
      await t.stop();
      slow.closeAllConnections();
      await new Promise((r) => slow.close(r));
    }
  });
});
