import { TRPCError } from "@trpc/server";
import { can, type Permission } from "@dockmaster/core";
import { t } from "./trpc";
import { toTrpcError } from "./errors";

function field(raw: unknown, key: string): string | null {
  const value = raw && typeof raw === "object" ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" ? value.slice(0, 200) : null;
}

/**
 * Maps AppError to tRPC errors and writes the audit record: one for every mutation (ok / error /
 * denied) and one for every denied query. The procedure path is the audited action.
 */
export const auditAndMapErrors = t.middleware(async ({ ctx, path, type, next, getRawInput }) => {
  const started = performance.now();
  const result = await next();
  // Any mutation may change who someone is or what they may do: resolve sessions afresh.
  if (type === "mutation") ctx.actorCache?.invalidate();
  const error = result.ok ? null : toTrpcError(result.error);
  const denied = error?.code === "FORBIDDEN" || error?.code === "UNAUTHORIZED";
  if (type === "mutation" || denied) {
    const raw = await getRawInput().catch(() => undefined);
    const actor =
      ctx.auditNote.actor ??
      (ctx.actor ? { type: "user" as const, id: ctx.actor.id, name: ctx.actor.tokenId ? `${ctx.actor.username} (token ${ctx.actor.tokenId})` : ctx.actor.username } : { type: "anonymous" as const });
    const id = field(raw, "id");
    await ctx.audit.append({
      actor,
      ip: ctx.client.ip,
      userAgent: ctx.client.userAgent,
      action: path,
      hostId: field(raw, "hostId"),
      target: ctx.auditNote.target ?? (id ? { type: path.split(".")[0] ?? "object", id } : null),
      params: raw,
      result: error ? (denied ? "denied" : "error") : "ok",
      error: error?.message ?? null,
      durationMs: performance.now() - started,
      correlationId: ctx.requestId,
    });
  }
  if (error) throw error;
  return result;
});

export const requireSession = t.middleware(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/** Checks the permission on the host named by the input (or globally when there is none). */
/** Where two-factor is required, a user without it may only manage their own account. */
export const requireTwoFactorIfMandated = t.middleware(({ ctx, next }) => {
  if (ctx.actor?.mustSetUpTwoFactor) throw new TRPCError({ code: "FORBIDDEN", message: "two-factor authentication is required here: turn it on under Account first" });
  return next();
});

/** `anywhere`: for lists that filter per host themselves — held on at least one host is enough. */
export function requirePermission(permission: Permission, options: { anywhere?: boolean } = {}) {
  return t.middleware(async ({ ctx, next, getRawInput }) => {
    const hostId = field(await getRawInput().catch(() => undefined), "hostId") ?? undefined;
    const allowed = options.anywhere && hostId === undefined ? (ctx.actor?.access.canAnywhere(permission) ?? false) : can(ctx.actor, permission, hostId);
    if (!allowed) {
      throw new TRPCError({ code: "FORBIDDEN", message: `permission ${permission} is required${hostId ? ` on host ${hostId}` : ""}` });
    }
    return next();
  });
}
