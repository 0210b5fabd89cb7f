import { useState } from "preact/hooks";
import { graphql, otherErrors, type GraphqlError } from "../api";
import { ErrorList } from "../components/Errors";
import { CheckboxField, Form, SelectField, TextField } from "../components/Fields";
import { useCall } from "../components/useCall";
import { Enum, Money, RegionTag } from "../components/Values";
import { useLanguage } from "../i18n";

const STEP = `ruleId description arithmetic resultFen rounding confidence memberIndex
  source { title url confidence } standard { areaScope category amountFen documentNumber effectiveFrom sourceUrl }`;
const ASSESSMENT = `areaCode requestedAreaCode region on residence memberCount totalIncomeFen perCapitaIncomeFen ruleVersion
  perCapitaIncomeSteps { ${STEP} }
  outcomes { program eligible monthlyAmountFen rangeMinFen rangeMaxFen graceMonths reason confidence steps { ${STEP} } }`;
const ASSESS = `query ConsoleAssessEligibility($input: EligibilityInput!) { assessEligibility(input: $input) { ${ASSESSMENT} } }`;

interface Step {
  ruleId: string;
  description: string;
  arithmetic: string;
  resultFen: number | null;
  rounding: string;
  confidence: string;
  memberIndex: number | null;
  source: { title: string; url: string | null; confidence: string };
  standard: { areaScope: string; category: string; amountFen: number; documentNumber: string | null; effectiveFrom: string; sourceUrl: string | null } | null;
}
interface Assessment {
  areaCode: string;
  requestedAreaCode: string;
  region: string;
  on: string;
  residence: string;
  memberCount: number;
  totalIncomeFen: number;
  perCapitaIncomeFen: number;
  ruleVersion: string;
  perCapitaIncomeSteps: Step[];
  outcomes: Array<{ program: string; eligible: boolean; monthlyAmountFen: number | null; rangeMinFen: number | null; rangeMaxFen: number | null; graceMonths: number | null; reason: string; confidence: string; steps: Step[] }>;
}

interface MemberDraft {
  birthDate: string;
  disabilityGrade: string;
  seriousIllness: boolean;
  student: boolean;
}
interface IncomeDraft {
  source: string;
  memberIndex: string;
  yuan: string;
}

const INCOME_SOURCES = ["WAGES", "PENSION", "FARMING", "BUSINESS", "RENTAL", "TRANSFER", "OTHER"];
const today = () => new Date().toISOString().slice(0, 10);
const toFen = (yuan: string) => Math.round(Number(yuan) * 100);

