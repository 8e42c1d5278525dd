import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createEnrollmentToken } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv, type Engine } from "@dockmaster/docker";
import { apiClient, removeDir, signedInUser, spawnAgent, startTestPlane, testEngines, testImage, waitFor, type AgentProcess } from "./support";

/** Container lists answered from memory stay true: a container event from the host drops them. */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let engine: Engine;
let agent: AgentProcess;
let hostId: string;
let admin: ReturnType<typeof apiClient>;
const containers: string[] = [];

beforeAll(async () => {
  const dockerHost = testEngines()[0]!;
  engine = createEngine(engineConfigFromEnv({ dockerHost }));
  plane = await startTestPlane();
  const { token } = await createEnrollmentToken(plane.db, { hostName: "lists" });
  agent = spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKER_HOST: dockerHost, DOCKMASTER_AGENT_STATE: join(plane.dir, "agent.json"), DOCKMASTER_ENROLL_TOKEN: token });
  hostId = (await waitFor(() => plane.db.host.findFirst({ where: { status: "online" } }), "agent online", 20_000)).id;
  admin = apiClient(plane.port);
  admin.jar.set("dm_session", (await signedInUser(plane.db, "lists-admin", [{ role: "admin" }])).cookie.replace(/^dm_session=/, ""));
});
afterAll(async () => {
  await agent?.stop();
  for (const id of containers) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

it("a container created outside Dockmaster is in the very next list once its event arrived", async () => {
  await admin.client.containers.list.query({ hostId }); // fills the host's entry
  const { id } = await engine.createContainer({ image: testImage(), name: `lists-${process.pid}`, cmd: ["sleep", "1"] });
  containers.push(id);
  await waitFor(() => plane.db.engineEvent.findFirst({ where: { hostId, actorId: id, action: "create" } }), "the create event relayed", 10_000);
  expect((await admin.client.containers.list.query({ hostId })).map((c) => c.id)).toContain(id);
});

it("a Docker action through Dockmaster drops the entry at once", async () => {
  const id = containers[0]!;
  expect((await admin.client.containers.list.query({ hostId })).find((c) => c.id === id)?.state).toBe("created");
  await admin.client.containers.remove.mutate({ hostId, id });
  expect((await admin.client.containers.list.query({ hostId })).some((c) => c.id === id)).toBe(false);
});
