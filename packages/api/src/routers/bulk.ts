import { z } from "zod";
import { AppError, can, createBatch, getBatch, maySeeBatch, recentBatches } from "@dockmaster/core";
import { BulkStartInput } from "@dockmaster/protocol";
import { planBulk } from "../bulk/plan";
import { runAfterCommit } from "../context";
import { permissionDenied } from "../middleware";
import { anywhereProcedure, sessionProcedure } from "../procedures";
import { t } from "../trpc";

export const bulkRouter = t.router({
  /**
   * Starts a bulk action and answers at once with the batch id; the targets run after this call's
   * transaction (batch, operations and the bulk.start audit record) is committed. Holding
   * container.operate somewhere lets a user in; each target is then checked on its own host.
   */
  start: anywhereProcedure("container.operate", BulkStartInput).mutation(async ({ ctx, input }) => {
      const runner = ctx.bulk;
      if (!runner) throw new AppError("PRECONDITION_FAILED", "bulk actions are not available on this server");
      const targets = planBulk(ctx.actor, input);
      const actor = { id: ctx.actor.id, name: ctx.actor.username };
      const { batchId, operationIds } = await createBatch(ctx.db, { action: input.action, actor, correlationId: ctx.requestId, targets });
      const call = { actor: ctx.actor, client: ctx.client, requestId: ctx.requestId };
      runAfterCommit(ctx, () => runner.launch(call, batchId, targets, operationIds));
      return { batchId, total: targets.length, refused: targets.filter((t) => t.refusal).length };
    }),
  get: sessionProcedure({ batchId: z.string().min(1).max(100) }).query(async ({ ctx, input }) => {
    const batch = await getBatch(ctx.db, input.batchId);
    if (!maySeeBatch(ctx.actor, batch)) throw permissionDenied("audit.view");
    return batch;
  }),
  /** The latest batches: one's own, or everyone's with audit.view (`everyone`). */
  recent: sessionProcedure(z.strictObject({ everyone: z.boolean().default(false), take: z.number().int().min(1).max(100).default(20) }).default({ everyone: false, take: 20 })).query(({ ctx, input }) => {
    if (input.everyone && !can(ctx.actor, "audit.view")) throw permissionDenied("audit.view");
    return recentBatches(ctx.db, { actorId: input.everyone ? undefined : ctx.actor.id, take: input.take });
  }),
});
