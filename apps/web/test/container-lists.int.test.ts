import { afterAll, beforeAll, expect, it } from "vitest";
import { planeWithAgent, testImage, waitFor } from "./support";

/** Container lists answered from memory stay true: a container event from the host drops them. */
let ctx: Awaited<ReturnType<typeof planeWithAgent>>;
const containers: string[] = [];

beforeAll(async () => {
  ctx = await planeWithAgent("lists");
});
afterAll(async () => {
  for (const id of containers) await ctx.engine.removeContainer(id, { force: true }).catch(() => undefined);
  await ctx?.close();
});

it("a container created outside Dockmaster is in the very next list once its event arrived", async () => {
  await ctx.admin.client.containers.list.query({ hostId: ctx.hostId }); // fills the host's entry
  const { id } = await ctx.engine.createContainer({ image: testImage(), name: `lists-${process.pid}`, cmd: ["sleep", "1"] });
  containers.push(id);
  await waitFor(() => ctx.plane.db.engineEvent.findFirst({ where: { hostId: ctx.hostId, actorId: id, action: "create" } }), "the create event relayed", 10_000);
  expect((await ctx.admin.client.containers.list.query({ hostId: ctx.hostId })).map((c) => c.id)).toContain(id);
});

it("a Docker action through Dockmaster drops the entry at once", async () => {
  const id = containers[0]!;
  expect((await ctx.admin.client.containers.list.query({ hostId: ctx.hostId })).find((c) => c.id === id)?.state).toBe("created");
  await ctx.admin.client.containers.remove.mutate({ hostId: ctx.hostId, id });
  expect((await ctx.admin.client.containers.list.query({ hostId: ctx.hostId })).some((c) => c.id === id)).toBe(false);
});
