import { z } from "zod";
import { beginTotpEnrollment, changeOwnPassword, confirmTotpEnrollment, mintApiToken, disableTotp, hashToken, listApiTokens, listSessions, revokeApiToken, revokeSession } from "@dockmaster/core";
import { accountProcedure, sessionProcedure } from "../procedures";
import { t } from "../trpc";
import { Id, Name, Password } from "./admin-inputs";

/**
 * What any signed-in user may do about their own account. Credentials (tokens, sessions, password,
 * two-factor) are managed from a session only: an API token cannot mint, list or revoke tokens.
 */
export const meRouter = t.router({
  access: sessionProcedure({ hostId: Id.optional() }).query(({ ctx, input }) => ctx.actor.access.explain(input.hostId)),
  sessions: accountProcedure().query(({ ctx }) => listSessions(ctx.db, ctx.actor.id, ctx.sessionToken)),
  revokeSession: accountProcedure({ sessionId: Id.max(64) }).mutation(({ ctx, input }) => revokeSession(ctx.db, ctx.actor.id, input.sessionId)),
  changePassword: accountProcedure({ currentPassword: Password, newPassword: Password }).mutation(async ({ ctx, input }) => {
    await changeOwnPassword(ctx.db, ctx.actor.id, input.currentPassword, input.newPassword, ctx.sessionToken ? hashToken(ctx.sessionToken) : null);
    return { ok: true as const };
  }),
  twoFactor: sessionProcedure().query(async ({ ctx }) => {
    const user = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.actor.id }, select: { totpEnabledAt: true } });
    return { enabled: !!user.totpEnabledAt, recoveryCodesLeft: await ctx.db.recoveryCode.count({ where: { userId: ctx.actor.id, usedAt: null } }) };
  }),
  beginTwoFactor: accountProcedure().mutation(({ ctx }) => beginTotpEnrollment(ctx.db, ctx.secrets, ctx.actor.id)),
  confirmTwoFactor: accountProcedure({ code: z.string().trim().regex(/^\d{6}$/, "the code has 6 digits") }).mutation(async ({ ctx, input }) => ({
    recoveryCodes: await confirmTotpEnrollment(ctx.db, ctx.secrets, ctx.actor.id, input.code),
  })),
  disableTwoFactor: accountProcedure({ password: Password }).mutation(async ({ ctx, input }) => {
    await disableTotp(ctx.db, ctx.actor.id, input.password);
    return { ok: true as const };
  }),
  tokens: accountProcedure().query(({ ctx }) => listApiTokens(ctx.db, ctx.actor.id)),
  createToken: accountProcedure({ name: Name, roleId: Id, hostIds: z.array(Id).max(1000).nullable().default(null), expiresInDays: z.number().int().min(1).max(3650).nullable().default(90) }, { twoFactor: true })
    .mutation(async ({ ctx, input }) => {
      const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
      const created = await mintApiToken(ctx.db, ctx.actor, { name: input.name, roleId: input.roleId, hostIds: input.hostIds, expiresAt });
      ctx.auditNote.target = { type: "api-token", id: created.id, name: created.name };
      return created; // the only time the plaintext token leaves the server
    }),
  revokeToken: accountProcedure({ tokenId: Id }).mutation(async ({ ctx, input }) => {
    ctx.auditNote.target = { type: "api-token", id: input.tokenId };
    return revokeApiToken(ctx.db, ctx.actor.id, input.tokenId);
  }),
});
