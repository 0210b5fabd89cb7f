import { useState } from "preact/hooks";
import { graphql, GraphqlFailure, signInWithDevToken, type GraphqlError } from "./api";
import { ErrorList } from "./components/Errors";
import { Form, SelectField, TextField } from "./components/Fields";
import { useLanguage } from "./i18n";
import { oidcManager, type OidcSettings } from "./oidc";
import { REGIONS, ROLES } from "./schemaFacts";
import { session, type Principal } from "./session";

export interface ConsoleSettings {
  region: "CHONGQING" | "SICHUAN";
  env: string;
  devSignIn: boolean;
  graphiql: boolean;
  oidc: OidcSettings | null;
}

const ME = `query ConsoleMe { me { sub agency region roles issuer } }`;

/** Asks the gateway who the token speaks for, then opens the session (the token stays in memory). */
export async function startSession(token: string, signOut?: () => Promise<void>): Promise<void> {
  session.signIn(token, { sub: "", agency: "", region: "CHONGQING", roles: [], issuer: "" }, signOut);
  try {
    const answer = await graphql<{ me: Principal }>(ME);
    session.signIn(token, answer.data!.me, signOut);
  } catch (error) {
    await session.signOut();
    throw error;
  }
}

export function SignIn({ settings }: { settings: ConsoleSettings }) {
  const { t, code } = useLanguage();
  const [role, setRole] = useState<string>("verification_officer");
  const [region, setRegion] = useState<string>(settings.region);
  const [agency, setAgency] = useState("");
  const [sub, setSub] = useState("");
  const [errors, setErrors] = useState<GraphqlError[]>([]);
  const [busy, setBusy] = useState(false);

  const devSignIn = async () => {
    setBusy(true);
    setErrors([]);
    try {
      const token = await signInWithDevToken({ roles: [role], region, agency: agency.trim() || undefined, sub: sub.trim() || undefined });
      await startSession(token);
    } catch (error) {
      setErrors(error instanceof GraphqlFailure ? error.errors : [{ message: String((error as Error).message), extensions: { code: "UNAUTHENTICATED" } }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t("signIn.title")}</h1>
      <p class="lead">{t("signIn.node", { region: code("region", settings.region) })}</p>
      {settings.oidc && (
        <section class="panel" aria-labelledby="oidc-title">
          <h2 id="oidc-title">{t("signIn.oidcTitle")}</h2>
          <p>{t("signIn.oidcHint")}</p>
          <button type="button" class="primary" onClick={() => void oidcManager(settings.oidc!).signinRedirect()}>
            {t("signIn.oidcButton")}
          </button>
        </section>
      )}
      {settings.devSignIn && (
        <section class="panel dev-panel" aria-labelledby="dev-title">
          <h2 id="dev-title">{t("signIn.devTitle")}</h2>
          <p class="warning">{t("signIn.devWarning")}</p>
          <Form label={t("signIn.devTitle")} onSubmit={() => void devSignIn()} id="dev-sign-in">
            <SelectField id="dev-role" label={t("signIn.role")} value={role} onChange={setRole} options={ROLES.map((r) => ({ value: r, label: code("role", r) }))} required />
            <SelectField id="dev-region" label={t("signIn.region")} value={region} onChange={setRegion} options={REGIONS.map((r) => ({ value: r, label: code("region", r) }))} required />
            <TextField id="dev-agency" label={t("signIn.agency")} value={agency} onInput={setAgency} hint={t("signIn.agencyHint")} />
            <TextField id="dev-sub" label={t("signIn.sub")} value={sub} onInput={setSub} hint={t("signIn.subHint")} />
            <div class="actions">
              <button type="submit" class="primary" disabled={busy}>
                {t("signIn.devButton")}
              </button>
            </div>
          </Form>
        </section>
      )}
      {!settings.devSignIn && !settings.oidc && <p class="warning">{t("signIn.none")}</p>}
      <ErrorList errors={errors} />
    </main>
  );
}
