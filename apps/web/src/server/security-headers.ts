import { randomBytes } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";

/**
 * Response headers that keep the browser from being turned against the user: no framing
 * (clickjacking), no MIME sniffing, no referrer leaving the site, a window of our own
 * (Cross-Origin-Opener-Policy), and a Content-Security-Policy. Set on EVERY response: pages,
 * /api/*, exports, health and socket.io's polling answers.
 */
const COMMON: Readonly<Record<string, string>> = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

/** What is not a page (JSON, CSV, socket.io frames) is never a document that may run or load anything. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * A page's policy. Scripts: only those carrying this response's nonce (Next puts it on its own
 * script tags, reading it from the request's content-security-policy header) and what they load
 * ('strict-dynamic'); no inline handlers, no eval (except under `next dev`, whose refresh needs it).
 * Styles may be inline: React and the log viewer's ANSI colours set style attributes, and CSS
 * cannot run code. Everything else from this origin only.
 */
export function pageCsp(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Sets the common headers and the API policy; a page's handler replaces the policy (pageCspFor). */
export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(COMMON)) res.setHeader(name, value);
  res.setHeader("content-security-policy", API_CSP);
}

/**
 * A page request: a fresh nonce in its policy, on the response and on the request (where Next
 * reads it to mark its inline and external scripts).
 */
export function setPageCsp(req: IncomingMessage, res: ServerResponse, dev: boolean): void {
  const policy = pageCsp(randomBytes(16).toString("base64"), dev);
  req.headers["content-security-policy"] = policy;
  res.setHeader("content-security-policy", policy);
}

/**
 * Runs before every other request listener of the server, socket.io's included (it wraps the
 * listeners that exist when it attaches, so this one is put in front afterwards).
 */
export function secureEveryResponse(server: Server): void {
  server.prependListener("request", (_req: IncomingMessage, res: ServerResponse) => setSecurityHeaders(res));
}
