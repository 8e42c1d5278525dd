// Two agents given the same host credentials (a copied state file): the newer connection wins,
// the older one is told why and steps aside for a long while instead of taking its place back
// every few seconds (which made both reconnect and re-send their full state over and over).
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { planeWithAgent, spawnAgent, testEngines, waitFor, type AgentProcess } from "./support";

let ctx: Awaited<ReturnType<typeof planeWithAgent>>;
let copy: AgentProcess | undefined;

beforeAll(async () => {
  ctx = await planeWithAgent("replaced");
}, 60_000);
afterAll(async () => {
  await copy?.stop();
  await ctx?.close();
});

const welcomes = (output: string) => output.split("\n").filter((line) => line.includes("connected to control plane") && !line.includes("disconnected")).length;

it("the newer of two agents with the same credentials keeps the host; the older one is told and does not come back at once", async () => {
  const state = join(ctx.plane.dir, "agent-copy.json");
  copyFileSync(join(ctx.plane.dir, "agent.json"), state);
  copy = spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${ctx.plane.port}`, DOCKER_HOST: testEngines()[0]!, DOCKMASTER_AGENT_STATE: state });
  await waitFor(() => welcomes(copy!.output()) === 1, "the copy connected", 20_000);
  await waitFor(() => ctx.agent.output().includes("steps aside"), "the first agent told it was replaced", 10_000);
  expect(ctx.agent.output()).toMatch(/another connection with this host's credentials took its place \(from [^)]+\)/);
  expect(ctx.agent.output()).toContain('"retryInSeconds":60');

  // Before the fix the two took turns every 1-3 s; now neither reconnects in this window.
  await new Promise((r) => setTimeout(r, 6_000));
  expect(welcomes(ctx.agent.output())).toBe(1);
  expect(welcomes(copy.output())).toBe(1);
  const host = await ctx.plane.db.host.findUniqueOrThrow({ where: { id: ctx.hostId } });
  expect(host.status).toBe("online");
});
