import { useState } from "preact/hooks";
import { CaseGate } from "../CaseGate";
import { Tabs } from "../components/Tabs";
import { useLanguage } from "../i18n";
import { useSession } from "../session";
import { MatchAlertQueue } from "./MatchAlertQueue";
import { MissingPersonReportList } from "./MissingPersonReportList";
import { MissingPersonSearch } from "./MissingPersonSearch";
import { OverdueNotices } from "./OverdueNotices";
import { ReliefCaseForm } from "./ReliefCaseForm";
import { ReliefRecordList } from "./ReliefRecordList";

/** 寻亲: relief officers and police liaisons. Everything here is personal data: behind the case gate. */
export function ReliefWorkspace({ home }: { home: string }) {
  const { t } = useLanguage();
  const { principal } = useSession();
  const [tab, setTab] = useState("records");
  // Registration and the notice deadline are the station's work (policies/relief.yaml grants them to relief officers).
  const station = principal?.roles.includes("relief_officer") ?? false;
  return (
    <section class="workspace" aria-labelledby="ws-relief">
      <h1 id="ws-relief">{t("workspace.relief")}</h1>
      <Tabs
        label={t("workspace.relief")}
        current={tab}
        onSelect={setTab}
        tabs={[
          { id: "records", label: t("relief.tab.records") },
          ...(station ? [{ id: "register", label: t("relief.tab.register") }] : []),
          { id: "reports", label: t("relief.tab.reports") },
          { id: "search", label: t("relief.tab.search") },
          { id: "alerts", label: t("relief.tab.alerts") },
          ...(station ? [{ id: "notices", label: t("relief.tab.notices") }] : []),
        ]}
      />
      <CaseGate>
        {tab === "records" && <ReliefRecordList home={home} />}
        {tab === "register" && <ReliefCaseForm />}
        {tab === "reports" && <MissingPersonReportList home={home} />}
        {tab === "search" && <MissingPersonSearch home={home} />}
        {tab === "alerts" && <MatchAlertQueue home={home} />}
        {tab === "notices" && <OverdueNotices />}
      </CaseGate>
    </section>
  );
}
