import { SESSION_ABSOLUTE_MS, SESSION_COOKIE } from "@dockmaster/core";
import type { CookieJar } from "./context";

/** The session cookie, the same for every way of signing in (password, second factor, single sign-on). */
export function setSessionCookie(cookies: CookieJar, token: string, secure: boolean): void {
  cookies.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, path: "/", maxAgeSeconds: Math.floor(SESSION_ABSOLUTE_MS / 1000) });
}
