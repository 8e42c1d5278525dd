import { z } from "zod";
import { AppError, callbackUrlFor, deleteProvider, getProvider, LdapConfig, listProviders, lookUpLdapUser, OidcConfig, saveProvider, type StoredProvider } from "@dockmaster/core";
import { globalProcedure } from "../procedures";
import { t } from "../trpc";
import { Id, Name } from "./admin-inputs";

/** A client secret or bind password: write-only (omitted: keep the stored one; "": remove it). */
const Secret = z.string().max(2000).optional();
const ProviderInput = z.discriminatedUnion("kind", [
  z.strictObject({ id: Id.optional(), kind: z.literal("oidc"), name: Name, enabled: z.boolean(), config: OidcConfig, secret: Secret }),
  z.strictObject({ id: Id.optional(), kind: z.literal("ldap"), name: Name, enabled: z.boolean(), config: LdapConfig, secret: Secret }),
]);
const Group = z.string().trim().min(1, "group is required").max(300);

/**
 * Identity providers (settings.manage) and their group → team mappings (team.manage: a mapping
 * makes people members of a team, as teams.setMember does). Secrets are write-only: the admin's
 * view says whether one is set, never what it is.
 */
export const ssoRouter = t.router({
  providers: globalProcedure("settings.manage").query(async ({ ctx }) => ({
    providers: await listProviders(ctx.db),
    callbackUrl: ctx.origin ? callbackUrlFor(ctx.origin) : null,
  })),

  saveProvider: globalProcedure("settings.manage", ProviderInput).mutation(async ({ ctx, input }) => {
    const { id, ...rest } = input;
    const saved = await saveProvider(ctx.db, ctx.secrets, rest, id);
    ctx.auditNote.target = { type: "identity-provider", id: saved.id, name: saved.name };
    return saved;
  }),

  deleteProvider: globalProcedure("settings.manage", { id: Id }).mutation(async ({ ctx, input }) => {
    const removed = await deleteProvider(ctx.db, input.id);
    ctx.auditNote.target = { type: "identity-provider", id: removed.id, name: removed.name };
    ctx.notify.accessChanged(); // its sessions ended: their sockets close at the next sweep
    return removed;
  }),

  addMapping: globalProcedure("team.manage", { providerId: Id, group: Group, teamId: Id }).mutation(async ({ ctx, input }) => {
    const [provider, team] = await Promise.all([
      ctx.db.identityProvider.findUnique({ where: { id: input.providerId }, select: { id: true, name: true } }),
      ctx.db.team.findUnique({ where: { id: input.teamId }, select: { id: true, name: true } }),
    ]);
    if (!provider) throw new AppError("NOT_FOUND", `identity provider ${input.providerId} not found`);
    if (!team) throw new AppError("NOT_FOUND", `team ${input.teamId} not found`);
    const existing = await ctx.db.groupMapping.findUnique({ where: { providerId_group_teamId: input }, select: { id: true } });
    if (existing) throw new AppError("CONFLICT", `group ${input.group} already maps to team ${team.name}`);
    const mapping = await ctx.db.groupMapping.create({ data: input, select: { id: true } });
    ctx.auditNote.target = { type: "group-mapping", id: mapping.id, name: `${provider.name}: ${input.group} → ${team.name}` };
    return mapping;
  }),

  removeMapping: globalProcedure("team.manage", { id: Id }).mutation(async ({ ctx, input }) => {
    const mapping = await ctx.db.groupMapping.findUnique({ where: { id: input.id }, select: { id: true, group: true, provider: { select: { name: true } }, team: { select: { name: true } } } });
    if (!mapping) throw new AppError("NOT_FOUND", `group mapping ${input.id} not found`);
    await ctx.db.groupMapping.delete({ where: { id: input.id } });
    // Members keep the team until their next sign-in rebuilds it (or an admin removes them).
    ctx.auditNote.target = { type: "group-mapping", id: mapping.id, name: `${mapping.provider.name}: ${mapping.group} → ${mapping.team.name}` };
    return { ok: true as const };
  }),

  /** The LDAP test button: what the directory holds for a user, and the teams it would give. */
  testLdap: globalProcedure("settings.manage", { providerId: Id, username: z.string().trim().min(1).max(200) }).mutation(async ({ ctx, input }) => {
    const provider = await getProvider(ctx.db, ctx.secrets, input.providerId);
    if (provider.kind !== "ldap") throw new AppError("BAD_REQUEST", "the test looks users up in an LDAP directory: this provider is OpenID Connect");
    ctx.auditNote.target = { type: "identity-provider", id: provider.id, name: `${provider.name}: test ${input.username}` };
    let found: Awaited<ReturnType<typeof lookUpLdapUser>>;
    try {
      found = await lookUpLdapUser(provider as StoredProvider<LdapConfig>, input.username);
    } catch (error) {
      throw new AppError("BAD_GATEWAY", `the directory could not be searched: ${error instanceof Error ? error.message.slice(0, 200) : "unknown error"}`);
    }
    const mappings = await ctx.db.groupMapping.findMany({ where: { providerId: provider.id, group: { in: found.groups } }, select: { team: { select: { name: true } } } });
    return { ...found, teams: [...new Set(mappings.map((m) => m.team.name))].sort() };
  }),
});
