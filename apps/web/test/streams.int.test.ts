import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTar } from "nanotar";
import type { Socket } from "socket.io-client";
import type { FrameOf, StreamEnd, StreamParamsOf, StreamType } from "@dockmaster/protocol";
import { openStream } from "../src/client/streams";
import { apiClient, planeWithAgent, signedInUser, testImage, uiClient, waitFor } from "./support";

/**
 * Streams end to end: a browser-like socket → control plane → real agent → real engine, using the
 * browser's own stream client. Covers logs, exec, stats, build, cancel and refusals.
 */
let ctx: Awaited<ReturnType<typeof planeWithAgent>>;
let plane: typeof ctx.plane;
let engine: typeof ctx.engine;
let hostId: string;
let admin: Socket;
let operator: Socket;
let adminCookie: string;
const RUN = `dmstream-${process.pid}`;
const containers: string[] = [];
const images: string[] = [];

async function run(name: string, cmd: string[], extra: { tty?: boolean; memoryBytes?: number } = {}) {
  const { id } = await engine.createContainer({ image: testImage(), name: `${RUN}-${name}`, cmd, tty: extra.tty, limits: extra.memoryBytes ? { memoryBytes: extra.memoryBytes } : undefined });
  containers.push(id);
  await engine.startContainer(id);
  return id;
}

beforeAll(async () => {
  ctx = await planeWithAgent("stream");
  ({ plane, engine, hostId, adminCookie } = ctx);
  admin = await uiClient(plane.port, adminCookie);
  operator = await uiClient(plane.port, (await signedInUser(plane.db, "stream-operator", [{ role: "operator", hostId }])).cookie);
});
afterAll(async () => {
  admin?.close();
  operator?.close();
  for (const id of containers) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  for (const ref of images) await engine.removeImage(ref, { force: true }).catch(() => undefined);
  await ctx?.close();
});

/** Opens a stream and gathers its frames until it ends. */
function collect<T extends StreamType>(socket: Socket, type: T, params: StreamParamsOf<T>) {
  const frames: Array<FrameOf<T>> = [];
  const stream = openStream(socket, { hostId, type, params }, (batch) => frames.push(...batch));
  return { stream, frames };
}

const text = (frames: Array<{ s: string; d: string }>, s: "out" | "err") => frames.filter((f) => f.s === s).map((f) => f.d).join("");

describe("logs", () => {
  it("keeps stdout and stderr apart (stdcopy demultiplexed) and honours tail", async () => {
    const id = await run("logs", ["sh", "-c", "for i in 1 2 3 4 5; do echo out-$i; echo err-$i >&2; done; sleep 3600"]);
    await waitFor(async () => (await engine.listContainers({ all: false })).some((c) => c.id === id), "running");
    await new Promise((r) => setTimeout(r, 300));
    const all = collect(operator, "container.logs", { id, follow: false });
    const end = await all.stream.done;
    expect(end.ok).toBe(true);
    expect(text(all.frames, "out")).toBe("out-1\nout-2\nout-3\nout-4\nout-5\n");
    expect(text(all.frames, "err")).toBe("err-1\nerr-2\nerr-3\nerr-4\nerr-5\n");
    const tail = collect(operator, "container.logs", { id, follow: false, tail: 2 });
    await tail.stream.done;
    expect(text(tail.frames, "out") + text(tail.frames, "err")).toMatch(/^(out-5\n|err-5\n|out-4\n|err-4\n)+$/);
  });

  it("follows new output live, with timestamps, until cancelled", async () => {
    const id = await run("follow", ["sh", "-c", "i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2; done"]);
    const live = collect(operator, "container.logs", { id, follow: true, timestamps: true, tail: 0 });
    await live.stream.ready;
    await waitFor(() => text(live.frames, "out").includes("tick-"), "a live line", 10_000);
    expect(text(live.frames, "out")).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z tick-\d+\n/);
    live.stream.cancel();
    const end = await live.stream.done;
    expect(end).toMatchObject({ ok: true, result: { cancelled: true } });
    await waitFor(() => plane.hub.streams.openCount === 0, "relay forgets the stream");
  });

  it("reads a TTY container's raw stream as stdout", async () => {
    const id = await run("tty", ["sh", "-c", "echo hello-tty; echo to-stderr >&2; sleep 3600"], { tty: true });
    await new Promise((r) => setTimeout(r, 500));
    const logs = collect(operator, "container.logs", { id, follow: false });
    await logs.stream.done;
    expect(text(logs.frames, "err")).toBe("");
    expect(text(logs.frames, "out")).toContain("hello-tty\r\n");
    expect(text(logs.frames, "out")).toContain("to-stderr");
  });

  it("names the problem for a missing container and for bad params", async () => {
    const missing = collect(operator, "container.logs", { id: `${RUN}-nope`, follow: false });
    await expect(missing.stream.ready).rejects.toThrow(/No such container/);
    const bad = collect(operator, "container.logs", { id: "x", follow: false, tail: -1 });
    await expect(bad.stream.ready).rejects.toThrow(/tail/);
  });
});

