import { useEffect, useState } from "preact/hooks";
import { graphql, otherErrors } from "../api";
import { ErrorList } from "../components/Errors";
import { Form, SelectField, TextArea, TextField } from "../components/Fields";
import { useCall } from "../components/useCall";
import { DateTime, Enum, RegionTag, Value } from "../components/Values";
import { parseIdentityNumber } from "../identity";
import { useLanguage } from "../i18n";
import { otherRegion } from "../schemaFacts";
import { useSession } from "../session";

const FIELDS = "id region requestingRegion targetRegion state program caseRef reason subjectIdNumber requesterSub requesterAgency handledBy declineReason resultVerificationId createdAt updatedAt";
const LIST = `query ConsoleVerificationRequests { verificationRequests { ${FIELDS} } }`;
const ASK = `mutation ConsoleRequestVerification($input: VerificationRequestInput!) { requestVerification(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ConsoleUpdateVerificationRequest($id: ID!, $state: VerificationRequestState!, $resultVerificationId: ID, $declineReason: String) {
  updateVerificationRequest(id: $id, state: $state, resultVerificationId: $resultVerificationId, declineReason: $declineReason) { ${FIELDS} }
}`;
const PROGRAMS = ["MLG", "SPECIAL_HARDSHIP", "TEMP_ASSISTANCE", "LOW_INCOME"];

interface VerificationRequest {
  id: string;
  region: string;
  requestingRegion: string;
  targetRegion: string;
  state: string;
  program: string;
  caseRef: string;
  reason: string | null;
  subjectIdNumber: string | null;
  requesterSub: string;
  requesterAgency: string;
  handledBy: string | null;
  declineReason: string | null;
  resultVerificationId: string | null;
  createdAt: string;
  updatedAt: string;
}

function RequestActions({ request, onDone }: { request: VerificationRequest; onDone: () => void }) {
  const { t } = useLanguage();
  const call = useCall<unknown>();
  const [resultId, setResultId] = useState("");
  const [reason, setReason] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const move = async (state: string, extra: Record<string, unknown> = {}) => {
    const done = await call.run(() => graphql(UPDATE, { id: request.id, state, ...extra }));
    if (done) onDone();
  };
  if (request.state === "REQUESTED") {
    return (
      <div class="row-actions">
        <button type="button" onClick={() => void move("IN_PROGRESS")}>{t("request.startWork")}</button>
        <ErrorList errors={call.errors} />
      </div>
    );
  }
  if (request.state !== "IN_PROGRESS") return null;
  return (
    <div class="row-actions">
      <Form
        label={t("request.complete")}
        onSubmit={() => {
          if (!resultId.trim()) return setFieldError(t("request.resultRequired"));
          setFieldError(null);
          void move("COMPLETED", { resultVerificationId: resultId.trim() });
        }}
      >
        <TextField id={`result-${request.id}`} label={t("request.resultId")} value={resultId} onInput={setResultId} error={fieldError} />
        <button type="submit">{t("request.complete")}</button>
      </Form>
      <Form label={t("request.decline")} onSubmit={() => void move("DECLINED", { declineReason: reason.trim() })}>
        <TextField id={`decline-${request.id}`} label={t("request.declineReason")} value={reason} onInput={setReason} />
        <button type="submit">{t("request.decline")}</button>
      </Form>
      <ErrorList errors={call.errors} />
    </div>
  );
}

