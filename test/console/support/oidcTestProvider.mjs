// A real OpenID Connect provider for the console's sign-in test (oidc-provider, an ES module, so
// it runs in its own process): `node oidcTestProvider.mjs <port> <console origin>`. One public
// client with PKCE; its access tokens are ES256 JWTs for the gateway (audience urn:assist-gateway)
// carrying the officer claims the gateway reads. devInteractions gives its built-in login form.
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

const [port, consoleOrigin] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = await generateKeyPair("ES256", { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: "oidc-test-es256", alg: "ES256", use: "sig" };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "assist-console",
      token_endpoint_auth_method: "none",
      redirect_uris: [`${consoleOrigin}/console/`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      id_token_signed_response_alg: "ES256",
    },
  ],
  jwks: { keys: [jwk] },
  pkce: { required: () => true },
  claims: { openid: ["sub"] },
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => "urn:assist-gateway",
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: "openid", audience: "urn:assist-gateway", accessTokenFormat: "jwt", jwt: { sign: { alg: "ES256" } } }),
    },
  },
  extraTokenClaims: () => ({ agency: "CQ-AG-00000001", region: "CHONGQING", roles: ["verification_officer"] }),
  ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
});
provider.listen(Number(port), "127.0.0.1", () => process.stdout.write(`ready ${issuer}\n`));
