// `npm run bench:match [-- --quick] [--json]` — family search against the labelled synthetic data
// set: recall, precision and alert rates of the engine (with and without face embeddings) and of
// the B0/B1 baselines in the same run, query latency in-process, index build time and memory.
import { writeFileSync } from "node:fs";
import os from "node:os";
import { Command } from "commander";
import { REGIONS } from "../../../src/config";
import type { FamilySearchMatch, MissingPersonFacts } from "../../../src/relief";
import { percentile, round, Share } from "./benchmarkMetrics";
import { measureCrossBorderFiling } from "./crossBorderFiling";
import { measureFilingCost, type FilingCostFigures } from "./filingCost";
import { measureGraphqlPath, type GraphqlPathFigures } from "./graphqlPath";
import { healthDataUseOf, loadLabelledData, type LabelledReport, type LoadedData } from "./labelledDataset";
import { LossDiagnosis } from "./lossDiagnosis";

interface Options {
  quick?: boolean;
  records?: string;
  reports?: string;
  seed: string;
  threshold: string;
  json?: boolean;
  graphql: boolean;
  graphqlQueries: string;
  diagnose?: boolean | string;
  fit: boolean;
  peerPopulation: boolean;
  peerFit?: boolean;
  filing: boolean;
  filingPerSide?: string;
  filings: string;
}

const LIMIT = 10;

/** Time one node took for one query: wall and this process's CPU. */
interface NodeTiming {
  wallMs: number;
  cpuMs: number;
}

/**
 * Both provinces' nodes asked, answers merged by match weight (what the peer layer will do). The
 * nodes are asked one after the other here, each timed on its own, so the benchmark can report
 * both what a parallel fan-out costs (the slower node plus the merge: each province answers on its
 * own machine, as deployed) and the serial sum.
 */
function familySearch(data: LoadedData, report: MissingPersonFacts, timings?: NodeTiming[], mergeMs?: { value: number }): FamilySearchMatch[] {
  const all = REGIONS.flatMap((region) => {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const found = data.engines[region].searchRecords(report, LIMIT, healthDataUseOf(region, report));
    const cpu = process.cpuUsage(cpuStarted);
    timings?.push({ wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 });
    return found;
  });
  const mergeStarted = performance.now();
  const merged = all.sort((a, b) => b.score.matchWeight - a.score.matchWeight).slice(0, LIMIT);
  if (mergeMs) mergeMs.value = performance.now() - mergeStarted;
  return merged;
}

type LatencyFigures<P extends string> = Record<`${P}${P extends "" ? "p" : "P"}${50 | 95 | 99}Ms`, number>;

/** p50 / p95 / p99 of sorted milliseconds under `p50Ms`… (no prefix) or `serialP50Ms`… */
function latencyFigures<P extends string>(prefix: P, sorted: readonly number[]): LatencyFigures<P> {
  const letter = prefix === "" ? "p" : "P";
  return Object.fromEntries([50, 95, 99].map((p) => [`${prefix}${letter}${p}Ms`, round(percentile(sorted, p), 2)])) as LatencyFigures<P>;
}

