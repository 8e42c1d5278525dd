import { AppError } from "@dockmaster/core";
import type { BackupsPort } from "../backups/port";
import type { ApiContext } from "../context";
import { globalProcedure } from "../procedures";
import { t } from "../trpc";

const port = (ctx: ApiContext): BackupsPort => {
  if (!ctx.backups) throw new AppError("PRECONDITION_FAILED", "backups are not available on this server");
  return ctx.backups;
};

/** Database backups (with what reads the sealed secrets), for admins: see README "Backups and restore". */
export const backupsRouter = t.router({
  list: globalProcedure("settings.manage").query(({ ctx }) => {
    const backups = port(ctx);
    return { settings: backups.settings, backups: backups.list() };
  }),
  create: globalProcedure("settings.manage").mutation(async ({ ctx }) => {
    const result = await port(ctx).create();
    ctx.auditNote.target = { type: "backup", id: result.backup.name, name: result.backup.name };
    ctx.auditNote.params = { bytes: result.backup.bytes, keyIncluded: result.backup.keyIncluded, removed: result.removed };
    return result;
  }),
});
