import { useState } from "preact/hooks";
import { graphql, otherErrors } from "../api";
import { ErrorList } from "../components/Errors";
import { Form, SelectField, TextArea, TextField } from "../components/Fields";
import { useCall } from "../components/useCall";
import { areaCodeProblem, errorsBesideFields, identityNumberProblem, pastDateProblem, serverFieldProblems, wholeNumberProblem } from "../fieldChecks";
import { useLanguage } from "../i18n";
import { useSession } from "../session";

const RECORD = `mutation ConsoleRecordReliefCase($input: ReliefCaseInput!) {
  recordReliefCase(input: $input) { reliefRecord { id region stationId identityStatus disposition noticeDueAt } alerts { id } }
}`;

interface Draft {
  stationId: string;
  reportedName: string;
  gender: string;
  apparentAgeMin: string;
  apparentAgeMax: string;
  heightCm: string;
  foundOn: string;
  foundAreaCode: string;
  dialect: string;
  features: string;
  placeNamesSpoken: string;
  clothing: string;
  idNumber: string;
  dnaSampleRef: string;
}

const FIELDS = ["stationId", "reportedName", "gender", "apparentAgeMin", "apparentAgeMax", "heightCm", "foundOn", "foundAreaCode", "dialect", "features", "placeNamesSpoken", "clothing", "idNumber", "dnaSampleRef"] as const;
const list = (text: string) => text.split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean);

