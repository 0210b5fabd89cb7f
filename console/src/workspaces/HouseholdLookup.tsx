import { useEffect, useState } from "preact/hooks";
import { deniedReason, graphql, otherErrors, type GraphqlError } from "../api";
import { ErrorList } from "../components/Errors";
import { Form, TextField } from "../components/Fields";
import { useCall } from "../components/useCall";
import { DateValue, Enum, Money, RegionTag, Value } from "../components/Values";
import { parseIdentityNumber } from "../identity";
import { useLanguage } from "../i18n";
import { REGIONS, SCHEMA_FACTS } from "../schemaFacts";

const MEMBER_FIELDS = "id name idNumber gender birthDate relation disabilityGrade seriousIllness student";
const SUMMARY = `id region reportNumber program conclusion requestedOn completedOn memberCount perCapitaIncomeFen totalMonthlyIncomeFen standardFen areaCode
  household { id region areaCode residence address members { ${MEMBER_FIELDS} } }`;

const LOOKUP = `query ConsoleHouseholdLookup($idNumber: String!, $regions: [Region!]) {
  verificationsByIdNumber(idNumber: $idNumber, regions: $regions) { ${SUMMARY} }
}`;

const versionSelection = SCHEMA_FACTS.versions ? `${SCHEMA_FACTS.versions.field} { ${SCHEMA_FACTS.versions.columns.join(" ")} }` : "";
const DETAIL = `query ConsoleHouseholdDetail($id: ID!) {
  householdVerification(id: $id) {
    ${SUMMARY} totalAssetsFen
    agency { id name region }
    incomes { id memberId source monthlyAmountFen dataSource }
    assets { id memberId kind valueFen institution accountRef }
    ${versionSelection}
  }
}`;

interface Member {
  id: string;
  name: string | null;
  idNumber: string | null;
  gender: string | null;
  birthDate: string | null;
  relation: string | null;
  disabilityGrade: number | null;
  seriousIllness: boolean | null;
  student: boolean | null;
}
interface Verification {
  id: string;
  region: string;
  reportNumber: string;
  program: string;
  conclusion: string | null;
  requestedOn: string;
  completedOn: string;
  memberCount: number;
  perCapitaIncomeFen: number | null;
  totalMonthlyIncomeFen: number | null;
  totalAssetsFen?: number | null;
  standardFen: number;
  areaCode: string;
  household: { id: string; region: string; areaCode: string; residence: string | null; address: string | null; members: Member[] | null } | null;
  agency?: { id: string; name: string; region: string } | null;
  incomes?: Array<{ id: string; memberId: string | null; source: string | null; monthlyAmountFen: number | null; dataSource: string | null }> | null;
  assets?: Array<{ id: string; memberId: string | null; kind: string | null; valueFen: number | null; institution: string | null; accountRef: string | null }> | null;
  [versions: string]: unknown;
}

function yesNo(value: boolean | null, t: (k: "value.yes" | "value.no") => string) {
  return value === null || value === undefined ? null : value ? t("value.yes") : t("value.no");
}

