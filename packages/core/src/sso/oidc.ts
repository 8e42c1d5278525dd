import * as client from "openid-client";
import type { Db } from "@dockmaster/db";
import { hashToken } from "../secrets";
import type { SecretBox } from "../secret-box";
import { getProvider, type OidcConfig, type StoredProvider } from "./providers";
import { SsoRefusal, type ExternalIdentity } from "./external-sign-in";

/**
 * The relying-party side of OpenID Connect, done by `openid-client` (no hand-written crypto):
 * authorization code flow with PKCE (S256), `state` and `nonce`; the ID token's issuer, audience,
 * expiry, nonce and signature are checked by the library, the signature against the provider's
 * JWKS (re-fetched on an unknown key id: key rotation).
 */

const PENDING_MS = 10 * 60 * 1000; // a sign-in must come back from the provider within 10 minutes
/** Sign-ins on their way at once: the start route is public, so its rows are bounded. */
const MAX_PENDING = 10_000;
const DISCOVERY_TTL_MS = 10 * 60 * 1000;
/** The cookie binding a sign-in on its way to the provider to this browser (holds the `state`). */
export const SSO_STATE_COOKIE = "dm_sso_state";
export const SSO_CALLBACK_PATH = "/api/sso/callback";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/;

/** Plain http is accepted for a provider on loopback only (tests, a provider on the same machine). */
function insecureAllowed(issuer: URL): boolean {
  return issuer.protocol === "http:" && LOOPBACK.test(issuer.hostname);
}

/** The issuer as configured, then with the trailing slash added or removed (providers differ). */
function issuerCandidates(issuer: string): string[] {
  const other = issuer.endsWith("/") ? issuer.replace(/\/+$/, "") : `${issuer}/`;
  return [issuer, other];
}

const discovered = new Map<string, { at: number; config: Promise<client.Configuration> }>();

async function discover(provider: StoredProvider<OidcConfig>): Promise<client.Configuration> {
  const { issuer, clientId } = provider.config;
  if (new URL(issuer).protocol === "http:" && !insecureAllowed(new URL(issuer))) throw new SsoRefusal("the issuer must be an https URL (plain http only on loopback)");
  let first: unknown;
  for (const candidate of issuerCandidates(issuer)) {
    const url = new URL(candidate);
    try {
      const config = await client.discovery(url, clientId, provider.secret ?? undefined, undefined, {
        execute: [...(insecureAllowed(url) ? [client.allowInsecureRequests] : []), client.enableNonRepudiationChecks],
        timeout: 10,
      });
      return config;
    } catch (error) {
      first ??= error;
    }
  }
  throw new SsoRefusal(`provider discovery failed: ${describe(first)}`);
}

/** The provider's configuration, discovered once per provider settings for a few minutes. */
function configurationFor(provider: StoredProvider<OidcConfig>): Promise<client.Configuration> {
  const key = `${provider.id}\n${provider.config.issuer}\n${provider.config.clientId}\n${provider.secret ?? ""}`;
  const cached = discovered.get(key);
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
  const config = discover(provider);
  discovered.set(key, { at: Date.now(), config });
  config.catch(() => discovered.delete(key));
  return config;
}

/** A short, safe reason for the audit trail and the login page (never a token or a secret). */
function describe(error: unknown): string {
  if (error instanceof client.ResponseBodyError) return `${error.error}${error.error_description ? `: ${error.error_description}` : ""}`;
  if (error instanceof client.AuthorizationResponseError) return `${error.error}${error.error_description ? `: ${error.error_description}` : ""}`;
  // openid-client words some failures generally; the library's own check (its cause) names the claim.
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  if (error instanceof Error) return `${error.message}${cause}`.slice(0, 300);
  return "unknown error";
}

async function oidcProvider(db: Db, secrets: SecretBox, providerId: string): Promise<StoredProvider<OidcConfig>> {
  const provider = await getProvider(db, secrets, providerId).catch(() => null);
  if (!provider || provider.kind !== "oidc") throw new SsoRefusal("unknown identity provider");
  if (!provider.enabled) throw new SsoRefusal("this identity provider is turned off");
  return provider as StoredProvider<OidcConfig>;
}

/**
 * Starts a sign-in: returns the provider's authorization URL and the `state` for the browser's
 * cookie. PKCE verifier and nonce are kept (sealed) server-side under the state's hash, once.
 */
