// S5 (issue 8): what a cross-region forward adds. A Chongqing officer asks the Chongqing node for
// a Sichuan verification (SC- id); the node forwards it to the Sichuan node with a service token
// and the Sichuan node answers under its own cross-region policy (summary, masks). The baseline is
// the same document answered without a hop: a Sichuan officer asking the Sichuan node (a Chongqing
// officer cannot ask it directly — CROSS_REGION_REQUIRES_PEER). One connection, so the figures are
// latencies, not queueing; the difference of the medians' p50 is what the forward adds.
import { p50DifferenceRow, type ResultRow } from "../harness/benchReport";
import type { BodyCheck, LoadTarget } from "../harness/loadRun";
import { measureInRotation } from "../harness/rotation";
import { CROSS_REGION_LOOKUP, requestBody } from "./householdQueries";
import { officerHeaders, type ScenarioContext } from "./scenarioContext";

const LOOKUP_IDS = 256;
export const FORWARD_BUDGET_MS = 5;
/**
 * Warm-up of each target, in every mode. A forward runs through two processes at ~100 requests a
 * second on one connection, and both keep getting cheaper for thousands of forwards (V8 tiering
 * up the forward path on each side): in 5 s rounds straight after start-up, the Chongqing node's
 * CPU per forward went 5.8 → 4.5 → 3.5 → 3.2 → 2.9 → 2.7 ms and the forward's p50 11.8 → 6.6 ms,
 * while the direct answer settled within the first round. Short warm-ups reported start-up cost
 * as the cost of the forward.
 */
const WARMUP_SECONDS = 10;
/** Where the Sichuan node would forward Chongqing ids: nothing listens there, and nothing is sent. */
export const UNUSED_PEER_URL = "http://127.0.0.1:9";

function sichuanAnswerCheck(masked: boolean): BodyCheck {
  return (body) => {
    const verification = (body.data as { householdVerification?: { id?: string; household?: { members?: { idNumber?: string | null }[] | null } | null } | null } | undefined)
      ?.householdVerification;
    if (!verification?.id?.startsWith("SC-")) return "no Sichuan verification in the answer";
    const members = verification.household?.members ?? [];
    if (members.length === 0) return "no household members in the answer";
    if (members.some((m) => /\*{8}/.test(m.idNumber ?? "") !== masked)) return `idNumber ${masked ? "not masked in the cross-region view" : "masked in the home view"}`;
    return undefined;
  };
}

export async function measureCrossRegionForward(ctx: ScenarioContext): Promise<ResultRow[]> {
  const { workspace, log } = ctx;
  const sichuan = await workspace.startGateway({ name: "SC node (direct)", region: "SICHUAN", peerUrl: UNUSED_PEER_URL });
  const chongqing = await workspace.startGateway({ name: "CQ node → SC (forwarded)", region: "CHONGQING", peerUrl: sichuan.url }).catch(async (error: Error) => {
    await workspace.stopServer(sichuan);
    throw error;
  });
  try {
    const ids = (await workspace.databaseOf("SICHUAN")).verificationIds.slice(0, LOOKUP_IDS);
    const bodies = ids.map((id) => requestBody(CROSS_REGION_LOOKUP, { id }));
    const forwarded: LoadTarget = {
      label: "forwarded CQ → SC",
      url: chongqing.url,
      headers: officerHeaders(await workspace.token("verification_officer", "bench-officer", "CHONGQING")),
      bodies,
      check: sichuanAnswerCheck(true),
    };
    const direct: LoadTarget = {
      label: "direct to SC",
      url: sichuan.url,
      headers: officerHeaders(await workspace.token("verification_officer", "bench-officer-sc", "SICHUAN")),
      bodies,
      check: sichuanAnswerCheck(false),
    };
    log("  S5 cross-region lookup, 1 connection: forwarded through the Chongqing node vs answered by the Sichuan node itself");
    const measured = await measureInRotation([forwarded, direct], { connections: 1 }, ctx.profile, log, { warmupSeconds: Math.max(ctx.profile.warmupSeconds, WARMUP_SECONDS) });
    return [p50DifferenceRow("S5 cross-region forward: latency added on loopback", measured["forwarded CQ → SC"]!, measured["direct to SC"]!, FORWARD_BUDGET_MS, "1 connection")];
  } finally {
    await Promise.all([workspace.stopServer(chongqing), workspace.stopServer(sichuan)]);
  }
}
