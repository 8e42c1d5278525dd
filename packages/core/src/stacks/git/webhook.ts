import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The signed webhook that makes a git-backed stack fetch (and redeploy when its files changed):
 * HMAC-SHA256 of the raw body with the stack's own secret, in `X-Hub-Signature-256: sha256=<hex>`
 * — what GitHub, Gitea, Forgejo and GitLab-compatible senders produce — compared in constant time.
 *
 * Replay-safe by construction: the body is only a trigger, never trusted for what to deploy (the
 * branch head is fetched fresh, and an unchanged fetch deploys nothing), and a delivery id seen
 * before is refused, so a captured request replayed later can neither roll a stack back nor cost
 * more than one fetch.
 */
export function newWebhookSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function signBody(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export function validSignature(secret: string, body: Buffer, header: string | undefined): boolean {
  if (typeof header !== "string" || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
