import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { ApiServices } from "@dockmaster/api";
import { can, eventHosts, exportEvents } from "@dockmaster/core";
import { serveExport } from "./export-download";

const optionalDate = z
  .string()
  .max(40)
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return undefined;
    const date = new Date(v);
    if (Number.isNaN(date.getTime())) ctx.addIssue({ code: "custom", message: "not a date (use ISO 8601)" });
    return date;
  });

const Query = z.object({
  format: z.enum(["csv", "json"]).default("csv"),
  hostId: z.string().min(1).max(100).optional(),
  hostGroupId: z.string().min(1).max(100).optional(),
  hostLabel: z.string().trim().max(200).optional(),
  type: z.string().max(50).optional(),
  action: z.string().max(100).optional(),
  container: z.string().max(256).optional(),
  image: z.string().max(256).optional(),
  from: optionalDate,
  to: optionalDate,
  text: z.string().max(200).optional(),
});

/**
 * GET /api/events/export?format=csv|json&…filters (the events page's filters): the matching engine
 * events, newest first. host.view on the host asked for, or fleet-wide only the hosts the reader
 * holds host.view on — the same rule as events.list. Audited.
 */
export function handleEventsExport(services: ApiServices, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return serveExport(services, req, res, {
    action: "events.export",
    query: Query,
    refusal: (actor, q) => (q.hostId ? (can(actor, "host.view", q.hostId) ? null : `permission host.view is required on host ${q.hostId}`) : actor.access.canAnywhere("host.view") ? null : "permission host.view is required"),
    filename: "dockmaster-events",
    rows: async function* (ctx, { format, hostId, hostGroupId, hostLabel, ...filter }) {
      const hostIds = await eventHosts(ctx.db, ctx.actor, { hostId, hostGroupId, hostLabel });
      yield* exportEvents(ctx.db, { ...filter, hostIds }, format);
    },
  });
}
