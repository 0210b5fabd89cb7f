// `--soak` (issue 8): S1 load on one gateway node for ten minutes, its resident set sampled every
// few seconds. RSS follows a saw-tooth (V8 collects the old space in large steps), so growth is
// measured between the mean of minute 2 (heap, JIT and caches warm) and the mean of the last
// minute, with the least-squares slope after minute 1 beside it; every sample goes to the JSON.
import type { ResultRow } from "../harness/benchReport";
import { runLoad, type LoadFigures } from "../harness/loadRun";
import { medianFigures } from "../harness/rotation";
import { HOUSEHOLD_LOOKUP, lookupCheck, requestBody } from "./householdQueries";
import { officerHeaders, type ScenarioContext } from "./scenarioContext";

const SOAK_SECONDS = 600;
const CHUNK_SECONDS = 20;
const SAMPLE_MS = 5_000;
const WARM_SECONDS = 60;
const GROWTH_LIMIT = 0.1;

function slopeMbPerMinute(samples: { t: number; rssMb: number }[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mt = samples.reduce((s, p) => s + p.t, 0) / n;
  const mr = samples.reduce((s, p) => s + p.rssMb, 0) / n;
  const num = samples.reduce((s, p) => s + (p.t - mt) * (p.rssMb - mr), 0);
  const den = samples.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}

export async function soakHouseholdLookup(ctx: ScenarioContext): Promise<ResultRow[]> {
  const { workspace, log } = ctx;
  const node = await workspace.startGateway({ name: "FULL" });
  const samples: { t: number; rssMb: number }[] = [];
  const began = Date.now();
  const sampler = setInterval(() => {
    const memory = node.memory();
    if (memory) samples.push({ t: (Date.now() - began) / 1000, rssMb: memory.rssMb });
  }, SAMPLE_MS);
  try {
    const headers = officerHeaders(await workspace.token("verification_officer", "bench-officer"));
    const bodies = workspace.database.verificationIds.slice(0, 256).map((id) => requestBody(HOUSEHOLD_LOOKUP, { id }));
    const target = { label: "FULL", url: node.url, headers, bodies, check: lookupCheck({ masked: false, accountRefMasked: true }) };
    const chunks: LoadFigures[] = [];
    log(`  soak: S1 on FULL for ${SOAK_SECONDS} s, RSS sampled every ${SAMPLE_MS / 1000} s`);
    while ((Date.now() - began) / 1000 < SOAK_SECONDS) {
      const figures = await runLoad(target, { connections: 16, seconds: Math.min(CHUNK_SECONDS, Math.max(1, Math.ceil(SOAK_SECONDS - (Date.now() - began) / 1000))) });
      chunks.push(figures);
      const memory = node.memory();
      log(`    ${Math.round((Date.now() - began) / 1000)} s: ${figures.rps.toFixed(0)} rps, p99 ${figures.p99Ms.toFixed(2)} ms, RSS ${memory?.rssMb.toFixed(0) ?? "?"} MB`);
    }
    const memory = node.memory();
    const end = samples.at(-1)?.t ?? 0;
    const early = samples.filter((s) => s.t >= WARM_SECONDS && s.t < 2 * WARM_SECONDS);
    const late = samples.filter((s) => s.t >= end - WARM_SECONDS);
    if (!memory || early.length < 2 || late.length < 2) return [{ scenario: "Soak: RSS over 10 minutes of S1", measured: { label: "FULL", value: "n/a" }, target: "no growth", pass: null, note: "no /proc" }];
    const mean = (list: { rssMb: number }[]) => list.reduce((sum, s) => sum + s.rssMb, 0) / list.length;
    const [first, last] = [mean(early), mean(late)];
    const growth = (last - first) / first;
    const slope = slopeMbPerMinute(samples.filter((s) => s.t >= WARM_SECONDS));
    return [
      {
        scenario: `Soak: RSS over ${SOAK_SECONDS / 60} minutes of S1 (mean of minute 2 → mean of the last minute)`,
        measured: { label: "FULL", value: `${first.toFixed(0)} → ${last.toFixed(0)} MB (peak ${memory.peakRssMb.toFixed(0)})`, figures: medianFigures(chunks) },
        target: `growth ≤ ${GROWTH_LIMIT * 100}%`,
        pass: growth <= GROWTH_LIMIT,
        note: `${(growth * 100).toFixed(1)}%, slope ${slope.toFixed(2)} MB/min after minute 1`,
        samples,
      },
    ];
  } finally {
    clearInterval(sampler);
    await workspace.stopServer(node);
  }
}
