import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { AccessRefused, appRouter, createCaller, type Access } from "@dockmaster/api";
import { builtInRoleId, BUILT_IN_ROLES, createApiToken, loadAccess, resolveApiToken, type Actor, type BuiltInRole, type Permission } from "@dockmaster/core";
import type { z } from "zod";
import { removeDir, signedInUser, startTestPlane } from "./support";
import { callerContext } from "./authz-support";
import { PROCEDURES } from "./procedure-http";
import { SAMPLE_INPUTS } from "./procedure-samples";

/**
 * The authorization matrix's adversarial variants (issue 13), generated from the router so a new
 * procedure is covered without touching this file:
 *  - extra keys (hostId, userId, roleId, scopeType) the procedure does not declare → 400 naming
 *    the key, for every caller that gets as far as the input; never allowed;
 *  - an API token of each built-in role × scope (global, host A only, host B only), a host-scoped
 *    admin (admin on host A only), a host-A token whose owner holds only host B, and a
 *    password-only session under required two-factor → allow or deny exactly as the procedure's
 *    declared access says.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let hostA: string;
let hostB: string;

type Scope = "global" | "hostA" | "hostB";
interface Caller {
  name: string;
  actor: Actor;
  /** Permissions held globally and per host (what the declared access is checked against). */
  holds(permission: Permission, host?: string): boolean;
  holdsAnywhere(permission: Permission): boolean;
}
const callers: Caller[] = [];
const ROLES = Object.keys(BUILT_IN_ROLES) as BuiltInRole[];
const roleHas = (role: BuiltInRole, permission: Permission) => (BUILT_IN_ROLES[role].permissions as readonly Permission[]).includes(permission);

beforeAll(async () => {
  plane = await startTestPlane();
  hostA = (await plane.db.host.create({ data: { name: "host-a" } })).id;
  hostB = (await plane.db.host.create({ data: { name: "host-b" } })).id;
  const owner = await signedInUser(plane.db, "token-owner", [{ role: "admin" }]); // the token's limits are what is under test
  for (const role of ROLES) {
    for (const scope of ["global", "hostA", "hostB"] as Scope[]) {
      const hostIds = scope === "global" ? null : [scope === "hostA" ? hostA : hostB];
      const { token } = await createApiToken(plane.db, owner.id, { name: `${role}-${scope}`, roleId: builtInRoleId(role), hostIds, expiresAt: null });
      const reaches = (host?: string) => hostIds === null || (host !== undefined && hostIds.includes(host));
      callers.push({ name: `${role} token (${scope})`, actor: (await resolveApiToken(plane.db, token))!, holds: (p, host) => roleHas(role, p) && reaches(host), holdsAnywhere: (p) => roleHas(role, p) });
    }
  }
  // A token limited to host A whose owner has since lost host A (admin on host B only): it holds nothing,
  // anywhere-lists included (createApiToken skips the within-own-access check mintApiToken makes).
  const movedOwner = await signedInUser(plane.db, "moved-owner", [{ role: "admin", hostId: hostB }]);
  const { token: strandedToken } = await createApiToken(plane.db, movedOwner.id, { name: "stranded", roleId: builtInRoleId("admin"), hostIds: [hostA], expiresAt: null });
  callers.push({ name: "admin token (hostA) whose owner is admin on host B only", actor: (await resolveApiToken(plane.db, strandedToken))!, holds: () => false, holdsAnywhere: () => false });
  const hostAdmin = await signedInUser(plane.db, "host-admin", [{ role: "admin", hostId: hostA }]);
  callers.push({ name: "admin on host A only", actor: { kind: "user", id: hostAdmin.id, username: "host-admin", access: await loadAccess(plane.db, hostAdmin.id) }, holds: (_p, host) => host === hostA, holdsAnywhere: () => true });
  // What resolveSession gives a user without two-factor while it is required (two-factor-credentials.int covers that resolution).
  const passwordOnly = await signedInUser(plane.db, "password-only", [{ role: "admin" }]);
  callers.push({ name: "password-only session under required two-factor", actor: { kind: "user", id: passwordOnly.id, username: "password-only", access: await loadAccess(plane.db, passwordOnly.id), mustSetUpTwoFactor: true }, holds: () => true, holdsAnywhere: () => true });
});
afterAll(async () => {
  await plane.close();
  removeDir(plane.dir);
});

