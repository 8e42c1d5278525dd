import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { createHttpContext, type ApiServices } from "@dockmaster/api";
import { can, exportAudit } from "@dockmaster/core";

const Query = z.object({
  format: z.enum(["csv", "json"]).default("csv"),
  actor: z.string().max(100).optional(),
  hostId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  result: z.enum(["ok", "denied", "error"]).optional(),
  text: z.string().max(200).optional(),
});

/**
 * GET /api/audit/export?format=csv|json&…filters: streams the matching audit records. Same
 * session (or Bearer token) and the same audit.view check as the tRPC procedures; the export
 * itself is audited. Only filters travel in the URL, never credentials.
 */
export async function handleAuditExport(services: ApiServices, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = await createHttpContext(services, req, res);
  const url = new URL(req.url ?? "/", "http://localhost");
  const query = Query.safeParse(Object.fromEntries(url.searchParams));
  const actor = ctx.actor ? { type: "user" as const, id: ctx.actor.id, name: ctx.actor.username } : { type: "anonymous" as const };
  if (!can(ctx.actor, "audit.view")) {
    await services.audit.append({ actor, ip: ctx.client.ip, userAgent: ctx.client.userAgent, action: "audit.export", result: "denied", error: "permission audit.view is required" });
    res.writeHead(ctx.actor ? 403 : 401, { "content-type": "text/plain" }).end(ctx.actor ? "permission audit.view is required" : "sign in first");
    return;
  }
  if (!query.success) {
    res.writeHead(400, { "content-type": "text/plain" }).end(`invalid export query: ${query.error.issues[0]?.path.join(".")}: ${query.error.issues[0]?.message}`);
    return;
  }
  const { format, ...filter } = query.data;
  await services.audit.append({ actor, ip: ctx.client.ip, userAgent: ctx.client.userAgent, action: "audit.export", params: query.data, result: "ok" });
  res.writeHead(200, {
    "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json",
    "content-disposition": `attachment; filename="dockmaster-audit.${format}"`,
    "cache-control": "no-store",
  });
  for await (const chunk of exportAudit(services.db, filter, format)) {
    if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
  }
  res.end();
}
