import { TRPCError } from "@trpc/server";
import { can, type AuditEntry, type Permission } from "@dockmaster/core";
import type { AccessNotifier, ApiContext } from "./context";
import { transactionalDb } from "./transactional-db";
import { t, type PermissionScope } from "./trpc";
import { toTrpcError } from "./errors";

function field(value: unknown, key: string): string | null {
  const found = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return typeof found === "string" ? found.slice(0, 200) : null;
}

/** What an audit record needs to know about a call (a tRPC request, or one target of a bulk action). */
export type AuditedCall = Pick<ApiContext, "actor" | "client" | "requestId" | "auditNote">;
type Outcome = { ok: true } | { ok: false; error: TRPCError };

/** The object a call names, read from its input: `id`, and `name` (or `spec.name`, e.g. a network form). */
function targetOf(path: string, raw: unknown): AuditEntry["target"] {
  const id = field(raw, "id");
  const spec = raw && typeof raw === "object" ? (raw as Record<string, unknown>).spec : undefined;
  const name = field(raw, "name") ?? field(spec, "name");
  return id || name ? { type: path.split(".")[0] ?? "object", ...(id ? { id } : {}), ...(name ? { name } : {}) } : null;
}

/** The audit record of one call: who, what, on which host and target, with which result. */
export function auditEntry(ctx: AuditedCall, path: string, raw: unknown, outcome: Outcome, started: number, extra: Record<string, unknown> = {}): AuditEntry {
  const error = outcome.ok ? null : outcome.error;
  const denied = error?.code === "FORBIDDEN" || error?.code === "UNAUTHORIZED";
  const actor =
    ctx.auditNote.actor ??
    (ctx.actor ? { type: "user" as const, id: ctx.actor.id, name: ctx.actor.tokenId ? `${ctx.actor.username} (token ${ctx.actor.tokenId})` : ctx.actor.username } : { type: "anonymous" as const });
  const facts = { ...ctx.auditNote.params, ...extra };
  return {
    actor,
    ip: ctx.client.ip,
    userAgent: ctx.client.userAgent,
    action: path,
    // Only a validated host: a refused input's `hostId` is in its params, never the record's host.
    hostId: ctx.auditNote.hostId ?? null,
    target: ctx.auditNote.target ?? targetOf(path, raw),
    // Strings are made well-formed by the audit log itself (every field, before hashing).
    params: Object.keys(facts).length && raw && typeof raw === "object" ? { ...(raw), ...facts } : raw,
    result: error ? (denied ? "denied" : "error") : "ok",
    error: error?.message ?? null,
    durationMs: performance.now() - started,
    correlationId: ctx.requestId,
  };
}

/** Thrown inside the transaction to undo a failed mutation's writes; carries its result out. */
class Rollback<R> extends Error {
  constructor(readonly result: R) {
    super("rolled back");
  }
}

/**
 * Maps AppError to tRPC errors and writes the audit record: one for every mutation (ok / error /
 * denied) and one for every denied query. The procedure path is the audited action. A mutation
 * declared `readOnly` (a pure check that needs a POST body) is audited as a query.
 *  - A signed-in user's database change is made in ONE transaction with its audit record: both
 *    are committed or neither; notifications to open sockets go out after the commit.
 *  - An engine mutation (declared `engine` in the procedure's meta) runs outside a transaction; on
 *    a host it gets an Operation row before the agent is asked, completed after, named by its record.
 *  - Public sign-in flows are recorded after the fact on purpose: a failed login's record (and
 *    its throttle count) must stay, so it cannot share a transaction that is rolled back.
 * Each call gets its own audit note (calls of one batched request share the request's context).
 */
