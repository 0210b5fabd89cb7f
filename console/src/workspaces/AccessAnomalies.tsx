import { useState } from "preact/hooks";
import { graphql, otherErrors } from "../api";
import { ErrorList } from "../components/Errors";
import { Form, TextField } from "../components/Fields";
import { useCall } from "../components/useCall";
import { DateTime, Enum } from "../components/Values";
import { useLanguage } from "../i18n";

const ANOMALIES = `query ConsoleAccessAnomalies($from: DateTime, $to: DateTime) {
  accessAnomalies(from: $from, to: $to) { kind description officer caseRef from to measure threshold entryCount entryIds }
}`;

interface Anomaly {
  kind: string;
  description: string;
  officer: string | null;
  caseRef: string | null;
  from: string;
  to: string;
  measure: number;
  threshold: number;
  entryCount: number;
  entryIds: string[];
}

export type Drill = { officer?: string; caseRef?: string; from: string; to: string; entryIds: string[] };

/** 异常访问: each pattern with its measure, and a drill-down into the access log entries behind it. */
export function AccessAnomalies({ onDrill }: { onDrill: (drill: Drill) => void }) {
  const { t } = useLanguage();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const call = useCall<{ accessAnomalies: Anomaly[] }>();
  const run = () => void call.run(() => graphql(ANOMALIES, { from: from ? new Date(from).toISOString() : undefined, to: to ? new Date(to).toISOString() : undefined }));
  return (
    <div class="anomalies">
      <Form label={t("compliance.tab.anomalies")} onSubmit={run} id="anomaly-form">
        <TextField id="anomaly-from" label={t("log.from")} type="datetime-local" value={from} onInput={setFrom} hint={t("anomalies.defaultPeriod")} />
        <TextField id="anomaly-to" label={t("log.to")} type="datetime-local" value={to} onInput={setTo} />
        <div class="actions"><button type="submit" class="primary" disabled={call.loading}>{t("action.search")}</button></div>
      </Form>
      <ErrorList errors={otherErrors(call.errors)} />
      {call.result && (
        <table class="table" data-testid="anomalies">
          <thead>
            <tr>
              <th scope="col">{t("anomalies.kind")}</th>
              <th scope="col">{t("anomalies.description")}</th>
              <th scope="col">{t("log.officer")}</th>
              <th scope="col">{t("log.caseRef")}</th>
              <th scope="col">{t("anomalies.period")}</th>
              <th scope="col">{t("anomalies.measure")}</th>
              <th scope="col">{t("anomalies.entries")}</th>
              <th scope="col">{t("log.more")}</th>
            </tr>
          </thead>
          <tbody>
            {call.result.accessAnomalies.length === 0 && <tr><td colSpan={8} class="empty">{t("anomalies.none")}</td></tr>}
            {call.result.accessAnomalies.map((a, i) => (
              <tr key={i}>
                <td><Enum prefix="anomaly" value={a.kind} /></td>
                <td>{a.description}</td>
                <td>{a.officer ?? "—"}</td>
                <td>{a.caseRef ?? "—"}</td>
                <td><DateTime value={a.from} /> – <DateTime value={a.to} /></td>
                <td>{a.measure} / {a.threshold}</td>
                <td>{a.entryCount}</td>
                <td>
                  <button type="button" onClick={() => onDrill({ officer: a.officer ?? undefined, caseRef: a.caseRef ?? undefined, from: a.from, to: a.to, entryIds: a.entryIds })}>
                    {t("anomalies.drill")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
