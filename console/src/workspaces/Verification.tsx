import { useState } from "preact/hooks";
import { CaseGate } from "../CaseGate";
import { Tabs } from "../components/Tabs";
import { useLanguage } from "../i18n";
import { EligibilityCalculator } from "./EligibilityCalculator";
import { HouseholdLookup } from "./HouseholdLookup";
import { StandardsComparison } from "./StandardsComparison";
import { VerificationRequests } from "./VerificationRequests";

/** 核对: verification officers and caseworkers. */
export function VerificationWorkspace({ home }: { home: string }) {
  const { t } = useLanguage();
  const [tab, setTab] = useState("lookup");
  return (
    <section class="workspace" aria-labelledby="ws-verification">
      <h1 id="ws-verification">{t("workspace.verification")}</h1>
      <Tabs
        label={t("workspace.verification")}
        current={tab}
        onSelect={setTab}
        tabs={[
          { id: "lookup", label: t("verification.tab.lookup") },
          { id: "requests", label: t("verification.tab.requests") },
          { id: "eligibility", label: t("verification.tab.eligibility") },
          { id: "standards", label: t("verification.tab.standards") },
        ]}
      />
      {tab === "lookup" && (
        <CaseGate>
          <HouseholdLookup home={home} />
        </CaseGate>
      )}
      {tab === "requests" && (
        <CaseGate>
          <VerificationRequests home={home} />
        </CaseGate>
      )}
      {tab === "eligibility" && <EligibilityCalculator home={home} />}
      {tab === "standards" && <StandardsComparison home={home} />}
    </section>
  );
}
