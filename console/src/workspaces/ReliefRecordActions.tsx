import { useEffect, useRef, useState } from "preact/hooks";
import { graphql, otherErrors } from "../api";
import { ErrorList } from "../components/Errors";
import { Form, SelectField, TextField } from "../components/Fields";
import { useCall } from "../components/useCall";
import { DateTime, Enum, Value } from "../components/Values";
import { allowedSteps, stateOf, type DispositionStep } from "../dispositionGraph";
import { areaCodeProblem, errorsBesideFields, identityNumberProblem, pastDateProblem, serverFieldProblems } from "../fieldChecks";
import { useLanguage } from "../i18n";
import { useSession } from "../session";

const HISTORY = "sequence fromDisposition toDisposition transferKind transferredTo receiverKind receiverName destinationAreaCode effectiveOn note officer agency recordedAt";
const DNA = (police: boolean) => `id status laboratory requestedOn resultOn turnaroundDays missingPersonReportId${police ? " sampleRef labReference" : ""}`;
const RECORD = (police: boolean) => `query ConsoleReliefRecordLife($id: ID!) {
  reliefRecord(id: $id) { id region stationId disposition identityStatus foundOn dispositionHistory { ${HISTORY} } dnaComparisons { ${DNA(police)} } }
}`;
const DISPOSE = `mutation ConsoleRecordReliefDisposition($input: ReliefDispositionInput!) {
  recordReliefDisposition(input: $input) { change { sequence toDisposition } reliefRecord { id disposition identityStatus } }
}`;
const SAMPLE = `mutation ConsoleRecordDnaSampleRequest($input: DnaSampleRequestInput!) { recordDnaSampleRequest(input: $input) { id status } }`;
const RESULT = `mutation ConsoleRecordDnaComparisonResult($input: DnaComparisonResultInput!) { recordDnaComparisonResult(input: $input) { id status } }`;

interface Change {
  sequence: number;
  fromDisposition: string;
  toDisposition: string;
  transferKind: string | null;
  transferredTo: string | null;
  receiverKind: string | null;
  receiverName: string | null;
  destinationAreaCode: string | null;
  effectiveOn: string | null;
  note: string | null;
  officer: string;
  agency: string;
  recordedAt: string;
}
interface Comparison {
  id: string;
  status: string | null;
  laboratory: string | null;
  requestedOn: string | null;
  resultOn: string | null;
  turnaroundDays: number | null;
  missingPersonReportId: string | null;
  sampleRef?: string | null;
  labReference?: string | null;
}
interface RecordLife {
  id: string;
  region: string;
  stationId: string;
  disposition: string;
  identityStatus: string;
  foundOn: string | null;
  dispositionHistory: Change[] | null;
  dnaComparisons: Comparison[] | null;
}

/** The steps offered from a record's state: the server's own graph (console/src/dispositionGraph.ts). */
function offeredSteps(record: RecordLife): readonly DispositionStep[] {
  const lastTransfer = [...(record.dispositionHistory ?? [])].reverse().find((c) => c.toDisposition === "TRANSFERRED");
  return allowedSteps(stateOf(record.disposition as Parameters<typeof stateOf>[0], lastTransfer?.transferKind as "RELIEF_STATION" | "CARE_INSTITUTION" | null | undefined));
}

/** 救助记录办理: the disposition history and next step (the station), and DNA comparisons (police liaisons). */
export function ReliefRecordActions({ recordId, onChanged, onClose }: { recordId: string; onChanged: () => void; onClose: () => void }) {
  const { t } = useLanguage();
  const { principal } = useSession();
  const police = principal?.roles.includes("police_liaison") ?? false;
  const station = principal?.roles.includes("relief_officer") ?? false;
  const call = useCall<{ reliefRecord: RecordLife | null }>();
  const reload = () => void call.run(() => graphql(RECORD(police), { id: recordId }));
  useEffect(reload, [recordId]);
  const record = call.result?.reliefRecord;
  // Opened from a row far up the list: bring the panel into view and put the keyboard in it.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView({ block: "start" });
    heading.current?.focus();
  }, [recordId]);
  const changed = () => {
    reload();
    onChanged();
  };
  return (
    <section class="panel" aria-labelledby="record-life-title" data-testid="record-life" data-record-id={recordId} data-disposition={record?.disposition}>
      <h2 id="record-life-title" ref={heading} tabIndex={-1}>{t("lifecycle.title", { id: recordId })}</h2>
      <button type="button" onClick={onClose}>{t("action.close")}</button>
      <ErrorList errors={otherErrors(call.errors)} />
      {record && (
        <>
          <p>
            {t("relief.disposition")}: <strong data-testid="current-disposition"><Enum prefix="disposition" value={record.disposition} /></strong> · {t("relief.identityStatus")}: <Enum prefix="identityStatus" value={record.identityStatus} />
          </p>
          <DispositionHistory changes={record.dispositionHistory ?? []} />
          {station && <DispositionForm record={record} onRecorded={changed} />}
          <DnaComparisons comparisons={record.dnaComparisons ?? []} police={police} onChanged={changed} />
          {police && <DnaSampleForm recordId={record.id} onRecorded={changed} />}
        </>
      )}
    </section>
  );
}

