import { describe, expect, it } from "vitest";
import { FrameSender } from "./frame-sender";

/** A server whose acks the test releases by hand. */
function manualServer() {
  const batches: unknown[][] = [];
  const pending: Array<(ok: boolean) => void> = [];
  return {
    batches,
    emit: (frames: unknown[]) => new Promise<boolean>((resolve) => (batches.push(frames), pending.push(resolve))),
    ackOne: (ok = true) => pending.shift()?.(ok),
    get waiting() {
      return pending.length;
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("FrameSender", () => {
  it("sends at once while the window has room, then batches", async () => {
    const server = manualServer();
    const sender = new FrameSender(server.emit, { window: 2, maxBatchFrames: 100 });
    await sender.push(1);
    await sender.push(2);
    await sender.push(3); // window full: joins the next batch
    await sender.push(4);
    expect(server.batches).toEqual([[1], [2]]);
    server.ackOne();
    await tick();
    expect(server.batches).toEqual([[1], [2], [3, 4]]);
  });

  it("pauses the producer when the window and the next batch are full", async () => {
    const server = manualServer();
    const sender = new FrameSender(server.emit, { window: 1, maxBatchFrames: 2 });
    await sender.push("a");
    await sender.push("b");
    let resumed = false;
    const third = sender.push("c").then(() => (resumed = true));
    await tick();
    expect(resumed).toBe(false);
    server.ackOne();
    await third;
    expect(resumed).toBe(true);
    expect(server.batches).toEqual([["a"], ["b", "c"]]);
  });

  it("drain waits for every ack", async () => {
    const server = manualServer();
    const sender = new FrameSender(server.emit, { window: 4 });
    await sender.push(1);
    let drained = false;
    const done = sender.drain().then(() => (drained = true));
    await tick();
    expect(drained).toBe(false);
    server.ackOne();
    await done;
    expect(drained).toBe(true);
  });

  it("fails the producer once the server refuses a batch", async () => {
    const server = manualServer();
    const sender = new FrameSender(server.emit, { window: 1 });
    await sender.push(1);
    server.ackOne(false);
    await tick();
    await expect(sender.push(2)).rejects.toThrow(/did not acknowledge/);
  });

  it("merges waiting frames when asked to, keeping the order of the others", async () => {
    const server = manualServer();
    const merge = (a: unknown, b: unknown) => (typeof a === "string" && typeof b === "string" && a[0] === b[0] ? a + b : null);
    const sender = new FrameSender(server.emit, { window: 1, merge });
    await sender.push("o1");
    await sender.push("o2"); // waits: the window is full
    await sender.push("o3");
    await sender.push("e1");
    await sender.push("o4");
    server.ackOne();
    await tick();
    expect(server.batches).toEqual([["o1"], ["o2o3", "e1", "o4"]]);
  });
});
