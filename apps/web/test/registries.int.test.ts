import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrollmentToken, createRegistryCredential, registryAuthFor, SecretBox } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { removeDir, signedInClient, signedInUser, spawnAgent, startTestPlane, testEngines, testImage, trpcFailure, waitFor, type AgentProcess } from "./support";

/**
 * Registry credentials against the testbed's real registry (distribution 2.8, htpasswd basic auth):
 * stored sealed, never listed, redacted in the audit trail, checked from a host's engine.
 */
function registryEnv() {
  const address = process.env.DOCKMASTER_TEST_REGISTRY;
  const username = process.env.DOCKMASTER_TEST_REGISTRY_USER;
  const password = process.env.DOCKMASTER_TEST_REGISTRY_PASSWORD;
  if (!address || !username || !password) throw new Error("DOCKMASTER_TEST_REGISTRY{,_USER,_PASSWORD} are not set: run through scripts/with-testbed.sh");
  return { address, username, password };
}

const registry = registryEnv();
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let agent: AgentProcess;
let hostId: string;
let admin: ReturnType<typeof signedInClient>;
let deployer: ReturnType<typeof signedInClient>;
let credentialId = "";

beforeAll(async () => {
  plane = await startTestPlane();
  agent = spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKER_HOST: testEngines()[0]!, DOCKMASTER_AGENT_STATE: join(plane.dir, "agent.json"), DOCKMASTER_ENROLL_TOKEN: (await createEnrollmentToken(plane.db, {})).token });
  hostId = (await waitFor(() => plane.db.host.findFirst({ where: { status: "online" } }), "agent online", 15_000)).id;
  admin = signedInClient(plane.port, (await signedInUser(plane.db, "admin", [{ role: "admin" }])).cookie);
  deployer = signedInClient(plane.port, (await signedInUser(plane.db, "deployer", [{ role: "deployer" }])).cookie);
});
afterAll(async () => {
  await agent?.stop();
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

describe("registry credentials", () => {
  it("stores the password sealed and never lists it, not even sealed", async () => {
    const created = await admin.registries.create.mutate({ name: "testbed", serverAddress: `http://${registry.address}/`, username: registry.username, password: registry.password });
    credentialId = created.id;
    expect(created).toMatchObject({ name: "testbed", host: registry.address, username: registry.username });
    const row = await plane.db.registryCredential.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.passwordSealed).not.toBe(registry.password);
    expect(row.passwordSealed).not.toContain(registry.password);
    expect(row.passwordSealed).toMatch(/^v1\./);
    const list = await admin.registries.list.query();
    expect(list).toHaveLength(1);
    const text = JSON.stringify(list);
    expect(text).not.toContain(registry.password);
    expect(text).not.toContain(row.passwordSealed);
    expect(Object.keys(list[0]!).filter((k) => /pass/i.test(k))).toEqual([]);
    // One credential per registry host: that is what image references are matched on.
    const twice = await trpcFailure(admin.registries.create.mutate({ name: "again", serverAddress: registry.address, username: "x", password: "y" }));
    expect(twice).toMatchObject({ code: "CONFLICT" });
    expect(twice.message).toContain("already has credentials (testbed)");
  });

  it("redacts the password in the audit trail", async () => {
    const rows = await plane.db.auditEvent.findMany({ where: { action: { startsWith: "registries." } } });
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) expect(r.params).not.toContain(registry.password);
    const create = rows.find((r) => r.action === "registries.create" && r.result === "ok")!;
    expect(JSON.parse(create.params)).toMatchObject({ password: "[redacted]", username: registry.username });
    expect(create).toMatchObject({ targetType: "registry", targetName: "testbed" });
  });

  it("tests stored credentials from a host's engine; wrong ones fail with a clear message", async () => {
    expect(await admin.registries.test.mutate({ hostId, id: credentialId })).toEqual({ status: "Login Succeeded" });
    const wrong = await trpcFailure(admin.registries.test.mutate({ hostId, serverAddress: registry.address, username: registry.username, password: "wrong-password" }));
    expect(wrong.code).toBe("BAD_GATEWAY");
    expect(wrong.message).toBe(`login to ${registry.address} failed: login attempt to http://${registry.address}/v2/ failed with status: 401 Unauthorized`);
    const audit = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "registries.test", result: "error" } });
    expect(audit.params).not.toContain("wrong-password");
    // A changed password is used from then on: a wrong one now fails the stored credential's test.
    await admin.registries.update.mutate({ id: credentialId, password: "wrong-password" });
    expect((await trpcFailure(admin.registries.test.mutate({ hostId, id: credentialId }))).message).toMatch(/401 Unauthorized/);
    await admin.registries.update.mutate({ id: credentialId, password: registry.password });
    expect(await admin.registries.test.mutate({ hostId, id: credentialId })).toEqual({ status: "Login Succeeded" });
  });

  it("needs registry.manage: a deployer can neither list nor test", async () => {
    expect(await trpcFailure(deployer.registries.list.query())).toMatchObject({ code: "FORBIDDEN", message: "permission registry.manage is required" });
    expect((await trpcFailure(deployer.registries.test.mutate({ hostId, id: credentialId }))).code).toBe("FORBIDDEN");
  });

  it("deletes", async () => {
    expect(await admin.registries.delete.mutate({ id: credentialId })).toEqual({ id: credentialId, name: "testbed" });
    expect(await admin.registries.list.query()).toEqual([]);
    expect((await trpcFailure(admin.registries.delete.mutate({ id: credentialId }))).code).toBe("NOT_FOUND");
  });
});

describe("registryAuthFor", () => {
  it("finds the credential of an image's registry, decrypted, and a push and pull with it work", async () => {
    const box = new SecretBox(randomBytes(32));
    await createRegistryCredential(plane.db, box, { name: "for-push", serverAddress: registry.address, username: registry.username, password: registry.password }, null);
    const ref = `${registry.address}/dm-auth-${randomBytes(3).toString("hex")}:1`;
    const auth = await registryAuthFor(plane.db, box, ref);
    expect(auth).toEqual({ username: registry.username, password: registry.password, serveraddress: registry.address });
    expect(await registryAuthFor(plane.db, box, "busybox:latest")).toBeNull();
    // Sealed under another key: a clear refusal, not garbage.
    await expect(registryAuthFor(plane.db, new SecretBox(randomBytes(32)), ref)).rejects.toThrow(/cannot be decrypted/);

    const [first, second] = testEngines();
    const one = createEngine(engineConfigFromEnv({ dockerHost: first }));
    const two = createEngine(engineConfigFromEnv({ dockerHost: second }));
    const [repo, tag] = [ref.slice(0, ref.lastIndexOf(":")), "1"];
    await one.tagImage(testImage(), repo, tag);
    try {
      const signal = AbortSignal.timeout(60_000);
      for await (const event of one.pushImage(ref, { auth: auth!, signal })) expect(event.status).not.toMatch(/denied|unauthorized/i);
      const pulled: string[] = [];
      for await (const event of two.pullImage(ref, { auth: auth!, signal })) pulled.push(event.status);
      expect(pulled.join("\n")).toMatch(/Downloaded newer image|Image is up to date/);
      expect((await two.inspectImage(ref)).id).toBe((await one.inspectImage(testImage())).id);
    } finally {
      await one.removeImage(ref, { force: false }).catch(() => undefined);
      await two.removeImage(ref, { force: false }).catch(() => undefined);
    }
  });
});
