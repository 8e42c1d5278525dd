import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { ApiServices } from "@dockmaster/api";
import { can, exportAudit } from "@dockmaster/core";
import { serveExport } from "./export-download";

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
export function handleAuditExport(services: ApiServices, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return serveExport(services, req, res, {
    action: "audit.export",
    query: Query,
    refusal: (actor) => (can(actor, "audit.view") ? null : "permission audit.view is required"),
    filename: "dockmaster-audit",
    rows: (ctx, { format, ...filter }) => exportAudit(ctx.db, filter, format),
  });
}
