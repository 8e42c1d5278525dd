import { TRPCError } from "@trpc/server";
import { can, type AuditEntry, type Permission } from "@dockmaster/core";
import type { AccessNotifier, ApiContext } from "./context";
import { transactionalDb } from "./transactional-db";
import { t } from "./trpc";
import { toTrpcError } from "./errors";

function field(raw: unknown, key: string): string | null {
  const value = raw && typeof raw === "object" ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" ? value.slice(0, 200) : null;
}

/** What an audit record needs to know about a call (a tRPC request, or one target of a bulk action). */
export type AuditedCall = Pick<ApiContext, "actor" | "client" | "requestId" | "auditNote">;
type Outcome = { ok: true } | { ok: false; error: TRPCError };

/** The audit record of one call: who, what, on which host and target, with which result. */
export function auditEntry(ctx: AuditedCall, path: string, raw: unknown, outcome: Outcome, started: number, extra: Record<string, unknown> = {}): AuditEntry {
  const error = outcome.ok ? null : outcome.error;
  const denied = error?.code === "FORBIDDEN" || error?.code === "UNAUTHORIZED";
  const actor =
    ctx.auditNote.actor ??
    (ctx.actor ? { type: "user" as const, id: ctx.actor.id, name: ctx.actor.tokenId ? `${ctx.actor.username} (token ${ctx.actor.tokenId})` : ctx.actor.username } : { type: "anonymous" as const });
  const id = field(raw, "id");
  return {
    actor,
    ip: ctx.client.ip,
    userAgent: ctx.client.userAgent,
    action: path,
    hostId: field(raw, "hostId"),
    target: ctx.auditNote.target ?? (id ? { type: path.split(".")[0] ?? "object", id } : null),
    params: Object.keys(extra).length && raw && typeof raw === "object" ? { ...(raw), ...extra } : raw,
    result: error ? (denied ? "denied" : "error") : "ok",
    error: error?.message ?? null,
    durationMs: performance.now() - started,
    correlationId: ctx.requestId,
  };
}

/** A mutation on one host's engine (everything host-scoped except the inventory's own hosts.*). */
export function isDockerAction(path: string, hostId: string | null): boolean {
  return hostId !== null && !path.startsWith("hosts.");
}

/** Thrown inside the transaction to undo a failed mutation's writes; carries its result out. */
class Rollback<R> extends Error {
  constructor(readonly result: R) {
    super("rolled back");
  }
}

/**
 * Maps AppError to tRPC errors and writes the audit record: one for every mutation (ok / error /
 * denied) and one for every denied query. The procedure path is the audited action.
 *  - A signed-in user's database change is made in ONE transaction with its audit record: both
 *    are committed or neither; notifications to open sockets go out after the commit.
 *  - A Docker action (a host's mutation) gets an Operation row before the agent is asked and
 *    completed after; its audit record names it.
 *  - Public sign-in flows are recorded after the fact on purpose: a failed login's record (and
 *    its throttle count) must stay, so it cannot share a transaction that is rolled back.
 */
export const auditAndMapErrors = t.middleware(async ({ ctx, path, type, meta, next, getRawInput }) => {
  const started = performance.now();
  if (type !== "mutation") {
    const result = await next();
    const error = result.ok ? null : toTrpcError(result.error);
    if (error && (error.code === "FORBIDDEN" || error.code === "UNAUTHORIZED")) {
      await ctx.audit.append(auditEntry(ctx, path, await getRawInput().catch(() => undefined), { ok: false, error }, started));
    }
    if (error) throw error;
    return result;
  }

  const raw = await getRawInput().catch(() => undefined);
  let result: Awaited<ReturnType<typeof next>>;
  if (isDockerAction(path, field(raw, "hostId"))) {
    result = await next(); // hostProcedure records the Operation around the dispatch
  } else if (meta?.access?.kind !== "public") {
    const afterCommit: Array<() => void> = [];
    const notify: AccessNotifier = {
      accessChanged: () => void afterCommit.push(() => ctx.notify.accessChanged()),
      userSignedOut: (id) => void afterCommit.push(() => ctx.notify.userSignedOut(id)),
      hostChanged: (hostId, change) => void afterCommit.push(() => ctx.notify.hostChanged(hostId, change)),
    };
    try {
      result = await ctx.audit.transaction(async (tx, record) => {
        const inner = await next({ ctx: { db: transactionalDb(tx), notify, afterCommit: (work: () => void) => void afterCommit.push(work) } });
        if (!inner.ok) throw new Rollback(inner);
        await record(auditEntry(ctx, path, raw, { ok: true }, started));
        return inner;
      });
      ctx.actorCache?.invalidate();
      for (const send of afterCommit) send();
      return result;
    } catch (error) {
      if (!(error instanceof Rollback)) {
        const failure = toTrpcError(error); // the database itself failed: nothing was kept
        await ctx.audit.append(auditEntry(ctx, path, raw, { ok: false, error: failure }, started));
        throw failure;
      }
      result = error.result as typeof result;
    }
  } else {
    result = await next();
  }
  // Any mutation may change who someone is or what they may do: resolve sessions afresh.
  ctx.actorCache?.invalidate();
  const error = result.ok ? null : toTrpcError(result.error);
  const operation = ctx.auditNote.operationId ? { operationId: ctx.auditNote.operationId } : {};
  await ctx.audit.append(auditEntry(ctx, path, raw, error ? { ok: false, error } : { ok: true }, started, operation));
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

/** The refusal of a permission check: the same words for a procedure and for one bulk target. */
export function permissionDenied(permission: Permission, hostId?: string): TRPCError {
  return new TRPCError({ code: "FORBIDDEN", message: `permission ${permission} is required${hostId ? ` on host ${hostId}` : ""}` });
}

/** `anywhere`: for lists that filter per host themselves — held on at least one host is enough. */
export function requirePermission(permission: Permission, options: { anywhere?: boolean } = {}) {
  return t.middleware(async ({ ctx, next, getRawInput }) => {
    const hostId = field(await getRawInput().catch(() => undefined), "hostId") ?? undefined;
    const allowed = options.anywhere && hostId === undefined ? (ctx.actor?.access.canAnywhere(permission) ?? false) : can(ctx.actor, permission, hostId);
    if (!allowed) throw permissionDenied(permission, hostId);
    return next();
  });
}
