// Images, layers and the registry against the real testbed (scripts/testbed.sh: engines + a
// registry with htpasswd auth). Every image here is built or tagged by this file under a unique
// name and removed afterwards; the one prune it confirms is "dangling" on this testbed's engine.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, EngineError, engineConfigFromEnv } from "./index";
import { buildTestImage, FLAG_CONTENT, flagImageFiles } from "./testing";

function testbed() {
  const engines = process.env.DOCKMASTER_TEST_ENGINES?.split(",").filter(Boolean) ?? [];
  const image = process.env.DOCKMASTER_TEST_IMAGE;
  const registry = process.env.DOCKMASTER_TEST_REGISTRY;
  const user = process.env.DOCKMASTER_TEST_REGISTRY_USER;
  const password = process.env.DOCKMASTER_TEST_REGISTRY_PASSWORD;
  if (engines.length < 2 || !image || !registry || !user || !password) {
    throw new Error("DOCKMASTER_TEST_ENGINES (2+), DOCKMASTER_TEST_IMAGE and DOCKMASTER_TEST_REGISTRY{,_USER,_PASSWORD} must be set: run through scripts/with-testbed.sh");
  }
  return { engines, image, registry, user, password };
}

const { engines, image, registry, user, password } = testbed();
const engine = createEngine(engineConfigFromEnv({ dockerHost: engines[0] }));
const other = createEngine(engineConfigFromEnv({ dockerHost: engines[1] }));
const run = randomBytes(3).toString("hex");
const repo = `dm-img-${run}`;
const auth = { username: user, password, serveraddress: registry };
let flagId = "";

const failureOf = (promise: Promise<unknown>) => promise.then(() => expect.fail("expected a failure"), (e: unknown) => e as EngineError);
const drain = async <T>(events: AsyncIterable<T>) => {
  const all: T[] = [];
  for await (const e of events) all.push(e);
  return all;
};

beforeAll(async () => {
  flagId = await buildTestImage(engines[0]!, `${repo}:flag`, flagImageFiles(image));
});

afterAll(async () => {
  for (const ref of [`${repo}:flag`, `${repo}:copy`, `${registry}/${repo}:pushed`]) await engine.removeImage(ref, { force: true }).catch(() => undefined);
  await other.removeImage(`${registry}/${repo}:pushed`, { force: true }).catch(() => undefined);
});

describe("image layers of a built image", () => {
  it("puts each Dockerfile step next to its layer, marks the ENV step empty and finds the whiteout", async () => {
    const report = await engine.imageLayers(`${repo}:flag`);
    expect(report.id).toBe(flagId);
    expect(report.truncated).toBeNull();
    const steps = report.steps;
    const add = steps.find((s) => s.createdBy.includes("ADD") && s.createdBy.includes("/flag.txt"));
    const rm = steps.find((s) => s.createdBy.includes("rm /flag.txt"));
    const env = steps.find((s) => s.createdBy.includes("ENV X=1"));
    expect(add?.layer).toMatchObject({ analysed: true, contentSize: FLAG_CONTENT.length, whiteouts: [] });
    expect(add?.size).toBe(FLAG_CONTENT.length);
    expect(env).toMatchObject({ emptyLayer: true, layer: null, size: 0 });
    // The base image's CMD/ENV (from `docker import -c`) are metadata-only too.
    expect(rm?.emptyLayer).toBe(false);
    expect(rm?.layer?.whiteouts).toEqual([
      { path: "/flag.txt", entry: ".wh.flag.txt", opaque: false, hidden: [{ layerIndex: add!.layer!.index, path: "/flag.txt", size: FLAG_CONTENT.length }], hiddenSize: FLAG_CONTENT.length, hiddenFiles: 1 },
    ]);
    expect(report.hiddenSize).toBe(FLAG_CONTENT.length);
    expect(report.layerCount).toBe(3); // base, ADD, RUN
    expect(report.scan.bytesRead).toBeGreaterThan(0);
  });

  it("says so when the scan hits its cap", async () => {
    const report = await engine.imageLayers(`${repo}:flag`, { maxBytes: 64 * 1024, maxEntries: 100_000, maxSeconds: 60 });
    expect(report.truncated).toMatch(/stopped after reading/);
    expect(report.steps.length).toBeGreaterThanOrEqual(4);
  });
});

