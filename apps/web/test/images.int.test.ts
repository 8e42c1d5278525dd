import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrollmentToken } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv, type Engine } from "@dockmaster/docker";
import { buildTestImage, FLAG_CONTENT, flagImageFiles } from "@dockmaster/docker/testing";
import { removeDir, signedInClient, signedInUser, spawnAgent, startTestPlane, testEngines, testImage, trpcFailure, waitFor, type AgentProcess } from "./support";

/**
 * Images end to end: tRPC → control plane → socket.io → real agent → real engine. The images here
 * are built under this run's repository name and removed afterwards.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let agent: AgentProcess;
let engine: Engine;
let hostId: string;
let deployer: ReturnType<typeof signedInClient>;
let viewer: ReturnType<typeof signedInClient>;
const REPO = `dm-webimg-${randomBytes(3).toString("hex")}`;
let flagId = "";

beforeAll(async () => {
  engine = createEngine(engineConfigFromEnv({ dockerHost: testEngines()[0] }));
  flagId = await buildTestImage(testEngines()[0]!, `${REPO}:flag`, flagImageFiles(testImage()));
  plane = await startTestPlane();
  agent = spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKER_HOST: testEngines()[0]!, DOCKMASTER_AGENT_STATE: join(plane.dir, "agent.json"), DOCKMASTER_ENROLL_TOKEN: (await createEnrollmentToken(plane.db, {})).token });
  hostId = (await waitFor(() => plane.db.host.findFirst({ where: { status: "online" } }), "agent online", 15_000)).id;
  deployer = signedInClient(plane.port, (await signedInUser(plane.db, "deployer", [{ role: "deployer" }])).cookie);
  viewer = signedInClient(plane.port, (await signedInUser(plane.db, "viewer", [{ role: "viewer" }])).cookie);
});
afterAll(async () => {
  for (const ref of [`${REPO}:flag`, `${REPO}:copy`, `${REPO}:dangle`]) await engine.removeImage(ref, { force: true }).catch(() => undefined);
  await agent?.stop();
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

describe("image detail", () => {
  it("shows each Dockerfile step next to its layer, the empty ENV step, and the whiteout with its hidden bytes", async () => {
    const report = await viewer.images.layers.query({ hostId, id: `${REPO}:flag` });
    expect(report.id).toBe(flagId);
    expect(report.truncated).toBeNull();
    const env = report.steps.find((s) => s.createdBy.includes("ENV X=1"));
    expect(env).toMatchObject({ emptyLayer: true, layer: null });
    const add = report.steps.find((s) => s.createdBy.includes("/flag.txt") && s.createdBy.includes("ADD"));
    const rm = report.steps.find((s) => s.createdBy.includes("rm /flag.txt"));
    expect(rm?.layer?.whiteouts).toEqual([
      { path: "/flag.txt", entry: ".wh.flag.txt", opaque: false, hidden: [{ layerIndex: add!.layer!.index, path: "/flag.txt", size: FLAG_CONTENT.length }], hiddenSize: FLAG_CONTENT.length, hiddenFiles: 1 },
    ]);
    expect(report.hiddenSize).toBe(FLAG_CONTENT.length);
  });

  it("inspects; an id that could escape the API path is refused before the agent", async () => {
    const info = await viewer.images.inspect.query({ hostId, id: flagId });
    expect(info).toMatchObject({ id: flagId, repoTags: [`${REPO}:flag`] });
    const bad = await trpcFailure(viewer.images.inspect.query({ hostId, id: "../../containers/json" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toMatch(/image id or a reference/);
  });
});

describe("tag, remove, prune", () => {
  it("tags with a validated repo:tag (image.build); a viewer may not", async () => {
    const bad = await trpcFailure(deployer.images.tag.mutate({ hostId, id: flagId, target: "Team/App:1" }));
    expect(bad).toMatchObject({ code: "BAD_REQUEST" });
    expect(bad.message).toMatch(/repository "Team\/App"/);
    const badTag = await trpcFailure(deployer.images.tag.mutate({ hostId, id: flagId, target: `${REPO}:-x` }));
    expect(badTag.message).toMatch(/tag "-x"/);
    expect(await deployer.images.tag.mutate({ hostId, id: flagId, target: `${REPO}:copy` })).toEqual({ id: flagId, reference: `${REPO}:copy` });
    const denied = await trpcFailure(viewer.images.tag.mutate({ hostId, id: flagId, target: `${REPO}:nope` }));
    expect(denied).toMatchObject({ code: "FORBIDDEN", message: `permission image.build is required on host ${hostId}` });
    const row = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "images.tag", result: "ok" } });
    expect(row).toMatchObject({ targetType: "image", targetName: `${REPO}:copy` });
  });

  it("shows the engine's conflict verbatim when a running container uses the image, even forced", async () => {
    const { id } = await engine.createContainer({ image: `${REPO}:flag`, name: `${REPO}-user`, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"], labels: { "dockmaster.test": "1" } });
    try {
      await engine.startContainer(id);
      const conflict = await trpcFailure(deployer.images.remove.mutate({ hostId, id: flagId, force: true }));
      expect(conflict.code).toBe("CONFLICT");
      expect(conflict.message).toMatch(/image is being used by running container/);
    } finally {
      await engine.removeContainer(id, { force: true });
    }
    expect(await deployer.images.remove.mutate({ hostId, id: `${REPO}:copy` })).toEqual({ untagged: [`${REPO}:copy`], deleted: [] });
  });

  it("previews a prune (image.delete) and the confirmed prune removes what the preview showed", async () => {
    const oldId = await buildTestImage(testEngines()[0]!, `${REPO}:dangle`, { Dockerfile: `FROM ${testImage()}\nLABEL repo=${REPO} v=1\n` });
    await buildTestImage(testEngines()[0]!, `${REPO}:dangle`, { Dockerfile: `FROM ${testImage()}\nLABEL repo=${REPO} v=2\n` });
    const preview = await deployer.images.prunePreview.query({ hostId, mode: "dangling" });
    expect(preview.images.map((i) => i.id)).toContain(oldId);
    expect(preview.spaceReclaimable).toBeGreaterThanOrEqual(0);
    const denied = await trpcFailure(viewer.images.prunePreview.query({ hostId, mode: "dangling" }));
    expect(denied.code).toBe("FORBIDDEN");
    const result = await deployer.images.prune.mutate({ hostId, mode: "dangling", at: preview.at });
    expect(result.deleted).toContain(oldId);
    expect((await viewer.images.list.query({ hostId })).map((i) => i.id)).toContain(flagId);
  });
});
