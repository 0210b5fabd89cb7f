// OpenID Connect sign-in (authorization code with PKCE) through the province's provider, with
// oidc-client-ts. Tokens are kept in an in-memory store only. The one thing that must survive
// the redirect to the provider and back, the request's state and PKCE verifier (no token), sits
// in sessionStorage until the callback consumes it — the library's standard place for it.
import { InMemoryWebStorage, UserManager, WebStorageStateStore } from "oidc-client-ts";

export interface OidcSettings {
  authority: string;
  clientId: string;
  scope: string;
}

let manager: UserManager | null = null;

export function oidcManager(settings: OidcSettings): UserManager {
  manager ??= new UserManager({
    authority: settings.authority,
    client_id: settings.clientId,
    scope: settings.scope,
    redirect_uri: `${window.location.origin}/console/`,
    response_type: "code",
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage, prefix: "assist-gateway.oidc." }),
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
  });
  return manager;
}

export function isOidcCallback(): boolean {
  const params = new URLSearchParams(window.location.search);
  return params.has("state") && (params.has("code") || params.has("error"));
}

/** Completes the redirect and takes the code and state out of the address bar at once. */
export async function completeOidcSignIn(settings: OidcSettings): Promise<string> {
  try {
    const user = await oidcManager(settings).signinRedirectCallback();
    return user.access_token;
  } finally {
    window.history.replaceState(null, "", "/console/");
  }
}
