import { useEffect, useState } from "preact/hooks";
import { CaseForm } from "./CaseGate";
import { Tabs } from "./components/Tabs";
import { setLanguage, useLanguage } from "./i18n";
import { completeOidcSignIn, isOidcCallback, oidcManager } from "./oidc";
import { SignIn, startSession, type ConsoleSettings } from "./SignIn";
import { session, useSession } from "./session";
import { ComplianceWorkspace } from "./workspaces/Compliance";
import { ReliefWorkspace } from "./workspaces/Relief";
import { VerificationWorkspace } from "./workspaces/Verification";

const WORKSPACES = [
  { id: "verification", roles: ["verification_officer", "assistance_caseworker"], label: "workspace.verification" },
  { id: "relief", roles: ["relief_officer", "police_liaison"], label: "workspace.relief" },
  { id: "compliance", roles: ["compliance_officer"], label: "workspace.compliance" },
] as const;

function LanguageSwitch() {
  const { t, language } = useLanguage();
  return (
    <button type="button" class="link-button" lang={language === "zh" ? "en" : "zh-CN"} onClick={() => setLanguage(language === "zh" ? "en" : "zh")}>
      {t("app.switchLanguage")}
    </button>
  );
}

function Header({ settings }: { settings: ConsoleSettings }) {
  const { t, code } = useLanguage();
  const { principal, workingCase } = useSession();
  const [changingCase, setChangingCase] = useState(false);
  return (
    <header class="app-header">
      <div class="brand">
        <span class="brand-title">{t("app.title")}</span>
        <span class="brand-node">{t("app.node", { region: code("region", settings.region) })}</span>
      </div>
      {principal && (
        <div class="who" data-testid="principal">
          <span>{principal.sub}</span> · <span>{principal.agency}</span> · <span>{code("region", principal.region)}</span> ·{" "}
          <span>{principal.roles.map((r) => code("role", r)).join("、")}</span>
        </div>
      )}
      {workingCase && (
        <div class="case-badge" data-testid="working-case">
          {t("case.current", { purpose: code("purpose", workingCase.purpose), caseRef: workingCase.caseRef })}{" "}
          <button type="button" class="link-button" onClick={() => setChangingCase(!changingCase)}>
            {t("case.change")}
          </button>
        </div>
      )}
      <nav class="header-actions" aria-label={t("app.accountMenu")}>
        <LanguageSwitch />
        {principal && (
          <button type="button" class="link-button" onClick={() => void session.signOut()}>
            {t("app.signOut")}
          </button>
        )}
      </nav>
      {changingCase && (
        <div class="case-change">
          <CaseForm onDone={() => setChangingCase(false)} />
        </div>
      )}
    </header>
  );
}

function Workspaces({ settings }: { settings: ConsoleSettings }) {
  const { t } = useLanguage();
  const { principal } = useSession();
  const mine = WORKSPACES.filter((w) => principal!.roles.some((r) => (w.roles as readonly string[]).includes(r)));
  const [current, setCurrent] = useState<string>(mine[0]?.id ?? "");
  if (mine.length === 0) return <p class="warning">{t("app.noWorkspace")}</p>;
  return (
    <main class="workspaces">
      {mine.length > 1 && <Tabs label={t("app.workspaces")} tabs={mine.map((w) => ({ id: w.id, label: t(w.label) }))} current={current} onSelect={setCurrent} />}
      {current === "verification" && <VerificationWorkspace home={settings.region} />}
      {current === "relief" && <ReliefWorkspace home={settings.region} />}
      {current === "compliance" && <ComplianceWorkspace home={settings.region} />}
    </main>
  );
}

export function App() {
  const { t } = useLanguage();
  const { principal } = useSession();
  const [settings, setSettings] = useState<ConsoleSettings | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    (async () => {
      const loaded = (await (await fetch("/console/config.json", { cache: "no-store" })).json()) as ConsoleSettings;
      setSettings(loaded);
      if (loaded.oidc && isOidcCallback()) {
        const token = await completeOidcSignIn(loaded.oidc);
        await startSession(token, () => oidcManager(loaded.oidc!).removeUser());
      }
    })().catch((error: Error) => setProblem(error.message));
  }, []);

  if (problem) return <p class="warning" role="alert">{t("app.loadFailed", { problem })}</p>;
  if (!settings) return <p class="loading">{t("app.loading")}</p>;
  return (
    <>
      <Header settings={settings} />
      {principal?.sub ? <Workspaces settings={settings} /> : <SignIn settings={settings} />}
    </>
  );
}
