import { useEffect, useState } from "preact/hooks";
import { graphql, otherErrors } from "../api";
import { ErrorList } from "../components/Errors";
import { Form, SelectField, TextField } from "../components/Fields";
import { Pager, useKeysetPages } from "../components/Pager";
import { useCall } from "../components/useCall";
import { DateTime, Enum, RegionTag, Value } from "../components/Values";
import { useLanguage } from "../i18n";

const ALERT_FIELDS = "id region status matchProbability matchWeight triggeredBy reliefRecordId missingPersonReportId createdAt reviewedBy reviewedAt decidedBy decidedAt decisionNote dnaComparisonSuggested";
const LIST = `query ConsoleMatchAlerts($status: MatchAlertStatus, $first: Int, $after: String) {
  matchAlerts(status: $status, first: $first, after: $after) { totalCount pageInfo { endCursor hasNextPage } edges { node { ${ALERT_FIELDS} } } }
}`;
const REVIEW = `mutation ConsoleReviewMatchAlert($id: ID!, $decision: MatchAlertDecision!, $note: String) {
  reviewMatchAlert(id: $id, decision: $decision, note: $note) { ${ALERT_FIELDS} }
}`;
const PAGE = 20;

interface MatchAlert {
  id: string;
  region: string;
  status: string;
  matchProbability: number;
  matchWeight: number;
  triggeredBy: string;
  reliefRecordId: string;
  missingPersonReportId: string;
  createdAt: string;
  reviewedBy: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
  dnaComparisonSuggested: boolean | null;
}

function AlertActions({ alert, onDone }: { alert: MatchAlert; onDone: () => void }) {
  const { t } = useLanguage();
  const [note, setNote] = useState("");
  const call = useCall<unknown>();
  const decide = async (decision: string) => {
    if (await call.run(() => graphql(REVIEW, { id: alert.id, decision, note: note.trim() || undefined }))) onDone();
  };
  if (alert.status === "NEW") {
    return (
      <div class="row-actions">
        <button type="button" onClick={() => void decide("REVIEWED")}>{t("alerts.review")}</button>
        <ErrorList errors={call.errors} />
      </div>
    );
  }
  if (alert.status !== "REVIEWED") return null;
  return (
    <div class="row-actions">
      <Form label={t("alerts.decide")} onSubmit={() => void decide("CONFIRMED")}>
        <TextField id={`note-${alert.id}`} label={t("alerts.note")} value={note} onInput={setNote} />
        <button type="submit" class="primary">{t("alerts.confirm")}</button>
        <button type="button" onClick={() => void decide("REJECTED")}>{t("alerts.reject")}</button>
      </Form>
      <ErrorList errors={call.errors} />
    </div>
  );
}

/** 比对预警: NEW → REVIEWED → CONFIRMED or REJECTED, newest first, keyset paged. */
export function MatchAlertQueue({ home }: { home: string }) {
  const { t, code } = useLanguage();
  const [status, setStatus] = useState("");
  const pages = useKeysetPages();
  const list = useCall<{ matchAlerts: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: Array<{ node: MatchAlert }> } }>();
  const load = (after: string | null, state = status) => void list.run(() => graphql(LIST, { status: state || undefined, first: PAGE, after }));
  useEffect(() => load(null), []);
  const page = list.result?.matchAlerts;
  return (
    <div class="alerts">
      <Form label={t("alerts.filter")} onSubmit={() => { pages.restart(); load(null); }} id="alert-filter">
        <SelectField id="alert-status" label={t("alerts.status")} value={status} onChange={setStatus} options={[{ value: "", label: t("filter.any") }, ...["NEW", "REVIEWED", "CONFIRMED", "REJECTED"].map((s) => ({ value: s, label: code("alertStatus", s) }))]} />
        <div class="actions"><button type="submit" class="primary">{t("action.refresh")}</button></div>
      </Form>
      <ErrorList errors={otherErrors(list.errors)} />
      {page && (
        <>
          <p>{t("list.total", { count: page.totalCount })} · {t("alerts.home", { region: code("region", home) })}</p>
          <table class="table" data-testid="match-alerts">
            <thead>
              <tr>
                <th scope="col">{t("alerts.id")}</th>
                <th scope="col">{t("relief.region")}</th>
                <th scope="col">{t("alerts.status")}</th>
                <th scope="col">{t("search.probability")}</th>
                <th scope="col">{t("alerts.pair")}</th>
                <th scope="col">{t("alerts.raised")}</th>
                <th scope="col">{t("alerts.decidedBy")}</th>
                <th scope="col">{t("request.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {page.edges.length === 0 && <tr><td colSpan={8} class="empty">{t("list.empty")}</td></tr>}
              {page.edges.map(({ node: a }) => (
                <tr key={a.id} data-testid="match-alert" data-alert-id={a.id} data-status={a.status}>
                  <td>{a.id}</td>
                  <td><RegionTag region={a.region} /></td>
                  <td data-testid="alert-status"><Enum prefix="alertStatus" value={a.status} /></td>
                  <td>{(a.matchProbability * 100).toFixed(1)}%</td>
                  <td>{a.reliefRecordId} ↔ {a.missingPersonReportId}</td>
                  <td><DateTime value={a.createdAt} /></td>
                  <td><Value value={a.decidedBy ?? a.reviewedBy} />{a.decisionNote && <div class="muted">{a.decisionNote}</div>}</td>
                  <td><AlertActions alert={a} onDone={() => load(pages.current)} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager pages={pages} pageInfo={page.pageInfo} onLoad={(after) => load(after)} />
        </>
      )}
    </div>
  );
}
