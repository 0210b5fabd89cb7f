import { useState } from "preact/hooks";
import { deniedReason, graphql, otherErrors } from "../api";
import { ErrorList } from "../components/Errors";
import { Form, SelectField, TextField } from "../components/Fields";
import { Pager, useKeysetPages } from "../components/Pager";
import { useCall } from "../components/useCall";
import { Enum, RegionTag, Value } from "../components/Values";
import { areaCodeProblem } from "../fieldChecks";
import { useLanguage } from "../i18n";
import { ReliefRecordActions } from "./ReliefRecordActions";

export const RELIEF_RECORD_FIELDS = "id region stationId reportedName gender apparentAgeMin apparentAgeMax heightCm foundOn foundAreaCode dialect features identityStatus disposition hasFacePhoto createdAt";
const LIST = `query ConsoleReliefRecords($filter: ReliefFilter!, $first: Int, $after: String) {
  reliefRecords(filter: $filter, first: $first, after: $after) { totalCount pageInfo { endCursor hasNextPage } edges { cursor node { ${RELIEF_RECORD_FIELDS} } } }
}`;
const ONE = `query ConsoleReliefRecord($id: ID!) { reliefRecord(id: $id) { ${RELIEF_RECORD_FIELDS} } }`;
const PAGE = 20;

export interface ReliefRecord {
  id: string;
  region: string;
  stationId: string;
  reportedName: string | null;
  gender: string | null;
  apparentAgeMin: number | null;
  apparentAgeMax: number | null;
  heightCm: number | null;
  foundOn: string | null;
  foundAreaCode: string | null;
  dialect: string | null;
  features: string[] | null;
  identityStatus: string;
  disposition: string;
  hasFacePhoto: boolean | null;
}

/** 救助记录: list with filters and keyset paging, or one record by id (another province's through the peer). */
export function ReliefRecordList({ home }: { home: string }) {
  const { t, code } = useLanguage();
  const [gender, setGender] = useState("");
  const [identityStatus, setIdentityStatus] = useState("");
  const [disposition, setDisposition] = useState("");
  const [foundFrom, setFoundFrom] = useState("");
  const [foundTo, setFoundTo] = useState("");
  const [areaCode, setAreaCode] = useState("");
  const [recordId, setRecordId] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [working, setWorking] = useState<string | null>(null);
  const pages = useKeysetPages();
  const list = useCall<{ reliefRecords: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: Array<{ node: ReliefRecord }> } }>();
  const one = useCall<{ reliefRecord: ReliefRecord | null }>();

  const filter = () => ({
    gender: gender || undefined,
    identityStatus: identityStatus || undefined,
    disposition: disposition || undefined,
    foundFrom: foundFrom || undefined,
    foundTo: foundTo || undefined,
    foundAreaCode: areaCode || undefined,
  });
  const load = (after: string | null) => void list.run(() => graphql(LIST, { filter: filter(), first: PAGE, after }));
  const search = () => {
    const problems: Record<string, string> = {};
    const areaProblem = areaCodeProblem(t, areaCode);
    if (areaProblem) problems.areaCode = areaProblem;
    if (foundFrom && foundTo && foundFrom > foundTo) problems.foundTo = t("validation.dateOrder");
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    pages.restart();
    load(null);
  };
  const page = list.result?.reliefRecords;
  const records = page?.edges.map((e) => e.node) ?? [];
  const any = (prefix: string, values: string[]) => [{ value: "", label: t("filter.any") }, ...values.map((v) => ({ value: v, label: code(prefix, v) }))];

  return (
    <div class="relief-records">
      <Form label={t("relief.filterTitle")} onSubmit={search} id="relief-filter">
        <SelectField id="rr-gender" label={t("member.gender")} value={gender} onChange={setGender} options={any("gender", ["MALE", "FEMALE"])} />
        <SelectField id="rr-identity" label={t("relief.identityStatus")} value={identityStatus} onChange={setIdentityStatus} options={any("identityStatus", ["UNIDENTIFIED", "SELF_REPORTED", "IDENTIFIED"])} />
        <SelectField id="rr-disposition" label={t("relief.disposition")} value={disposition} onChange={setDisposition} options={any("disposition", ["IN_CARE", "RETURNED_HOME", "TRANSFERRED", "LEFT_STATION", "DECEASED"])} />
        <TextField id="rr-from" label={t("relief.foundFrom")} type="date" value={foundFrom} onInput={setFoundFrom} />
        <TextField id="rr-to" label={t("relief.foundTo")} type="date" value={foundTo} onInput={setFoundTo} error={errors.foundTo} />
        <TextField id="rr-area" label={t("relief.foundArea")} value={areaCode} onInput={setAreaCode} error={errors.areaCode} inputMode="numeric" maxLength={6} />
        <div class="actions"><button type="submit" class="primary" disabled={list.loading}>{t("action.search")}</button></div>
      </Form>
      <Form label={t("relief.byId")} onSubmit={() => recordId.trim() && void one.run(() => graphql(ONE, { id: recordId.trim() }))} id="relief-by-id">
        <TextField id="rr-id" label={t("relief.recordId")} value={recordId} onInput={setRecordId} hint={t("relief.recordIdHint")} />
        <div class="actions"><button type="submit">{t("action.open")}</button></div>
      </Form>
      <ErrorList errors={otherErrors([...list.errors, ...one.errors])} />
      {working && <ReliefRecordActions key={working} recordId={working} onChanged={() => page && load(pages.current)} onClose={() => setWorking(null)} />}
      {one.result?.reliefRecord && <RecordTable records={[one.result.reliefRecord]} errorsRoot="reliefRecord" errors={one.errors} home={home} onWork={setWorking} />}
      {page && (
        <>
          <p>{t("list.total", { count: page.totalCount })}</p>
          <RecordTable records={records} errorsRoot="reliefRecords.edges.node" errors={list.errors} home={home} onWork={setWorking} />
          <Pager pages={pages} pageInfo={page.pageInfo} onLoad={load} />
        </>
      )}
    </div>
  );
}