export const auditAndMapErrors = t.middleware(async ({ ctx, path, type, meta, next, getRawInput }) => {
  const started = performance.now();
  const auditNote: ApiContext["auditNote"] = {};
  const call = { ...ctx, auditNote };
  const shown = (raw: unknown) => (meta?.auditParams && raw !== undefined ? meta.auditParams(raw) : raw);
  if (type !== "mutation" || meta?.readOnly) {
    const result = await next({ ctx: { auditNote } });
    const error = result.ok ? null : toTrpcError(result.error);
    if (error && (error.code === "FORBIDDEN" || error.code === "UNAUTHORIZED")) {
      await ctx.audit.append(auditEntry(call, path, shown(await getRawInput().catch(() => undefined)), { ok: false, error }, started));
    }
    if (error) throw error;
    return result;
  }

  const raw = shown(await getRawInput().catch(() => undefined));
  let result: Awaited<ReturnType<typeof next>>;
  if (meta?.engine) {
    result = await next({ ctx: { auditNote } }); // hostProcedure records the Operation around the dispatch
  } else if (meta?.access?.kind !== "public") {
    const afterCommit: Array<() => void> = [];
    const notify: AccessNotifier = {
      accessChanged: () => void afterCommit.push(() => ctx.notify.accessChanged()),
      userSignedOut: (id) => void afterCommit.push(() => ctx.notify.userSignedOut(id)),
      hostChanged: (hostId, change) => void afterCommit.push(() => ctx.notify.hostChanged(hostId, change)),
    };
    try {
      result = await ctx.audit.transaction(async (tx, record) => {
        const inner = await next({ ctx: { auditNote, db: transactionalDb(tx), notify, afterCommit: (work: () => void) => void afterCommit.push(work) } });
        if (!inner.ok) throw new Rollback(inner);
        await record(auditEntry(call, path, raw, { ok: true }, started));
        return inner;
      });
      ctx.actorCache?.invalidate();
      for (const send of afterCommit) send();
      return result;
    } catch (error) {
      if (!(error instanceof Rollback)) {
        const failure = toTrpcError(error); // the database itself failed: nothing was kept
        await ctx.audit.append(auditEntry(call, path, raw, { ok: false, error: failure }, started));
        throw failure;
      }
      result = error.result as typeof result;
    }
  } else {
    result = await next({ ctx: { auditNote } });
  }
  // Any mutation may change who someone is or what they may do: resolve sessions afresh.
  ctx.actorCache?.invalidate();
  const error = result.ok ? null : toTrpcError(result.error);
  const operation = auditNote.operationId ? { operationId: auditNote.operationId } : {};
  await ctx.audit.append(auditEntry(call, path, raw, error ? { ok: false, error } : { ok: true }, started, operation));
  if (error) throw error;
  return result;
});

/** A refusal by the access layer (not a domain refusal such as "wrong password"): tests tell them apart by it. */
export class AccessRefused extends Error {}

function refuse(code: "UNAUTHORIZED" | "FORBIDDEN", message: string): TRPCError {
  return new TRPCError({ code, message, cause: new AccessRefused(message) });
}

/** Why a caller is refused while two-factor is required and not yet set up: a session sets it up; a token waits for its owner. */
export function twoFactorRequired(kind: "user" | "token"): string {
  return kind === "token"
    ? "two-factor authentication is required here: this token works again once its owner has turned it on under Account"
    : "two-factor authentication is required here: turn it on under Account first";
}

/**
 * A signed-in caller. An API token of a user who has not set up two-factor while it is required
 * stops working (tokens made before included): only a session can set it up.
 */
export const requireSession = t.middleware(({ ctx, next }) => {
  if (!ctx.actor) throw refuse("UNAUTHORIZED", "sign in first");
  if (ctx.actor.kind === "token" && ctx.actor.mustSetUpTwoFactor) throw refuse("FORBIDDEN", twoFactorRequired("token"));
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/** One's own account (credentials, two-factor, tokens) is managed from a session, never with an API token. */
export const requirePerson = t.middleware(({ ctx, next }) => {
  if (ctx.actor?.kind !== "user") throw refuse("FORBIDDEN", "API tokens cannot manage an account (tokens, sessions, password, two-factor): sign in");
  return next();
});

/** Where two-factor is required, a user without it may only manage their own account. */
export const requireTwoFactorIfMandated = t.middleware(({ ctx, next }) => {
  if (ctx.actor?.mustSetUpTwoFactor) throw refuse("FORBIDDEN", twoFactorRequired(ctx.actor.kind));
  return next();
});

/** The refusal of a permission check: the same words for a procedure and for one bulk target. */
export function permissionDenied(permission: Permission, hostId?: string): TRPCError {
  return refuse("FORBIDDEN", `permission ${permission} is required${hostId ? ` on host ${hostId}` : ""}`);
}

/** The validated input's host (if it names one) goes on the call's audit record. */
export const noteInputHost = t.middleware(({ ctx, input, next }) => {
  const hostId = field(input, "hostId");
  if (hostId) ctx.auditNote.hostId = hostId;
  return next();
});

/**
 * The permission check. It runs after the input is parsed and reads only the validated input:
 * `global` ignores any host, `host` uses the input's `hostId`, `anywhere` needs the permission on
 * some host (and on the input's `hostId` when it names one).
 */
export function requirePermission(permission: Permission, scope: PermissionScope) {
  return t.middleware(({ ctx, input, next }) => {
    const hostId = scope === "global" ? undefined : (field(input, "hostId") ?? undefined);
    if (scope === "host" && hostId === undefined) throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "a host procedure without a validated hostId" });
    const allowed = scope === "anywhere" && hostId === undefined ? (ctx.actor?.access.canAnywhere(permission) ?? false) : can(ctx.actor, permission, hostId);
    if (!allowed) throw permissionDenied(permission, hostId);
    return next();
  });
}
