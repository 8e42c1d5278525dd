import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { errorMapper } from "./errors";
import { volumeOperations } from "./volumes";

/** Unit (a fake dockerode): what each volume read costs the engine. */
function fakeDocker() {
  const called: string[] = [];
  const volume = { Name: "data", Driver: "local", Mountpoint: "/var/lib/docker/volumes/data/_data", Scope: "local", Options: { type: "none", o: "bind", device: "/" }, Labels: null };
  const docker = {
    getVolume: (name: string) => ({
      inspect: () => (called.push(`inspect ${name}`), name === "data" ? Promise.resolve(volume) : Promise.reject(Object.assign(new Error("no such volume"), { statusCode: 404, json: { message: `get ${name}: no such volume` } }))),
    }),
    listVolumes: () => (called.push("listVolumes"), Promise.resolve({ Volumes: [volume] })),
    listContainers: () => (called.push("listContainers"), Promise.resolve([])),
    df: () => (called.push("df"), Promise.reject(Object.assign(new Error("a disk usage operation is already running"), { statusCode: 409 }))),
  } as unknown as Docker;
  return { docker, called };
}

describe("volumeConfig", () => {
  it("is the engine's inspect alone: no system df (slow on a big host, refused while another runs), no container scan", async () => {
    const { docker, called } = fakeDocker();
    const volumes = volumeOperations(docker, errorMapper("unix:///test.sock"));
    expect(await volumes.volumeConfig("data")).toEqual({ name: "data", driver: "local", options: { type: "none", o: "bind", device: "/" }, labels: {} });
    expect(called).toEqual(["inspect data"]);
    await expect(volumes.volumeConfig("missing")).rejects.toMatchObject({ code: "NOT_FOUND" });
    // whereas inspect (the detail page) measures sizes with system df, and fails while another df runs
    await expect(volumes.inspectVolume("data")).rejects.toThrow("a disk usage operation is already running");
  });
});
