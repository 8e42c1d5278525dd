import type { IncomingHttpHeaders } from "node:http";

/**
 * Cross-site WebSocket hijacking: a page of another origin (another port of the same host counts)
 * can open a socket to us, and the browser attaches the session cookie to it. So the /ui handshake
 * must come from the control plane's own origin: the scheme, host and port the request itself
 * was addressed to (Host header; https when the connection or the proxy in front says so), or a
 * configured public origin.
 *
 * No Origin header at all is allowed: browsers always send one on a WebSocket handshake and on
 * every cross-origin request, so a request without one is not a cross-site page riding on an
 * ambient cookie — it is a same-origin request or a non-browser client that had to be handed the
 * cookie explicitly.
 */
export function originRefusal(headers: IncomingHttpHeaders, encrypted: boolean, publicOrigins: readonly string[] = []): string | null {
  const origin = headers.origin;
  if (origin === undefined) return null;
  const allowed = new Set(publicOrigins.map(normalised).filter((o): o is string => o !== null));
  const host = headers.host;
  if (host) {
    const forwarded = String(headers["x-forwarded-proto"] ?? "").split(",")[0]?.trim().toLowerCase();
    const scheme = encrypted ? "https" : forwarded === "https" || forwarded === "http" ? forwarded : "http";
    const own = normalised(`${scheme}://${host}`);
    if (own) allowed.add(own);
  }
  const sent = normalised(origin);
  if (sent !== null && allowed.has(sent)) return null;
  return `origin ${JSON.stringify(origin.slice(0, 200))} is not allowed: open Dockmaster from its own address`;
}

/** scheme://host:port with the default port made explicit, or null when it is not a URL origin ("null", garbage). */
function normalised(origin: string): string | null {
  try {
    const url = new URL(origin);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    return `${url.protocol}//${url.hostname.toLowerCase()}:${port}`;
  } catch {
    return null;
  }
}
