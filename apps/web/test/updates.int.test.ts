import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkFleetForUpdates, claimTick, createEnrollmentToken, createRegistryCredential, fleetUpdateStatus, SecretBox, updateUpdateSettings, type ContainerUpdate } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { buildTestImage } from "@dockmaster/docker/testing";
import { registryApi } from "./registry-api";
import { removeDir, signedInClient, signedInUser, spawnAgent, startTestPlane, testEngines, testImage, trpcFailure, waitFor, type AgentProcess } from "./support";

/**
 * Update detection against the testbed's real registry (distribution 2.8, basic auth), with two
 * real engines running the same tag: one registry request per distinct tag for the whole fleet, a
 * re-pushed tag detected on both hosts, a multi-platform index compared index to index (no false
 * positive), a locally built image "not checkable"; then *Update* recreates a container from the
 * new image, audited with both digests.
 */
const address = process.env.DOCKMASTER_TEST_REGISTRY!;
const username = process.env.DOCKMASTER_TEST_REGISTRY_USER!;
const password = process.env.DOCKMASTER_TEST_REGISTRY_PASSWORD!;
const run = randomBytes(3).toString("hex");
const repo = `dm-upd-${run}`;
const tagged = `${address}/${repo}:1`;
const multi = `${address}/${repo}:multi`;
const local = `dm-upd-local-${run}:1`;
const secretKey = randomBytes(32);
const api = registryApi(address, username, password);
const engines = testEngines().slice(0, 2).map((dockerHost) => createEngine(engineConfigFromEnv({ dockerHost })));
const auth = { username, password, serveraddress: address };

let plane: Awaited<ReturnType<typeof startTestPlane>>;
const agents: AgentProcess[] = [];
const hostIds: string[] = [];
let admin: ReturnType<typeof signedInClient>;
/** The v1 manifest digest (also the amd64 entry of the index). */
let v1Digest = "";
const containerIds: Array<{ engine: number; id: string }> = [];

/** fetch that counts the requests the update check sends, per method and path. */
function countingFetch() {
  const requests: string[] = [];
  const fn = ((input: string | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    requests.push(`${init?.method ?? "GET"} ${url.pathname}`);
    return fetch(input, init);
  }) as typeof fetch;
  return { fn, requests, manifestRequests: () => requests.filter((r) => r.includes("/manifests/")) };
}

const drain = async (events: AsyncIterable<unknown>) => {
  for await (const _ of events) void _;
};

async function run_(engine: number, image: string, name: string) {
  const created = await admin.containers.create.mutate({ hostId: hostIds[engine]!, spec: { image, name: `${name}-${run}`, cmd: ["sleep", "3600"] }, start: true });
  containerIds.push({ engine, id: created.id });
  return created.id;
}

const statusOf = async (containerId: string): Promise<ContainerUpdate | undefined> => (await fleetUpdateStatus(plane.db, {})).containers.find((c) => c.containerId === containerId);

beforeAll(async () => {
  plane = await startTestPlane(undefined, 0, undefined, { secretKey });
  for (const [i, dockerHost] of testEngines().slice(0, 2).entries()) {
    agents.push(spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKER_HOST: dockerHost, DOCKMASTER_AGENT_STATE: join(plane.dir, `agent-${i}.json`), DOCKMASTER_ENROLL_TOKEN: (await createEnrollmentToken(plane.db, { hostName: `upd-${i}` })).token }));
    hostIds.push((await waitFor(() => plane.db.host.findFirst({ where: { name: `upd-${i}`, status: "online" } }), `agent ${i} online`, 20_000)).id);
  }
  admin = signedInClient(plane.port, (await signedInUser(plane.db, "admin", [{ role: "admin" }])).cookie);
  await createRegistryCredential(plane.db, new SecretBox(secretKey), { name: "testbed", serverAddress: address, username, password }, null);
  // A short health watch after *Update* (the container has no healthcheck: it must keep running that long).
  await updateUpdateSettings(plane.db, { plainHttpRegistries: [address], healthTimeoutSeconds: 2 });

  // v1 built on engine 0, pushed; engine 1 pulls it. A multi-platform index whose amd64 entry is v1.
  await buildTestImage(testEngines()[0]!, tagged, { Dockerfile: `FROM ${testImage()}\nLABEL run=${run} version=1\n` });
  await drain(engines[0]!.pushImage(tagged, { auth, signal: AbortSignal.timeout(60_000) }));
  const amd64 = await api.manifest(repo, "1");
  v1Digest = amd64.digest;
  const arm64 = await api.variant(repo, "1", (config) => void (config.architecture = "arm64"));
  await api.putIndex(repo, "multi", [
    { mediaType: "application/vnd.docker.distribution.manifest.v2+json", digest: amd64.digest, size: Buffer.byteLength(JSON.stringify(amd64.document)), platform: { architecture: "amd64", os: "linux" } },
    { ...arm64, platform: { architecture: "arm64", os: "linux" } },
  ]);
  await drain(engines[1]!.pullImage(tagged, { auth, signal: AbortSignal.timeout(60_000) }));
  await drain(engines[0]!.pullImage(multi, { auth, signal: AbortSignal.timeout(60_000) }));
  await buildTestImage(testEngines()[1]!, local, { Dockerfile: `FROM ${testImage()}\nLABEL run=${run} local=yes\n` });
}, 120_000);

