import { useEffect, useState } from "preact/hooks";
import { deniedReason, graphql, otherErrors, type GraphqlError } from "../api";
import { ErrorList } from "../components/Errors";
import { Form, SelectField, TextField } from "../components/Fields";
import { Pager, useKeysetPages } from "../components/Pager";
import { useCall } from "../components/useCall";
import { DateValue, Enum, RegionTag, Value } from "../components/Values";
import { areaCodeProblem, errorsBesideFields, serverFieldProblems } from "../fieldChecks";
import { useLanguage } from "../i18n";

const REPORT_FIELDS = "id region agencyId name gender birthDate birthYear lastSeenOn lastSeenAreaCode homeAreaCode status minor createdAt closure { outcome reliefRecordId closedBy closedAt }";
const LIST = `query ConsoleMissingPersonReports($filter: MissingPersonReportFilter, $first: Int, $after: String) {
  missingPersonReports(filter: $filter, first: $first, after: $after) { totalCount pageInfo { endCursor hasNextPage } edges { cursor node { ${REPORT_FIELDS} } } }
}`;
const CLOSE = `mutation ConsoleCloseMissingPersonReport($input: CloseMissingPersonReportInput!) {
  closeMissingPersonReport(input: $input) { missingPersonReport { id status } closure { outcome reliefRecordId closedAt } }
}`;
const PAGE = 20;

interface Report {
  id: string;
  region: string;
  agencyId: string;
  name: string | null;
  gender: string | null;
  birthDate: string | null;
  birthYear: number | null;
  lastSeenOn: string | null;
  lastSeenAreaCode: string | null;
  homeAreaCode: string | null;
  status: string;
  minor: boolean | null;
  closure: { outcome: string; reliefRecordId: string | null; closedBy: string; closedAt: string } | null;
}

