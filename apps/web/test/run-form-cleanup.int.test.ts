import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContainerCreateSpecInput } from "@dockmaster/protocol";
import { planeWithAgent, testImage, trpcFailure } from "./support";

/**
 * The run form's create spec on a real engine, through tRPC → agent: a run whose start fails is
 * not left behind (a create-only one is), and auto-remove / stop timeout reach the engine.
 * Every container here carries the run's prefix and is removed afterwards.
 */
let env: Awaited<ReturnType<typeof planeWithAgent>>;
const RUN = `dmrunform-${process.pid}`;
// A port of its own per run, published on the engine namespace's loopback only.
const PORT = String(21000 + (process.pid % 20000));
const binding = [{ containerPort: 80, protocol: "tcp" as const, hostIp: "127.0.0.1", hostPort: PORT }];

const create = (suffix: string, extra: Partial<ContainerCreateSpecInput>, start: boolean) =>
  env.admin.client.containers.create.mutate({ hostId: env.hostId, spec: { image: testImage(), name: `${RUN}-${suffix}`, cmd: ["sleep", "3600"], labels: { "dockmaster.test": "1" }, ...extra }, start });
const named = async (suffix: string) => (await env.engine.listContainers({ all: true })).filter((c) => c.name === `${RUN}-${suffix}`);

beforeAll(async () => {
  env = await planeWithAgent("runform");
  await create("holder", { portBindings: binding }, true);
});
afterAll(async () => {
  if (!env) return;
  for (const c of (await env.engine.listContainers({ all: true })).filter((c) => c.name.startsWith(RUN))) await env.engine.removeContainer(c.id, { force: true }).catch(() => undefined);
  await env.close();
});

describe("a run whose start fails", () => {
  it("removes the container it created and says why it did not start, so Run works again with the same name", async () => {
    const error = await trpcFailure(create("clash", { portBindings: binding }, true));
    expect(error.message).toBe(`created the container but could not start it: port ${PORT} is already allocated on this host (127.0.0.1:${PORT} is published by another container); the container was not kept`);
    expect(await named("clash")).toEqual([]);
    // The same name again, with a free (random) port: no "name already in use".
    const again = await create("clash", { portBindings: [{ ...binding[0]!, hostPort: "" }] }, true);
    expect(again.started).toBe(true);
    expect((await named("clash")).map((c) => c.state)).toEqual(["running"]);
  });

  it("create only keeps the container (the user asked for it), even though it could not start later", async () => {
    const { id, started } = await create("kept", { portBindings: binding }, false);
    expect(started).toBe(false);
    const start = await trpcFailure(env.admin.client.containers.start.mutate({ hostId: env.hostId, id }));
    expect(start.message).toMatch(/port is already allocated/);
    expect((await named("kept")).map((c) => c.state)).toEqual(["created"]);
  });
});

describe("auto-remove and stop timeout", () => {
  it("the engine gets HostConfig.AutoRemove and Config.StopTimeout: stop waits the timeout, then the container is gone", async () => {
    // busybox sleep as PID 1 ignores SIGTERM: stop takes the full timeout (2 s here, not the default 10).
    const { id } = await create("rm", { autoRemove: true, stopTimeout: 2 }, true);
    const inspected = (await env.engine.inspectContainer(id)) as unknown as { HostConfig: { AutoRemove: boolean }; Config: { StopTimeout?: number } };
    expect(inspected.HostConfig.AutoRemove).toBe(true);
    expect(inspected.Config.StopTimeout).toBe(2);
    const t0 = Date.now();
    await env.admin.client.containers.stop.mutate({ hostId: env.hostId, id });
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(1_500);
    expect(took).toBeLessThan(8_000);
    // The engine removes it after it exits (asynchronously): wait for it to go.
    const deadline = Date.now() + 10_000;
    while ((await named("rm")).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await named("rm")).toEqual([]);
  });

  it("refuses auto-remove with a restart policy before the round trip, naming the field", async () => {
    const error = await trpcFailure(create("rm-restart", { autoRemove: true, restartPolicy: "always" }, true));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/spec\.autoRemove: auto-remove cannot be combined with the restart policy "always"/);
  });
});
