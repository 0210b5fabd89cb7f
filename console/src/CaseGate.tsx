import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { Form, SelectField, TextField } from "./components/Fields";
import { useLanguage } from "./i18n";
import { PURPOSES_BY_ROLE, SCHEMA_FACTS } from "./schemaFacts";
import { session, useSession } from "./session";

// The gateway's own rule for X-Case-Ref (src/server/graphqlHttpHandler.ts), so a reference it
// would drop is refused here with a message instead.
const CASE_REF = /^[\p{L}\p{N}\-_/()（）〔〕.]{1,64}$/u;

/** Purposes for the officer's roles first, then every other purpose the schema knows. */
export function purposeChoices(roles: string[]): string[] {
  const first = roles.flatMap((r) => PURPOSES_BY_ROLE[r] ?? []);
  const rest = SCHEMA_FACTS.purposes.filter((p) => p !== "STANDARDS" && !first.includes(p));
  return [...new Set([...first, ...rest])];
}

export function CaseForm({ onDone }: { onDone?: () => void }) {
  const { t, code } = useLanguage();
  const { principal, workingCase } = useSession();
  const choices = purposeChoices(principal?.roles ?? []);
  const [purpose, setPurpose] = useState(workingCase?.purpose ?? choices[0] ?? "");
  const [caseRef, setCaseRef] = useState(workingCase?.caseRef ?? "");
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const value = caseRef.trim();
    if (!value) return setError(t("case.refRequired"));
    if (!CASE_REF.test(value)) return setError(t("case.refInvalid"));
    setError(null);
    session.setCase({ purpose, caseRef: value });
    onDone?.();
  };
  return (
    <section class="panel case-form" aria-labelledby="case-title">
      <h2 id="case-title">{t("case.title")}</h2>
      <p>{t("case.explain")}</p>
      <Form label={t("case.title")} onSubmit={submit} id="case-form">
        <SelectField id="case-purpose" label={t("case.purpose")} value={purpose} onChange={setPurpose} options={choices.map((p) => ({ value: p, label: `${code("purpose", p)} (${p})` }))} required />
        <TextField id="case-ref" label={t("case.ref")} value={caseRef} onInput={setCaseRef} error={error} hint={t("case.refHint")} required maxLength={64} />
        <div class="actions">
          <button type="submit" class="primary">
            {t("case.start")}
          </button>
        </div>
      </Form>
    </section>
  );
}

/** Personal data is shown only once a purpose and a case reference are given; they stay for the case. */
export function CaseGate({ children }: { children: ComponentChildren }) {
  const { workingCase } = useSession();
  if (!workingCase) return <CaseForm />;
  return <>{children}</>;
}
