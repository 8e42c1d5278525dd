import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { createHttpContext, twoFactorRequired, type ApiContext, type ApiServices } from "@dockmaster/api";
import type { AuditEntry } from "@dockmaster/core";

type Actor = NonNullable<ApiContext["actor"]>;
export type HttpAudit = (entry: Pick<AuditEntry, "result"> & Partial<Pick<AuditEntry, "params" | "error" | "hostId" | "target" | "durationMs">>) => Promise<unknown>;

/**
 * The start every plain HTTP route shares with tRPC: the same session (or Bearer token), the same
 * two-factor rule, one audit record writer for `action`. Answers 401 / 403 itself (audited) and
 * returns null then.
 */
export async function httpActor(services: ApiServices, req: IncomingMessage, res: ServerResponse, action: string): Promise<{ ctx: ApiContext & { actor: Actor }; actor: Actor; audit: HttpAudit } | null> {
  const ctx = await createHttpContext(services, req, res);
  const actor = ctx.actor;
  const who = actor ? { type: "user" as const, id: actor.id, name: actor.username } : { type: "anonymous" as const };
  const audit: HttpAudit = (entry) => services.audit.append({ actor: who, ip: ctx.client.ip, userAgent: ctx.client.userAgent, action, correlationId: ctx.requestId, ...entry });
  if (!actor) {
    await audit({ result: "denied", error: "sign in first" });
    return void res.writeHead(401, { "content-type": "text/plain" }).end("sign in first"), null;
  }
  if (actor.mustSetUpTwoFactor) {
    // The same rule as tRPC: until two-factor is on, a password-only session (or its owner's token) reads nothing.
    const refusal = twoFactorRequired(actor.kind);
    await audit({ result: "denied", error: refusal });
    return void res.writeHead(403, { "content-type": "text/plain" }).end(refusal), null;
  }
  return { ctx: { ...ctx, actor }, actor, audit };
}

/** The URL's query, validated: 400 naming the problem (and null) when it does not parse. */
export function parseQuery<T>(req: IncomingMessage, res: ServerResponse, schema: z.ZodType<T>, what: string): T | null {
  const url = new URL(req.url ?? "/", "http://localhost");
  const query = schema.safeParse(Object.fromEntries(url.searchParams));
  if (query.success) return query.data;
  const issue = query.error.issues[0];
  const where = issue?.code === "unrecognized_keys" ? `unknown key "${issue.keys.join('", "').slice(0, 200)}"` : `${issue?.path.join(".")}: ${issue?.message}`;
  res.writeHead(400, { "content-type": "text/plain" }).end(`invalid ${what}: ${where}`);
  return null;
}