describe("exec terminal", () => {
  it("runs an interactive shell with a TTY, resizes, exits with its code, and is audited start and end", async () => {
    const id = await run("exec", ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]);
    const chunks: Uint8Array[] = [];
    const stream = openStream(admin, { hostId, type: "container.exec", params: { id, cmd: ["sh"], tty: true, cols: 100, rows: 30 } }, (frames) => chunks.push(...frames.map((f) => f.d)));
    await stream.ready;
    const output = () => Buffer.concat(chunks).toString();
    await stream.input(new TextEncoder().encode("stty size; ls /; exit 3\n"));
    const end = await stream.done;
    expect(end).toMatchObject({ ok: true, result: { exitCode: 3 } });
    expect(output()).toContain("30 100");
    expect(output()).toMatch(/bin\s+.*etc/s);
    const records = await plane.db.auditEvent.findMany({ where: { action: { in: ["container.exec.start", "container.exec.end"] }, hostId }, orderBy: { seq: "asc" } });
    expect(records.map((r) => r.action)).toEqual(["container.exec.start", "container.exec.end"]);
    expect(records[0]).toMatchObject({ actorName: "stream-admin", targetId: id, result: "ok" });
    expect(JSON.parse(records[1]!.params ?? "{}")).toMatchObject({ cmd: ["sh"], exitCode: 3 });
    expect(records[1]!.durationMs).toBeGreaterThan(0);
  });

  it("refuses a terminal to an operator (no container.exec), and audits the attempt", async () => {
    const id = containers[containers.length - 1]!;
    const attempt = openStream(operator, { hostId, type: "container.exec", params: { id, cmd: ["sh"] } }, () => undefined);
    await expect(attempt.ready).rejects.toThrow("permission container.exec is required");
    const denied = await plane.db.auditEvent.findFirst({ where: { action: "stream.container.exec", result: "denied" } });
    expect(denied).toMatchObject({ actorName: "stream-operator", hostId });
  });

  it("keeps non-TTY stdout and stderr apart", async () => {
    const id = containers[containers.length - 1]!;
    const frames: Array<FrameOf<"container.exec">> = [];
    const stream = openStream(admin, { hostId, type: "container.exec", params: { id, cmd: ["sh", "-c", "echo to-out; echo to-err >&2"], tty: false } }, (batch) => frames.push(...batch));
    const end = await stream.done;
    expect(end).toMatchObject({ ok: true, result: { exitCode: 0 } });
    const of = (s: string) => Buffer.concat(frames.filter((f) => f.s === s).map((f) => f.d)).toString();
    expect(of("out")).toBe("to-out\n");
    expect(of("err")).toBe("to-err\n");
  });
});