function VerificationCard({ v, root, errors, home, onOpen }: { v: Verification; root: string; errors: GraphqlError[]; home: string; onOpen?: (id: string) => void }) {
  const { t } = useLanguage();
  const denied = (path: string) => deniedReason(errors, `${root}.${path}`, v.region, home);
  return (
    <article class="card verification-card" data-testid="verification-card" data-region={v.region} aria-label={v.reportNumber}>
      <header class="card-header">
        <RegionTag region={v.region} />
        <span class="report-number">{v.reportNumber}</span>
        <span class={`status status-${v.conclusion ?? "unknown"}`} data-testid="review-status">
          {t("verification.reviewStatus")}: <Enum prefix="conclusion" value={v.conclusion} denied={denied("conclusion")} />
        </span>
      </header>
      <dl class="facts">
        <dt>{t("verification.program")}</dt>
        <dd><Enum prefix="verificationProgram" value={v.program} /></dd>
        <dt>{t("verification.completedOn")}</dt>
        <dd>{v.completedOn}</dd>
        <dt>{t("verification.perCapitaIncome")}</dt>
        <dd><Money fen={v.perCapitaIncomeFen} denied={denied("perCapitaIncomeFen")} /></dd>
        <dt>{t("verification.totalMonthlyIncome")}</dt>
        <dd><Money fen={v.totalMonthlyIncomeFen} denied={denied("totalMonthlyIncomeFen")} /></dd>
        <dt>{t("verification.standard")}</dt>
        <dd><Money fen={v.standardFen} /></dd>
        <dt>{t("verification.areaCode")}</dt>
        <dd>{v.areaCode}</dd>
        <dt>{t("verification.residence")}</dt>
        <dd><Enum prefix="residence" value={v.household?.residence} denied={denied("household.residence")} /></dd>
        <dt>{t("verification.address")}</dt>
        <dd data-field="address"><Value value={v.household?.address} denied={denied("household.address")} /></dd>
      </dl>
      {denied("household") ? (
        <p><Value value={null} denied={denied("household")} /></p>
      ) : (
        <table class="table members">
          <caption>{t("verification.members", { count: v.memberCount })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("member.name")}</th>
              <th scope="col">{t("member.idNumber")}</th>
              <th scope="col">{t("member.gender")}</th>
              <th scope="col">{t("member.birthDate")}</th>
              <th scope="col">{t("member.relation")}</th>
              <th scope="col">{t("member.disability")}</th>
              <th scope="col">{t("member.illness")}</th>
            </tr>
          </thead>
          <tbody>
            {(v.household?.members ?? []).map((m) => (
              <tr key={m.id}>
                <td><Value value={m.name} denied={denied("household.members.name")} /></td>
                <td><Value value={m.idNumber} denied={denied("household.members.idNumber")} /></td>
                <td><Enum prefix="gender" value={m.gender} denied={denied("household.members.gender")} /></td>
                <td><DateValue value={m.birthDate} denied={denied("household.members.birthDate")} /></td>
                <td><Enum prefix="relation" value={m.relation} denied={denied("household.members.relation")} /></td>
                <td><Value value={m.disabilityGrade} denied={denied("household.members.disabilityGrade")} /></td>
                <td><Value value={yesNo(m.seriousIllness, t)} denied={denied("household.members.seriousIllness")} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {onOpen && (
        <div class="actions">
          <button type="button" onClick={() => onOpen(v.id)}>
            {t("verification.openDetail")}
          </button>
        </div>
      )}
    </article>
  );
}

function HouseholdDetail({ id, home, onClose }: { id: string; home: string; onClose: () => void }) {
  const { t, code } = useLanguage();
  const call = useCall<{ householdVerification: Verification | null }>();
  useEffect(() => {
    void call.run(() => graphql(DETAIL, { id }));
  }, [id]);
  const v = call.result?.householdVerification;
  const denied = (path: string) => (v ? deniedReason(call.errors, `householdVerification.${path}`, v.region, home) : undefined);
  const versions = SCHEMA_FACTS.versions;
  return (
    <section class="panel detail" aria-labelledby="detail-title" data-testid="household-detail">
      <h2 id="detail-title">{t("verification.detailTitle")}</h2>
      <button type="button" onClick={onClose}>{t("action.close")}</button>
      {call.loading && <p class="loading">{t("app.loading")}</p>}
      <ErrorList errors={otherErrors(call.errors)} />
      {v && (
        <>
          <VerificationCard v={v} root="householdVerification" errors={call.errors} home={home} />
          <dl class="facts">
            <dt>{t("verification.agency")}</dt>
            <dd>{v.agency ? `${v.agency.name} (${v.agency.id})` : <Value value={null} denied={denied("agency")} />}</dd>
            <dt>{t("verification.totalAssets")}</dt>
            <dd><Money fen={v.totalAssetsFen} denied={denied("totalAssetsFen")} /></dd>
          </dl>
          <h3>{t("verification.incomes")}</h3>
          {denied("incomes") ? <Value value={null} denied={denied("incomes")} /> : (
            <table class="table">
              <thead><tr><th scope="col">{t("income.source")}</th><th scope="col">{t("income.amount")}</th><th scope="col">{t("income.dataSource")}</th><th scope="col">{t("income.member")}</th></tr></thead>
              <tbody>
                {(v.incomes ?? []).map((i) => (
                  <tr key={i.id}>
                    <td><Enum prefix="incomeSource" value={i.source} denied={denied("incomes.source")} /></td>
                    <td><Money fen={i.monthlyAmountFen} denied={denied("incomes.monthlyAmountFen")} /></td>
                    <td><Value value={i.dataSource} denied={denied("incomes.dataSource")} /></td>
                    <td>{i.memberId ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t("verification.assets")}</h3>
          {denied("assets") ? <Value value={null} denied={denied("assets")} /> : (
            <table class="table">
              <thead><tr><th scope="col">{t("asset.kind")}</th><th scope="col">{t("asset.value")}</th><th scope="col">{t("asset.institution")}</th><th scope="col">{t("asset.account")}</th></tr></thead>
              <tbody>
                {(v.assets ?? []).map((a) => (
                  <tr key={a.id}>
                    <td><Enum prefix="assetKind" value={a.kind} denied={denied("assets.kind")} /></td>
                    <td><Money fen={a.valueFen} denied={denied("assets.valueFen")} /></td>
                    <td><Value value={a.institution} denied={denied("assets.institution")} /></td>
                    <td><Value value={a.accountRef} denied={denied("assets.accountRef")} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {versions && (
            <>
              <h3>{t("verification.versions")}</h3>
              <table class="table" data-testid="version-history">
                <thead><tr>{versions.columns.map((c) => <th scope="col" key={c} data-column={c}>{code("versionColumn", c)}</th>)}</tr></thead>
                <tbody>
                  {((v[versions.field] as Array<Record<string, unknown>> | null) ?? []).map((row, i) => (
                    <tr key={i}>{versions.columns.map((c) => <td key={c}><Value value={row[c]} /></td>)}</tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** 核对查询: one identity number, both provinces side by side, each result tagged with its region. */
export function HouseholdLookup({ home }: { home: string }) {
  const { t, code } = useLanguage();
  const [idNumber, setIdNumber] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const call = useCall<{ verificationsByIdNumber: Verification[] }>();

  const submit = () => {
    const checked = parseIdentityNumber(idNumber);
    if (!checked.ok) return setFieldError(t(`identity.${checked.problem.replace(" ", "_")}` as "identity.length"));
    setFieldError(null);
    setOpen(null);
    void call.run(() => graphql(LOOKUP, { idNumber: checked.value, regions: [...REGIONS] }));
  };
  const results = call.result?.verificationsByIdNumber ?? [];
  return (
    <div class="lookup">
      <Form label={t("verification.lookupTitle")} onSubmit={submit} id="lookup-form">
        <TextField id="lookup-id-number" label={t("verification.idNumber")} value={idNumber} onInput={setIdNumber} error={fieldError} hint={t("verification.idNumberHint")} required maxLength={18} />
        <div class="actions">
          <button type="submit" class="primary" disabled={call.loading}>{t("action.search")}</button>
        </div>
      </Form>
      <ErrorList errors={otherErrors(call.errors)} />
      {call.result && (
        <div class="side-by-side" data-testid="lookup-results">
          {REGIONS.map((region) => {
            const mine = results.filter((r) => r.region === region);
            return (
              <section key={region} class="region-column" aria-label={code("region", region)} data-testid={`column-${region}`}>
                <h2><RegionTag region={region} /> {t("verification.resultsIn", { region: code("region", region) })}</h2>
                {mine.length === 0 && <p class="empty">{t("verification.noResults")}</p>}
                {mine.map((v) => (
                  <VerificationCard key={v.id} v={v} root="verificationsByIdNumber" errors={call.errors} home={home} onOpen={setOpen} />
                ))}
              </section>
            );
          })}
        </div>
      )}
      {open && <HouseholdDetail id={open} home={home} onClose={() => setOpen(null)} />}
    </div>
  );
}
