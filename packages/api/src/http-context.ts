import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseCookies, serialize as serializeCookie } from "cookie";
import { resolveSession, SESSION_COOKIE } from "@dockmaster/core";
import type { ApiContext, ApiServices, CookieJar } from "./context";

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

/** Builds a request's context at the HTTP edge: the session from its cookie, client metadata. */
export async function createHttpContext(services: ApiServices, req: IncomingMessage, res: ServerResponse): Promise<ApiContext> {
  const cookies = cookieJar(req, res);
  const sessionToken = cookies.get(SESSION_COOKIE) ?? null;
  return {
    ...services,
    actor: await resolveSession(services.db, sessionToken),
    sessionToken,
    client: { ip: req.socket.remoteAddress ?? null, userAgent: req.headers["user-agent"] ?? null },
    cookies,
    auditNote: {},
  };
}
