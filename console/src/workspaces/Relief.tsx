import { useState } from "preact/hooks";
import { CaseGate } from "../CaseGate";
import { Tabs } from "../components/Tabs";
import { useLanguage } from "../i18n";
import { MatchAlertQueue } from "./MatchAlertQueue";
import { MissingPersonSearch } from "./MissingPersonSearch";
import { ReliefRecordList } from "./ReliefRecordList";

/** 寻亲: relief officers and police liaisons. Everything here is personal data: behind the case gate. */
export function ReliefWorkspace({ home }: { home: string }) {
  const { t } = useLanguage();
  const [tab, setTab] = useState("records");
  return (
    <section class="workspace" aria-labelledby="ws-relief">
      <h1 id="ws-relief">{t("workspace.relief")}</h1>
      <Tabs
        label={t("workspace.relief")}
        current={tab}
        onSelect={setTab}
        tabs={[
          { id: "records", label: t("relief.tab.records") },
          { id: "search", label: t("relief.tab.search") },
          { id: "alerts", label: t("relief.tab.alerts") },
        ]}
      />
      <CaseGate>
        {tab === "records" && <ReliefRecordList home={home} />}
        {tab === "search" && <MissingPersonSearch home={home} />}
        {tab === "alerts" && <MatchAlertQueue home={home} />}
      </CaseGate>
    </section>
  );
}
