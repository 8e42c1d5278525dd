import { describe, expect, it } from "vitest";
import { isPermission } from "@dockmaster/core";
import { appRouter } from "./root";
import type { ProcedureMeta } from "./trpc";

// Only these may be called without a session: everything else must name a catalogued permission.
// auth.providers: the login page's single sign-on buttons (names of enabled providers, nothing secret).
const PUBLIC = new Set(["auth.status", "auth.setup", "auth.login", "auth.loginTotp", "auth.acceptInvitation", "auth.providers"]);
const SESSION_ONLY = new Set(["auth.logout", "roles.catalogue", "roles.list", "me.access", "me.sessions", "me.revokeSession", "me.changePassword", "me.tokens", "me.createToken", "me.revokeToken", "me.twoFactor", "me.beginTwoFactor", "me.confirmTwoFactor", "me.disableTwoFactor", "settings.get", "bulk.get", "bulk.recent"]);

// Only these mutations may declare `readOnly` (audited as queries): pure checks that need a POST body.
const READ_ONLY_MUTATIONS = new Set(["stacks.validate"]);

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } }>);

describe("audit exemptions", () => {
  it("only the listed pure checks are read-only mutations (every other mutation is audited)", () => {
    const readOnly = procedures.filter(([, p]) => p._def.meta?.readOnly).map(([path]) => path);
    expect(readOnly).toEqual([...READ_ONLY_MUTATIONS]);
  });
});

describe("every procedure declares its access", () => {
  it("finds the procedures", () => {
    expect(procedures.length).toBeGreaterThan(10);
  });

  it.each(procedures)("%s", (path, procedure) => {
    const access = procedure._def.meta?.access;
    expect(access, `${path} declares no access`).toBeDefined();
    if (access?.kind === "public") expect(PUBLIC.has(path), `${path} must not be public`).toBe(true);
    else if (access?.kind === "session" || access?.kind === "account") expect(SESSION_ONLY.has(path), `${path} must name a permission`).toBe(true);
    else expect(isPermission(access?.kind === "permission" ? access.permission : ""), `${path}: unknown permission`).toBe(true);
  });
});