/** 寻亲登记列表: the reports of agencies in the officer's jurisdiction, filtered and paged; an open one can be closed. */
export function MissingPersonReportList({ home }: { home: string }) {
  const { t, code } = useLanguage();
  const [status, setStatus] = useState("OPEN");
  const [areaCode, setAreaCode] = useState("");
  const [lastSeenFrom, setLastSeenFrom] = useState("");
  const [lastSeenTo, setLastSeenTo] = useState("");
  const [problems, setProblems] = useState<Record<string, string | undefined>>({});
  const [closing, setClosing] = useState<string | null>(null);
  const pages = useKeysetPages();
  const list = useCall<{ missingPersonReports: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: Array<{ node: Report }> } }>();

  const filter = () => ({ status: status || undefined, areaCode: areaCode || undefined, lastSeenFrom: lastSeenFrom || undefined, lastSeenTo: lastSeenTo || undefined });
  const load = (after: string | null) => void list.run(() => graphql(LIST, { filter: filter(), first: PAGE, after }));
  const search = () => {
    const found = { areaCode: areaCodeProblem(t, areaCode), lastSeenTo: lastSeenFrom && lastSeenTo && lastSeenFrom > lastSeenTo ? t("validation.dateOrder") : undefined };
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    pages.restart();
    load(null);
  };
  const fromServer = serverFieldProblems(list.errors, code);
  const page = list.result?.missingPersonReports;
  const reports = page?.edges.map((e) => e.node) ?? [];
  const denied = (r: Report, field: string) => deniedReason(list.errors, `missingPersonReports.edges.node.${field}`, r.region, home);

  return (
    <div class="report-list">
      <Form label={t("reports.filterTitle")} onSubmit={search} id="report-filter">
        <SelectField id="rl-status" label={t("reports.status")} value={status} onChange={setStatus} options={[{ value: "", label: t("filter.any") }, ...["OPEN", "FOUND", "CLOSED"].map((s) => ({ value: s, label: code("reportStatus", s) }))]} />
        <TextField id="rl-area" label={t("reports.area")} value={areaCode} onInput={setAreaCode} error={problems.areaCode ?? fromServer.areaCode} hint={t("reports.areaHint")} inputMode="numeric" maxLength={6} />
        <TextField id="rl-from" label={t("reports.lastSeenFrom")} type="date" value={lastSeenFrom} onInput={setLastSeenFrom} />
        <TextField id="rl-to" label={t("reports.lastSeenTo")} type="date" value={lastSeenTo} onInput={setLastSeenTo} error={problems.lastSeenTo ?? fromServer.lastSeenTo} />
        <div class="actions"><button type="submit" class="primary" disabled={list.loading}>{t("action.search")}</button></div>
      </Form>
      <ErrorList errors={errorsBesideFields(otherErrors(list.errors), ["areaCode", "lastSeenTo"])} />
      {closing && (
        <CloseReport
          reportId={closing}
          onClosed={() => {
            setClosing(null);
            load(pages.current);
          }}
        />
      )}
      {page && (
        <>
          <p>{t("list.total", { count: page.totalCount })}</p>
          <table class="table" data-testid="missing-person-reports">
            <thead>
              <tr>
                <th scope="col">{t("reports.id")}</th>
                <th scope="col">{t("relief.region")}</th>
                <th scope="col">{t("search.name")}</th>
                <th scope="col">{t("member.gender")}</th>
                <th scope="col">{t("member.birthDate")}</th>
                <th scope="col">{t("search.lastSeenOn")}</th>
                <th scope="col">{t("search.lastSeenArea")}</th>
                <th scope="col">{t("search.agency")}</th>
                <th scope="col">{t("reports.status")}</th>
                <th scope="col">{t("reports.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {reports.length === 0 && <tr><td colSpan={10} class="empty">{t("list.empty")}</td></tr>}
              {reports.map((r) => (
                <tr key={r.id} data-testid="missing-person-report" data-report-id={r.id} data-status={r.status}>
                  <td>{r.id}{r.minor && <> <span class="badge badge-masked">{t("reports.minor")}</span></>}</td>
                  <td><RegionTag region={r.region} /></td>
                  <td><Value value={r.name} denied={denied(r, "name")} /></td>
                  <td><Enum prefix="gender" value={r.gender} denied={denied(r, "gender")} /></td>
                  <td>{r.birthDate || !r.birthYear ? <DateValue value={r.birthDate} denied={denied(r, "birthDate")} /> : <>{t("reports.yearOnly", { year: r.birthYear })}</>}</td>
                  <td><Value value={r.lastSeenOn} denied={denied(r, "lastSeenOn")} /></td>
                  <td><Value value={r.lastSeenAreaCode} denied={denied(r, "lastSeenAreaCode")} /></td>
                  <td>{r.agencyId}</td>
                  <td>
                    <span data-testid="report-status"><Enum prefix="reportStatus" value={r.status} /></span>
                    {r.closure && <span class="muted"> · {code("closureOutcome", r.closure.outcome)}{r.closure.reliefRecordId ? ` → ${r.closure.reliefRecordId}` : ""}</span>}
                  </td>
                  <td>
                    {r.status === "OPEN" && (
                      <button type="button" aria-expanded={closing === r.id ? "true" : "false"} onClick={() => setClosing(closing === r.id ? null : r.id)}>
                        {t("reports.close")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager pages={pages} pageInfo={page.pageInfo} onLoad={load} />
        </>
      )}
    </div>
  );
}

/** 结案: found (with the person's relief record) or withdrawn by the agency that took the report. */
function CloseReport({ reportId, onClosed }: { reportId: string; onClosed: () => void }) {
  const { t, code } = useLanguage();
  const [outcome, setOutcome] = useState("FOUND");
  const [recordId, setRecordId] = useState("");
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | undefined>();
  const call = useCall<{ closeMissingPersonReport: { missingPersonReport: { id: string; status: string } } }>();
  useEffect(() => document.getElementById("cr-outcome")?.focus(), [reportId]);
  const submit = async () => {
    const missing = outcome === "FOUND" && !/^(CQ|SC)-RR-/.test(recordId.trim()) ? t("reports.recordIdNeeded") : undefined;
    setProblem(missing);
    if (missing) return;
    const input = { missingPersonReportId: reportId, outcome, reliefRecordId: outcome === "FOUND" ? recordId.trim() : undefined, note: note.trim() || undefined };
    if (await call.run(() => graphql(CLOSE, { input }))) onClosed();
  };
  const fromServer = serverFieldProblems(call.errors, code);
  const fields = ["reliefRecordId", "note", "missingPersonReportId", "outcome"];
  return (
    <section class="panel" aria-labelledby="close-report-title" data-testid="close-report">
      <h2 id="close-report-title">{t("reports.closeTitle", { id: reportId })}</h2>
      <Form label={t("reports.closeTitle", { id: reportId })} onSubmit={() => void submit()} id="close-report-form">
        <SelectField id="cr-outcome" label={t("reports.outcome")} value={outcome} onChange={setOutcome} options={["FOUND", "WITHDRAWN"].map((o) => ({ value: o, label: code("closureOutcome", o) }))} required />
        {outcome === "FOUND" && (
          <TextField id="cr-record" label={t("relief.recordId")} value={recordId} onInput={setRecordId} error={problem ?? fromServer.reliefRecordId} required />
        )}
        <TextField id="cr-note" label={t("lifecycle.note")} value={note} onInput={setNote} error={fromServer.note} />
        <div class="actions"><button type="submit" class="primary" disabled={call.loading}>{t("reports.closeSubmit")}</button></div>
      </Form>
      {fromServer.missingPersonReportId && <p class="field-error" role="alert">{fromServer.missingPersonReportId}</p>}
      <ErrorList errors={errorsBesideFields(otherErrors(call.errors), fields) as GraphqlError[]} />
    </section>
  );
}
