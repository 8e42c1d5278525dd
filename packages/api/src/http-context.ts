import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseCookies, serialize as serializeCookie } from "cookie";
import { resolveApiToken, resolveSession, SESSION_COOKIE } from "@dockmaster/core";
import type { ApiContext, ApiServices, CookieJar } from "./context";
import { ContextCreationFailed } from "./errors";

function cookieJar(req: IncomingMessage, res: ServerResponse): CookieJar {
  const incoming = parseCookies(req.headers.cookie ?? "");
  const append = (value: string) => {
    const existing = res.getHeader("set-cookie");
    const list = Array.isArray(existing) ? existing : existing ? [String(existing)] : [];
    res.setHeader("set-cookie", [...list, value]);
  };
  return {
    get: (name) => incoming[name],
    set: (name, value, o) =>
      append(serializeCookie(name, value, { httpOnly: o.httpOnly, sameSite: o.sameSite, secure: o.secure, path: o.path, maxAge: o.maxAgeSeconds })),
    clear: (name) => append(serializeCookie(name, "", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 0 })),
  };
}

/**
 * API tokens are accepted only as `Authorization: Bearer dmt_…` — never from the query string or
 * a cookie. A request with a bearer header is that token and nothing else.
 */
async function resolveActor(services: ApiServices, req: IncomingMessage, sessionToken: string | null, requestId: string) {
  const authorization = req.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match ? await resolveApiToken(services.db, match[1]!) : null;
    // Every token use is on the record, refused ones too (the path, never the token or query).
    await services.audit.append({
      actor: actor ? { type: "user", id: actor.id, name: `${actor.username} (token ${actor.tokenId})` } : { type: "anonymous" },
      ip: req.socket.remoteAddress ?? null,
      userAgent: req.headers["user-agent"] ?? null,
      action: "api-token.use",
      target: actor ? { type: "api-token", id: actor.tokenId } : null,
      params: { path: (req.url ?? "").split("?")[0] },
      result: actor && !actor.mustSetUpTwoFactor ? "ok" : "denied",
      error: !actor ? "unknown, expired or revoked API token" : actor.mustSetUpTwoFactor ? "two-factor authentication is required and the token's owner has not turned it on" : null,
      correlationId: requestId,
    });
    return actor;
  }
  if (!sessionToken) return null;
  return services.actorCache ? services.actorCache.resolve(sessionToken, () => resolveSession(services.db, sessionToken)) : resolveSession(services.db, sessionToken);
}

/**
 * The origin browsers use: the configured public URL, else this request's Host with the scheme
 * the cookies imply. (A forged Host only yields a callback URL the provider has not registered.)
 */
export function requestOrigin(services: Pick<ApiServices, "publicUrl" | "secureCookies">, req: IncomingMessage): string | null {
  if (services.publicUrl) return services.publicUrl.replace(/\/+$/, "");
  const host = req.headers.host;
  return host && /^[\w.:[\]-]+$/.test(host) ? `${services.secureCookies ? "https" : "http"}://${host}` : null;
}

/** A request's context around its cookies: the session from its cookie (unless a bearer token is sent), client metadata. */
async function contextFor(services: ApiServices, req: IncomingMessage, cookies: CookieJar, requestId: string): Promise<ApiContext> {
  const sessionToken = req.headers.authorization ? null : (cookies.get(SESSION_COOKIE) ?? null);
  return {
    ...services,
    actor: await resolveActor(services, req, sessionToken, requestId),
    sessionToken,
    client: { ip: req.socket.remoteAddress ?? null, userAgent: req.headers["user-agent"] ?? null },
    origin: requestOrigin(services, req),
    requestId,
    cookies,
    auditNote: {},
  };
}

/**
 * Builds an /api/trpc request's context at the HTTP edge. A failure meanwhile carries the request
 * id of the header, so the client's reference and the log line name this request too.
 */
export async function createHttpContext(services: ApiServices, req: IncomingMessage, res: ServerResponse): Promise<ApiContext> {
  const requestId = randomUUID();
  res.setHeader("x-request-id", requestId);
  return contextFor(services, req, cookieJar(req, res), requestId).catch((error: unknown) => {
    throw new ContextCreationFailed(requestId, error);
  });
}

/**
 * The context of a page request, for queries the server runs while it renders the page (the
 * first data arrives with the HTML instead of after the page's scripts). Same session, actor and
 * authorization as /api/trpc; it reads cookies but never writes the response, which the page
 * renderer owns: a procedure that sets a cookie fails here.
 */
export function createPageContext(services: ApiServices, req: IncomingMessage): Promise<ApiContext> {
  const incoming = parseCookies(req.headers.cookie ?? "");
  const readOnly = () => {
    throw new Error("a page render cannot set cookies");
  };
  return contextFor(services, req, { get: (name) => incoming[name], set: readOnly, clear: readOnly }, randomUUID());
}
