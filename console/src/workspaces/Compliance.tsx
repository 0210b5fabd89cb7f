import { useState } from "preact/hooks";
import { CaseGate } from "../CaseGate";
import { Tabs } from "../components/Tabs";
import { useLanguage } from "../i18n";
import { AccessAnomalies } from "./AccessAnomalies";
import { AccessLog } from "./AccessLog";
import { AuditIntegrity } from "./AuditIntegrity";

/** 合规: compliance officers (AUDIT_REVIEW). Every review is itself audited. */
export function ComplianceWorkspace({ home }: { home: string }) {
  const { t } = useLanguage();
  const [tab, setTab] = useState("log");
  const [drill, setDrill] = useState<{ officer?: string; caseRef?: string; from: string; to: string; entryIds: string[] } | null>(null);
  return (
    <section class="workspace" aria-labelledby="ws-compliance">
      <h1 id="ws-compliance">{t("workspace.compliance")}</h1>
      <Tabs
        label={t("workspace.compliance")}
        current={tab}
        onSelect={(id) => { setDrill(null); setTab(id); }}
        tabs={[
          { id: "log", label: t("compliance.tab.log") },
          { id: "subject", label: t("compliance.tab.subject") },
          { id: "anomalies", label: t("compliance.tab.anomalies") },
          { id: "integrity", label: t("compliance.tab.integrity") },
        ]}
      />
      <CaseGate>
        {tab === "log" && <AccessLog key="log" home={home} drill={drill} />}
        {tab === "subject" && <AccessLog key="subject" home={home} subjectOnly drill={null} />}
        {tab === "anomalies" && <AccessAnomalies onDrill={(d) => { setDrill(d); setTab("log"); }} />}
        {tab === "integrity" && <AuditIntegrity />}
      </CaseGate>
    </section>
  );
}
