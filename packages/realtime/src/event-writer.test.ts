import { describe, expect, it } from "vitest";
import type { Db } from "@dockmaster/db";
import type { EngineEvent } from "@dockmaster/protocol";
import { EventWriter } from "./event-writer";

/** A database stand-in (the PostgreSQL path: no SQLite connection) whose store transaction takes `storeMs`, noting each store's hosts. */
function slowDb(storeMs: number) {
  const stores: number[] = [];
  const db = {
    host: { findMany: ({ where }: { where: { id: { in: string[] } } }) => Promise.resolve(where.id.in.map((id) => ({ id, lastEventSeq: 0, lastEventTimeNano: null }))) },
    $transaction: async (work: (tx: unknown) => Promise<void>) => {
      let hosts = 0;
      // the position UPDATE answers with one changed row per host (each of its two CASEs has a WHEN per host)
      const executeRaw = (s: { sql: string }) => Promise.resolve(s.sql.startsWith("UPDATE") ? (hosts = (s.sql.split(" WHEN ").length - 1) / 2) : 1);
      await work({ $executeRaw: executeRaw });
      stores.push(hosts);
      await new Promise((r) => setTimeout(r, storeMs));
    },
  } as unknown as Db;
  return { db, stores };
}

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const event = (seq: number): EngineEvent => ({ seq, timeNano: `${1_700_000_000_000_000_000 + seq}`, type: "container", action: "start", actorId: "c1", actorAttributes: { name: "web", image: "busybox" } });

describe("event writer", () => {
  it("takes what arrived during a slow store as one next store (group commit), acknowledging every batch in order", async () => {
    const { db, stores } = slowDb(100);
    const writer = new EventWriter(db, log, { flushMs: 5, flushEvents: 1_000 });
    const first = writer.write("h0", [event(1)]);
    await new Promise((r) => setTimeout(r, 20)); // the first store is running now
    // 30 agents' batches arriving one every 3 ms while it runs (flushes are due every 5 ms)
    const during: Array<ReturnType<EventWriter["write"]>> = [];
    for (let i = 0; i < 30; i++) {
      during.push(writer.write(`h${i + 1}`, [event(1)]));
      await new Promise((r) => setTimeout(r, 3));
    }
    const results = await Promise.all([first, ...during]);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    // the batches that queued behind the slow store go in one or two stores, not a line of small ones
    expect(stores.length).toBeLessThanOrEqual(3);
    expect(stores.reduce((a, b) => a + b, 0)).toBe(31);
    await writer.flush();
  });

  it("flush() resolves once everything queued before it is stored", async () => {
    const { db, stores } = slowDb(30);
    const writer = new EventWriter(db, log, { flushMs: 1_000, flushEvents: 1_000 });
    const acks = [writer.write("a", [event(1)]), writer.write("b", [event(1)])];
    await writer.flush();
    expect(stores.length).toBe(1);
    expect((await Promise.all(acks)).map((r) => r.ok)).toEqual([true, true]);
  });
});
