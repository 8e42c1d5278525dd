import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { builtInRoleId, createApiToken } from "@dockmaster/core";
import { removeDir, signedInUser, startTestPlane } from "./support";

/**
 * An internal error (issue 13 follow-up): the client reads "internal error (reference <id>)",
 * the same id is in the x-request-id header, and the server log holds exactly one error line for
 * it, carrying that id: whether the failure happens inside a procedure or while the request's
 * context is built (resolving its token), before any procedure runs.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let cookie: string;
let token: string;

beforeAll(async () => {
  plane = await startTestPlane();
  const admin = await signedInUser(plane.db, "log-admin", [{ role: "admin" }]);
  cookie = admin.cookie;
  token = (await createApiToken(plane.db, admin.id, { name: "log", roleId: builtInRoleId("admin"), hostIds: null, expiresAt: null })).token;
});
afterAll(async () => {
  await plane.close();
  removeDir(plane.dir);
});

/** Calls a query over HTTP and collects the error lines the server (in this process) logs meanwhile. */
async function queryLogged(path: string, headers: Record<string, string>) {
  const written = vi.spyOn(process.stderr, "write"); // calls through: the lines still reach stderr
  try {
    const res = await fetch(`http://127.0.0.1:${plane.port}/api/trpc/${path}`, { headers });
    const body = (await res.json()) as { error: { json: { message: string } } };
    await new Promise((resolve) => setTimeout(resolve, 50)); // a log line written after the answer is counted too
    const lines = written.mock.calls.flatMap(([chunk]) => String(chunk).split("\n")).filter((l) => l.includes('"level":"error"'));
    return { status: res.status, header: res.headers.get("x-request-id"), message: body.error.json.message, lines };
  } finally {
    written.mockRestore();
  }
}

describe("an internal error is logged once, under the reference the client sees", () => {
  it("while the request's context is built (its API token cannot be read)", async () => {
    await plane.db.$executeRawUnsafe('DROP TABLE "ApiToken"'); // a real failure (this plane is thrown away after)
    const got = await queryLogged("teams.list", { authorization: `Bearer ${token}` });
    expect(got.status).toBe(500);
    expect(got.header).toMatch(/^[0-9a-f-]{36}$/);
    expect(got.message).toBe(`internal error (reference ${got.header})`);
    expect(got.lines).toHaveLength(1);
    expect(got.lines[0]).toContain(`"requestId":"${got.header}"`);
  });

  it("inside a procedure", async () => {
    await plane.db.$executeRawUnsafe('DROP TABLE "RegistryCredential"'); // read by the procedure only, not by the context
    const got = await queryLogged("registries.list", { cookie });
    expect(got.status).toBe(500);
    expect(got.message).toBe(`internal error (reference ${got.header})`);
    expect(got.lines).toHaveLength(1);
    expect(got.lines[0]).toContain(`"requestId":"${got.header}"`);
    expect(got.lines[0]).toContain('"path":"registries.list"');
  });
});
