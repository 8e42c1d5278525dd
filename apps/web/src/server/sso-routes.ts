import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { createHttpContext, setSessionCookie, type ApiContext, type ApiServices } from "@dockmaster/api";
import { admitExternalUser, beginOidcSignIn, createSession, finishOidcSignIn, issueLoginChallenge, SSO_STATE_COOKIE, SsoRefusal, callbackUrlFor, type AuditEntry } from "@dockmaster/core";
import { log } from "./logger";

/**
 * Single sign-on over plain HTTP GET (browser navigations):
 *   /api/sso/start?provider=<id>  → the provider's authorization URL (PKCE, state, nonce); the
 *                                   state also goes into a short-lived cookie binding it to this browser
 *   /api/sso/callback             ← the provider's redirect: code traded, ID token checked, user
 *                                   admitted (JIT, disabled, mapped teams), session cookie set
 * Every sign-in and every refusal (with its reason) is in the audit trail. The login page shows a
 * fixed message per kind of refusal, never text from the URL.
 */

const STATE_COOKIE_SECONDS = 10 * 60;
const Start = z.strictObject({ provider: z.string().min(1).max(100) });

/** The kind of refusal the login page names (its words are the page's own, not the URL's). */
function refusalKind(reason: string): string {
  if (reason.startsWith("bad state")) return "state";
  if (reason.startsWith("the provider refused the code")) return "code";
  if (reason.startsWith("ID token")) return "token";
  if (reason.startsWith("no allowed group")) return "group";
  if (reason.startsWith("disabled user")) return "disabled";
  if (reason.startsWith("no Dockmaster account")) return "account";
  return "provider";
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, "cache-control": "no-store" }).end();
}

function record(services: ApiServices, ctx: ApiContext, entry: Pick<AuditEntry, "actor" | "result" | "error" | "target" | "params">, started: number) {
  return services.audit.append({ ...entry, ip: ctx.client.ip, userAgent: ctx.client.userAgent, action: "auth.sso", durationMs: performance.now() - started, correlationId: ctx.requestId });
}

export async function handleSsoStart(services: ApiServices, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const ctx = await createHttpContext(services, req, res);
  const query = Start.safeParse(Object.fromEntries(new URL(req.url ?? "/", "http://localhost").searchParams));
  if (!query.success) return void res.writeHead(400, { "content-type": "text/plain" }).end("the single sign-on start needs ?provider=<id> and nothing else");
  if (!ctx.origin) return void res.writeHead(400, { "content-type": "text/plain" }).end("the request has no usable Host header; set DOCKMASTER_PUBLIC_URL");
  try {
    const begun = await beginOidcSignIn(services.db, services.secrets, query.data.provider, callbackUrlFor(ctx.origin));
    ctx.cookies.set(SSO_STATE_COOKIE, begun.state, { httpOnly: true, sameSite: "lax", secure: services.secureCookies, path: "/api/sso", maxAgeSeconds: STATE_COOKIE_SECONDS });
    redirect(res, begun.url);
  } catch (error) {
    const reason = error instanceof SsoRefusal ? error.reason : "the provider could not be reached";
    if (!(error instanceof SsoRefusal)) log.error("single sign-on start failed", { error: String(error) });
    await record(services, ctx, { actor: { type: "anonymous" }, result: "denied", error: reason, target: { type: "identity-provider", id: query.data.provider }, params: null }, started);
    redirect(res, `/login?sso_error=${refusalKind(reason)}`);
  }
}

export async function handleSsoCallback(services: ApiServices, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const ctx = await createHttpContext(services, req, res);
  const cookieState = ctx.cookies.get(SSO_STATE_COOKIE);
  // The state cookie is single use whatever happens next.
  ctx.cookies.set(SSO_STATE_COOKIE, "", { httpOnly: true, sameSite: "lax", secure: services.secureCookies, path: "/api/sso", maxAgeSeconds: 0 });
  if (!ctx.origin) return void res.writeHead(400, { "content-type": "text/plain" }).end("the request has no usable Host header; set DOCKMASTER_PUBLIC_URL");
  let who: AuditEntry["actor"] = { type: "anonymous" };
  let providerTarget: AuditEntry["target"] = null;
  try {
    const callbackUrl = new URL(req.url ?? "/", ctx.origin);
    const { provider, identity, idToken } = await finishOidcSignIn(services.db, services.secrets, callbackUrl, cookieState);
    providerTarget = { type: "identity-provider", id: provider.id, name: provider.name };
    who = { type: "anonymous", name: `${identity.username} (${provider.name})` };
    const admitted = await admitExternalUser(services.db, provider, identity);
    who = { type: "user", id: admitted.userId, name: admitted.username };
    if (admitted.teams.changed) {
      // Open sessions re-read their access at once, open sockets follow it (as when an admin changes it).
      services.actorCache?.invalidate();
      services.notify.accessChanged();
    }
    const params = { provider: provider.name, groups: identity.groups, teams: admitted.teams };
    const origin = { providerId: provider.id, idTokenSealed: idToken ? services.secrets.seal(idToken) : null };
    const user = await services.db.user.findUniqueOrThrow({ where: { id: admitted.userId }, select: { totpEnabledAt: true } });
    if (user.totpEnabledAt) {
      // The provider is not taken as the second factor: Dockmaster cannot see what it checked.
      await record(services, ctx, { actor: who, result: "ok", error: null, target: { ...providerTarget, name: `${provider.name}: second factor required` }, params }, started);
      return redirect(res, `/login#sso-challenge=${encodeURIComponent(issueLoginChallenge(services.secrets, admitted.userId, origin))}`);
    }
    const token = await createSession(services.db, admitted.userId, ctx.client, origin);
    setSessionCookie(ctx.cookies, token, services.secureCookies);
    await record(services, ctx, { actor: who, result: "ok", error: null, target: providerTarget, params }, started);
    redirect(res, "/");
  } catch (error) {
    const reason = error instanceof SsoRefusal ? error.reason : "the sign-in could not be completed";
    if (!(error instanceof SsoRefusal)) log.error("single sign-on callback failed", { error: String(error) });
    await record(services, ctx, { actor: who, result: "denied", error: reason, target: providerTarget, params: null }, started);
    redirect(res, `/login?sso_error=${refusalKind(reason)}`);
  }
}
