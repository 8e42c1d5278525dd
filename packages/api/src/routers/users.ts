import { z } from "zod";
import { createUser, inviteUser, listUsers, loadAccess, resetPassword, setUserDisabled, setUserEmail } from "@dockmaster/core";
import { globalProcedure } from "../procedures";
import { t } from "../trpc";
import { Id, Password, Username } from "./admin-inputs";


export const usersRouter = t.router({
  list: globalProcedure("user.manage").query(({ ctx }) => listUsers(ctx.db)),
  /** Effective permissions of a user on a host (or everywhere) and where each comes from. */
  access: globalProcedure("user.manage", { userId: Id, hostId: Id.optional() }).query(async ({ ctx, input }) => (await loadAccess(ctx.db, input.userId)).explain(input.hostId)),
  create: globalProcedure("user.manage", { username: Username, password: Password }).mutation(async ({ ctx, input }) => {
    const user = await createUser(ctx.db, input.username, input.password);
    ctx.auditNote.target = { type: "user", id: user.id, name: user.username };
    return user;
  }),
  /** Creates the user and a one-time invitation; the token goes in the link's #fragment. */
  invite: globalProcedure("user.manage", { username: Username }).mutation(async ({ ctx, input }) => {
    const { user, token } = await inviteUser(ctx.db, input.username, ctx.actor.id);
    ctx.auditNote.target = { type: "user", id: user.id, name: user.username };
    return { user, token };
  }),
  setDisabled: globalProcedure("user.manage", { userId: Id, disabled: z.boolean() }).mutation(async ({ ctx, input }) => {
    const user = await setUserDisabled(ctx.db, input.userId, input.disabled, ctx.actor.id);
    ctx.auditNote.target = { type: "user", id: user.id, name: user.username };
    if (input.disabled) ctx.notify.userSignedOut(user.id);
    return user;
  }),
  /** The email single sign-on may link this account by (null clears it). */
  setEmail: globalProcedure("user.manage", { userId: Id, email: z.email({ error: "email must be an email address" }).max(320).nullable() }).mutation(async ({ ctx, input }) => {
    const user = await setUserEmail(ctx.db, input.userId, input.email);
    ctx.auditNote.target = { type: "user", id: user.id, name: user.username };
    return user;
  }),
  resetPassword: globalProcedure("user.manage", { userId: Id, password: Password }).mutation(async ({ ctx, input }) => {
    const user = await resetPassword(ctx.db, input.userId, input.password);
    ctx.auditNote.target = { type: "user", id: user.id, name: user.username };
    ctx.notify.userSignedOut(user.id);
    return user;
  }),
});