async function main(): Promise<void> {
  const options = new Command()
    .description("Family-search benchmark on the labelled synthetic data set (issue 6)")
    .option("--quick", "100 000 relief records instead of 1 000 000")
    .option("--records <n>", "relief records (both provinces)")
    .option("--reports <n>", "missing-person reports (half with a true match)")
    .option("--seed <n>", "data-set seed", "20261122")
    .option("--threshold <p>", "match probability at which a candidate becomes an alert", "0.9")
    .option("--json", "print one JSON object instead of the table")
    .option("--no-graphql", "skip the GraphQL-path measurement (it seeds a SQLite database for one node)")
    .option("--graphql-queries <n>", "reports sent through the GraphQL path", "300")
    .option("--no-fit", "keep the hand-set m priors (no EM fit on the node's pairs)")
    .option("--no-peer-population", "each node weighs against its own province's records only")
    .option("--peer-fit", "the fit of m also weighs each node's reports against the other node's records (not deployed)")
    .option("--no-filing", "skip the filing measurement (both nodes on loopback, peer matching on vs off)")
    .option("--filing-per-side <n>", "relief records per province for the filing measurement (default: half of --records)")
    .option("--filings <n>", "reports filed with the peer and again without it", "200")
    .option("--diagnose [file]", "classify each missed matched report as lost in candidate generation or in ranking (optionally write the cases as JSON lines)")
    .parse()
    .opts<Options>();
  const records = Number(options.records ?? (options.quick ? 100_000 : 1_000_000));
  const reportCount = Number(options.reports ?? (options.quick ? 2_000 : 4_000));
  const threshold = Number(options.threshold);
  const log = (line: string) => process.stderr.write(`${line}\n`);

  log(`generating and indexing ${records} relief records, ${reportCount} reports…`);
  const data = loadLabelledData({ seed: Number(options.seed), reliefRecords: records, reports: reportCount }, (done) => {
    if (done % 100_000 === 0) log(`  ${done} records`);
  }, { fitParameters: options.fit, peerPopulation: options.peerPopulation, peerFitPairs: options.peerFit ?? false });
  log(`built in ${data.buildSeconds.toFixed(1)} s wall, ${data.buildCpuSeconds.toFixed(1)} s CPU (generation ${data.generateSeconds.toFixed(1)} s), rss ${Math.round(data.peakRssMb)} MB`);

  const recall = new Share();
  const recallWithName = new Share();
  const recallPhotoNoName = new Share();
  const recallNoNameNoPhoto = new Share();
  const recallWithoutFaces = new Share();
  const recallB0 = new Share();
  const recallB1 = new Share();
  const precisionAboveThreshold = new Share();
  const alertsOnNoMatch = new Share();
  const alertRecall = new Share();
  const byNoise = new Map<string, Share>();
  /** Per query: the slower node plus the merge, what a caller waits for when the nodes answer in parallel. */
  const parallelMs: number[] = [];
  /** Per query: both nodes one after the other plus the merge (the serial sum). */
  const serialMs: number[] = [];
  const parallelCpuMs: number[] = [];
  const serialCpuMs: number[] = [];
  const diagnosis = options.diagnose ? new LossDiagnosis() : undefined;
  let peakRss = data.peakRssMb;

  data.reports.forEach((report: LabelledReport, i) => {
    const timings: NodeTiming[] = [];
    const merge = { value: 0 };
    const found = familySearch(data, report.facts, timings, merge);
    parallelMs.push(Math.max(...timings.map((t) => t.wallMs)) + merge.value);
    serialMs.push(timings.reduce((sum, t) => sum + t.wallMs, 0) + merge.value);
    parallelCpuMs.push(Math.max(...timings.map((t) => t.cpuMs)));
    serialCpuMs.push(timings.reduce((sum, t) => sum + t.cpuMs, 0));
    const matched = report.truth.size > 0;
    const top = found[0];
    const aboveThreshold = top !== undefined && top.score.matchProbability >= threshold;
    if (aboveThreshold) precisionAboveThreshold.add(report.truth.has(top.recordId));
    if (!matched) {
      alertsOnNoMatch.add(aboveThreshold);
      return;
    }
    const hit = found.some((m) => report.truth.has(m.recordId));
    recall.add(hit);
    if (!hit) diagnosis?.addMiss(data, report);
    diagnosis?.addTruePair(data, report);
    alertRecall.add(aboveThreshold && report.truth.has(top.recordId));
    if (report.recordHasName) recallWithName.add(hit);
    else if (report.photoNoName) recallPhotoNoName.add(hit);
    else recallNoNameNoPhoto.add(hit);
    const noise = byNoise.get(report.nameNoise) ?? new Share();
    noise.add(hit);
    byNoise.set(report.nameNoise, noise);

    const withoutFaces = familySearch(data, { ...report.facts, faceEmbedding: null });
    recallWithoutFaces.add(withoutFaces.some((m) => report.truth.has(m.recordId)));
    recallB0.add(data.baseline.searchB0(report.facts, LIMIT).some((id) => report.truth.has(id)));
    recallB1.add(data.baseline.searchB1(report.facts, LIMIT).some((id) => report.truth.has(id)));
    if (i % 500 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss / 1e6);
  });
  peakRss = Math.max(peakRss, process.memoryUsage().rss / 1e6);
  for (const list of [parallelMs, serialMs, parallelCpuMs, serialCpuMs]) list.sort((a, b) => a - b);
  // After the recall and latency loop, so those figures are measured exactly as before.
  log("measuring the cross-border half of continuous matching per filing…");
  const crossBorder = measureCrossBorderFiling(data, data.reports, threshold);
  let graphqlPath: GraphqlPathFigures | undefined;
  if (options.graphql) {
    log("seeding one node's database for the GraphQL path…");
    graphqlPath = await measureGraphqlPath(data, { seed: Number(options.seed), reliefRecords: records, reports: reportCount }, Number(options.graphqlQueries));
    peakRss = Math.max(peakRss, process.memoryUsage().rss / 1e6);
  }

  let filing: FilingCostFigures | undefined;
  if (options.filing) {
    const perSide = Number(options.filingPerSide ?? Math.round(records / 2));
    log(`filing reports at the Chongqing node with and without its peer, ${perSide} relief records per side…`);
    filing = await measureFilingCost({ seed: Number(options.seed), recordsPerSide: perSide, filings: Number(options.filings), log });
    peakRss = Math.max(peakRss, process.memoryUsage().rss / 1e6);
  }

  const figures = {
    records: data.records,
    reports: data.reports.length,
    fitParameters: options.fit,
    peerPopulation: options.peerPopulation,
    peerFitPairs: options.peerFit ?? false,
    matchedReports: recall.total,
    recallAt10: round(recall.value),
    recallAt10WithName: round(recallWithName.value),
    recallAt10PhotoNoName: round(recallPhotoNoName.value),
    recallAt10NoNameNoPhoto: round(recallNoNameNoPhoto.value),
    recallAt10WithoutEmbeddings: round(recallWithoutFaces.value),
    precisionAt1AboveThreshold: round(precisionAboveThreshold.value),
    reportsAboveThreshold: precisionAboveThreshold.total,
    alertRecall: round(alertRecall.value),
    noMatchAlertRate: round(alertsOnNoMatch.value),
    alertThreshold: threshold,
    // Headline latency: as deployed, each province answers on its own machine in parallel.
    ...latencyFigures("", parallelMs),
    ...latencyFigures("serial", serialMs),
    ...latencyFigures("cpu", parallelCpuMs),
    ...latencyFigures("serialCpu", serialCpuMs),
    loadAverage: round(os.loadavg()[0], 1),
    // The cost a report's filing adds for matching on the other province's node (crossBorderFiling.ts).
    crossBorderFilingP50Ms: round(crossBorder.p50Ms, 2),
    crossBorderFilingP95Ms: round(crossBorder.p95Ms, 2),
    crossBorderFilingP99Ms: round(crossBorder.p99Ms, 2),
    crossBorderFilingsWithPeerAlerts: crossBorder.withPeerAlerts,
    // End to end (filingCost.ts): fileMissingPersonReport with the peer configured vs without, both nodes real.
    filingRecordsPerSide: filing?.recordsPerSide ?? null,
    filingsEach: filing?.filingsEach ?? 0,
    filingPeerOnP50Ms: filing ? round(filing.onP50Ms, 2) : null,
    filingPeerOnP95Ms: filing ? round(filing.onP95Ms, 2) : null,
    filingPeerOffP50Ms: filing ? round(filing.offP50Ms, 2) : null,
    filingPeerOffP95Ms: filing ? round(filing.offP95Ms, 2) : null,
    filingAddedP50Ms: filing ? round(filing.addedP50Ms, 2) : null,
    filingAddedP95Ms: filing ? round(filing.addedP95Ms, 2) : null,
    filingPeerOnCpuP50Ms: filing ? round(filing.onCpuP50Ms, 2) : null,
    filingPeerOnCpuP95Ms: filing ? round(filing.onCpuP95Ms, 2) : null,
    filingPeerOffCpuP50Ms: filing ? round(filing.offCpuP50Ms, 2) : null,
    filingPeerOffCpuP95Ms: filing ? round(filing.offCpuP95Ms, 2) : null,
    filingPeerArrivalP50Ms: filing ? round(filing.arrivalP50Ms, 2) : null,
    filingPeerArrivalP95Ms: filing ? round(filing.arrivalP95Ms, 2) : null,
    filingPeerNotArrived: filing?.notArrived ?? null,
    filingPeerOnWithExchangeCpuP50Ms: filing ? round(filing.onWithExchangeCpuP50Ms, 2) : null,
    filingPeerOnWithExchangeCpuP95Ms: filing ? round(filing.onWithExchangeCpuP95Ms, 2) : null,
    filingCrossBorderAlerts: filing?.withCrossBorderAlerts ?? null,
    filingSeedSeconds: filing ? round(filing.seedSeconds, 1) : null,
    graphqlOverheadP50Ms: graphqlPath ? round(graphqlPath.overheadP50Ms, 2) : null,
    graphqlOverheadP95Ms: graphqlPath ? round(graphqlPath.overheadP95Ms, 2) : null,
    graphqlOverheadCpuP50Ms: graphqlPath ? round(graphqlPath.overheadCpuP50Ms, 2) : null,
    graphqlOverheadCpuP95Ms: graphqlPath ? round(graphqlPath.overheadCpuP95Ms, 2) : null,
    graphqlP50Ms: graphqlPath ? round(graphqlPath.graphqlP50Ms, 2) : null,
    graphqlP95Ms: graphqlPath ? round(graphqlPath.graphqlP95Ms, 2) : null,
    graphqlQueries: graphqlPath?.queries ?? 0,
    nodeLoadFromDatabaseSeconds: graphqlPath ? round(graphqlPath.loadFromDatabaseSeconds, 1) : null,
    nodeSeedSeconds: graphqlPath ? round(graphqlPath.seedSeconds, 1) : null,
    buildSeconds: round(data.buildSeconds, 1),
    buildCpuSeconds: round(data.buildCpuSeconds, 1),
    generateSeconds: round(data.generateSeconds, 1),
    rssMb: Math.round(peakRss),
    baselineB0RecallAt10: round(recallB0.value),
    baselineB1RecallAt10: round(recallB1.value),
    recallAt10ByNameNoise: Object.fromEntries([...byNoise].sort().map(([k, v]) => [k, round(v.value)])),
    faces: REGIONS.reduce((sum, r) => sum + data.engines[r].faceCount, 0),
    parameterFit: Object.fromEntries(
      REGIONS.map((r) => [r, data.engines[r].parameterFits.map((fit) => ({ pairs: fit.pairs, matchMass: round(fit.matchMass, 1), m: fit.m }))]),
    ),
    lossesByGroup: diagnosis?.summary() ?? null,
    trueLevelShareVsModelM: diagnosis?.levelShares() ?? null,
  };
  if (diagnosis && typeof options.diagnose === "string") {
    writeFileSync(options.diagnose, diagnosis.examples.map((e) => JSON.stringify(e)).join("\n") + "\n");
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  const rows: [string, string][] = [
    ["relief records (both provinces)", String(figures.records)],
    ["reports (matched)", `${figures.reports} (${figures.matchedReports})`],
    ["recall@10, engine", recall.toString()],
    ["  record has a name (any form)", recallWithName.toString()],
    ["  no name, photo on both sides", recallPhotoNoName.toString()],
    ["  no name, no usable photo", recallNoNameNoPhoto.toString()],
    ["recall@10, engine without embeddings", recallWithoutFaces.toString()],
    ["recall@10, B1 hard filters + weights", recallB1.toString()],
    ["recall@10, B0 寻亲网-style hard filters", recallB0.toString()],
    [`precision@1 above p ≥ ${threshold}`, precisionAboveThreshold.toString()],
    ["alerts on no-match reports", alertsOnNoMatch.toString()],
    ["matched reports alerted with the right record", alertRecall.toString()],
    ["latency p50 / p95 / p99, nodes in parallel (slower node + merge)", `${figures.p50Ms} / ${figures.p95Ms} / ${figures.p99Ms} ms wall`],
    ["  both nodes one after the other (serial sum)", `${figures.serialP50Ms} / ${figures.serialP95Ms} / ${figures.serialP99Ms} ms wall`],
    ["  CPU per query p50 / p95 / p99, slower node", `${figures.cpuP50Ms} / ${figures.cpuP95Ms} / ${figures.cpuP99Ms} ms (load average ${figures.loadAverage})`],
    ["  CPU per query p50 / p95 / p99, both nodes", `${figures.serialCpuP50Ms} / ${figures.serialCpuP95Ms} / ${figures.serialCpuP99Ms} ms`],
    [
      "cross-border matching added per filing, p50 / p95 / p99 (target p95 ≤ 50 ms)",
      `+${figures.crossBorderFilingP50Ms} / +${figures.crossBorderFilingP95Ms} / +${figures.crossBorderFilingP99Ms} ms wall (${crossBorder.filings} report filings, ${crossBorder.withPeerAlerts} with alerts at the peer; message + peer engine, HTTP hop and writes not included)`,
    ],
    [
      "filing a report, peer matching on vs off, added p50 / p95 (target p95 ≤ 50 ms)",
      filing
        ? `+${figures.filingAddedP50Ms} / +${figures.filingAddedP95Ms} ms wall (on ${figures.filingPeerOnP50Ms} / ${figures.filingPeerOnP95Ms}, off ${figures.filingPeerOffP50Ms} / ${figures.filingPeerOffP95Ms} ms; ${filing.filingsEach} filings each, ${filing.recordsPerSide} records per side, ${filing.withCrossBorderAlerts} alerts raised at the peer; both nodes on loopback, Sichuan's in its own process${filing.seededFromCache ? ", databases from .bench-cache" : `, seeded in ${figures.filingSeedSeconds} s`})`
        : "skipped",
    ],
    [
      "  CPU per filing (Chongqing's process), peer on vs off, p50 / p95",
      filing
        ? `on ${figures.filingPeerOnCpuP50Ms} / ${figures.filingPeerOnCpuP95Ms} ms, off ${figures.filingPeerOffCpuP50Ms} / ${figures.filingPeerOffCpuP95Ms} ms, added +${round(filing.onCpuP50Ms - filing.offCpuP50Ms, 2)} / +${round(filing.onCpuP95Ms - filing.offCpuP95Ms, 2)} ms (load average ${figures.loadAverage})`
        : "skipped",
    ],
    [
      "the peer's alerts stored at home after the filing answered, p50 / p95",
      filing
        ? `${figures.filingPeerArrivalP50Ms} / ${figures.filingPeerArrivalP95Ms} ms wall (the background exchange: node token, HTTP hop, the peer's match, alerts and audit at both ends; ${filing.notArrived} not arrived within 30 s; CPU from filing to arrival, Chongqing's process, ${figures.filingPeerOnWithExchangeCpuP50Ms} / ${figures.filingPeerOnWithExchangeCpuP95Ms} ms)`
        : "skipped",
    ],
    [
      "GraphQL path over the engine, p50 / p95 (one node)",
      graphqlPath
        ? `+${figures.graphqlOverheadP50Ms} / +${figures.graphqlOverheadP95Ms} ms wall, +${figures.graphqlOverheadCpuP50Ms} / +${figures.graphqlOverheadCpuP95Ms} ms CPU (GraphQL p50 ${figures.graphqlP50Ms}, p95 ${figures.graphqlP95Ms} ms; ${graphqlPath.queries} queries)`
        : "skipped",
    ],
    ["  node engine loaded from its database", graphqlPath ? `${figures.nodeLoadFromDatabaseSeconds} s (seeding took ${figures.nodeSeedSeconds} s)` : "skipped"],
    ["index build (engine time)", `${figures.buildSeconds} s wall, ${figures.buildCpuSeconds} s CPU (all threads)`],
    ["peak RSS", `${figures.rssMb} MB`],
    ...REGIONS.map((r): [string, string] => {
      const fits = figures.parameterFit[r];
      return [
        `m fitted by EM, ${r}`,
        fits.length > 0 ? fits.map((fit) => `${Object.keys(fit.m).join("+")}: ${fit.pairs} anchored pairs, match mass ${fit.matchMass}`).join("; ") : "priors kept (too little match mass)",
      ];
    }),
    ...[...byNoise].sort().map(([kind, share]): [string, string] => [`  recall@10 when the name was ${kind}`, share.toString()]),
    ...Object.entries(figures.lossesByGroup ?? {}).map(([group, kinds]): [string, string] => [
      `  misses, ${group}`,
      Object.entries(kinds).map(([kind, n]) => `${kind} ${n}`).join(", "),
    ]),
    ...Object.entries(figures.trueLevelShareVsModelM ?? {}).map(([level, [share, m]]): [string, string] => [
      `  true pairs at ${level}`,
      `${share} (model m ${m})`,
    ]),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`bench:match failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