function DispositionHistory({ changes }: { changes: Change[] }) {
  const { t, code } = useLanguage();
  return (
    <table class="table" data-testid="disposition-history">
      <caption>{t("lifecycle.history")}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{t("lifecycle.step")}</th>
          <th scope="col">{t("lifecycle.effectiveOn")}</th>
          <th scope="col">{t("lifecycle.details")}</th>
          <th scope="col">{t("lifecycle.note")}</th>
          <th scope="col">{t("lifecycle.recordedBy")}</th>
        </tr>
      </thead>
      <tbody>
        {changes.length === 0 && <tr><td colSpan={6} class="empty">{t("lifecycle.noHistory")}</td></tr>}
        {changes.map((c) => (
          <tr key={c.sequence} data-testid="disposition-change" data-to={c.toDisposition}>
            <td>{c.sequence}</td>
            <td>{code("disposition", c.fromDisposition)} → {code("disposition", c.toDisposition)}{c.transferKind && ` (${code("transferKind", c.transferKind)})`}</td>
            <td><Value value={c.effectiveOn} /></td>
            <td>
              {c.receiverKind && <>{code("receiverKind", c.receiverKind)}: <Value value={c.receiverName} /> · {c.destinationAreaCode}</>}
              {c.transferredTo && <>{t("lifecycle.transferredTo")}: {c.transferredTo}</>}
            </td>
            <td><Value value={c.note} /></td>
            <td>{c.officer} · {c.agency} · <DateTime value={c.recordedAt} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The next step: only those the disposition graph allows from here; a refusal is shown in words at the step. */
function DispositionForm({ record, onRecorded }: { record: RecordLife; onRecorded: () => void }) {
  const { t, code } = useLanguage();
  const steps = offeredSteps(record);
  const [step, setStep] = useState<string>(steps[0] ?? "");
  const [effectiveOn, setEffectiveOn] = useState("");
  const [note, setNote] = useState("");
  const [receiverKind, setReceiverKind] = useState("RELATIVE");
  const [receiverName, setReceiverName] = useState("");
  const [destination, setDestination] = useState("");
  const [transferredTo, setTransferredTo] = useState("");
  const [problems, setProblems] = useState<Record<string, string | undefined>>({});
  const call = useCall<{ recordReliefDisposition: { reliefRecord: { disposition: string } } }>();
  useEffect(() => setStep(steps[0] ?? ""), [record.disposition, steps.join()]);
  if (steps.length === 0) return <p class="muted" data-testid="disposition-final">{t("lifecycle.final")}</p>;

  const returning = step === "RETURNED_HOME";
  const transferring = step.startsWith("TRANSFERRED_TO_");
  const submit = async () => {
    const found: Record<string, string | undefined> = {
      effectiveOn: pastDateProblem(t, effectiveOn),
      receiverName: returning && !receiverName.trim() ? t("validation.required") : undefined,
      destinationAreaCode: returning ? areaCodeProblem(t, destination, true) : undefined,
      transferredTo: transferring && !transferredTo.trim() ? t("validation.required") : undefined,
    };
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    const input = {
      reliefRecordId: record.id,
      disposition: transferring ? "TRANSFERRED" : step,
      transferKind: step === "TRANSFERRED_TO_STATION" ? "RELIEF_STATION" : step === "TRANSFERRED_TO_INSTITUTION" ? "CARE_INSTITUTION" : undefined,
      transferredTo: transferring ? transferredTo.trim() : undefined,
      receiverKind: returning ? receiverKind : undefined,
      receiverName: returning ? receiverName.trim() : undefined,
      destinationAreaCode: returning ? destination : undefined,
      effectiveOn: effectiveOn || undefined,
      note: note.trim() || undefined,
    };
    if (await call.run(() => graphql(DISPOSE, { input }))) {
      setNote("");
      onRecorded();
    }
  };
  const fromServer = serverFieldProblems(call.errors, code);
  const fields = ["disposition", "effectiveOn", "note", "receiverKind", "receiverName", "destinationAreaCode", "transferKind", "transferredTo"];
  return (
    <Form label={t("lifecycle.nextStep")} onSubmit={() => void submit()} id="disposition-form">
      <SelectField id="dp-step" label={t("lifecycle.nextStep")} value={step} onChange={setStep} options={steps.map((s) => ({ value: s, label: code("step", s) }))} error={fromServer.disposition ?? fromServer.transferKind} hint={t("lifecycle.stepHint")} required />
      <TextField id="dp-effective" label={t("lifecycle.effectiveOn")} type="date" value={effectiveOn} onInput={setEffectiveOn} error={problems.effectiveOn ?? fromServer.effectiveOn} hint={t("lifecycle.effectiveHint")} />
      {returning && (
        <>
          <SelectField id="dp-receiver-kind" label={t("lifecycle.receiverKind")} value={receiverKind} onChange={setReceiverKind} options={["RELATIVE", "AGENCY"].map((k) => ({ value: k, label: code("receiverKind", k) }))} error={fromServer.receiverKind} required />
          <TextField id="dp-receiver" label={t("lifecycle.receiverName")} value={receiverName} onInput={setReceiverName} error={problems.receiverName ?? fromServer.receiverName} required />
          <TextField id="dp-destination" label={t("lifecycle.destination")} value={destination} onInput={setDestination} error={problems.destinationAreaCode ?? fromServer.destinationAreaCode} inputMode="numeric" maxLength={6} required />
        </>
      )}
      {transferring && <TextField id="dp-transferred-to" label={t("lifecycle.transferredTo")} value={transferredTo} onInput={setTransferredTo} error={problems.transferredTo ?? fromServer.transferredTo} required />}
      <TextField id="dp-note" label={t("lifecycle.note")} value={note} onInput={setNote} error={fromServer.note} />
      <div class="actions"><button type="submit" class="primary" disabled={call.loading}>{t("lifecycle.record")}</button></div>
      <ErrorList errors={errorsBesideFields(otherErrors(call.errors), fields)} />
    </Form>
  );
}

function DnaComparisons({ comparisons, police, onChanged }: { comparisons: Comparison[]; police: boolean; onChanged: () => void }) {
  const { t, code } = useLanguage();
  const [resultFor, setResultFor] = useState<string | null>(null);
  return (
    <>
      <table class="table" data-testid="dna-comparisons">
        <caption>{t("dna.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("dna.id")}</th>
            <th scope="col">{t("dna.status")}</th>
            <th scope="col">{t("dna.laboratory")}</th>
            <th scope="col">{t("dna.requestedOn")}</th>
            <th scope="col">{t("dna.resultOn")}</th>
            {police && <th scope="col">{t("dna.sampleRef")}</th>}
            {police && <th scope="col">{t("dna.labReference")}</th>}
            {police && <th scope="col">{t("reports.actions")}</th>}
          </tr>
        </thead>
        <tbody>
          {comparisons.length === 0 && <tr><td colSpan={police ? 8 : 5} class="empty">{t("list.empty")}</td></tr>}
          {comparisons.map((c) => (
            <tr key={c.id} data-testid="dna-comparison" data-status={c.status ?? ""}>
              <td>{c.id}</td>
              <td>{code("dnaStatus", c.status)}</td>
              <td><Value value={c.laboratory} /></td>
              <td><Value value={c.requestedOn} /></td>
              <td><Value value={c.resultOn} /></td>
              {police && <td><Value value={c.sampleRef} /></td>}
              {police && <td><Value value={c.labReference} /></td>}
              {police && <td>{c.status === "REQUESTED" && <button type="button" onClick={() => setResultFor(resultFor === c.id ? null : c.id)}>{t("dna.recordResult")}</button>}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {police && resultFor && <DnaResultForm comparisonId={resultFor} onRecorded={() => { setResultFor(null); onChanged(); }} />}
    </>
  );
}

function DnaSampleForm({ recordId, onRecorded }: { recordId: string; onRecorded: () => void }) {
  const { t, code } = useLanguage();
  const [laboratory, setLaboratory] = useState("");
  const [sampleRef, setSampleRef] = useState("");
  const [reportId, setReportId] = useState("");
  const [requestedOn, setRequestedOn] = useState("");
  const [problems, setProblems] = useState<Record<string, string | undefined>>({});
  const call = useCall<{ recordDnaSampleRequest: { id: string } }>();
  const submit = async () => {
    const found = {
      laboratory: laboratory.trim() ? undefined : t("validation.required"),
      sampleRef: !sampleRef.trim() ? t("validation.required") : /^[A-Za-z0-9-]+$/.test(sampleRef.trim()) ? undefined : t("validation.reference"),
      requestedOn: pastDateProblem(t, requestedOn),
    };
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    const input = { reliefRecordId: recordId, laboratory: laboratory.trim(), sampleRef: sampleRef.trim(), missingPersonReportId: reportId.trim() || undefined, requestedOn: requestedOn || undefined };
    if (await call.run(() => graphql(SAMPLE, { input }))) onRecorded();
  };
  const fromServer = serverFieldProblems(call.errors, code);
  return (
    <Form label={t("dna.requestTitle")} onSubmit={() => void submit()} id="dna-sample-form">
      <TextField id="dna-lab" label={t("dna.laboratory")} value={laboratory} onInput={setLaboratory} error={problems.laboratory ?? fromServer.laboratory} required />
      <TextField id="dna-sample" label={t("dna.sampleRef")} value={sampleRef} onInput={setSampleRef} error={problems.sampleRef ?? fromServer.sampleRef} required />
      <TextField id="dna-report" label={t("dna.reportId")} value={reportId} onInput={setReportId} error={fromServer.missingPersonReportId} />
      <TextField id="dna-requested" label={t("dna.requestedOn")} type="date" value={requestedOn} onInput={setRequestedOn} error={problems.requestedOn ?? fromServer.requestedOn} />
      <div class="actions"><button type="submit" class="primary" disabled={call.loading}>{t("dna.request")}</button></div>
      <ErrorList errors={errorsBesideFields(otherErrors(call.errors), ["laboratory", "sampleRef", "missingPersonReportId", "requestedOn", "note"])} />
    </Form>
  );
}

function DnaResultForm({ comparisonId, onRecorded }: { comparisonId: string; onRecorded: () => void }) {
  const { t, code } = useLanguage();
  const [result, setResult] = useState("MATCH");
  const [labReference, setLabReference] = useState("");
  const [resultOn, setResultOn] = useState("");
  const [idNumber, setIdNumber] = useState("");
  const [problems, setProblems] = useState<Record<string, string | undefined>>({});
  const call = useCall<{ recordDnaComparisonResult: { id: string } }>();
  const submit = async () => {
    const found = {
      labReference: !labReference.trim() ? t("validation.required") : /^[A-Za-z0-9-]+$/.test(labReference.trim()) ? undefined : t("validation.reference"),
      resultOn: pastDateProblem(t, resultOn),
      idNumber: identityNumberProblem(t, idNumber),
    };
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    const input = { dnaComparisonId: comparisonId, result, labReference: labReference.trim(), resultOn: resultOn || undefined, idNumber: result === "MATCH" && idNumber.trim() ? idNumber.trim() : undefined };
    if (await call.run(() => graphql(RESULT, { input }))) onRecorded();
  };
  const fromServer = serverFieldProblems(call.errors, code);
  return (
    <Form label={t("dna.resultTitle", { id: comparisonId })} onSubmit={() => void submit()} id="dna-result-form">
      <SelectField id="dna-result" label={t("dna.result")} value={result} onChange={setResult} options={["MATCH", "NO_MATCH"].map((r) => ({ value: r, label: code("dnaStatus", r) }))} required />
      <TextField id="dna-lab-ref" label={t("dna.labReference")} value={labReference} onInput={setLabReference} error={problems.labReference ?? fromServer.labReference} required />
      <TextField id="dna-result-on" label={t("dna.resultOn")} type="date" value={resultOn} onInput={setResultOn} error={problems.resultOn ?? fromServer.resultOn} />
      {result === "MATCH" && <TextField id="dna-id-number" label={t("verification.idNumber")} value={idNumber} onInput={setIdNumber} error={problems.idNumber ?? fromServer.idNumber} maxLength={18} />}
      <div class="actions"><button type="submit" class="primary" disabled={call.loading}>{t("dna.recordResult")}</button></div>
      <ErrorList errors={errorsBesideFields(otherErrors(call.errors), ["labReference", "resultOn", "idNumber", "result", "dnaComparisonId"])} />
    </Form>
  );
}
