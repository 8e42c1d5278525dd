import { z } from "zod";
import { getHost, type Permission } from "@dockmaster/core";
import { aroundOperation } from "./docker-action";
import { strictInput, type InputSpec, type ParserOf } from "./input";
import { t, type PermissionScope } from "./trpc";
import { auditAndMapErrors, noteInputHost, requirePermission, requirePerson, requireSession, requireTwoFactorIfMandated } from "./middleware";

/**
 * How a procedure declares who may call it and what it takes. Each helper takes the input's
 * shape (or a schema) and builds a STRICT parser (unknown keys → 400 naming them; lone surrogates
 * → 400 naming the field). Authorization runs after parsing and reads only the validated input:
 *
 *   publicProcedure(input?)                       sign-in flows only
 *   sessionProcedure(input?)                      anyone signed in (session or API token)
 *   accountProcedure(input?, { twoFactor? })      one's own account: sessions only, never a token
 *   globalProcedure(permission, input?, opts?)    permission held globally; takes no host to be checked on
 *   anywhereProcedure(permission, input?)         a list filtered per host: held somewhere, and on the
 *                                                 validated `hostId` when the input names one
 *   hostProcedure(permission, shape?, opts?)      permission on the validated `hostId` (added to the
 *                                                 shape); the host must exist; an engine mutation is an
 *                                                 Operation (opts.engine, default true)
 *
 * Never chain `.input()` onto these: the strict parser already refuses any key it did not declare.
 */
const base = t.procedure.use(auditAndMapErrors);

export function publicProcedure<I extends InputSpec | undefined = undefined>(input?: I) {
  return base.meta({ access: { kind: "public" } }).input(strictInput(input) as ParserOf<I>).use(noteInputHost);
}

export function sessionProcedure<I extends InputSpec | undefined = undefined>(input?: I) {
  return base.meta({ access: { kind: "session" } }).use(requireSession).input(strictInput(input) as ParserOf<I>).use(noteInputHost);
}

/** `twoFactor`: also refused while two-factor is required and the user has not set it up (e.g. minting a token). */
export function accountProcedure<I extends InputSpec | undefined = undefined>(input?: I, options: { twoFactor?: boolean } = {}) {
  const twoFactor = options.twoFactor ?? false;
  const checked = base.meta({ access: { kind: "account", twoFactor } }).use(requireSession).use(requirePerson);
  return (twoFactor ? checked.use(requireTwoFactorIfMandated) : checked).input(strictInput(input) as ParserOf<I>).use(noteInputHost);
}

function permissionProcedure<I extends InputSpec | undefined>(permission: Permission, scope: PermissionScope, input: I, engine: boolean) {
  return base
    .meta({ access: { kind: "permission", permission, scope }, engine })
    .use(requireSession)
    .use(requireTwoFactorIfMandated)
    .input(strictInput<I>(input))
    .use(noteInputHost)
    .use(requirePermission(permission, scope));
}

/** `engine`: a mutation that asks an agent (kept out of a database transaction). */
export function globalProcedure<I extends InputSpec | undefined = undefined>(permission: Permission, input?: I, options: { engine?: boolean } = {}) {
  return permissionProcedure(permission, "global", input as I, options.engine ?? false);
}

/** `engine`: work that goes on outside a database transaction (a fleet deploy's batch runs on after the call). */
export function anywhereProcedure<I extends InputSpec | undefined = undefined>(permission: Permission, input?: I, options: { engine?: boolean } = {}) {
  return permissionProcedure(permission, "anywhere", input as I, options.engine ?? false);
}

export const HostId = z.string().min(1).max(100);

/**
 * A procedure about one host: checks `permission` on the validated `hostId` and that the host
 * exists (NOT_FOUND otherwise). A connected agent proves its host exists and is not revoked
 * (revoking closes its socket), which spares the database a query on every call to a live host.
 * An engine mutation (`engine`, the default; false for the inventory's own edits) gets an
 * Operation, running before the agent is asked and completed after (`ownOperations`: the procedure
 * starts its own, for work that goes on after it answers). `revoked`: a revoked host is
 * accepted too (removing one is what an admin does most); the procedure checks existence itself.
 */
export function hostProcedure<S extends z.ZodRawShape = Record<never, never>>(permission: Permission, shape?: S | z.ZodObject<S>, options: { engine?: boolean; revoked?: boolean; ownOperations?: boolean } = {}) {
  const engine = options.engine ?? true;
  // `ownOperations`: an engine mutation that starts its own Operations to run in the background (a stack deploy): none around the call.
  const wrapped = engine && !(options.ownOperations ?? false);
  const revoked = options.revoked ?? false;
  // An object schema keeps its refinements (safeExtend); a shape becomes a strict object.
  const withHost: z.ZodType = shape instanceof z.ZodObject ? (shape as z.ZodObject).safeExtend({ hostId: HostId }).strict() : z.strictObject({ hostId: HostId, ...shape });
  const input = strictInput(withHost) as unknown as z.ZodObject<{ hostId: typeof HostId } & S, z.core.$strict>;
  return base
    .meta({ access: { kind: "permission", permission, scope: "host" }, engine })
    .use(requireSession)
    .use(requireTwoFactorIfMandated)
    .input(input)
    .use(noteInputHost)
    .use(requirePermission(permission, "host"))
    .use(async ({ ctx, input, next, type, path }) => {
      const { hostId } = input as { hostId: string };
      if (!revoked && !ctx.hub.isOnline(hostId)) await getHost(ctx.db, hostId);
      if (type !== "mutation" || !wrapped) return next();
      // A Docker action: its Operation exists (running) before the agent is asked, and is completed after.
      const start = { hostId, action: path, actor: ctx.actor && { id: ctx.actor.id, name: ctx.actor.username }, correlationId: ctx.requestId };
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
