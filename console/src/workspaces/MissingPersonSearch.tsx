import { useState } from "preact/hooks";
import { graphql, otherErrors } from "../api";
import { ErrorList } from "../components/Errors";
import { Form, SelectField, TextField } from "../components/Fields";
import { useCall } from "../components/useCall";
import { Enum, RegionTag, Value } from "../components/Values";
import { areaCodeProblem, identityNumberProblem, serverFieldProblems } from "../fieldChecks";
import { useLanguage } from "../i18n";
import { REGIONS } from "../schemaFacts";
import { RELIEF_RECORD_FIELDS, type ReliefRecord } from "./ReliefRecordList";

const SEARCH = `query ConsoleFamilySearch($report: MissingPersonInput!, $regions: [Region!], $limit: Int!) {
  familySearch(report: $report, regions: $regions, limit: $limit) {
    rank region matchWeight matchProbability aboveAlertThreshold candidateSources dnaComparisonSuggested
    comparisons { attribute level weight difference unit }
    reliefRecord { ${RELIEF_RECORD_FIELDS} }
  }
}`;
const FILE = `mutation ConsoleFileMissingPersonReport($input: MissingPersonInput!) {
  fileMissingPersonReport(input: $input) { missingPersonReport { id region status name } alerts { id status reliefRecordId matchProbability } }
}`;

interface Candidate {
  rank: number;
  region: string;
  matchWeight: number;
  matchProbability: number;
  aboveAlertThreshold: boolean;
  candidateSources: string[];
  dnaComparisonSuggested: boolean | null;
  comparisons: Array<{ attribute: string; level: string; weight: number; difference: number | null; unit: string | null }> | null;
  reliefRecord: ReliefRecord | null;
}

interface Draft {
  name: string;
  aliases: string;
  gender: string;
  birthDate: string;
  birthYear: string;
  heightCm: string;
  lastSeenOn: string;
  lastSeenAreaCode: string;
  homeAreaCode: string;
  dialect: string;
  features: string;
  idNumber: string;
  agencyId: string;
}

const EMPTY: Draft = { name: "", aliases: "", gender: "MALE", birthDate: "", birthYear: "", heightCm: "", lastSeenOn: "", lastSeenAreaCode: "", homeAreaCode: "", dialect: "", features: "", idNumber: "", agencyId: "" };
const list = (text: string) => text.split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean);