describe("image inspect, tag, remove and prune", () => {
  it("inspects and tags; a bad reference is the engine's error", async () => {
    const info = await engine.inspectImage(flagId);
    expect(info).toMatchObject({ id: flagId, repoTags: [`${repo}:flag`], os: "linux" });
    expect(info.config.env).toContain("X=1");
    expect(info.layers).toHaveLength(3);
    expect(await engine.tagImage(flagId, repo, "copy")).toEqual({ id: flagId, reference: `${repo}:copy` });
    expect((await engine.inspectImage(`${repo}:copy`)).id).toBe(flagId);
    const missing = await failureOf(engine.inspectImage(`${repo}:nope`));
    expect(missing).toBeInstanceOf(EngineError);
    expect(missing.code).toBe("NOT_FOUND");
  });

  it("refuses to remove an image a running container uses, verbatim, even with force", async () => {
    const { id } = await engine.createContainer({ image: `${repo}:flag`, name: `dm-img-${run}-user`, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"], labels: { "dockmaster.test": "1" } });
    try {
      await engine.startContainer(id);
      const conflict = await failureOf(engine.removeImage(flagId, { force: true }));
      expect(conflict.code).toBe("CONFLICT");
      expect(conflict.message).toMatch(/image is being used by running container/);
    } finally {
      await engine.removeContainer(id, { force: true });
    }
    // Untagging one of two names is not a delete.
    expect(await engine.removeImage(`${repo}:copy`, { force: false })).toEqual({ untagged: [`${repo}:copy`], deleted: [] });
  });

  it("previews a prune (dangling vs unused) and prunes exactly the dangling image made here", async () => {
    // Rebuilding the tag with a change leaves the previous build dangling.
    const oldId = await buildTestImage(engines[0]!, `${repo}:dangle`, { Dockerfile: `FROM ${image}\nLABEL run=${run} version=1\n` });
    const newId = await buildTestImage(engines[0]!, `${repo}:dangle`, { Dockerfile: `FROM ${image}\nLABEL run=${run} version=2\n` });
    expect(newId).not.toBe(oldId);
    try {
      const dangling = await engine.prunePreview("dangling");
      expect(dangling.images.map((i) => i.id)).toContain(oldId);
      expect(dangling.images.every((i) => i.repoTags.length === 0)).toBe(true);
      const unused = await engine.prunePreview("unused");
      expect(unused.images.map((i) => i.id)).toEqual(expect.arrayContaining([oldId, newId, flagId]));
      expect(unused.spaceReclaimable).toBeGreaterThanOrEqual(dangling.spaceReclaimable);
      // Images created after the preview's `at` are kept by the confirmed prune.
      const pruned = await engine.pruneImages("dangling", dangling.at);
      expect(pruned.deleted).toContain(oldId);
      expect(pruned.deleted).not.toContain(newId);
      expect((await engine.inspectImage(flagId)).id).toBe(flagId);
    } finally {
      await engine.removeImage(`${repo}:dangle`, { force: true }).catch(() => undefined);
    }
  });
});

describe("a registry with basic auth", () => {
  it("checks credentials: right ones log in, wrong ones fail with the registry's answer", async () => {
    expect(await engine.checkRegistryAuth(auth)).toEqual({ status: "Login Succeeded" });
    const wrong = await failureOf(engine.checkRegistryAuth({ ...auth, password: "not-the-password" }));
    expect(wrong).toBeInstanceOf(EngineError);
    expect(wrong.message).toMatch(/401 Unauthorized/);
  });

  it("pushes with auth from one engine and pulls with auth on another; without auth the push is refused", async () => {
    const ref = `${registry}/${repo}:pushed`;
    await engine.tagImage(flagId, `${registry}/${repo}`, "pushed");
    const signal = AbortSignal.timeout(60_000);
    const refused = await failureOf(drain(engine.pushImage(ref, { signal })));
    expect(refused.message).toMatch(/no basic auth credentials|unauthorized|authentication required/i);
    const pushed = await drain(engine.pushImage(ref, { auth, signal }));
    expect(pushed.some((e) => e.status === "Pushed" || /Layer already exists/.test(e.status))).toBe(true);
    expect(pushed.some((e) => /digest: sha256:[0-9a-f]{64}/.test(e.status))).toBe(true);
    const pulled = await drain(other.pullImage(ref, { auth, signal }));
    expect(pulled.some((e) => /Downloaded newer image|Pull complete/.test(e.status))).toBe(true);
    expect((await other.inspectImage(ref)).id).toBe(flagId);
  });
});