/** 救助登记: registers a person the station took in (recordReliefCase), field by field. */
export function ReliefCaseForm({ onRegistered }: { onRegistered?: (id: string) => void }) {
  const { t, code } = useLanguage();
  const { principal } = useSession();
  const empty: Draft = { stationId: principal?.agency ?? "", reportedName: "", gender: "MALE", apparentAgeMin: "", apparentAgeMax: "", heightCm: "", foundOn: "", foundAreaCode: "", dialect: "", features: "", placeNamesSpoken: "", clothing: "", idNumber: "", dnaSampleRef: "" };
  const [draft, setDraft] = useState<Draft>(empty);
  const [problems, setProblems] = useState<Partial<Record<keyof Draft, string>>>({});
  const call = useCall<{ recordReliefCase: { reliefRecord: { id: string; region: string; identityStatus: string; noticeDueAt: string | null }; alerts: Array<{ id: string }> } }>();
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });

  const check = (): Partial<Record<keyof Draft, string>> => {
    const found: Partial<Record<keyof Draft, string>> = {};
    if (!draft.stationId.trim()) found.stationId = t("validation.required");
    found.apparentAgeMin = wholeNumberProblem(t, draft.apparentAgeMin, 0, 120, true);
    found.apparentAgeMax = wholeNumberProblem(t, draft.apparentAgeMax, 0, 120, true);
    if (!found.apparentAgeMin && !found.apparentAgeMax && Number(draft.apparentAgeMax) < Number(draft.apparentAgeMin)) found.apparentAgeMax = t("validation.ageOrder");
    found.heightCm = wholeNumberProblem(t, draft.heightCm, 40, 250);
    found.foundOn = pastDateProblem(t, draft.foundOn, true);
    found.foundAreaCode = areaCodeProblem(t, draft.foundAreaCode, true);
    found.idNumber = identityNumberProblem(t, draft.idNumber);
    if (draft.dnaSampleRef && !/^[A-Za-z0-9-]+$/.test(draft.dnaSampleRef)) found.dnaSampleRef = t("validation.reference");
    return Object.fromEntries(Object.entries(found).filter(([, v]) => v)) as Partial<Record<keyof Draft, string>>;
  };
  const submit = async () => {
    const found = check();
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    const answer = await call.run(() =>
      graphql(RECORD, {
        input: {
          stationId: draft.stationId.trim(),
          reportedName: draft.reportedName.trim() || undefined,
          gender: draft.gender,
          apparentAgeMin: Number(draft.apparentAgeMin),
          apparentAgeMax: Number(draft.apparentAgeMax),
          heightCm: draft.heightCm ? Number(draft.heightCm) : undefined,
          foundOn: draft.foundOn,
          foundAreaCode: draft.foundAreaCode,
          dialect: draft.dialect.trim() || undefined,
          features: list(draft.features),
          placeNamesSpoken: list(draft.placeNamesSpoken),
          clothing: draft.clothing.trim() || undefined,
          idNumber: draft.idNumber.trim() || undefined,
          dnaSampleRef: draft.dnaSampleRef.trim() || undefined,
        },
      }),
    );
    if (answer) {
      setDraft(empty);
      onRegistered?.(answer.recordReliefCase.reliefRecord.id);
    }
  };
  // A field the server refused is shown at the field, until the officer edits the form again.
  const fromServer = serverFieldProblems(call.errors, code);
  const err = (field: keyof Draft) => problems[field] ?? fromServer[field];
  const done = call.result?.recordReliefCase;

  return (
    <div class="relief-case">
      <Form label={t("register.title")} onSubmit={() => void submit()} id="relief-case-form">
        <TextField id="rc-station" label={t("register.station")} value={draft.stationId} onInput={(v) => set({ stationId: v })} error={err("stationId")} hint={t("register.stationHint")} required />
        <TextField id="rc-name" label={t("relief.reportedName")} value={draft.reportedName} onInput={(v) => set({ reportedName: v })} error={err("reportedName")} hint={t("register.nameHint")} />
        <SelectField id="rc-gender" label={t("member.gender")} value={draft.gender} onChange={(v) => set({ gender: v })} options={["MALE", "FEMALE"].map((g) => ({ value: g, label: code("gender", g) }))} error={err("gender")} required />
        <TextField id="rc-age-min" label={t("register.ageMin")} value={draft.apparentAgeMin} onInput={(v) => set({ apparentAgeMin: v })} error={err("apparentAgeMin")} inputMode="numeric" maxLength={3} required />
        <TextField id="rc-age-max" label={t("register.ageMax")} value={draft.apparentAgeMax} onInput={(v) => set({ apparentAgeMax: v })} error={err("apparentAgeMax")} inputMode="numeric" maxLength={3} required />
        <TextField id="rc-height" label={t("search.heightCm")} value={draft.heightCm} onInput={(v) => set({ heightCm: v })} error={err("heightCm")} inputMode="numeric" maxLength={3} />
        <TextField id="rc-found-on" label={t("relief.foundOn")} type="date" value={draft.foundOn} onInput={(v) => set({ foundOn: v })} error={err("foundOn")} required />
        <TextField id="rc-found-area" label={t("relief.foundArea")} value={draft.foundAreaCode} onInput={(v) => set({ foundAreaCode: v })} error={err("foundAreaCode")} inputMode="numeric" maxLength={6} required />
        <TextField id="rc-id-number" label={t("verification.idNumber")} value={draft.idNumber} onInput={(v) => set({ idNumber: v })} error={err("idNumber")} maxLength={18} hint={t("register.idHint")} />
        <TextField id="rc-dialect" label={t("search.dialect")} value={draft.dialect} onInput={(v) => set({ dialect: v })} error={err("dialect")} />
        <TextField id="rc-features" label={t("search.features")} value={draft.features} onInput={(v) => set({ features: v })} error={err("features")} hint={t("search.featuresHint")} />
        <TextField id="rc-places" label={t("register.places")} value={draft.placeNamesSpoken} onInput={(v) => set({ placeNamesSpoken: v })} error={err("placeNamesSpoken")} hint={t("search.listHint")} />
        <TextField id="rc-dna-ref" label={t("register.dnaSampleRef")} value={draft.dnaSampleRef} onInput={(v) => set({ dnaSampleRef: v })} error={err("dnaSampleRef")} />
        <TextArea id="rc-clothing" label={t("register.clothing")} value={draft.clothing} onInput={(v) => set({ clothing: v })} error={err("clothing")} />
        <div class="actions"><button type="submit" class="primary" disabled={call.loading}>{t("register.submit")}</button></div>
      </Form>
      <ErrorList errors={errorsBesideFields(otherErrors(call.errors), FIELDS)} />
      {done && (
        <div class="notice" role="status" data-testid="case-registered" data-record-id={done.reliefRecord.id}>
          {t("register.done", { id: done.reliefRecord.id, count: done.alerts.length })}
        </div>
      )}
    </div>
  );
}
