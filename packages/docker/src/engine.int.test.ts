// Against the real throwaway engines of scripts/testbed.sh:
//   bash scripts/with-testbed.sh npx vitest run --project integration packages/docker
// Every container here carries dockmaster.test=1 and a unique name, and is removed afterwards;
// nothing else on the engines is touched.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, EngineError, engineConfigFromEnv, type Engine, type RawEngineEvent } from "./index";

function testbed() {
  const engines = process.env.DOCKMASTER_TEST_ENGINES?.split(",").filter(Boolean) ?? [];
  const image = process.env.DOCKMASTER_TEST_IMAGE;
  const dir = process.env.DOCKMASTER_TESTBED_DIR;
  if (engines.length < 2 || !image || !dir) {
    throw new Error(
      "DOCKMASTER_TEST_ENGINES (2+ engines), DOCKMASTER_TEST_IMAGE and DOCKMASTER_TESTBED_DIR must be set: " +
        "run through scripts/with-testbed.sh, or eval \"$(scripts/testbed.sh env)\" after scripts/testbed.sh up",
    );
  }
  return { engines, image, dir };
}

const { engines, image, dir } = testbed();
const engine = createEngine(engineConfigFromEnv({ dockerHost: engines[0] }));
const run = randomBytes(3).toString("hex");
const SLEEPER = ["sh", "-c", "sleep 3600"]; // busybox sh as PID 1 ignores SIGTERM: stop with t=1
const created = new Set<string>();

afterEach(async () => {
  for (const id of created) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  created.clear();
});

async function newContainer(engineUnderTest: Engine, what: string) {
  const name = `dm-docker-${run}-${what}`;
  const { id } = await engineUnderTest.createContainer({ image, name, cmd: SLEEPER, labels: { "dockmaster.test": "1" } });
  created.add(id);
  return { id, name };
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => expect.fail("expected a failure"), (e: unknown) => e);