function RequestTable({ caption, requests, inbox, onChanged }: { caption: string; requests: VerificationRequest[]; inbox: boolean; onChanged: () => void }) {
  const { t } = useLanguage();
  return (
    <table class="table" data-testid={inbox ? "request-inbox" : "request-outbox"}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("request.id")}</th>
          <th scope="col">{inbox ? t("request.from") : t("request.to")}</th>
          <th scope="col">{t("request.state")}</th>
          <th scope="col">{t("verification.program")}</th>
          <th scope="col">{t("request.subject")}</th>
          <th scope="col">{t("request.caseRef")}</th>
          <th scope="col">{t("request.updatedAt")}</th>
          <th scope="col">{t("request.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {requests.length === 0 && (
          <tr><td colSpan={8} class="empty">{t("list.empty")}</td></tr>
        )}
        {requests.map((r) => (
          <tr key={r.id} data-state={r.state}>
            <td>{r.id}</td>
            <td><RegionTag region={inbox ? r.requestingRegion : r.targetRegion} /></td>
            <td><Enum prefix="requestState" value={r.state} /></td>
            <td><Enum prefix="verificationProgram" value={r.program} /></td>
            <td><Value value={r.subjectIdNumber} /></td>
            <td>{r.caseRef}</td>
            <td><DateTime value={r.updatedAt} /></td>
            <td>
              {inbox ? <RequestActions request={r} onDone={onChanged} /> : null}
              {r.resultVerificationId && <span>{t("request.result")}: {r.resultVerificationId}</span>}
              {r.declineReason && <span>{t("request.declineReason")}: {r.declineReason}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** 协查: requests this province sent (outbox) and received (inbox), with their states and actions. */
export function VerificationRequests({ home }: { home: string }) {
  const { t, code } = useLanguage();
  const { principal } = useSession();
  const list = useCall<{ verificationRequests: VerificationRequest[] }>();
  const ask = useCall<unknown>();
  const [idNumber, setIdNumber] = useState("");
  const [program, setProgram] = useState("MLG");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refresh = () => void list.run(() => graphql(LIST));
  useEffect(refresh, []);
  const mine = principal?.region ?? home;
  const requests = list.result?.verificationRequests ?? [];
  const submit = async () => {
    const problems: Record<string, string> = {};
    const checked = parseIdentityNumber(idNumber);
    if (!checked.ok) problems.idNumber = t(`identity.${checked.problem.replace(" ", "_")}` as "identity.length");
    if (!reason.trim()) problems.reason = t("request.reasonRequired");
    else if (reason.trim().length > 500) problems.reason = t("request.reasonTooLong");
    setErrors(problems);
    if (Object.keys(problems).length > 0 || !checked.ok) return;
    const done = await ask.run(() => graphql(ASK, { input: { idNumber: checked.value, program, reason: reason.trim(), targetRegion: otherRegion(mine) } }));
    if (done) {
      setIdNumber("");
      setReason("");
      refresh();
    }
  };
  return (
    <div class="requests">
      <section class="panel" aria-labelledby="ask-title">
        <h2 id="ask-title">{t("request.askTitle", { region: code("region", otherRegion(mine)) })}</h2>
        <Form label={t("request.askTitle", { region: code("region", otherRegion(mine)) })} onSubmit={() => void submit()} id="request-form">
          <TextField id="request-id-number" label={t("verification.idNumber")} value={idNumber} onInput={setIdNumber} error={errors.idNumber} required maxLength={18} />
          <SelectField id="request-program" label={t("verification.program")} value={program} onChange={setProgram} options={PROGRAMS.map((p) => ({ value: p, label: code("verificationProgram", p) }))} required />
          <TextArea id="request-reason" label={t("request.reason")} value={reason} onInput={setReason} error={errors.reason} required />
          <div class="actions"><button type="submit" class="primary" disabled={ask.loading}>{t("request.send")}</button></div>
        </Form>
        <ErrorList errors={ask.errors} />
      </section>
      <div class="actions"><button type="button" onClick={refresh}>{t("action.refresh")}</button></div>
      <ErrorList errors={otherErrors(list.errors)} />
      <RequestTable caption={t("request.inbox")} requests={requests.filter((r) => r.targetRegion === mine)} inbox onChanged={refresh} />
      <RequestTable caption={t("request.outbox")} requests={requests.filter((r) => r.requestingRegion === mine)} inbox={false} onChanged={refresh} />
    </div>
  );
}
