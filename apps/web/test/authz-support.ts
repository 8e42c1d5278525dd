import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { ApiContext } from "@dockmaster/api";
import { SecretBox, type Actor } from "@dockmaster/core";
import type { startTestPlane } from "./support";

type Plane = Awaited<ReturnType<typeof startTestPlane>>;

/** A tRPC context for createCaller: the plane's real database, hub and audit log, and this actor. */
export function callerContext(plane: Plane, actor: Actor | null, requestId = "authz-test"): ApiContext {
  return {
    db: plane.db,
    hub: plane.hub,
    audit: plane.audit,
    secureCookies: false,
    notify: { accessChanged: () => undefined, userSignedOut: () => undefined, hostChanged: () => undefined },
    secrets: new SecretBox(randomBytes(32)),
    actor,
    sessionToken: null,
    client: { ip: "127.0.0.1", userAgent: "authz-test" },
    requestId,
    cookies: { get: () => undefined, set: () => undefined, clear: () => undefined },
    auditNote: {},
  };
}

/** The TRPCError a call ends with; fails if it succeeds. */
export async function refusal(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("the call was allowed");
}
