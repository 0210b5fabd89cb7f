import { useEffect, useState } from "preact/hooks";
import { graphql, otherErrors } from "../api";
import { ErrorList } from "../components/Errors";
import { Form, TextField } from "../components/Fields";
import { useCall } from "../components/useCall";
import { DateTime, Enum, Value } from "../components/Values";
import { errorsBesideFields, serverFieldProblems } from "../fieldChecks";
import { useLanguage } from "../i18n";

const OVERDUE = `query ConsoleOverdueReliefNotices($stationId: String, $first: Int) {
  overdueReliefNotices(stationId: $stationId, first: $first) { reliefRecordId stationId registeredAt dueAt hoursOverdue reliefRecord { id gender apparentAgeMin apparentAgeMax foundOn foundAreaCode identityStatus } }
}`;
const PUBLISH = `mutation ConsoleRecordReliefNoticePublished($reliefRecordId: ID!, $reference: String!) {
  recordReliefNoticePublished(reliefRecordId: $reliefRecordId, reference: $reference) { id noticePublishedAt noticeReference }
}`;

interface Notice {
  reliefRecordId: string;
  stationId: string;
  registeredAt: string;
  dueAt: string;
  hoursOverdue: number;
  reliefRecord: { id: string; gender: string | null; apparentAgeMin: number | null; apparentAgeMax: number | null; foundOn: string | null; foundAreaCode: string | null; identityStatus: string } | null;
}

/** 寻亲公告超时: unidentified people whose 24-hour notice is overdue, and the record that it went out. */
export function OverdueNotices() {
  const { t } = useLanguage();
  const [stationId, setStationId] = useState("");
  const [publishing, setPublishing] = useState<string | null>(null);
  const list = useCall<{ overdueReliefNotices: Notice[] }>();
  const load = () => void list.run(() => graphql(OVERDUE, { stationId: stationId.trim() || undefined, first: 50 }));
  useEffect(load, []);
  const notices = list.result?.overdueReliefNotices ?? [];
  return (
    <div class="overdue-notices">
      <Form label={t("notices.filter")} onSubmit={load} id="notice-filter">
        <TextField id="nt-station" label={t("notices.station")} value={stationId} onInput={setStationId} hint={t("notices.stationHint")} />
        <div class="actions"><button type="submit" class="primary" disabled={list.loading}>{t("action.refresh")}</button></div>
      </Form>
      <ErrorList errors={otherErrors(list.errors)} />
      {publishing && (
        <PublishNotice
          recordId={publishing}
          onPublished={() => {
            setPublishing(null);
            load();
          }}
        />
      )}
      <table class="table" data-testid="overdue-notices">
        <caption>{t("notices.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("relief.recordId")}</th>
            <th scope="col">{t("notices.station")}</th>
            <th scope="col">{t("notices.registered")}</th>
            <th scope="col">{t("notices.due")}</th>
            <th scope="col">{t("notices.overdue")}</th>
            <th scope="col">{t("notices.person")}</th>
            <th scope="col">{t("reports.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {list.result && notices.length === 0 && <tr><td colSpan={7} class="empty">{t("notices.none")}</td></tr>}
          {notices.map((n) => (
            <tr key={n.reliefRecordId} data-testid="overdue-notice" data-record-id={n.reliefRecordId}>
              <td>{n.reliefRecordId}</td>
              <td>{n.stationId}</td>
              <td><DateTime value={n.registeredAt} /></td>
              <td><DateTime value={n.dueAt} /></td>
              <td>{t("notices.hours", { hours: n.hoursOverdue })}</td>
              <td>
                {n.reliefRecord && (
                  <>
                    <Enum prefix="gender" value={n.reliefRecord.gender} /> · {n.reliefRecord.apparentAgeMin ?? "?"}–{n.reliefRecord.apparentAgeMax ?? "?"} · <Value value={n.reliefRecord.foundOn} /> · <Value value={n.reliefRecord.foundAreaCode} />
                  </>
                )}
              </td>
              <td><button type="button" onClick={() => setPublishing(publishing === n.reliefRecordId ? null : n.reliefRecordId)}>{t("notices.publish")}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PublishNotice({ recordId, onPublished }: { recordId: string; onPublished: () => void }) {
  const { t, code } = useLanguage();
  const [reference, setReference] = useState("");
  const [problem, setProblem] = useState<string | undefined>();
  const call = useCall<{ recordReliefNoticePublished: { id: string } }>();
  useEffect(() => document.getElementById("nt-reference")?.focus(), [recordId]);
  const submit = async () => {
    const missing = reference.trim() ? undefined : t("validation.required");
    setProblem(missing);
    if (missing) return;
    if (await call.run(() => graphql(PUBLISH, { reliefRecordId: recordId, reference: reference.trim() }))) onPublished();
  };
  const fromServer = serverFieldProblems(call.errors, code);
  return (
    <Form label={t("notices.publishTitle", { id: recordId })} onSubmit={() => void submit()} id="notice-publish-form">
      <TextField id="nt-reference" label={t("notices.reference")} value={reference} onInput={setReference} error={problem ?? fromServer.reference} hint={t("notices.referenceHint")} required />
      <div class="actions"><button type="submit" class="primary" disabled={call.loading}>{t("notices.publishSubmit", { id: recordId })}</button></div>
      <ErrorList errors={errorsBesideFields(otherErrors(call.errors), ["reference"])} />
    </Form>
  );
}
