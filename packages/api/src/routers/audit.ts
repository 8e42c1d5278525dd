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
    .input(AuditFilterInput.extend({ beforeSeq: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) => {
      const { beforeSeq, limit, ...filter } = input;
      return queryAudit(ctx.db, filter, { beforeSeq, limit });
    }),
  verify: view.mutation(({ ctx }) => ctx.audit.verify()),
});