function Steps({ steps }: { steps: Step[] }) {
  const { t } = useLanguage();
  return (
    <ol class="steps" data-testid="calculation-steps">
      {steps.map((s, i) => (
        <li key={i} class="step">
          <div class="step-head">
            <code>{s.ruleId}</code> {s.description}
          </div>
          <div class="step-arithmetic"><code>{s.arithmetic}</code> {s.resultFen !== null && <>→ <Money fen={s.resultFen} /></>} <span class="muted">({t("eligibility.rounding")}: <Enum prefix="rounding" value={s.rounding} />)</span></div>
          <div class="step-source" data-testid="step-source">
            {t("eligibility.source")}: {s.source.title}
            {s.source.url && <span class="url"> {s.source.url}</span>} · <Enum prefix="confidence" value={s.confidence} />
          </div>
          {s.standard && (
            <div class="step-standard">
              {t("eligibility.standard")}: <Enum prefix="category" value={s.standard.category} /> {s.standard.areaScope} <Money fen={s.standard.amountFen} /> {s.standard.documentNumber ?? ""} ({t("standards.from")} {s.standard.effectiveFrom})
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

function AssessmentView({ a }: { a: Assessment }) {
  const { t, code } = useLanguage();
  return (
    <article class="card assessment" data-testid="assessment" data-region={a.region}>
      <header class="card-header">
        <RegionTag region={a.region} /> <span>{a.areaCode}{a.areaCode !== a.requestedAreaCode ? ` (${a.requestedAreaCode})` : ""}</span> <span>{a.on}</span> <Enum prefix="residence" value={a.residence} />
      </header>
      <p>
        {t("eligibility.perCapita")}: <strong><Money fen={a.perCapitaIncomeFen} /></strong> · {t("eligibility.totalIncome")}: <Money fen={a.totalIncomeFen} /> · {t("eligibility.members")}: {a.memberCount} · {t("eligibility.ruleVersion")}: {a.ruleVersion}
      </p>
      <details open>
        <summary>{t("eligibility.perCapitaSteps")}</summary>
        <Steps steps={a.perCapitaIncomeSteps} />
      </details>
      {a.outcomes.map((o) => (
        <section key={o.program} class={`outcome ${o.eligible ? "outcome-yes" : "outcome-no"}`} data-testid="outcome">
          <h3>
            {code("program", o.program)}: {o.eligible ? t("eligibility.eligible") : t("eligibility.notEligible")}
            {o.monthlyAmountFen !== null && <> · <Money fen={o.monthlyAmountFen} /> {t("eligibility.perMonth")}</>}
            {o.rangeMinFen !== null && o.rangeMaxFen !== null && <> · <Money fen={o.rangeMinFen} />–<Money fen={o.rangeMaxFen} /></>}
            {o.graceMonths !== null && <> · {t("eligibility.graceMonths", { months: o.graceMonths })}</>}
          </h3>
          <p>{o.reason} · <Enum prefix="confidence" value={o.confidence} /></p>
          <details>
            <summary>{t("eligibility.steps", { count: o.steps.length })}</summary>
            <Steps steps={o.steps} />
          </details>
        </section>
      ))}
    </article>
  );
}

/** 资格测算: the household's facts in, every programme's outcome out, each number with its steps and sources. */
export function EligibilityCalculator({ home }: { home: string }) {
  const { t, code } = useLanguage();
  const [areaCode, setAreaCode] = useState(home === "CHONGQING" ? "500103" : "510104");
  const [compareWith, setCompareWith] = useState("");
  const [residence, setResidence] = useState("URBAN");
  const [on, setOn] = useState(today());
  const [members, setMembers] = useState<MemberDraft[]>([{ birthDate: "1970-05-01", disabilityGrade: "", seriousIllness: false, student: false }]);
  const [incomes, setIncomes] = useState<IncomeDraft[]>([{ source: "WAGES", memberIndex: "0", yuan: "500" }]);
  const [assetsYuan, setAssetsYuan] = useState("");
  const [receiving, setReceiving] = useState(false);
  const [supporter, setSupporter] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const call = useCall<{ compareEligibility: Assessment[] }>();

  const validate = (): Record<string, string> => {
    const problems: Record<string, string> = {};
    if (!/^\d{6}$/.test(areaCode)) problems.areaCode = t("validation.areaCode");
    if (compareWith && !/^\d{6}$/.test(compareWith)) problems.compareWith = t("validation.areaCode");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(on)) problems.on = t("validation.date");
    members.forEach((m, i) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(m.birthDate)) problems[`member-${i}-birth`] = t("validation.date");
      if (m.disabilityGrade && !/^[1-4]$/.test(m.disabilityGrade)) problems[`member-${i}-grade`] = t("validation.disabilityGrade");
    });
    incomes.forEach((income, i) => {
      if (!/^\d+(\.\d{1,2})?$/.test(income.yuan)) problems[`income-${i}-amount`] = t("validation.amount");
    });
    if (assetsYuan && !/^\d+(\.\d{1,2})?$/.test(assetsYuan)) problems.assets = t("validation.amount");
    return problems;
  };

  const submit = () => {
    const problems = validate();
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const input = {
      areaCode,
      residence,
      on,
      members: members.map((m) => ({ birthDate: m.birthDate, disabilityGrade: m.disabilityGrade ? Number(m.disabilityGrade) : undefined, seriousIllness: m.seriousIllness, student: m.student })),
      incomes: incomes.map((income) => ({ source: income.source, memberIndex: income.memberIndex === "" ? undefined : Number(income.memberIndex), monthlyAmountFen: toFen(income.yuan) })),
      financialAssetsFen: assetsYuan ? toFen(assetsYuan) : undefined,
      currentlyReceivingMlg: receiving,
      capableSupporter: supporter,
    };
    // One assessment per area, side by side. compareEligibility would answer both in one call, but
    // with every step and its standard selected it exceeds the node's default cost limit (MAX_COST).
    const areas = compareWith ? [areaCode, compareWith] : [areaCode];
    void call.run(async () => {
      const answers = await Promise.all(areas.map((code) => graphql<{ assessEligibility: Assessment }>(ASSESS, { input: { ...input, areaCode: code } }, { purposeWithoutCase: "STANDARDS" })));
      return { data: { compareEligibility: answers.map((a) => a.data!.assessEligibility) }, errors: answers.flatMap((a) => a.errors) };
    });
  };
  const setMember = (i: number, change: Partial<MemberDraft>) => setMembers(members.map((m, j) => (j === i ? { ...m, ...change } : m)));
  const setIncome = (i: number, change: Partial<IncomeDraft>) => setIncomes(incomes.map((m, j) => (j === i ? { ...m, ...change } : m)));
  const assessments = call.result?.compareEligibility ?? [];
  const serverErrors: GraphqlError[] = otherErrors(call.errors);

  return (
    <div class="eligibility">
      <Form label={t("verification.tab.eligibility")} onSubmit={submit} id="eligibility-form">
        <fieldset>
          <legend>{t("eligibility.household")}</legend>
          <TextField id="elig-area" label={t("eligibility.areaCode")} value={areaCode} onInput={setAreaCode} error={errors.areaCode} required inputMode="numeric" maxLength={6} />
          <TextField id="elig-compare" label={t("eligibility.compareWith")} value={compareWith} onInput={setCompareWith} error={errors.compareWith} hint={t("eligibility.compareHint")} inputMode="numeric" maxLength={6} />
          <SelectField id="elig-residence" label={t("verification.residence")} value={residence} onChange={setResidence} options={["URBAN", "RURAL"].map((r) => ({ value: r, label: code("residence", r) }))} required />
          <TextField id="elig-on" label={t("eligibility.on")} type="date" value={on} onInput={setOn} error={errors.on} required />
          <TextField id="elig-assets" label={t("eligibility.assets")} value={assetsYuan} onInput={setAssetsYuan} error={errors.assets} inputMode="decimal" />
          <CheckboxField id="elig-receiving" label={t("eligibility.receiving")} checked={receiving} onChange={setReceiving} />
          <CheckboxField id="elig-supporter" label={t("eligibility.supporter")} checked={supporter} onChange={setSupporter} />
        </fieldset>
        <fieldset>
          <legend>{t("eligibility.membersTitle")}</legend>
          {members.map((m, i) => (
            <div class="repeat" key={i}>
              <span class="repeat-index">#{i}</span>
              <TextField id={`elig-m${i}-birth`} label={t("member.birthDate")} type="date" value={m.birthDate} onInput={(v) => setMember(i, { birthDate: v })} error={errors[`member-${i}-birth`]} required />
              <TextField id={`elig-m${i}-grade`} label={t("member.disability")} value={m.disabilityGrade} onInput={(v) => setMember(i, { disabilityGrade: v })} error={errors[`member-${i}-grade`]} inputMode="numeric" maxLength={1} />
              <CheckboxField id={`elig-m${i}-illness`} label={t("member.illness")} checked={m.seriousIllness} onChange={(v) => setMember(i, { seriousIllness: v })} />
              <CheckboxField id={`elig-m${i}-student`} label={t("member.student")} checked={m.student} onChange={(v) => setMember(i, { student: v })} />
              {members.length > 1 && <button type="button" onClick={() => setMembers(members.filter((_, j) => j !== i))}>{t("action.remove")}</button>}
            </div>
          ))}
          <button type="button" onClick={() => setMembers([...members, { birthDate: "", disabilityGrade: "", seriousIllness: false, student: false }])}>{t("eligibility.addMember")}</button>
        </fieldset>
        <fieldset>
          <legend>{t("eligibility.incomesTitle")}</legend>
          {incomes.map((income, i) => (
            <div class="repeat" key={i}>
              <SelectField id={`elig-i${i}-source`} label={t("income.source")} value={income.source} onChange={(v) => setIncome(i, { source: v })} options={INCOME_SOURCES.map((s) => ({ value: s, label: code("incomeSource", s) }))} />
              <SelectField id={`elig-i${i}-member`} label={t("income.member")} value={income.memberIndex} onChange={(v) => setIncome(i, { memberIndex: v })} options={[{ value: "", label: t("income.household") }, ...members.map((_, j) => ({ value: String(j), label: `#${j}` }))]} />
              <TextField id={`elig-i${i}-amount`} label={t("income.amountYuan")} value={income.yuan} onInput={(v) => setIncome(i, { yuan: v })} error={errors[`income-${i}-amount`]} inputMode="decimal" required />
              <button type="button" onClick={() => setIncomes(incomes.filter((_, j) => j !== i))}>{t("action.remove")}</button>
            </div>
          ))}
          <button type="button" onClick={() => setIncomes([...incomes, { source: "WAGES", memberIndex: "", yuan: "" }])}>{t("eligibility.addIncome")}</button>
        </fieldset>
        <div class="actions"><button type="submit" class="primary" disabled={call.loading}>{t("eligibility.assess")}</button></div>
      </Form>
      <ErrorList errors={serverErrors} />
      <div class="side-by-side">
        {assessments.map((a, i) => <AssessmentView key={i} a={a} />)}
      </div>
    </div>
  );
}
