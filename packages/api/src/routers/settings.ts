import { z } from "zod";
import { AppError, EVENT_RETENTION_DAYS, getSettings, updateSettings } from "@dockmaster/core";
import { globalProcedure, sessionProcedure } from "../procedures";
import { t } from "../trpc";
import { GitUrl } from "../stacks/inputs";

export const settingsRouter = t.router({
  get: sessionProcedure().query(({ ctx }) => getSettings(ctx.db)),
  update: globalProcedure("settings.manage", { requireTwoFactor: z.boolean().optional(), eventRetentionDays: z.number().int().min(EVENT_RETENTION_DAYS.min).max(EVENT_RETENTION_DAYS.max).optional(), stackTemplatesUrl: GitUrl.nullable().optional() })
    .mutation(async ({ ctx, input }) => {
      if (input.requireTwoFactor) {
        // Requiring it without having it would lock the admin out of this very switch.
        const self = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.actor.id }, select: { totpEnabledAt: true } });
        if (!self.totpEnabledAt) throw new AppError("PRECONDITION_FAILED", "turn on two-factor for your own account before requiring it");
      }
      const settings = await updateSettings(ctx.db, input);
      ctx.notify.accessChanged(); // open sockets re-read who must set up two-factor
      return settings;
    }),
});