describe("docker package against a real engine", () => {
  it("reports identity and info of the throwaway engine", async () => {
    const identity = await engine.identity();
    expect(identity.version).toMatch(/^\d+\.\d+/);
    expect(identity.apiVersion).toMatch(/^1\.\d+$/);
    expect(identity.os).toBe("linux");
    const info = await engine.info();
    expect(info).toMatchObject({ id: identity.id, storageDriver: "overlay2", dockerRootDir: `${dir}/engine-1/root`, osType: "linux", apiVersion: identity.apiVersion });
    expect(info.cpus).toBeGreaterThan(0);
    expect(info.memTotal).toBeGreaterThan(0);
    expect(info.images).toBeGreaterThanOrEqual(1); // the test image
    expect(info.driverStatus.length).toBeGreaterThan(0);
    expect(info.raw).toHaveProperty("ServerVersion", identity.version);
    const other = await createEngine(engineConfigFromEnv({ dockerHost: engines[1] })).identity();
    expect(other.id).not.toBe(identity.id); // isolated engines, distinct identities
  });

  it("creates, starts, lists, stops and removes a container", async () => {
    const { id, name } = await newContainer(engine, "life");
    expect((await engine.inspectContainer(id)).State).toMatchObject({ Status: "created" });
    await engine.startContainer(id);
    await engine.startContainer(id); // already running (304): not an error
    const running = (await engine.listContainers({ all: false })).find((c) => c.id === id);
    expect(running).toMatchObject({ name, state: "running", image, labels: { "dockmaster.test": "1" }, ports: [] });
    await engine.stopContainer(id, 1);
    await engine.stopContainer(id, 1); // already stopped (304): not an error
    expect((await engine.inspectContainer(id)).State).toMatchObject({ Status: "exited", Running: false });
    expect((await engine.listContainers({ all: false })).some((c) => c.id === id)).toBe(false);
    expect((await engine.listContainers({ all: true })).find((c) => c.id === id)?.state).toBe("exited");
    await engine.removeContainer(id, { force: false });
    expect((await engine.listContainers({ all: true })).some((c) => c.id === id)).toBe(false);
  });

  it("lists the test image with the same ID on every engine", async () => {
    const here = (await engine.listImages()).find((i) => i.repoTags.includes(image));
    const there = (await createEngine(engineConfigFromEnv({ dockerHost: engines[1] })).listImages()).find((i) => i.repoTags.includes(image));
    expect(here?.id).toMatch(/^sha256:/);
    expect(there?.id).toBe(here?.id);
  });

  it("publishes ports as asked and lists them", async () => {
    const name = `dm-docker-${run}-ports`;
    const { id } = await engine.createContainer({
      image,
      name,
      cmd: SLEEPER,
      labels: { "dockmaster.test": "1" },
      portBindings: [{ containerPort: 80, protocol: "tcp", hostIp: "127.0.0.1", hostPort: "" }],
    });
    created.add(id);
    await engine.startContainer(id);
    const listed = (await engine.listContainers({ all: false })).find((c) => c.id === id);
    expect(listed?.ports).toEqual([{ ip: "127.0.0.1", privatePort: 80, publicPort: expect.any(Number) as number, type: "tcp" }]);
  });

  it("keeps the engine's own words for a refused removal and an unknown container", async () => {
    const { id } = await newContainer(engine, "busy");
    await engine.startContainer(id);
    const refused = await failureOf(engine.removeContainer(id, { force: false }));
    expect(refused).toBeInstanceOf(EngineError);
    expect(refused).toMatchObject({ code: "CONFLICT", statusCode: 409 });
    expect((refused as Error).message).toMatch(/^You cannot remove a running container/);
    expect((await engine.listContainers({ all: false })).some((c) => c.id === id)).toBe(true); // still there
    const missing = await failureOf(engine.inspectContainer(`dm-docker-${run}-missing`));
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
    expect((missing as Error).message).toMatch(/no such container/i);
    await expect(engine.createContainer({ image: "Not A Valid Ref", labels: { "dockmaster.test": "1" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(engine.removeContainer(id, { force: true })).resolves.toBeUndefined();
  });

  it("streams engine events as they happen", async () => {
    const controller = new AbortController();
    const seen: RawEngineEvent[] = [];
    const consumer = (async () => {
      for await (const event of engine.events({ signal: controller.signal })) seen.push(event);
    })();
    await new Promise((r) => setTimeout(r, 200)); // subscribed (events before that are not replayed without `since`)
    const { id, name } = await newContainer(engine, "events");
    const startedAt = Date.now();
    await engine.startContainer(id);
    const isStart = (e: RawEngineEvent) => e.type === "container" && e.action === "start" && e.actorId === id;
    while (!seen.some(isStart) && Date.now() - startedAt < 2_000) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await consumer; // ends cleanly on abort
    const start = seen.find(isStart);
    expect(start, "a container start event within 2 s").toBeDefined();
    expect(start).toMatchObject({ actorAttributes: { name, "dockmaster.test": "1", image } });
    expect(BigInt(start!.timeNano)).toBeGreaterThan(BigInt(Math.floor(startedAt / 1000) - 5) * 1_000_000_000n);
    expect(seen.find((e) => e.actorId === id && e.action === "create")).toBeDefined(); // events arrive in order
  });

  it("replays past events with since", async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const { id } = await newContainer(engine, "since");
    const controller = new AbortController();
    let replayed: RawEngineEvent | undefined;
    for await (const event of engine.events({ since, signal: controller.signal })) {
      if (event.actorId === id && event.action === "create") {
        replayed = event;
        controller.abort();
      }
    }
    expect(replayed?.type).toBe("container");
  });

  it("replays from a full-precision since (nanoseconds, inclusive) and excludes what came before", async () => {
    const { id } = await newContainer(engine, "since-nano");
    const controller = new AbortController();
    let create: RawEngineEvent | undefined;
    for await (const event of engine.events({ since: Math.floor(Date.now() / 1000) - 5, signal: controller.signal })) {
      if (event.actorId === id && event.action === "create") {
        create = event;
        controller.abort();
      }
    }
    const firstFrom = async (sinceNano: string) => {
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), 1_000);
      let opened = false;
      const replayed: RawEngineEvent[] = [];
      for await (const event of engine.events({ sinceNano, signal: stop.signal, onOpen: () => (opened = true) })) replayed.push(event);
      clearTimeout(timer);
      expect(opened).toBe(true);
      return replayed.filter((e) => e.actorId === id);
    };
    expect((await firstFrom(create!.timeNano))[0]).toEqual(create); // inclusive, to the nanosecond
    expect((await firstFrom((BigInt(create!.timeNano) + 1n).toString())).some((e) => e.action === "create")).toBe(false);
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

  it("says the engine is unreachable when its socket is not there, in every operation", async () => {
    const gone = createEngine({ kind: "unix", socketPath: `${dir}/no-such-engine.sock` });
    const unreachable = { code: "ENGINE_UNREACHABLE", message: `cannot reach the Docker engine at unix://${dir}/no-such-engine.sock: no such socket (ENOENT)` };
    await expect(gone.ping()).rejects.toMatchObject(unreachable);
    await expect(gone.info()).rejects.toMatchObject(unreachable);
    await expect(gone.listContainers({ all: true })).rejects.toMatchObject(unreachable);
    const events = gone.events({ signal: new AbortController().signal })[Symbol.asyncIterator]();
    await expect(events.next()).rejects.toMatchObject(unreachable);
  });
});
