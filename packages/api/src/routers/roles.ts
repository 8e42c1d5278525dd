import { z } from "zod";
import { createGrant, createHostGroup, createRole, deleteGrant, deleteRole, listGrants, listHostGroups, listRoles, PERMISSIONS, updateRole } from "@dockmaster/core";
import { anywhereProcedure, globalProcedure, sessionProcedure } from "../procedures";
import { t } from "../trpc";
import { Id, Name, PermissionList } from "./admin-inputs";


export const rolesRouter = t.router({
  /** The catalogue and the roles: any signed-in user may read them (to understand their access). */
  catalogue: sessionProcedure().query(() => [...PERMISSIONS]),
  list: sessionProcedure().query(({ ctx }) => listRoles(ctx.db)),
  create: globalProcedure("user.manage", { name: Name, description: z.string().max(500).default(""), permissions: PermissionList }).mutation(async ({ ctx, input }) => {
    const role = await createRole(ctx.db, input.name, input.description, input.permissions);
    ctx.auditNote.target = { type: "role", id: role.id, name: role.name };
    return role;
  }),
  update: globalProcedure("user.manage", { roleId: Id, description: z.string().max(500).optional(), permissions: PermissionList.optional() }).mutation(async ({ ctx, input }) => {
    const role = await updateRole(ctx.db, input.roleId, input);
    ctx.auditNote.target = { type: "role", id: role.id, name: role.name };
    ctx.notify.accessChanged();
    return role;
  }),
  delete: globalProcedure("user.manage", { roleId: Id }).mutation(async ({ ctx, input }) => {
    const role = await deleteRole(ctx.db, input.roleId);
    ctx.auditNote.target = { type: "role", id: role.id, name: role.name };
    ctx.notify.accessChanged();
    return role;
  }),
});

const GrantInput = z.discriminatedUnion("scopeType", [
  z.strictObject({ scopeType: z.literal("global"), subjectType: z.enum(["user", "team"]), subjectId: Id, roleId: Id }),
  z.strictObject({ scopeType: z.enum(["group", "host"]), scopeId: Id, subjectType: z.enum(["user", "team"]), subjectId: Id, roleId: Id }),
]);

export const grantsRouter = t.router({
  list: globalProcedure("user.manage").query(({ ctx }) => listGrants(ctx.db)),
  create: globalProcedure("user.manage", GrantInput).mutation(async ({ ctx, input }) => {
    const grant = await createGrant(ctx.db, input, ctx.actor.id);
    ctx.auditNote.target = { type: "grant", id: grant.id, name: `${input.subjectType} ${input.subjectId} → ${input.roleId} on ${input.scopeType}` };
    ctx.notify.accessChanged();
    return grant;
  }),
  delete: globalProcedure("user.manage", { grantId: Id }).mutation(async ({ ctx, input }) => {
    const grant = await deleteGrant(ctx.db, input.grantId);
    ctx.auditNote.target = { type: "grant", id: grant.id };
    ctx.notify.accessChanged();
    return grant;
  }),
});

export const hostGroupsRouter = t.router({
  list: anywhereProcedure("host.view").query(({ ctx }) => listHostGroups(ctx.db)),
  create: globalProcedure("host.manage", { name: Name }).mutation(async ({ ctx, input }) => {
    const group = await createHostGroup(ctx.db, input.name);
    ctx.auditNote.target = { type: "host-group", id: group.id, name: group.name };
    return group;
  }),
});
