import { z } from "zod";
import { queryAudit } from "@dockmaster/core";
import { withPermission } from "../procedures";
import { t } from "../trpc";

export const AuditFilterInput = z.object({
  actor: z.string().max(100).optional(),
  hostId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  result: z.enum(["ok", "denied", "error"]).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  text: z.string().max(200).optional(),
});

const view = withPermission("audit.view");

export const auditRouter = t.router({
  list: view
    // `cursor`: the seq to continue below (newest first); tRPC's infinite queries pass it.
    .input(AuditFilterInput.extend({ cursor: z.number().int().positive().nullish(), limit: z.number().int().min(1).max(500).default(100) }))
    .query(async ({ ctx, input }) => {
      const { cursor, limit, ...filter } = input;
      const page = await queryAudit(ctx.db, filter, { beforeSeq: cursor ?? undefined, limit });
      return { items: page.items, nextCursor: page.nextBeforeSeq };
    }),
  verify: view.mutation(({ ctx }) => ctx.audit.verify()),
});
