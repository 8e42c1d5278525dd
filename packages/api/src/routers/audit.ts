import { z } from "zod";
import { queryAudit } from "@dockmaster/core";
import { InfiniteDirection } from "../input";
import { globalProcedure } from "../procedures";
import { t } from "../trpc";

export const AuditFilterInput = z.strictObject({
  actor: z.string().max(100).optional(),
  hostId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  result: z.enum(["ok", "denied", "error"]).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  text: z.string().max(200).optional(),
});


export const auditRouter = t.router({
  // `cursor`: the seq to continue below (newest first); tRPC's infinite queries pass it. The
  // audit trail is global: `hostId` is only a filter, never where audit.view is checked.
  list: globalProcedure("audit.view", AuditFilterInput.extend({ cursor: z.number().int().positive().nullish(), direction: InfiniteDirection, limit: z.number().int().min(1).max(500).default(100) })).query(async ({ ctx, input }) => {
      const { cursor, limit, ...filter } = input;
      const page = await queryAudit(ctx.db, filter, { beforeSeq: cursor ?? undefined, limit });
      return { items: page.items, nextCursor: page.nextBeforeSeq };
    }),
  verify: globalProcedure("audit.view").mutation(({ ctx }) => ctx.audit.verify()),
});