function sampleFor(path: string): unknown {
  const sample = SAMPLE_INPUTS[path];
  if (!sample) throw new Error(`no sample input for ${path}: add one to procedure-samples.ts`);
  return sample(hostA);
}

function expected(access: Access | undefined, caller: Caller, input: unknown): "allow" | "deny" {
  if (!access) throw new Error("no declared access");
  const token = caller.actor.kind === "token";
  const pending = caller.actor.mustSetUpTwoFactor === true;
  if (access.kind === "public" || access.kind === "session") return "allow";
  if (access.kind === "account") return token || (access.twoFactor && pending) ? "deny" : "allow";
  if (pending) return "deny";
  const host = input && typeof input === "object" && typeof (input as { hostId?: unknown }).hostId === "string" ? (input as { hostId: string }).hostId : undefined;
  if (access.scope === "global") return caller.holds(access.permission) ? "allow" : "deny";
  if (access.scope === "host") return caller.holds(access.permission, host) ? "allow" : "deny";
  return (host === undefined ? caller.holdsAnywhere(access.permission) : caller.holds(access.permission, host)) ? "allow" : "deny";
}

async function call(actor: Actor, path: string, input: unknown): Promise<unknown> {
  const [ns = "", name = ""] = path.split(".");
  const api = createCaller(callerContext(plane, actor, "adversarial")) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  return api[ns]![name]!(input);
}

/** Refused by the access layer (not a domain refusal such as a wrong password). */
const isAccessRefusal = (error: unknown) => error instanceof TRPCError && error.cause instanceof AccessRefused;

/** The keys a procedure's input declares at its top (an extra key added to the sample is not refused). */
function declares(path: string, key: string): boolean {
  const parser = (appRouter._def.procedures as unknown as Record<string, { _def: { inputs: z.ZodType[] } }>)[path]!._def.inputs[0]!;
  const sample = sampleFor(path);
  const result = parser.safeParse({ ...(sample && typeof sample === "object" ? sample : {}), [key]: "x" });
  return !(result.error?.issues ?? []).some((i) => i.code === "unrecognized_keys" && i.keys.includes(key));
}

describe("adversarial: an extra key is a 400 naming it, never allowed", () => {
  const EXTRA_KEYS = ["hostId", "userId", "roleId", "scopeType"];
  for (const { path, meta } of PROCEDURES) {
    it(path, async () => {
      const wrong: string[] = [];
      for (const caller of callers.filter((c) => ["admin token (global)", "admin token (hostA)", "viewer token (hostB)", "admin on host A only", "password-only session under required two-factor"].includes(c.name))) {
        for (const key of EXTRA_KEYS.filter((k) => !declares(path, k))) {
          const sample = sampleFor(path);
          const input = { ...(sample && typeof sample === "object" ? sample : {}), [key]: key === "hostId" ? hostA : "x" };
          const error = await call(caller.actor, path, input).then(
            () => null,
            (e: unknown) => (e instanceof Error ? e : new Error(JSON.stringify(e))),
          );
          const reachesInput = expected(meta?.access, caller, input) === "allow" || (meta?.access?.kind === "permission" && !caller.actor.mustSetUpTwoFactor);
          if (!error) wrong.push(`${caller.name} + ${key}: allowed`);
          else if (reachesInput && !(error instanceof TRPCError && error.code === "BAD_REQUEST" && error.message.includes(`unknown key "${key}"`))) wrong.push(`${caller.name} + ${key}: ${error.message}`);
          else if (!reachesInput && !isAccessRefusal(error)) wrong.push(`${caller.name} + ${key}: expected an access refusal, got ${error.message}`);
        }
      }
      expect(wrong, wrong.join("\n")).toEqual([]);
    });
  }
});

describe("adversarial: tokens of every role and scope, a host-scoped admin, a password-only session", () => {
  it("covers every procedure", () => expect(PROCEDURES.filter((p) => !SAMPLE_INPUTS[p.path]).map((p) => p.path)).toEqual([]));

  for (const { path, meta } of PROCEDURES) {
    it(path, async () => {
      const rows: string[] = [];
      for (const caller of callers) {
        const input = sampleFor(path);
        const want = expected(meta?.access, caller, input);
        const got = await call(caller.actor, path, input).then(
          () => "allow",
          (e: unknown) => (isAccessRefusal(e) ? "deny" : "allow"),
        );
        if (want !== got) rows.push(`${caller.name}: expected ${want}, got ${got}`);
      }
      expect(rows, rows.join("\n")).toEqual([]);
    });
  }
});