function RecordTable({ records, errors, errorsRoot, home, onWork }: { records: ReliefRecord[]; errors: ReturnType<typeof otherErrors>; errorsRoot: string; home: string; onWork: (id: string) => void }) {
  const { t } = useLanguage();
  return (
    <table class="table" data-testid="relief-records">
      <thead>
        <tr>
          <th scope="col">{t("relief.recordId")}</th>
          <th scope="col">{t("relief.region")}</th>
          <th scope="col">{t("relief.reportedName")}</th>
          <th scope="col">{t("member.gender")}</th>
          <th scope="col">{t("relief.apparentAge")}</th>
          <th scope="col">{t("relief.height")}</th>
          <th scope="col">{t("relief.foundOn")}</th>
          <th scope="col">{t("relief.foundArea")}</th>
          <th scope="col">{t("relief.identityStatus")}</th>
          <th scope="col">{t("relief.disposition")}</th>
          <th scope="col">{t("reports.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {records.length === 0 && <tr><td colSpan={11} class="empty">{t("list.empty")}</td></tr>}
        {records.map((r) => {
          const denied = (field: string) => deniedReason(errors, `${errorsRoot}.${field}`, r.region, home);
          return (
            <tr key={r.id} data-testid="relief-record" data-record-id={r.id} data-disposition={r.disposition}>
              <td>{r.id}</td>
              <td><RegionTag region={r.region} /></td>
              <td><Value value={r.reportedName} denied={denied("reportedName")} /></td>
              <td><Enum prefix="gender" value={r.gender} denied={denied("gender")} /></td>
              <td>{r.apparentAgeMin ?? "?"}–{r.apparentAgeMax ?? "?"}</td>
              <td><Value value={r.heightCm} denied={denied("heightCm")} /></td>
              <td><Value value={r.foundOn} denied={denied("foundOn")} /></td>
              <td><Value value={r.foundAreaCode} denied={denied("foundAreaCode")} /></td>
              <td><Enum prefix="identityStatus" value={r.identityStatus} /></td>
              <td><Enum prefix="disposition" value={r.disposition} /></td>
              <td>{r.region === home && <button type="button" onClick={() => onWork(r.id)}>{t("lifecycle.open")}</button>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