export async function beginOidcSignIn(db: Db, secrets: SecretBox, providerId: string, redirectUri: string) {
  const provider = await oidcProvider(db, secrets, providerId);
  const config = await configurationFor(provider);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  const now = Date.now();
  await db.ssoPendingLogin.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  if ((await db.ssoPendingLogin.count()) >= MAX_PENDING) throw new SsoRefusal("too many sign-ins in progress; try again in a few minutes");
  await db.ssoPendingLogin.create({ data: { id: hashToken(state), providerId, nonceSealed: secrets.seal(nonce), codeVerifierSealed: secrets.seal(verifier), createdAt: new Date(now), expiresAt: new Date(now + PENDING_MS) } });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: provider.config.scopes.includes("openid") ? provider.config.scopes : `openid ${provider.config.scopes}`,
    response_type: "code",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { url: url.href, state, provider: { id: provider.id, name: provider.name } };
}

function stringClaim(claims: Record<string, unknown>, name: string): string | null {
  const value = claims[name];
  return typeof value === "string" && value.length > 0 ? value : null;
}

function groupsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === "string").slice(0, 1000) : [];
}

/**
 * Finishes a sign-in at the callback: the `state` must be the one this browser's cookie holds and
 * unused (single use: a replayed callback is refused), then the library trades the code (with the
 * PKCE verifier) and validates the ID token. Throws SsoRefusal with the reason.
 */
export async function finishOidcSignIn(db: Db, secrets: SecretBox, callbackUrl: URL, cookieState: string | undefined) {
  const state = callbackUrl.searchParams.get("state");
  if (!state || !cookieState || state !== cookieState) throw new SsoRefusal("bad state: it does not match this browser's sign-in");
  const pending = await db.ssoPendingLogin.findUnique({ where: { id: hashToken(state) } });
  // Single use: whoever deletes the row owns the sign-in; a replay finds nothing.
  const claimed = pending ? (await db.ssoPendingLogin.deleteMany({ where: { id: pending.id } })).count : 0;
  if (!pending || claimed === 0) throw new SsoRefusal("bad state: unknown or already used");
  if (pending.expiresAt.getTime() < Date.now()) throw new SsoRefusal("bad state: the sign-in took too long; start again");
  const provider = await oidcProvider(db, secrets, pending.providerId);
  const nonce = secrets.open(pending.nonceSealed);
  const verifier = secrets.open(pending.codeVerifierSealed);
  if (!nonce || !verifier) throw new SsoRefusal("bad state: sealed under another key");
  const config = await configurationFor(provider);
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
  } catch (error) {
    throw new SsoRefusal(`${error instanceof client.ResponseBodyError ? "the provider refused the code" : error instanceof client.AuthorizationResponseError ? "the provider returned an error" : "ID token or response refused"}: ${describe(error)}`);
  }
  const claims = (tokens.claims() ?? {}) as Record<string, unknown>;
  const subject = stringClaim(claims, "sub");
  if (!subject) throw new SsoRefusal("ID token refused: no subject");
  const { groupsClaim, usernameClaim } = provider.config;
  let groupsValue = claims[groupsClaim];
  // Some providers put groups only in the userinfo response.
  if (groupsValue === undefined && config.serverMetadata().userinfo_endpoint) {
    const info = (await client.fetchUserInfo(config, tokens.access_token, subject).catch(() => ({}))) as Record<string, unknown>;
    groupsValue = info[groupsClaim];
  }
  const email = stringClaim(claims, "email");
  const identity: ExternalIdentity = {
    subject,
    username: stringClaim(claims, usernameClaim) ?? email ?? subject,
    email,
    emailVerified: claims.email_verified === true,
    groups: groupsOf(groupsValue),
  };
  return { provider, identity, idToken: tokens.id_token ?? null };
}

/** The provider's end-session URL for RP-initiated logout, or null when it has none. */
export async function oidcLogoutUrl(db: Db, secrets: SecretBox, providerId: string, idToken: string | null, postLogoutRedirectUri: string): Promise<string | null> {
  try {
    const provider = await oidcProvider(db, secrets, providerId);
    const config = await configurationFor(provider);
    if (!config.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(config, { ...(idToken ? { id_token_hint: idToken } : {}), client_id: provider.config.clientId, post_logout_redirect_uri: postLogoutRedirectUri }).href;
  } catch {
    return null; // the provider is gone or unreachable: the Dockmaster session ends anyway
  }
}

/** Dockmaster's callback URL for a public origin (what the admin registers at the provider). */
export function callbackUrlFor(origin: string): string {
  return `${origin.replace(/\/+$/, "")}${SSO_CALLBACK_PATH}`;
}
