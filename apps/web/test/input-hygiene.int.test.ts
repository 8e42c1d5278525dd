import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@dockmaster/api";
import { loadAccess, type Actor } from "@dockmaster/core";
import { callerContext, refusal } from "./authz-support";
import { removeDir, signedInUser, startTestPlane } from "./support";
import { callOverHttp, INTERNAL_TEXT, PROCEDURES, replaceAt, stringPaths } from "./procedure-http";
import { SAMPLE_INPUTS } from "./procedure-samples";

/**
 * Issue 13, finding 11 (tRPC part): a lone surrogate ("\ud800") in an id field answered HTTP 500
 * with Prisma's internal error text (72 cases). Generated from the router: every string of every
 * procedure's sample input, replaced by a lone surrogate, must be a 400 naming that field — never
 * a 5xx, never internal text. And a refused input's audit record reads like the 400 (not zod's
 * JSON) and names its target.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let hostA: string;
let cookie: string;
let adminId: string;

beforeAll(async () => {
  plane = await startTestPlane();
  hostA = (await plane.db.host.create({ data: { name: "host-a" } })).id;
  ({ cookie, id: adminId } = await signedInUser(plane.db, "hygiene-admin", [{ role: "admin" }]));
});
afterAll(async () => {
  await plane.close();
  removeDir(plane.dir);
});

const CASES = PROCEDURES.flatMap(({ path, type }) => {
  const sample = SAMPLE_INPUTS[path];
  if (!sample) throw new Error(`no sample input for ${path}: add one to procedure-samples.ts`);
  return stringPaths(sample("host")).map((field) => ({ path, type, field }));
});

describe("a lone surrogate in any string input", () => {
  it("has cases for most procedures", () => expect(CASES.length).toBeGreaterThan(100));

  it("is a 400 naming the field, never a 5xx or internal text, in every procedure", async () => {
    const wrong: string[] = [];
    for (const { path, type, field } of CASES) {
      const input = replaceAt(SAMPLE_INPUTS[path]!(hostA), field, "a\ud800b");
      const got = await callOverHttp(plane.port, path, type, input, { cookie });
      const named = got.message.includes(field.join("."));
      if (got.status !== 400 || !named || INTERNAL_TEXT.test(got.body)) wrong.push(`${path} ${field.join(".")}: ${got.status} ${got.message.slice(0, 200)}`);
    }
    expect(wrong, wrong.join("\n")).toEqual([]);
  });
});

describe("the audit record of a refused input", () => {
  it("stores the readable message and the target the input names (the network form)", async () => {
    const got = await callOverHttp(plane.port, "networks.create", "mutation", { hostId: hostA, spec: { name: "web-net", subnet: "10.1.2.300/24" } }, { cookie });
    expect(got.status).toBe(400);
    expect(got.message).toMatch(/^invalid input: spec\.subnet: /);
    const record = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "networks.create" }, orderBy: { seq: "desc" } });
    expect(record).toMatchObject({ result: "error", error: got.message, targetType: "networks", targetName: "web-net" });
    expect(record.error).not.toMatch(/^\[|"code"/); // not zod's JSON
  });

  it("stores a lone surrogate's record too (made well-formed), naming the field", async () => {
    // Over HTTP the edge refuses the body before any procedure (trpc-edge.ts); an in-process call
    // (a page's server render) reaches the procedure's own parser, which refuses and records it.
    const overHttp = await callOverHttp(plane.port, "volumes.remove", "mutation", { hostId: hostA, name: "vol\ud800" }, { cookie });
    expect(overHttp.status).toBe(400);
    expect(overHttp.message).toMatch(/unpaired surrogate .* in json\.name/);
    const actor: Actor = { kind: "user", id: adminId, username: "hygiene-admin", access: await loadAccess(plane.db, adminId) };
    const got = await refusal(createCaller(callerContext(plane, actor, "hygiene")).volumes.remove({ hostId: hostA, name: "vol\ud800" }));
    expect(got).toMatchObject({ code: "BAD_REQUEST", message: "invalid input: name: not a well-formed string (a lone UTF-16 surrogate or a NUL character)" });
    const record = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "volumes.remove" }, orderBy: { seq: "desc" } });
    expect(record).toMatchObject({ result: "error", targetName: "vol\ufffd", error: got.message, correlationId: "hygiene" });
  });
});

describe("an internal error", () => {
  it("reaches the client as a generic message with a reference, never the database's words", async () => {
    await plane.db.$executeRawUnsafe('DROP TABLE "TeamMember"'); // a real failure, while the session's access is read (this plane is thrown away after)
    const got = await callOverHttp(plane.port, "teams.list", "query", undefined, { cookie });
    expect(got.status).toBe(500);
    expect(got.message).toMatch(/^internal error \(reference [0-9a-f-]{36}\)$/);
    expect(got.body).not.toMatch(INTERNAL_TEXT);
  });
});
