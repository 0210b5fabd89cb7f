// The bench's output: one Markdown table (its current figures are copied into docs/performance.md) and
// one JSON file with every run, both under bench/results/.
import fs from "node:fs";
import path from "node:path";
import type { LoadFigures } from "./loadRun";
import type { MeasuredTarget } from "./rotation";

export interface FigureCell {
  label: string;
  figures?: LoadFigures;
  /** For rows that are not load figures (memory). */
  value?: string;
  runs?: LoadFigures[];
}

export interface ResultRow {
  scenario: string;
  measured: FigureCell;
  baseline?: FigureCell;
  /** What the ratio compares, e.g. "rps" or "p99"; absent for absolute figures. */
  ratioOf?: "rps" | "p99" | "p50";
  ratio?: number;
  /** Throughput rows: the same ratio of responses per server CPU-second (steadier on a shared machine). */
  cpuRatio?: number;
  /** For rows that compare by difference instead: measured − baseline, ms. */
  differenceMs?: number;
  target: string;
  /** null: reported, no target. */
  pass: boolean | null;
  note?: string;
  /** Time series behind the row (the soak's RSS samples), JSON only. */
  samples?: { t: number; rssMb: number }[];
}

export interface BenchReport {
  title: string;
  date: string;
  mode: string;
  command: string;
  machine: { cores: number; cpu: string; node: string; pinning: string };
  durationSeconds: number;
  /** What ran before the timed run, e.g. generating a cache entry. */
  setup?: string;
  rows: ResultRow[];
  notes: string[];
  missing: string[];
}

export function cellOf(measured: MeasuredTarget): FigureCell {
  return { label: measured.label, figures: measured.median, runs: measured.runs };
}

/** A ratio row: measured ÷ baseline of `of`, checked against `limit` (≥ for rps, ≤ for latency). */
export function ratioRow(scenario: string, measured: MeasuredTarget, baseline: MeasuredTarget, of: "rps" | "p99" | "p50", limit: number | null, note?: string): ResultRow {
  const key = of === "rps" ? "rps" : of === "p99" ? "p99Ms" : "p50Ms";
  const ratio = measured.median[key] / baseline.median[key];
  const atLeast = of === "rps";
  const perCpu = [measured.median.rpsPerCpuSecond, baseline.median.rpsPerCpuSecond];
  return {
    ...(of === "rps" && perCpu[0] && perCpu[1] ? { cpuRatio: perCpu[0] / perCpu[1] } : {}),
    scenario,
    measured: cellOf(measured),
    baseline: cellOf(baseline),
    ratioOf: of,
    ratio,
    target: limit === null ? "—" : `${of} ${atLeast ? "≥" : "≤"} ${limit.toFixed(2)}×`,
    pass: limit === null ? null : atLeast ? ratio >= limit : ratio <= limit,
    note,
  };
}

/** A difference row: measured p50 − baseline p50, checked against `limitMs`. */
export function p50DifferenceRow(scenario: string, measured: MeasuredTarget, baseline: MeasuredTarget, limitMs: number, note?: string): ResultRow {
  const differenceMs = measured.median.p50Ms - baseline.median.p50Ms;
  return { scenario, measured: cellOf(measured), baseline: cellOf(baseline), differenceMs, target: `p50 + ≤ ${limitMs} ms`, pass: differenceMs <= limitMs, note };
}

/** "+1.20 ms" / "−0.87 ms". */
export const signedMs = (ms: number) => `${ms < 0 ? "−" : "+"}${Math.abs(ms).toFixed(2)} ms`;

const rps = (f?: LoadFigures) => (f ? f.rps.toFixed(0) : "");
const latency = (f?: LoadFigures) => (f ? `${f.p50Ms.toFixed(2)} / ${f.p99Ms.toFixed(2)}` : "");
const verdict = (pass: boolean | null) => (pass === null ? "info" : pass ? "**pass**" : "**MISSED**");

export function renderMarkdown(report: BenchReport): string {
  const lines = [
    `${report.title} — ${report.date}, ${report.machine.cores} cores (${report.machine.cpu}), Node ${report.machine.node}; ${report.machine.pinning}.`,
    `Reproduce: \`${report.command}\` (took ${Math.round(report.durationSeconds)} s${report.setup ? `; ${report.setup}` : ""}).`,
    "",
    "| Scenario | Measured | rps | p50 / p99 ms | Baseline | rps | p50 / p99 ms | Ratio | Target | Result |",
    "|---|---|---:|---:|---|---:|---:|---:|---|---|",
  ];
  for (const row of report.rows) {
    const measuredFigures = row.measured.value ?? rps(row.measured.figures);
    const cpu = row.cpuRatio !== undefined ? ` (${row.cpuRatio.toFixed(2)}× per CPU-s)` : "";
    const ratio = row.ratio !== undefined ? `${row.ratio.toFixed(2)}× ${row.ratioOf}${cpu}` : row.differenceMs !== undefined ? `p50 ${signedMs(row.differenceMs)}` : "";
    lines.push(
      `| ${row.scenario}${row.note ? ` (${row.note})` : ""} | ${row.measured.label} | ${measuredFigures} | ${latency(row.measured.figures)} | ${row.baseline?.label ?? ""} | ${row.baseline?.value ?? rps(row.baseline?.figures)} | ${latency(row.baseline?.figures)} | ${ratio} | ${row.target} | ${verdict(row.pass)} |`,
    );
  }
  if (report.notes.length) lines.push("", ...report.notes.map((n) => `- ${n}`));
  if (report.missing.length) lines.push("", "Not measured yet:", ...report.missing.map((m) => `- ${m}`));
  return lines.join("\n") + "\n";
}

export function writeReport(report: BenchReport, dir: string, name: string): { markdown: string; json: string } {
  fs.mkdirSync(dir, { recursive: true });
  const markdown = path.join(dir, `${name}.md`);
  const json = path.join(dir, `${name}.json`);
  fs.writeFileSync(markdown, renderMarkdown(report));
  fs.writeFileSync(json, JSON.stringify(report, null, 2) + "\n");
  return { markdown, json };
}
