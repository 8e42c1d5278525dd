import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Permission } from "@dockmaster/core";
import type { ApiContext } from "./context";
import { describeZodError } from "./errors";

/**
 * Every procedure declares who may call it. The authz test walks the router and fails on a
 * procedure without `access`, so nothing ships un-catalogued.
 */
export type Access = { kind: "public" } | { kind: "session" } | { kind: "permission"; permission: Permission };
export interface ProcedureMeta {
  access?: Access;
}

export const t = initTRPC
  .context<ApiContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zod = error.cause instanceof ZodError ? error.cause : null;
      return {
        ...shape,
        message: zod ? `invalid input: ${describeZodError(zod)}` : shape.message,
        data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path },
      };
    },
  });

export { TRPCError };
