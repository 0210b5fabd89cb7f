import { REGIONS, type Region } from "../../../src/config";
import { FamilySearchEngine, missingPersonFacts, reliefRecordFacts, type HealthDataUse, type MissingPersonFacts, type ReliefRecordFacts } from "../../../src/relief";
import { familySearchBlocks, type FamilySearchOptions } from "../../../src/synthetic";
import { BaselineRecords } from "./baselineSearch";

// Streams the labelled synthetic data set (src/synthetic) block by block into one engine per
// province — each node holds only its own stations' records, as deployed — and into the
// baselines, keeping of the ground truth only what scoring the reports needs.

export interface LabelledReport {
  facts: MissingPersonFacts;
  /** Ids of the relief records of the same person (empty: nobody was found). */
  truth: Set<string>;
  /** Some true record carries a name in any form. */
  recordHasName: boolean;
  /** No true record has a name, some true record has a photo, and so does the report. */
  photoNoName: boolean;
  /** How the station's version of the name was noised (for the breakdown). */
  nameNoise: string;
}

export interface LoadedData {
  engines: Record<Region, FamilySearchEngine>;
  baseline: BaselineRecords;
  reports: LabelledReport[];
  records: number;
  /** Seconds inside the engines (profiles, statistics, keys, face graphs), generation excluded. */
  buildSeconds: number;
  /** The same as this process's CPU time (all threads): the machines are shared, wall time is not ours alone. */
  buildCpuSeconds: number;
  generateSeconds: number;
  peakRssMb: number;
}

/** What the engines are built with, for ablations (`--no-fit`, `--no-peer-population`, `--peer-fit`). */
export interface EngineChoices {
  /** m fitted by EM on each node's pairs (default) or the hand-set priors. */
  fitParameters: boolean;
  /** The nodes exchange record counts so both weigh against both provinces (default). */
  peerPopulation: boolean;
  /**
   * The fit of m also weighs each node's sampled reports against the other node's records. Not
   * what deployed nodes do (they exchange counts only: src/peers peerStatisticsExchange), so off
   * by default; at 1M records it moved recall@10 by a thousandth (0.900 with, 0.901 without).
   */
  peerFitPairs?: boolean;
}

/**
 * How the node of `region` weighs health data for a search of `report`: the searching officer is
 * a relief officer of the report's own province, so the home node may weigh its records' noted
 * conditions and the other province's node, answering across the border, may not (src/relief
 * healthDataUse).
 */
export function healthDataUseOf(region: Region, report: Pick<MissingPersonFacts, "region">): HealthDataUse {
  return region === report.region ? "WITH_HEALTH" : "WITHOUT_HEALTH";
}

export function loadLabelledData(
  options: FamilySearchOptions,
  onProgress: (done: number) => void = () => undefined,
  choices: EngineChoices = { fitParameters: true, peerPopulation: true },
): LoadedData {
  const engines = Object.fromEntries(REGIONS.map((r) => [r, new FamilySearchEngine({ fitParameters: choices.fitParameters })])) as Record<Region, FamilySearchEngine>;
  const baseline = new BaselineRecords();
  const reports: LabelledReport[] = [];
  let records = 0;
  let buildMs = 0;
  let buildCpuUs = 0;
  let peakRss = 0;
  const started = performance.now();

  for (const block of familySearchBlocks(options)) {
    const personOf = new Map(block.links.map((l) => [l.recordId, l.personKey]));
    const noiseOf = new Map(block.nameNoise.map((n) => [n.recordId, n.kind]));
    const recordFacts: ReliefRecordFacts[] = block.reliefRecords.map(reliefRecordFacts);
    const reportFacts: MissingPersonFacts[] = block.reports.map(missingPersonFacts);

    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (const record of recordFacts) engines[record.region as Region].addRecord(record);
    for (const report of reportFacts) engines[report.region as Region].addReport(report);
    buildMs += performance.now() - t0;
    const c1 = process.cpuUsage(c0);
    buildCpuUs += c1.user + c1.system;

    const recordsOfPerson = new Map<string, ReliefRecordFacts[]>();
    for (const record of recordFacts) {
      baseline.add(record);
      const person = personOf.get(record.id)!;
      const list = recordsOfPerson.get(person) ?? [];
      list.push(record);
      recordsOfPerson.set(person, list);
    }
    for (const report of reportFacts) {
      const truthRecords = recordsOfPerson.get(personOf.get(report.id)!) ?? [];
      const named = truthRecords.some((r) => r.reportedName !== null);
      reports.push({
        facts: report,
        truth: new Set(truthRecords.map((r) => r.id)),
        recordHasName: named,
        photoNoName: truthRecords.length > 0 && !named && truthRecords.some((r) => r.faceEmbedding !== null) && report.faceEmbedding !== null,
        nameNoise: truthRecords.length === 0 ? "NO_MATCH" : (noiseOf.get(truthRecords[0].id) ?? "UNKNOWN"),
      });
    }
    records += recordFacts.length;
    onProgress(records);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  // What the nodes exchange (src/peers peerStatisticsExchange): record counts, per area.
  if (choices.peerPopulation) {
    const [chongqing, sichuan] = [engines.CHONGQING, engines.SICHUAN];
    const [chongqingPopulation, sichuanPopulation] = [chongqing.population(), sichuan.population()];
    chongqing.setPeerPopulation(sichuanPopulation);
    sichuan.setPeerPopulation(chongqingPopulation);
  }
  if (choices.peerPopulation && choices.peerFitPairs) {
    // The ablation: the fit of m also weighs each node's reports against the other node's records
    // (levels and weights, no persons), so cross-border finds are in the fit of geography.
    for (const engine of Object.values(engines)) engine.flush({ fit: false });
    if (choices.fitParameters) {
      const [chongqing, sichuan] = [engines.CHONGQING, engines.SICHUAN];
      chongqing.fitParameters((...args) => sichuan.fitPairs(...args));
      sichuan.fitParameters((...args) => chongqing.fitPairs(...args));
    }
  } else {
    for (const engine of Object.values(engines)) engine.flush();
  }
  buildMs += performance.now() - t1;
  const c2 = process.cpuUsage(c1);
  buildCpuUs += c2.user + c2.system;
  baseline.freeze();
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const totalMs = performance.now() - started;
  return { engines, baseline, reports, records, buildSeconds: buildMs / 1000, buildCpuSeconds: buildCpuUs / 1e6, generateSeconds: (totalMs - buildMs) / 1000, peakRssMb: peakRss / 1e6 };
}
