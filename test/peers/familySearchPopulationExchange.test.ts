// The two provinces' nodes tell each other their family-search record counts (counts, never a
// person), so each weighs a candidate among the records of both provinces — the prior that merged
// cross-region answers are ranked by. The route that serves them admits only the peer node's own
// token for that scope: no officer, no officer's service token, no replay, no other audience.
import { ensureSigningKey, nodeKeyName } from "../../src/auth";
import { nodeIssuerFor, type PeerNode } from "../../src/config";
import { mintNodeToken, mintServiceToken } from "../../src/peers";
import { DEFAULT_MATCH_PARAMETERS } from "../../src/relief";
import { insertAgencies } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTwoNodes, type TwoNodes } from "../support/testNode";

const RECORD = `mutation($input: ReliefCaseInput!) { recordReliefCase(input: $input) { reliefRecord { id } } }`;
const SEARCH = `query($report: MissingPersonInput!) { familySearch(report: $report, regions: [CHONGQING], limit: 5) { matchWeight comparisons { weight } } }`;
const WAIT_MS = 15_000;

const reliefCase = (stationId: string, foundAreaCode: string, reportedName: string) => ({
  stationId, reportedName, gender: "MALE", apparentAgeMin: 60, apparentAgeMax: 70, heightCm: 165, foundOn: "2025-10-03", foundAreaCode, dialect: "chongqing",
});

async function readyChecks(url: string): Promise<Record<string, string>> {
  return ((await (await fetch(`${url}/readyz`)).json()) as { checks: Record<string, string> }).checks;
}

