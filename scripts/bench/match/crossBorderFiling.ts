import { otherRegion, type Region } from "../../../src/config";
import { readReportMessage, reportDescriptionOf, reportFactsOf } from "../../../src/relief";
import { percentile } from "./benchmarkMetrics";
import type { LabelledReport, LoadedData } from "./labelledDataset";

// What a filing pays for cross-border matching (src/relief/crossBorderMatching.ts): each
// labelled report filed at its own node is described for the other province's node (no health,
// no DNA reference), encoded as the outbox message, decoded and validated there, and matched
// against all of that node's open records for alerts (5 candidates, without health, threshold) —
// the other node's half of continuous matching, on its engine at the benchmark's scale. Measured
// in-process per filing, added to nothing else: the loopback HTTP hop, the outbox row and the
// alert and audit writes on both sides are constant in the data's size and not included here
// (test/peers/crossBorderMatching.test.ts exercises them). A report is the heavier direction:
// its peer searches the records (1M per side at full size); a record's peer searches reports.

/** Candidates the peer looks at for alerts (as crossBorderMatching). */
const ALERT_CANDIDATES = 5;

export interface CrossBorderFilingFigures {
  filings: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Filings whose peer half raised at least one alert. */
  withPeerAlerts: number;
}

export function measureCrossBorderFiling(data: LoadedData, reports: readonly LabelledReport[], threshold: number): CrossBorderFilingFigures {
  const times: number[] = [];
  let withPeerAlerts = 0;
  for (const report of reports) {
    const home = report.facts.region as Region;
    const peer = data.engines[otherRegion(home)];
    const started = performance.now();
    const message = JSON.stringify({ report: reportDescriptionOf(report.facts, home) });
    const facts = reportFactsOf(readReportMessage(JSON.parse(message)));
    const alerts = peer.searchRecords(facts, ALERT_CANDIDATES, "WITHOUT_HEALTH").filter((m) => m.score.matchProbability >= threshold);
    times.push(performance.now() - started);
    if (alerts.length > 0) withPeerAlerts += 1;
  }
  times.sort((a, b) => a - b);
  return { filings: times.length, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), p99Ms: percentile(times, 99), withPeerAlerts };
}