describe("stats", () => {
  it("pushes live samples with the cgroup memory limit", async () => {
    const id = await run("stats", ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"], { memoryBytes: 64 * 1024 * 1024 });
    const live = collect(operator, "container.stats", { id });
    await waitFor(() => live.frames.length >= 2, "two samples", 15_000);
    live.stream.cancel();
    const sample = live.frames[1]!;
    expect(sample.memoryLimitBytes).toBe(64 * 1024 * 1024);
    expect(sample.memoryBytes).toBeGreaterThan(0);
    expect(sample.pids).toBeGreaterThanOrEqual(1);
    expect(sample.at).toBeGreaterThan(live.frames[0]!.at);
  });

  it("gives a host overview of every running container", async () => {
    const overview = collect(operator, "host.stats", {});
    await waitFor(() => overview.frames.length >= 1, "one overview", 15_000);
    overview.stream.cancel();
    const names = overview.frames[0]!.containers.map((c) => c.name);
    expect(names).toContain(`${RUN}-stats`);
  });
});

describe("build", () => {
  it("builds from a tar context sent as input, streaming each step, and tags the result", async () => {
    const tag = `${RUN}-built:1`;
    const context = createTar([
      { name: "Dockerfile", data: `FROM ${testImage()}\nCOPY index.html /html/index.html\nRUN echo built > /built.txt\nENV GREETING=hello\n` },
      { name: "index.html", data: "Hello World\n" },
    ]);
    const frames: Array<FrameOf<"image.build">> = [];
    const stream = openStream(admin, { hostId, type: "image.build", params: { tags: [tag], contextBytes: context.byteLength } }, (batch) => frames.push(...batch));
    await stream.ready;
    await stream.input(context);
    stream.endInput();
    const end: StreamEnd = await stream.done;
    images.push(tag);
    expect(end, JSON.stringify(frames)).toMatchObject({ ok: true });
    const output = frames.map((f) => f.text ?? "").join("");
    expect(output).toMatch(/Step 2\/4 : COPY index.html \/html\/index.html/);
    expect(output).toMatch(/Step 3\/4 : RUN echo built/);
    const imageId = end.ok ? end.result.imageId : undefined;
    expect(imageId).toMatch(/^sha256:/);
    expect((await engine.listImages()).find((i) => i.id === imageId)?.repoTags).toContain(tag);
    const record = await plane.db.auditEvent.findFirst({ where: { action: "stream.image.build", result: "ok" } });
    expect(record).toMatchObject({ targetName: tag });
  });

  it("reports a failing step verbatim", async () => {
    const context = createTar([{ name: "Dockerfile", data: `FROM ${testImage()}\nRUN exit 7\n` }]);
    const stream = openStream(admin, { hostId, type: "image.build", params: { contextBytes: context.byteLength } }, () => undefined);
    await stream.ready;
    await stream.input(context);
    stream.endInput();
    const end = await stream.done;
    expect(end.ok).toBe(false);
    if (!end.ok) expect(end.error.message).toMatch(/returned a non-zero code: 7/);
  });

  it("cancels a running build: the stream ends as cancelled and the engine stops building", async () => {
    const tag = `${RUN}-cancelled:1`;
    const context = createTar([{ name: "Dockerfile", data: `FROM ${testImage()}\nRUN echo started-step && sleep 60\n` }]);
    const frames: Array<FrameOf<"image.build">> = [];
    const stream = openStream(admin, { hostId, type: "image.build", params: { tags: [tag], contextBytes: context.byteLength } }, (batch) => frames.push(...batch));
    await stream.ready;
    await stream.input(context);
    stream.endInput();
    await waitFor(() => frames.some((f) => f.text?.includes("started-step")), "the long step running", 20_000);
    const t0 = Date.now();
    stream.cancel();
    expect(await stream.done).toMatchObject({ ok: true, result: { cancelled: true } });
    // The engine drops the build when the agent closes its request: its step container goes away.
    await waitFor(async () => !(await engine.listContainers({ all: true })).some((c) => c.command.includes("started-step")), "build container removed", 20_000);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect((await engine.listImages()).some((i) => i.repoTags.includes(tag))).toBe(false);
  });

  it("refuses a build to an operator", async () => {
    const attempt = openStream(operator, { hostId, type: "image.build", params: { contextBytes: 10 } }, () => undefined);
    await expect(attempt.ready).rejects.toThrow("permission image.build is required");
  });

  it("refuses registry credentials sent by the browser", async () => {
    const attempt = openStream(admin, { hostId, type: "image.pull", params: { ref: "x:1", auth: { username: "u", password: "p", serveraddress: "r" } } }, () => undefined);
    await expect(attempt.ready).rejects.toThrow(/auth: registry credentials are taken from the stored registries/);
  });
});

describe("push and pull against a real registry with basic auth", () => {
  const registry = () => {
    const address = process.env.DOCKMASTER_TEST_REGISTRY;
    if (!address) throw new Error("DOCKMASTER_TEST_REGISTRY is not set: the testbed starts a registry (scripts/testbed.sh)");
    return address;
  };
  const ref = () => `${registry()}/dmstream/busybox:${process.pid}`;

  it("refuses a push without stored credentials, naming the registry's answer", async () => {
    // An image with a layer of its own, so that pulling it back downloads something.
    const context = createTar([{ name: "Dockerfile", data: `FROM ${testImage()}\nRUN head -c 300000 /dev/urandom > /blob\n` }]);
    for await (const frame of engine.buildImage(Readable.from([Buffer.from(context)]), { tags: [ref()], dockerfile: "Dockerfile", buildArgs: {}, noCache: true, pull: false, signal: new AbortController().signal })) void frame;
    images.push(ref());
    const push = openStream(admin, { hostId, type: "image.push", params: { ref: ref() } }, () => undefined);
    const end = await push.done;
    expect(end.ok).toBe(false);
    if (!end.ok) expect(end.error.message).toMatch(/no basic auth credentials|unauthorized|authentication required/i);
  });

  it("pushes and pulls with per-layer progress using the stored (encrypted) credentials", async () => {
    const api = apiClient(plane.port);
    api.jar.set("dm_session", adminCookie.replace(/^dm_session=/, ""));
    await api.client.registries.create.mutate({ name: "testbed", serverAddress: registry(), username: process.env.DOCKMASTER_TEST_REGISTRY_USER!, password: process.env.DOCKMASTER_TEST_REGISTRY_PASSWORD! });

    const pushed: Array<FrameOf<"image.push">> = [];
    const push = openStream(admin, { hostId, type: "image.push", params: { ref: ref() } }, (frames) => pushed.push(...frames));
    const pushEnd = await push.done;
    expect(pushEnd, JSON.stringify(pushed.slice(-3))).toMatchObject({ ok: true });
    expect(pushed.some((f) => f.id && /Pushed|Layer already exists/.test(f.status))).toBe(true);

    await engine.removeImage(ref(), { force: false });
    const pulled: Array<FrameOf<"image.pull">> = [];
    const pull = openStream(admin, { hostId, type: "image.pull", params: { ref: ref() } }, (frames) => pulled.push(...frames));
    const pullEnd = await pull.done;
    expect(pullEnd, JSON.stringify(pulled.slice(-3))).toMatchObject({ ok: true });
    const layerIds = new Set(pulled.filter((f) => f.id && f.status !== "Pulling from dmstream/busybox").map((f) => f.id));
    expect(layerIds.size, JSON.stringify(pulled)).toBeGreaterThan(0);
    expect(pulled.some((f) => f.status === "Already exists")).toBe(true); // the busybox base layer
    expect(pulled.some((f) => f.status === "Downloading" && f.total && f.current)).toBe(true);
    expect(pulled.some((f) => f.status === "Pull complete")).toBe(true);
    expect(pulled.at(-1)?.status).toMatch(/Downloaded newer image|Image is up to date/);
    expect((await engine.listImages()).some((i) => i.repoTags.includes(ref()))).toBe(true);

    const records = await plane.db.auditEvent.findMany({ where: { action: { in: ["stream.image.push", "stream.image.pull"] }, result: "ok" } });
    expect(records.map((r) => r.targetName)).toEqual([ref(), ref()]);
    for (const r of records) expect(r.params).not.toContain(process.env.DOCKMASTER_TEST_REGISTRY_PASSWORD!);
  });

  it("refuses a pull to an operator (no image.pull)", async () => {
    const pull = openStream(operator, { hostId, type: "image.pull", params: { ref: ref() } }, () => undefined);
    await expect(pull.ready).rejects.toThrow("permission image.pull is required");
  });
});
