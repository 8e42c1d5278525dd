import type { IncomingMessage, ServerResponse } from "node:http";
import { validSignature, type AuditLog, type GitStackSync, type SecretBox } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import { log } from "./logger";
import { readBodyWithin } from "./request-body";

/** POST /api/stacks/<id>/webhook */
export const STACK_WEBHOOK = /^\/api\/stacks\/([A-Za-z0-9_-]{1,100})\/webhook(?:\?.*)?$/;
const MAX_BODY = 1024 * 1024;
/** Headers a sender names its delivery with (GitHub, Gitea / Forgejo, GitLab, ours). */
const DELIVERY_HEADERS = ["x-github-delivery", "x-gitea-delivery", "x-gitlab-event-uuid", "x-dockmaster-delivery"];

interface WebhookDeps {
  db: Db;
  secrets: SecretBox;
  audit: AuditLog;
  git: GitStackSync;
}

function answer(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
}

/**
 * A git server's push notification for one stack: signed with the stack's own secret (HMAC-SHA256
 * of the body, `X-Hub-Signature-256`, compared in constant time). A good one starts a fetch in the
 * background (202); the fetch adds a revision and redeploys only if the files changed. A delivery
 * id seen before is refused (409). Unknown stack, no webhook, or a bad signature: the same 404 /
 * 401 whatever the reason inside, and every answer is audited.
 */
export async function handleStackWebhook(deps: WebhookDeps, req: IncomingMessage, res: ServerResponse, stackId: string): Promise<void> {
  const started = performance.now();
  const client = { ip: req.socket.remoteAddress ?? null, userAgent: typeof req.headers["user-agent"] === "string" ? req.headers["user-agent"].slice(0, 500) : null };
  const record = (result: "ok" | "denied" | "error", error: string | null, name?: string) =>
    deps.audit.append({ actor: { type: "system", name: "git webhook" }, ...client, action: "stacks.webhook", target: { type: "stack", id: stackId, name: name ?? null }, params: {}, result, error, durationMs: performance.now() - started });

  if (req.method !== "POST") return answer(res, 405, { error: "POST only" });
  const body = await readBodyWithin(req, MAX_BODY);
  if (!body.ok) return body.tooLarge ? answer(res, 413, { error: "the body is larger than 1 MiB" }) : undefined;
  const stack = await deps.db.stack.findUnique({ where: { id: stackId }, select: { name: true, webhookSecretSealed: true, lastWebhookId: true } });
  const secret = stack?.webhookSecretSealed ? deps.secrets.open(stack.webhookSecretSealed) : null;
  if (!stack || !secret) {
    await record("denied", "no such stack webhook");
    return answer(res, 404, { error: "no such stack webhook" });
  }
  const signature = req.headers["x-hub-signature-256"];
  if (!validSignature(secret, Buffer.from(body.text, "utf8"), typeof signature === "string" ? signature : undefined)) {
    await record("denied", "bad signature", stack.name);
    return answer(res, 401, { error: "the signature does not match (X-Hub-Signature-256: sha256=HMAC of the body with the stack's webhook secret)" });
  }
  const delivery = DELIVERY_HEADERS.map((h) => req.headers[h]).find((v): v is string => typeof v === "string" && v.length > 0)?.slice(0, 200);
  if (delivery) {
    // Conditional: two instances receiving the same delivery accept it once.
    const claimed = await deps.db.stack.updateMany({ where: { id: stackId, OR: [{ lastWebhookId: null }, { lastWebhookId: { not: delivery } }] }, data: { lastWebhookId: delivery } });
    if (claimed.count !== 1) {
      await record("denied", `delivery ${delivery} was already received`, stack.name);
      return answer(res, 409, { error: "this delivery was already received" });
    }
  }
  await record("ok", null, stack.name);
  answer(res, 202, { accepted: true });
  deps.git.sync(stackId, "webhook").catch((error: unknown) => log.warn("stack webhook fetch failed", { stackId, error: error instanceof Error ? error.message : String(error) }));
}
