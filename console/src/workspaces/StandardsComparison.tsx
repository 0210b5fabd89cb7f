import { useState } from "preact/hooks";
import { graphql, otherErrors } from "../api";
import { ErrorList } from "../components/Errors";
import { Form, TextField } from "../components/Fields";
import { useCall } from "../components/useCall";
import { Enum, Money, RegionTag } from "../components/Values";
import { useLanguage } from "../i18n";

const COMPARE = `query ConsoleCompareStandards($areaCodes: [String!]!, $on: Date) {
  compareStandards(areaCodes: $areaCodes, on: $on) { id region areaCode areaScope category amountFen effectiveFrom effectiveTo documentNumber sourceUrl confidence isFloor note }
}`;

interface Standard {
  id: string;
  region: string;
  areaCode: string | null;
  areaScope: string;
  category: string;
  amountFen: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  documentNumber: string | null;
  sourceUrl: string | null;
  confidence: string;
  isFloor: boolean;
  note: string | null;
}

/**
 * Rows that compare like with like across the border: where one side publishes a unified
 * urban–rural standard (MLG_UNIFIED, HARDSHIP_BASIC) and the other separate ones, the unified
 * figure stands in both the urban and the rural row, labelled with its own category.
 */
const ROWS: Array<{ category: string; accepts: string[] }> = [
  { category: "MLG_URBAN", accepts: ["MLG_URBAN", "MLG_UNIFIED"] },
  { category: "MLG_RURAL", accepts: ["MLG_RURAL", "MLG_UNIFIED"] },
  { category: "HARDSHIP_BASIC_URBAN", accepts: ["HARDSHIP_BASIC_URBAN", "HARDSHIP_BASIC"] },
  { category: "HARDSHIP_BASIC_RURAL", accepts: ["HARDSHIP_BASIC_RURAL", "HARDSHIP_BASIC"] },
  { category: "HARDSHIP_CARE_FULL", accepts: ["HARDSHIP_CARE_FULL"] },
  { category: "HARDSHIP_CARE_PARTIAL", accepts: ["HARDSHIP_CARE_PARTIAL"] },
  { category: "HARDSHIP_CARE_SELF", accepts: ["HARDSHIP_CARE_SELF"] },
  { category: "RELIEF_STATION_LIVING", accepts: ["RELIEF_STATION_LIVING"] },
  { category: "MINIMUM_WAGE", accepts: ["MINIMUM_WAGE"] },
];

/** 川渝标准对比: the standards of areas on both sides of the border, category by category. */
export function StandardsComparison({ home }: { home: string }) {
  const { t, code } = useLanguage();
  const [left, setLeft] = useState(home === "CHONGQING" ? "500103" : "510104");
  const [right, setRight] = useState(home === "CHONGQING" ? "510104" : "500103");
  const [on, setOn] = useState(new Date().toISOString().slice(0, 10));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const call = useCall<{ compareStandards: Standard[] }>();
  const submit = () => {
    const problems: Record<string, string> = {};
    if (!/^\d{6}$/.test(left)) problems.left = t("validation.areaCode");
    if (!/^\d{6}$/.test(right)) problems.right = t("validation.areaCode");
    if (on && !/^\d{4}-\d{2}-\d{2}$/.test(on)) problems.on = t("validation.date");
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    void call.run(() => graphql(COMPARE, { areaCodes: [left, right], on: on || undefined }, { purposeWithoutCase: "STANDARDS" }));
  };
  const standards = call.result?.compareStandards ?? [];
  const areas = [left, right];
  const pick = (area: string, accepts: string[]) =>
    accepts.map((category) => standards.find((x) => x.category === category && x.areaCode === area)).find(Boolean);
  const known = new Set(ROWS.flatMap((r) => r.accepts));
  const rows = [
    ...ROWS.filter((r) => areas.some((a) => pick(a, r.accepts))),
    // A category added to the data later still shows, in a row of its own.
    ...[...new Set(standards.map((x) => x.category))].filter((c) => !known.has(c)).map((c) => ({ category: c, accepts: [c] })),
  ];
  return (
    <div class="standards">
      <Form label={t("verification.tab.standards")} onSubmit={submit} id="standards-form">
        <TextField id="std-left" label={t("standards.areaA")} value={left} onInput={setLeft} error={errors.left} required inputMode="numeric" maxLength={6} />
        <TextField id="std-right" label={t("standards.areaB")} value={right} onInput={setRight} error={errors.right} required inputMode="numeric" maxLength={6} />
        <TextField id="std-on" label={t("eligibility.on")} type="date" value={on} onInput={setOn} error={errors.on} />
        <div class="actions"><button type="submit" class="primary" disabled={call.loading}>{t("standards.compare")}</button></div>
      </Form>
      <ErrorList errors={otherErrors(call.errors)} />
      {call.result && (
        <table class="table" data-testid="standards-table">
          <thead>
            <tr>
              <th scope="col">{t("standards.category")}</th>
              {areas.map((a) => {
                const region = standards.find((s) => s.areaCode === a)?.region;
                return <th scope="col" key={a}>{region && <RegionTag region={region} />} {a}</th>;
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.category}>
                <th scope="row"><Enum prefix="category" value={row.category} /></th>
                {areas.map((a) => {
                  const s = pick(a, row.accepts);
                  return (
                    <td key={a}>
                      {s ? (
                        <>
                          <strong><Money fen={s.amountFen} /></strong> {t("standards.perPersonMonth")}
                          {s.category !== row.category && <span class="muted"> ({code("category", s.category)})</span>}
                          <div class="muted">{s.documentNumber ?? "—"} · {t("standards.from")} {s.effectiveFrom}{s.effectiveTo ? ` ${t("standards.to")} ${s.effectiveTo}` : ""}</div>
                          <div class="muted">{s.areaScope}{s.isFloor ? ` (${t("standards.floor")})` : ""} · {code("confidence", s.confidence)}</div>
                          {s.sourceUrl && <div class="url">{s.sourceUrl}</div>}
                        </>
                      ) : (
                        <span class="empty">—</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
