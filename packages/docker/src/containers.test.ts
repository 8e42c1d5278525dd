import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { ContainerCreateSpec } from "@dockmaster/protocol";
import { containerOperations } from "./containers";
import { errorMapper } from "./errors";

/** Unit (a fake dockerode): extra networks are connected between create and start, and a failed connect leaves no container behind. */
function fakeDocker({ missingNetwork, refuseNetwork, refuseRemove }: { missingNetwork?: string; refuseNetwork?: string; refuseRemove?: boolean } = {}) {
  const calls: string[] = [];
  const engineError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode, json: { message } });
  const docker = {
    createContainer: (options: Docker.ContainerCreateOptions) => (calls.push(`create ${Object.keys(options.NetworkingConfig?.EndpointsConfig ?? {}).join(",")}`), Promise.resolve({ id: "c0ffee0123456789" })),
    getNetwork: (name: string) => ({
      inspect: () => (calls.push(`inspect ${name}`), name === missingNetwork ? Promise.reject(engineError(404, `network ${name} not found`)) : Promise.resolve({ Name: name })),
      // like the engine for a container that is not running: a missing network is only recorded, not refused
      connect: (body: { Container: string; EndpointConfig: unknown }) => {
        calls.push(`connect ${name} ${body.Container} ${JSON.stringify(body.EndpointConfig)}`);
        return name === refuseNetwork ? Promise.reject(engineError(400, "user specified IP address is supported only when connecting to networks with user configured subnets")) : Promise.resolve();
      },
    }),
    getContainer: (id: string) => ({
      start: () => (calls.push(`start ${id}`), Promise.resolve()),
      remove: (options: object) => (calls.push(`remove ${id} ${JSON.stringify(options)}`), refuseRemove ? Promise.reject(engineError(500, "device busy")) : Promise.resolve()),
    }),
  } as unknown as Docker;
  return { docker, calls };
}
const spec = ContainerCreateSpec.parse({ image: "busybox", networkMode: "front", extraNetworks: [{ name: "back", aliases: ["api"], ipv4Address: "10.9.0.5" }, { name: "bridge" }] });
const CONNECTS = ["inspect back", 'connect back c0ffee0123456789 {"Aliases":["api"],"IPAMConfig":{"IPv4Address":"10.9.0.5"}}', "inspect bridge", "connect bridge c0ffee0123456789 {}"];

describe("create with extra networks", () => {
  it("create: connects each extra network in order after create, with its aliases and fixed address", async () => {
    const { docker, calls } = fakeDocker();
    expect(await containerOperations(docker, errorMapper("unix:///t.sock")).createContainer(spec)).toEqual({ id: "c0ffee0123456789" });
    expect(calls).toEqual(["create ", ...CONNECTS]);
  });

  it("run: connects them before start", async () => {
    const { docker, calls } = fakeDocker();
    await containerOperations(docker, errorMapper("unix:///t.sock")).runContainer(spec);
    expect(calls).toEqual(["create ", ...CONNECTS, "start c0ffee0123456789"]);
  });

  it("a network that cannot be joined removes the created container again and says so (create and run alike); start is never tried", async () => {
    for (const operation of ["createContainer", "runContainer"] as const) {
      const { docker, calls } = fakeDocker({ refuseNetwork: "bridge" });
      await expect(containerOperations(docker, errorMapper("unix:///t.sock"))[operation](spec)).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: "created the container but could not connect it to network bridge: user specified IP address is supported only when connecting to networks with user configured subnets; the container was not kept",
      });
      expect(calls).toEqual(["create ", ...CONNECTS, 'remove c0ffee0123456789 {"force":true,"v":true}']);
    }
  });

  it("a network the engine does not have is found before the connect (which the engine would accept for a created container)", async () => {
    const { docker, calls } = fakeDocker({ missingNetwork: "back" });
    await expect(containerOperations(docker, errorMapper("unix:///t.sock")).runContainer(spec)).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "created the container but could not connect it to network back: network back not found; the container was not kept",
    });
    expect(calls).toEqual(["create ", "inspect back", 'remove c0ffee0123456789 {"force":true,"v":true}']);
  });

  it("says where the container is when removing it fails too", async () => {
    const { docker } = fakeDocker({ missingNetwork: "back", refuseRemove: true });
    await expect(containerOperations(docker, errorMapper("unix:///t.sock")).createContainer(spec)).rejects.toThrow(
      "created the container but could not connect it to network back: network back not found; removing the container failed too (device busy): it is left as Created, id c0ffee012345",
    );
  });
});