/** Weight bars: agreement to the right (green), disagreement to the left (red), scaled to the largest. */
function WeightBars({ comparisons }: { comparisons: NonNullable<Candidate["comparisons"]> }) {
  const { t, code } = useLanguage();
  const largest = Math.max(1, ...comparisons.map((c) => Math.abs(c.weight)));
  return (
    <table class="weights" data-testid="weight-bars">
      <caption class="sr-only">{t("search.weights")}</caption>
      <thead>
        <tr><th scope="col">{t("search.attribute")}</th><th scope="col">{t("search.level")}</th><th scope="col">{t("search.weight")}</th></tr>
      </thead>
      <tbody>
        {comparisons.map((c) => {
          const width = `${(Math.abs(c.weight) / largest) * 50}%`;
          return (
            <tr key={c.attribute}>
              <th scope="row">{code("attribute", c.attribute)}</th>
              <td>{c.level}{c.difference !== null ? ` (${c.difference}${c.unit ? ` ${c.unit}` : ""})` : ""}</td>
              <td class="bar-cell">
                <div class="bar-track" role="img" aria-label={`${code("attribute", c.attribute)} ${c.weight.toFixed(2)}`}>
                  <div class={c.weight >= 0 ? "bar bar-positive" : "bar bar-negative"} style={c.weight >= 0 ? { left: "50%", width } : { right: "50%", width }} />
                </div>
                <span class="bar-value">{c.weight >= 0 ? "+" : ""}{c.weight.toFixed(2)}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A photo-free summary: what the station recorded, never the face or its embedding. */
function CandidateCard({ c }: { c: Candidate }) {
  const { t, code } = useLanguage();
  const r = c.reliefRecord;
  return (
    <article class="card candidate" data-testid="candidate" data-region={c.region}>
      <header class="card-header">
        <span>#{c.rank}</span> <RegionTag region={c.region} /> <span>{r?.id}</span>
        <strong>{t("search.probability")}: {(c.matchProbability * 100).toFixed(1)}%</strong>
        <span class="muted">{t("search.matchWeight")}: {c.matchWeight.toFixed(2)}</span>
        {c.aboveAlertThreshold && <span class="badge badge-alert">{t("search.aboveThreshold")}</span>}
      </header>
      {r && (
        <p class="summary" data-testid="candidate-summary">
          {code("gender", r.gender)} · {t("relief.apparentAge")} {r.apparentAgeMin ?? "?"}–{r.apparentAgeMax ?? "?"} · {t("relief.height")} {r.heightCm ?? "—"} cm · {t("relief.foundOn")} {r.foundOn ?? "—"} · {t("relief.foundArea")} {r.foundAreaCode ?? "—"}
          {" · "}{t("relief.reportedName")}: <Value value={r.reportedName} />
          {r.dialect && <> · {t("search.dialect")}: {r.dialect}</>}
          {r.features && r.features.length > 0 && <> · {t("search.features")}: {r.features.join("、")}</>}
          {" · "}{r.hasFacePhoto ? t("search.photoOnFile") : t("search.noPhoto")}
          {c.dnaComparisonSuggested && <> · {t("search.dnaSuggested")}</>}
        </p>
      )}
      <p class="muted">{t("search.sources")}: {c.candidateSources.map((s) => code("candidateSource", s)).join("、")}</p>
      {c.comparisons ? <WeightBars comparisons={c.comparisons} /> : <p class="muted">{t("search.noComparisons")}</p>}
    </article>
  );
}

/** 寻亲登记与比对: one form for both — search both provinces, or file the report (which raises alerts). */
export function MissingPersonSearch({ home }: { home: string }) {
  const { t, code } = useLanguage();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const search = useCall<{ familySearch: Candidate[] }>();
  const file = useCall<{ fileMissingPersonReport: { missingPersonReport: { id: string; region: string; status: string }; alerts: Array<{ id: string; status: string; reliefRecordId: string; matchProbability: number }> } }>();
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });

  const validate = (filing: boolean): Record<string, string> => {
    const problems: Record<string, string> = {};
    const date = /^\d{4}-\d{2}-\d{2}$/;
    if (!draft.name.trim()) problems.name = t("validation.required");
    if (!draft.lastSeenOn) problems.lastSeenOn = t("validation.required");
    else if (!date.test(draft.lastSeenOn)) problems.lastSeenOn = t("validation.date");
    else if (draft.lastSeenOn > new Date().toISOString().slice(0, 10)) problems.lastSeenOn = t("validation.future");
    const lastSeenArea = draft.lastSeenAreaCode ? areaCodeProblem(t, draft.lastSeenAreaCode) : t("validation.areaCode");
    if (lastSeenArea) problems.lastSeenAreaCode = lastSeenArea;
    const homeArea = areaCodeProblem(t, draft.homeAreaCode);
    if (homeArea) problems.homeAreaCode = homeArea;
    if (filing && !draft.homeAreaCode) problems.homeAreaCode = t("validation.requiredToFile");
    if (filing && !draft.agencyId.trim()) problems.agencyId = t("validation.requiredToFile");
    if (draft.birthDate && !date.test(draft.birthDate)) problems.birthDate = t("validation.date");
    if (draft.birthYear && !(/^\d{4}$/.test(draft.birthYear) && Number(draft.birthYear) >= 1900 && Number(draft.birthYear) <= new Date().getFullYear())) problems.birthYear = t("validation.year");
    if (!draft.birthDate && !draft.birthYear) problems.birthYear = t("search.birthNeeded");
    if (draft.heightCm && !(/^\d{2,3}$/.test(draft.heightCm) && Number(draft.heightCm) >= 40 && Number(draft.heightCm) <= 250)) problems.heightCm = t("validation.height");
    const idProblem = identityNumberProblem(t, draft.idNumber);
    if (idProblem) problems.idNumber = idProblem;
    return problems;
  };
  const input = () => ({
    name: draft.name.trim(),
    aliases: list(draft.aliases),
    gender: draft.gender,
    birthDate: draft.birthDate || undefined,
    birthYear: draft.birthYear ? Number(draft.birthYear) : undefined,
    heightCm: draft.heightCm ? Number(draft.heightCm) : undefined,
    lastSeenOn: draft.lastSeenOn,
    lastSeenAreaCode: draft.lastSeenAreaCode,
    homeAreaCode: draft.homeAreaCode || undefined,
    dialect: draft.dialect.trim() || undefined,
    features: list(draft.features),
    idNumber: draft.idNumber.trim() || undefined,
    agencyId: draft.agencyId.trim() || undefined,
  });
  const act = async (filing: boolean) => {
    const problems = validate(filing);
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    if (filing) await file.run(() => graphql(FILE, { input: input() }));
    else await search.run(() => graphql(SEARCH, { report: input(), regions: [...REGIONS], limit: 5 }));
  };
  // A server-side BAD_USER_INPUT names its field: show it at that field too.
  const serverField = serverFieldProblems([...search.errors, ...file.errors], code);
  const err = (field: keyof Draft) => errors[field] ?? serverField[field];
  const filed = file.result?.fileMissingPersonReport;

  return (
    <div class="missing-person">
      <Form label={t("search.formTitle")} onSubmit={() => void act(false)} id="missing-person-form">
        <TextField id="mp-name" label={t("search.name")} value={draft.name} onInput={(v) => set({ name: v })} error={err("name")} required />
        <TextField id="mp-aliases" label={t("search.aliases")} value={draft.aliases} onInput={(v) => set({ aliases: v })} hint={t("search.listHint")} />
        <SelectField id="mp-gender" label={t("member.gender")} value={draft.gender} onChange={(v) => set({ gender: v })} options={["MALE", "FEMALE"].map((g) => ({ value: g, label: code("gender", g) }))} required />
        <TextField id="mp-birth-date" label={t("member.birthDate")} type="date" value={draft.birthDate} onInput={(v) => set({ birthDate: v })} error={err("birthDate")} />
        <TextField id="mp-birth-year" label={t("search.birthYear")} value={draft.birthYear} onInput={(v) => set({ birthYear: v })} error={err("birthYear")} inputMode="numeric" maxLength={4} />
        <TextField id="mp-height" label={t("search.heightCm")} value={draft.heightCm} onInput={(v) => set({ heightCm: v })} error={err("heightCm")} inputMode="numeric" maxLength={3} />
        <TextField id="mp-last-seen-on" label={t("search.lastSeenOn")} type="date" value={draft.lastSeenOn} onInput={(v) => set({ lastSeenOn: v })} error={err("lastSeenOn")} required />
        <TextField id="mp-last-seen-area" label={t("search.lastSeenArea")} value={draft.lastSeenAreaCode} onInput={(v) => set({ lastSeenAreaCode: v })} error={err("lastSeenAreaCode")} required inputMode="numeric" maxLength={6} />
        <TextField id="mp-home-area" label={t("search.homeArea")} value={draft.homeAreaCode} onInput={(v) => set({ homeAreaCode: v })} error={err("homeAreaCode")} inputMode="numeric" maxLength={6} />
        <TextField id="mp-dialect" label={t("search.dialect")} value={draft.dialect} onInput={(v) => set({ dialect: v })} />
        <TextField id="mp-features" label={t("search.features")} value={draft.features} onInput={(v) => set({ features: v })} hint={t("search.featuresHint")} />
        <TextField id="mp-id-number" label={t("verification.idNumber")} value={draft.idNumber} onInput={(v) => set({ idNumber: v })} error={err("idNumber")} maxLength={18} />
        <TextField id="mp-agency" label={t("search.agency")} value={draft.agencyId} onInput={(v) => set({ agencyId: v })} error={err("agencyId")} hint={t("search.agencyHint")} />
        <div class="actions">
          <button type="submit" class="primary" disabled={search.loading}>{t("search.search")}</button>
          <button type="button" onClick={() => void act(true)} disabled={file.loading}>{t("search.file")}</button>
        </div>
      </Form>
      <ErrorList errors={otherErrors([...search.errors, ...file.errors])} />
      {filed && (
        <div class="notice" role="status" data-testid="report-filed">
          {t("search.filed", { id: filed.missingPersonReport.id, count: filed.alerts.length })}
        </div>
      )}
      {search.result && (
        <section aria-label={t("search.results")} data-testid="search-results">
          <h2>{t("search.results")}</h2>
          {search.result.familySearch.length === 0 && <p class="empty">{t("list.empty")}</p>}
          {search.result.familySearch.map((c) => <CandidateCard key={`${c.region}-${c.rank}`} c={c} />)}
        </section>
      )}
      <p class="muted">{t("search.home", { region: code("region", home) })}</p>
    </div>
  );
}