afterAll(async () => {
  for (const { engine, id } of containerIds) await engines[engine]!.removeContainer(id, { force: true }).catch(() => undefined);
  const updated = await plane?.db.snapshotContainer.findMany({ where: { name: { endsWith: run } } });
  for (const c of updated ?? []) await engines[hostIds.indexOf(c.hostId)]?.removeContainer(c.containerId, { force: true }).catch(() => undefined);
  for (const engine of engines) for (const ref of [tagged, multi, local]) await engine.removeImage(ref, { force: true }).catch(() => undefined);
  for (const agent of agents) await agent.stop();
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

describe("image update detection", () => {
  let onHost0 = "";
  let onHost1 = "";
  let onMulti = "";
  let onLocal = "";

  it("checks each distinct tag once for the whole fleet; a multi-platform index is current; a local build is not checkable", async () => {
    onHost0 = await run_(0, tagged, "app-a");
    onHost1 = await run_(1, tagged, "app-b");
    onMulti = await run_(0, multi, "multi");
    onLocal = await run_(1, local, "local");
    const seen = async () => {
      const [a, b, m, l] = await Promise.all([onHost0, onHost1, onMulti, onLocal].map(statusOf));
      return [a, b, m].every((s) => s?.status.state === "unchecked") && l !== undefined;
    };
    await waitFor(seen, "the snapshots to show the four containers with their images' digests", 20_000);

    const counted = countingFetch();
    const summary = await checkFleetForUpdates(plane.db, new SecretBox(secretKey), { force: true, fetch: counted.fn });
    expect(summary.failed).toEqual([]);
    expect(summary.tags).toBe(2);
    // One HEAD per distinct tag though :1 runs on two hosts; plus one GET /v2/ learning the auth scheme.
    expect(counted.manifestRequests().sort()).toEqual([`HEAD /v2/${repo}/manifests/1`, `HEAD /v2/${repo}/manifests/multi`]);
    expect(counted.requests.filter((r) => r === "GET /v2/")).toHaveLength(1);

    expect((await statusOf(onHost0))?.status).toMatchObject({ state: "current", remoteDigest: v1Digest });
    expect((await statusOf(onHost1))?.status).toMatchObject({ state: "current" });
    const multiStatus = (await statusOf(onMulti))!.status;
    expect(multiStatus.state).toBe("current"); // the index digest on both sides, never index vs platform manifest
    // Engine 0's image was pulled as :1 and as :multi: it carries the manifest's AND the index's digest.
    expect(multiStatus.localDigests).toContain(multiStatus.remoteDigest);
    expect(multiStatus.remoteDigest).not.toBe(v1Digest);
    expect((await statusOf(onLocal))?.status).toMatchObject({ state: "notCheckable", reason: (expect.stringContaining("built locally") as string) });

    const operation = await plane.db.operation.findUniqueOrThrow({ where: { id: summary.operationId } });
    expect(operation).toMatchObject({ action: "updates.check", status: "succeeded", targetName: "2 tags, 2 asked, 0 with an update" });
  });

  let v2Digest = "";
  it("a new image pushed under the same tag is detected on both hosts with one registry request for that tag", async () => {
    v2Digest = (await api.variant(repo, "1", (config) => void ((config.config as { Labels: Record<string, string> }).Labels.version = "2"), "1")).digest;
    const counted = countingFetch();
    const summary = await checkFleetForUpdates(plane.db, new SecretBox(secretKey), { force: true, fetch: counted.fn });
    expect(counted.manifestRequests().filter((r) => r.endsWith("/manifests/1"))).toHaveLength(1);
    expect(summary.updates).toBe(2);
    for (const id of [onHost0, onHost1]) expect((await statusOf(id))?.status).toMatchObject({ state: "available", remoteDigest: v2Digest, localDigests: (expect.arrayContaining([v1Digest]) as string[]) });
    expect((await statusOf(onMulti))?.status.state).toBe("current");
    // The same answer through the API, filtered to what has an update.
    const listed = await admin.updates.status.query({ onlyAvailable: true });
    expect(listed.containers.map((c) => c.containerId).sort()).toEqual([onHost0, onHost1].sort());
  });

  it("*Update* pulls the new image and recreates the container with the same configuration, audited with both digests", async () => {
    const before = await engines[0]!.inspectContainer(onHost0);
    const result = await admin.updates.container.mutate({ hostId: hostIds[0]!, id: onHost0 });
    expect(result).toMatchObject({ updated: true, oldDigests: (expect.arrayContaining([v1Digest]) as string[]), newDigests: [v2Digest] });
    const after = await engines[0]!.inspectContainer(result.containerId);
    expect(after.Name).toBe(before.Name);
    expect((after.Config as { Cmd: string[] }).Cmd).toEqual(["sleep", "3600"]);
    expect((after.Config as { Image: string }).Image).toBe(tagged);
    expect((after.State as { Running: boolean }).Running).toBe(true);
    expect((await engines[0]!.inspectImage(String(after.Image))).repoDigests).toContain(`${address}/${repo}@${v2Digest}`);
    await expect(engines[0]!.inspectContainer(onHost0)).rejects.toThrow(); // the old one is gone
    const audit = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "updates.container", result: "ok" } });
    expect(JSON.parse(audit.params)).toMatchObject({ oldDigests: (expect.arrayContaining([v1Digest]) as string[]), newDigests: [v2Digest], updated: true });
  });
});


describe("the check's schedule", () => {
  it("refuses a cron expression that cannot work, naming the field", async () => {
    const refused = await trpcFailure(admin.updates.setSettings.mutate({ schedule: "every tuesday" }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toMatch(/^schedule: "every tuesday" is not a cron expression/);
    expect(await admin.updates.setSettings.mutate({ schedule: "*/15 * * * *" })).toMatchObject({ schedule: "*/15 * * * *", plainHttpRegistries: [address] });
  });

  it("runs each scheduled tick on one instance only", async () => {
    const tick = new Date("2030-01-01T00:15:00Z");
    const claims = await Promise.all([claimTick(plane.db, tick), claimTick(plane.db, tick)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimTick(plane.db, new Date("2030-01-01T00:30:00Z"))).toBe(true);
  });
});
