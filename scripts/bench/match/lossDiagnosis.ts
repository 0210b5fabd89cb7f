import { REGIONS, type Region } from "../../../src/config";
import { profileOfReport, type FamilySearchMatch } from "../../../src/relief";
import { healthDataUseOf, type LabelledReport, type LoadedData } from "./labelledDataset";

// `--diagnose`: where a matched report whose person is missing from the top ten was lost.
//   GENERATION — no true record reached scoring on its node (blocking, scan caps, face search);
//                split by whether the true record's own full weight would have put it in the
//                top ten had it been generated (then generation alone lost it) or not (ranking
//                would have lost it too).
//   RANKING    — a true record was scored but ranked below ten.
// Costs a full-depth search per missed report, so it is a flag, not part of the timed figures.

export type ReportGroup = "withName" | "photoNoName" | "noNameNoPhoto";
const GROUPS: readonly ReportGroup[] = ["withName", "photoNoName", "noNameNoPhoto"];
const LOSS_KINDS = ["GENERATION_WOULD_RANK", "GENERATION_OUTRANKED", "RANKING_11_20", "RANKING_21_50", "RANKING_BELOW_50"] as const;
type LossKind = (typeof LOSS_KINDS)[number];

const DEPTH = 100_000;
const TOP = 10;

export interface LossExample {
  reportId: string;
  group: ReportGroup;
  kind: LossKind;
  /** Rank of the best true record among everything scored (null: not generated). */
  rank: number | null;
  trueWeight: number;
  tenthWeight: number;
  /** The true record's comparisons, level and weight per attribute. */
  trueLevels: Record<string, string>;
}

export class LossDiagnosis {
  private readonly counts = new Map<string, number>();
  readonly examples: LossExample[] = [];
  /** Per attribute and level, over the true pairs: how often the level occurs, and the model's m summed. */
  private readonly trueLevels = new Map<string, { pairs: number; modelM: number }>();
  private readonly truePairsWith = new Map<string, number>();

  /**
   * The levels true pairs actually fall in, beside the m the model gives those levels: the
   * measured m, which labels allow here and nowhere in the engine (what a fit of m should find).
   */
  addTruePair(data: LoadedData, report: LabelledReport): void {
    const profile = profileOfReport(report.facts);
    for (const id of report.truth) {
      for (const region of REGIONS as readonly Region[]) {
        const engine = data.engines[region];
        const record = engine.recordProfile(id);
        if (!record) continue;
        for (const c of engine.scorer.score(record, profile, engine.recordPoolSize, { explain: false, health: healthDataUseOf(region, report.facts) }).comparisons) {
          const key = `${c.attribute} ${c.level}`;
          const entry = this.trueLevels.get(key) ?? { pairs: 0, modelM: 0 };
          entry.pairs += 1;
          entry.modelM += c.m;
          this.trueLevels.set(key, entry);
          this.truePairsWith.set(c.attribute, (this.truePairsWith.get(c.attribute) ?? 0) + 1);
        }
      }
    }
  }

  /** "ATTRIBUTE LEVEL" → [share of true pairs (with the attribute compared) at the level, mean model m]. */
  levelShares(): Record<string, [number, number]> {
    return Object.fromEntries(
      [...this.trueLevels]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, e]) => [key, [round3(e.pairs / this.truePairsWith.get(key.split(" ")[0])!), round3(e.modelM / e.pairs)]]),
    );
  }

  static groupOf(report: LabelledReport): ReportGroup {
    return report.recordHasName ? "withName" : report.photoNoName ? "photoNoName" : "noNameNoPhoto";
  }

  /** Classifies one missed report (its top ten held no true record). */
  addMiss(data: LoadedData, report: LabelledReport): void {
    const group = LossDiagnosis.groupOf(report);
    const scored: FamilySearchMatch[] = REGIONS.flatMap((region) => data.engines[region].searchRecords(report.facts, DEPTH, healthDataUseOf(region, report.facts)));
    scored.sort((a, b) => b.score.matchWeight - a.score.matchWeight);
    const tenthWeight = scored[TOP - 1]?.score.matchWeight ?? -Infinity;
    const rankIndex = scored.findIndex((m) => report.truth.has(m.recordId));
    const truth = this.bestTrueScore(data, report);
    let kind: LossKind;
    if (rankIndex >= 0) kind = rankIndex < 20 ? "RANKING_11_20" : rankIndex < 50 ? "RANKING_21_50" : "RANKING_BELOW_50";
    else kind = truth.weight > tenthWeight ? "GENERATION_WOULD_RANK" : "GENERATION_OUTRANKED";
    const key = `${group}:${kind}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.examples.push({ reportId: report.facts.id, group, kind, rank: rankIndex >= 0 ? rankIndex + 1 : null, trueWeight: truth.weight, tenthWeight, trueLevels: truth.levels });
  }

  /** The true record scoring best against the report, as its own node would score it. */
  private bestTrueScore(data: LoadedData, report: LabelledReport): { weight: number; levels: Record<string, string> } {
    const profile = profileOfReport(report.facts);
    let best = { weight: -Infinity, levels: {} as Record<string, string> };
    for (const id of report.truth) {
      for (const region of REGIONS as readonly Region[]) {
        const engine = data.engines[region];
        const record = engine.recordProfile(id);
        if (!record) continue;
        const score = engine.scorer.score(record, profile, engine.recordPoolSize, { health: healthDataUseOf(region, report.facts) });
        if (score.matchWeight > best.weight) {
          best = { weight: score.matchWeight, levels: Object.fromEntries(score.comparisons.map((c) => [c.attribute, `${c.level} ${c.weight.toFixed(2)}`])) };
        }
      }
    }
    return best;
  }

  /** Counts per report group and loss kind, for the JSON figures and the table. */
  summary(): Record<ReportGroup, Record<LossKind, number>> {
    return Object.fromEntries(
      GROUPS.map((g) => [g, Object.fromEntries(LOSS_KINDS.map((k) => [k, this.counts.get(`${g}:${k}`) ?? 0]))]),
    ) as Record<ReportGroup, Record<LossKind, number>>;
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
