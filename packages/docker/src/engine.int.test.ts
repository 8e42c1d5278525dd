import { afterAll, describe, expect, it } from "vitest";
import { createEngine } from "./engine";
import { engineConfigFromEnv } from "./config";
import { EngineError } from "./errors";
import type { RawEngineEvent } from "./events";

const engines = process.env.DOCKMASTER_TEST_ENGINES?.split(",").filter(Boolean) ?? [];
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const testbedDir = process.env.DOCKMASTER_TESTBED_DIR ?? "";
if (engines.length === 0) throw new Error("DOCKMASTER_TEST_ENGINES is not set: run through scripts/with-testbed.sh (npm run test:integration)");

const engine = createEngine(engineConfigFromEnv({ dockerHost: engines[0] }));
const created: string[] = [];
const name = (suffix: string) => `dm-docker-${process.pid}-${suffix}`;
// busybox as PID 1 ignores SIGTERM; the trap lets `stop` return at once.
const STOPPABLE = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];

afterAll(async () => {
  for (const id of created) await engine.removeContainer(id, { force: true }).catch(() => undefined);
});

async function newContainer(suffix: string) {
  const { id } = await engine.createContainer({ image, name: name(suffix), cmd: STOPPABLE, labels: { "dockmaster.test": "1" } });
  created.push(id);
  return id;
}

describe("docker package against a real engine", () => {
  it("reports identity and info of the throwaway engine", async () => {
    const identity = await engine.identity();
    expect(identity.version).toMatch(/^\d+\.\d+/);
    expect(identity.apiVersion).toMatch(/^1\.\d+$/);
    const info = await engine.info();
    expect(info.storageDriver).toBe("overlay2");
    expect(info.dockerRootDir).toBe(`${testbedDir}/engine-1/root`);
    expect(info.id).toBe(identity.id);
    const other = await createEngine(engineConfigFromEnv({ dockerHost: engines[1] })).identity();
    expect(other.id).not.toBe(identity.id); // isolated engines, distinct identities
  });

  it("creates, starts, lists, stops and removes a container", async () => {
    const id = await newContainer("life");
    await engine.startContainer(id);
    await engine.startContainer(id); // already running: not an error
    const running = (await engine.listContainers({ all: true })).find((c) => c.id === id);
    expect(running).toMatchObject({ name: name("life"), state: "running", image });
    await engine.stopContainer(id, 5);
    await engine.stopContainer(id, 5); // already stopped: not an error
    expect((await engine.inspectContainer(id)).State).toMatchObject({ Status: "exited" });
    await engine.removeContainer(id, { force: false });
    expect((await engine.listContainers({ all: true })).some((c) => c.id === id)).toBe(false);
  });

  it("keeps the engine's own words for a refused removal and an unknown container", async () => {
    const id = await newContainer("busy");
    await engine.startContainer(id);
    const refused = await engine.removeContainer(id, { force: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EngineError);
    expect(refused).toMatchObject({ code: "CONFLICT" });
    expect((refused as Error).message).toMatch(/cannot remove a running container/i);
    const missing = await engine.inspectContainer(name("missing")).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
    expect((missing as Error).message).toMatch(/no such container/i);
  });

  it("streams engine events as they happen", async () => {
    const controller = new AbortController();
    const seen: RawEngineEvent[] = [];
    const consumer = (async () => {
      for await (const event of engine.events({ signal: controller.signal })) seen.push(event);
    })();
    await new Promise((r) => setTimeout(r, 200)); // subscribed
    const id = await newContainer("events");
    await engine.startContainer(id);
    const deadline = Date.now() + 2_000;
    while (!seen.some((e) => e.actorId === id && e.action === "start") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await consumer;
    const start = seen.find((e) => e.actorId === id && e.action === "start");
    expect(start).toMatchObject({ type: "container", actorAttributes: { name: name("events") } });
    expect(BigInt(start!.timeNano)).toBeGreaterThan(0n);
  });

  it("reaches an engine over tcp with mutual TLS, and is refused without a client certificate", async () => {
    const tcp = process.env.DOCKMASTER_TEST_TLS_ENGINES?.split(",")[1];
    const certPath = process.env.DOCKMASTER_TEST_TLS_CERTS;
    if (!tcp || !certPath) throw new Error("the testbed did not export DOCKMASTER_TEST_TLS_ENGINES / DOCKMASTER_TEST_TLS_CERTS");
    const overTls = createEngine(engineConfigFromEnv({ dockerHost: tcp, tlsVerify: true, certPath }));
    const viaSocket = await createEngine(engineConfigFromEnv({ dockerHost: engines[1] })).identity();
    expect((await overTls.identity()).id).toBe(viaSocket.id);
    const plain = createEngine(engineConfigFromEnv({ dockerHost: tcp, tlsVerify: false }));
    await expect(plain.ping()).rejects.toBeInstanceOf(EngineError);
  });

  it("says the engine is unreachable when the socket is not there", async () => {
    const gone = createEngine({ kind: "unix", socketPath: "/nonexistent/docker.sock" });
    await expect(gone.ping()).rejects.toMatchObject({ code: "ENGINE_UNREACHABLE" });
  });
});
