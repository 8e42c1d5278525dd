import { describe, expect, it } from "vitest";
import { planPruneAll, toSystemDf, type RawDf } from "./disk-usage";

const ANON = "a".repeat(64);
const DF: RawDf = {
  LayersSize: 1000,
  Images: [
    { Id: "sha256:used", RepoTags: ["app:1"], Size: 600, SharedSize: 100, Containers: 1, Created: 10 },
    { Id: "sha256:old", RepoTags: ["app:0"], Size: 300, SharedSize: 100, Containers: 0, Created: 10 },
    { Id: "sha256:dangling", RepoTags: ["<none>:<none>"], Size: 200, SharedSize: 0, Containers: 1, Created: 10 },
  ],
  Containers: [
    { Id: "run", Names: ["/web"], ImageID: "sha256:used", State: "running", Created: 10, SizeRw: 5, Mounts: [{ Type: "volume", Name: "keep" }] },
    { Id: "stop", Names: ["/job"], ImageID: "sha256:dangling", State: "exited", Created: 10, SizeRw: 7, Mounts: [{ Type: "volume", Name: ANON }] },
    { Id: "new", Names: ["/fresh"], ImageID: "sha256:old", State: "created", Created: 100, SizeRw: 1 },
  ],
  Volumes: [
    { Name: "keep", UsageData: { Size: 50, RefCount: 1 } },
    { Name: ANON, UsageData: { Size: 30, RefCount: 1 } },
    { Name: "named-idle", UsageData: { Size: 20, RefCount: 0 } },
  ],
  BuildCache: [
    { ID: "b1", InUse: false, Shared: false, Size: 40 },
    { ID: "b2", InUse: true, Shared: false, Size: 8 },
  ],
};

describe("toSystemDf", () => {
  it("does the docker CLI's arithmetic", () => {
    expect(toSystemDf(DF)).toEqual({
      images: { count: 3, active: 2, size: 1000, reclaimable: 1000 - (600 - 100) - (200 - 0) },
      containers: { count: 3, active: 1, size: 13, reclaimable: 8 },
      volumes: { count: 3, active: 2, size: 100, reclaimable: 20 },
      buildCache: { count: 2, active: 1, size: 48, reclaimable: 40 },
    });
  });
  it("survives an empty engine (nulls everywhere)", () => {
    expect(toSystemDf({ Images: null, Containers: null, Volumes: null, BuildCache: null }).images).toEqual({ count: 0, active: 0, size: 0, reclaimable: 0 });
  });
});

describe("planPruneAll", () => {
  it("simulates the engine's order: stopped containers, then what only they used", () => {
    const plan = planPruneAll(DF, [{ id: "n1", name: "idle" }], { allImages: false, namedVolumes: false, at: 50 });
    expect(plan.containers.map((c) => c.name)).toEqual(["job"]); // "fresh" was made after the preview
    expect(plan.images.map((i) => i.id)).toEqual(["sha256:dangling"]); // freed by removing job
    expect(plan.volumes.map((v) => v.name)).toEqual([ANON]); // named-idle only when asked
    expect(plan.networks).toEqual([{ id: "n1", name: "idle", size: 0 }]);
    expect(plan.buildCache).toEqual({ count: 1, size: 40 });
    expect(plan.spaceReclaimable).toBe(7 + 200 + 30 + 40);
  });
  it("takes every unused image and named volumes when asked", () => {
    const plan = planPruneAll(DF, [], { allImages: true, namedVolumes: true, at: 500 });
    expect(plan.containers.map((c) => c.name).sort()).toEqual(["fresh", "job"]);
    expect(plan.images.map((i) => i.id).sort()).toEqual(["sha256:dangling", "sha256:old"]);
    expect(plan.volumes.map((v) => v.name).sort()).toEqual([ANON, "named-idle"].sort());
  });
});