async function waitForCheck(url: string, name: string, expected: RegExp): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const state = (await readyChecks(url))[name] ?? "";
    if (expected.test(state)) return state;
    if (Date.now() > deadline) throw new Error(`${name} still "${state}" after ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("family-search counts exchanged between the nodes", () => {
  let nodes: TwoNodes;
  const sichuanPeer = (): PeerNode => ({ region: "SICHUAN", url: nodes.sc.node.url, issuer: nodeIssuerFor("SICHUAN"), jwksFile: "/unused", timeoutMs: 3000 });
  const chongqingNodeKey = async () => {
    const key = await ensureSigningKey(nodes.keysDir, nodeKeyName("CHONGQING"));
    return { privateKey: key.privateKey, kid: key.kid };
  };
  const getStatistics = (token: string | undefined, module = "relief") =>
    fetch(`${nodes.sc.node.url}/peer/statistics/${module}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    nodes = await startTwoNodes({
      fixtures: { CHONGQING: (p) => insertAgencies(p, "CHONGQING"), SICHUAN: (p) => insertAgencies(p, "SICHUAN") },
      env: { PEER_STATISTICS_INTERVAL_MS: "300" },
    });
    const sc = await officerToken(nodes.keysDir, "SICHUAN", ["relief_officer"]);
    for (const [area, name] of [["510106", "王小明"], ["510106", "李大军"], ["510104", "赵老三"]]) {
      const res = await postGraphql(nodes.sc.node.url, RECORD, { token: sc, purpose: "RELIEF_CASEWORK", caseRef: "CD-RS-2025-0042", variables: { input: reliefCase("SC-AG-00000002", area, name) } });
      expect(res.body.errors).toBeUndefined();
    }
    const cq = await officerToken(nodes.keysDir, "CHONGQING", ["relief_officer"]);
    const res = await postGraphql(nodes.cq.node.url, RECORD, { token: cq, purpose: "RELIEF_CASEWORK", caseRef: "CQ-RS-2025-0007", variables: { input: reliefCase("CQ-AG-00000002", "500103", "汪小明") } });
    expect(res.body.errors).toBeUndefined();
  });
  afterAll(() => nodes.stop());

  it("each node weighs its own candidates among both provinces' open records once the peer's counts arrive", async () => {
    expect(await waitForCheck(nodes.cq.node.url, "peer-statistics:SICHUAN", /^relief: 3 open relief records as of /)).toBeTruthy();
    expect(await waitForCheck(nodes.sc.node.url, "peer-statistics:CHONGQING", /^relief: 1 open relief records as of /)).toBeTruthy();

    const cq = await officerToken(nodes.keysDir, "CHONGQING", ["relief_officer"]);
    const res = await postGraphql(nodes.cq.node.url, SEARCH, {
      token: cq,
      purpose: "FAMILY_SEARCH",
      caseRef: "XQ-2025-0101",
      variables: { report: { name: "汪小明", gender: "MALE", birthYear: 1958, heightCm: 166, lastSeenOn: "2025-09-28", lastSeenAreaCode: "500103", dialect: "chongqing" } },
    });
    expect(res.body.errors).toBeUndefined();
    const [top] = res.body.data!.familySearch as { matchWeight: number; comparisons: { weight: number }[] }[];
    const prior = top.matchWeight - top.comparisons.reduce((sum, c) => sum + c.weight, 0);
    // One among the four open records of both provinces (one here, three in Sichuan), not among one.
    const rate = DEFAULT_MATCH_PARAMETERS.matchRate / 4;
    expect(prior).toBeCloseTo(Math.log2(rate / (1 - rate)), 1);
  });

  it("serves the counts — and nothing about any person — to the peer node's token for that scope, once", async () => {
    const token = await mintNodeToken({ key: await chongqingNodeKey(), issuer: nodeIssuerFor("CHONGQING"), peer: sichuanPeer(), scope: "statistics:relief" });
    const res = await getStatistics(token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ openRecords: 3, recordsByFoundArea: { "510106": 2, "510104": 1 } });

    const replayed = await getStatistics(token);
    expect(replayed.status).toBe(401);
    expect(((await replayed.json()) as { errors: { extensions: { reason: string } }[] }).errors[0].extensions.reason).toBe("service token replayed");
  });

  it.each([
    ["no token", async () => undefined, "missing node token"],
    ["an officer's own token", async () => officerToken(nodes.keysDir, "CHONGQING", ["relief_officer"]), "untrusted issuer"],
    [
      "a service token speaking for an officer",
      async () =>
        mintServiceToken({
          key: await chongqingNodeKey(),
          issuer: nodeIssuerFor("CHONGQING"),
          peer: sichuanPeer(),
          principal: { sub: "cq-officer-1", agency: "CQ-AG-00000002", region: "CHONGQING", roles: ["relief_officer"], issuer: "cq-issuer" },
          homeRequestId: "home-req-1",
        }),
      "an officer's service token cannot read node statistics",
    ],
    ["a node token for another scope", async () => mintNodeToken({ key: await chongqingNodeKey(), issuer: nodeIssuerFor("CHONGQING"), peer: sichuanPeer(), scope: "statistics:verification" }), "node token not for statistics:relief"],
    [
      "a node token for another node",
      async () => mintNodeToken({ key: await chongqingNodeKey(), issuer: nodeIssuerFor("CHONGQING"), peer: { ...sichuanPeer(), issuer: "urn:assist-gateway:node:elsewhere" }, scope: "statistics:relief" }),
      "service token for another node",
    ],
  ])("refuses %s", async (_what, token, reason) => {
    const res = await getStatistics(await token());
    expect(res.status).toBe(401);
    const body = (await res.json()) as { data?: unknown; errors: { extensions: { code: string; reason: string } }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions).toMatchObject({ code: "UNAUTHENTICATED", reason });
  });

  it("a node token reads no GraphQL answer, and a module without statistics has none", async () => {
    const token = await mintNodeToken({ key: await chongqingNodeKey(), issuer: nodeIssuerFor("CHONGQING"), peer: sichuanPeer(), scope: "statistics:relief" });
    const graphql = await postGraphql(nodes.sc.node.url, "{ me { sub } }", { token });
    expect(graphql.status).toBe(401);
    expect(graphql.body.data).toBeUndefined();

    const unknown = await mintNodeToken({ key: await chongqingNodeKey(), issuer: nodeIssuerFor("CHONGQING"), peer: sichuanPeer(), scope: "statistics:verification" });
    expect((await getStatistics(unknown, "verification")).status).toBe(404);
  });
});
