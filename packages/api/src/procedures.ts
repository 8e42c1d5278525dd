import { z } from "zod";
import { getHost, type Permission } from "@dockmaster/core";
import { aroundOperation } from "./docker-action";
import { t } from "./trpc";
import { auditAndMapErrors, isDockerAction, requirePermission, requireSession, requireTwoFactorIfMandated } from "./middleware";

const base = t.procedure.use(auditAndMapErrors);

/** No session needed: only auth.status, auth.setup and auth.login. */
export const publicProcedure = base.meta({ access: { kind: "public" } });

/** Any signed-in user, for actions on their own session. */
export const sessionProcedure = base.meta({ access: { kind: "session" } }).use(requireSession);

/** A signed-in user holding `permission` (on the input's host, when it names one). */
export function withPermission(permission: Permission, options: { anywhere?: boolean } = {}) {
  return base.meta({ access: { kind: "permission", permission } }).use(requireSession).use(requireTwoFactorIfMandated).use(requirePermission(permission, options));
}

export const HostInput = z.object({ hostId: z.string().min(1).max(100) });

/**
 * A procedure about one host: validates `hostId`, checks `permission` on that host and that the
 * host exists (NOT_FOUND otherwise) in the same call. A connected agent proves its host exists
 * and is not revoked (revoking closes its socket), which spares the database a query on every
 * call to a live host.
 */
export function hostProcedure(permission: Permission) {
  return withPermission(permission)
    .input(HostInput)
    .use(async ({ ctx, input, next, type, path }) => {
      if (!ctx.hub.isOnline(input.hostId)) await getHost(ctx.db, input.hostId);
      if (type !== "mutation" || !isDockerAction(path, input.hostId)) return next();
      // A Docker action: its Operation exists (running) before the agent is asked, and is completed after.
      const start = { hostId: input.hostId, action: path, actor: ctx.actor && { id: ctx.actor.id, name: ctx.actor.username }, correlationId: ctx.requestId };
      return aroundOperation(
        ctx,
        start,
        (operationId) => {
          ctx.auditNote.operationId = operationId;
          return next();
        },
        (r) => (r.ok ? { ok: true } : { ok: false, error: r.error.message }),
        () => ctx.auditNote.target,
      );
    });
}
