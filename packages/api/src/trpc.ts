import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { Permission } from "@dockmaster/core";
import type { ApiContext } from "./context";
import { publicMessage } from "./errors";

/**
 * Every procedure declares who may call it, and where its permission applies:
 *  - `public`: anyone (sign-in flows only);
 *  - `session`: anyone signed in, by session or API token;
 *  - `account`: a person managing their own account — a session, never an API token (a token
 *    cannot mint, revoke or re-secure credentials); `twoFactor`: refused while two-factor is
 *    required and not yet set up;
 *  - `permission`: `scope` says where it is checked — `global` (held globally; the procedure
 *    takes no host), `host` (on the validated input's `hostId`), `anywhere` (held on some host;
 *    a list that filters per host, and the validated `hostId` when the input names one).
 * The authz tests walk the router and fail on a procedure without `access`.
 */
export type PermissionScope = "global" | "host" | "anywhere";
export type Access =
  | { kind: "public" }
  | { kind: "session" }
  | { kind: "account"; twoFactor: boolean }
  | { kind: "permission"; permission: Permission; scope: PermissionScope };
export interface ProcedureMeta {
  access?: Access;
  /**
   * A mutation that asks an agent (engine work): it runs outside a database transaction (a slow
   * engine must not hold one), and on a host it is an Operation. Declared, never guessed from input.
   */
  engine?: boolean;
  /**
   * What the audit trail keeps of this procedure's input, when the input holds content that must
   * not be kept whole (a stack's files: paths and their hash are kept, not the text). Applied to
   * every record of a call, refused and failed ones included; redaction still runs after it.
   */
  auditParams?: (raw: unknown) => unknown;
  /**
   * A mutation in transport only: it changes nothing (no database write, no engine call) and is a
   * POST because its input is too big for a URL (stacks.validate, called as the user types). It is
   * audited as a query is — its denials only — so typing does not flood the trail. Allowed only for
   * the procedures listed in authz-catalogue.test.ts (READ_ONLY_MUTATIONS).
   */
  readOnly?: true;
}

export const t = initTRPC
  .context<ApiContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error, ctx, path }) {
      return {
        ...shape,
        message: publicMessage(error, { requestId: ctx?.requestId, path }),
        data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path },
      };
    },
  });

export { TRPCError };
