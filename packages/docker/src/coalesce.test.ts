import { describe, expect, it } from "vitest";
import { coalesced } from "./coalesce";

/** Work whose runs the test finishes by hand; each run resolves with its number. */
function manualWork() {
  const runs: Array<{ finish(): void; fail(): void }> = [];
  const work = () =>
    new Promise<number>((resolve, reject) => {
      const n = runs.length + 1;
      runs.push({ finish: () => resolve(n), fail: () => reject(new Error(`run ${n} failed`)) });
    });
  return { runs, work };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("coalesced", () => {
  it("a burst of calls during a run shares one next run, started after the first ends", async () => {
    const { runs, work } = manualWork();
    const call = coalesced(work);
    const first = call();
    const burst = Array.from({ length: 20 }, () => call());
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    expect(await first).toBe(1);
    await tick();
    expect(runs).toHaveLength(2); // the burst's run starts only now: it sees what changed before the calls
    runs[1]!.finish();
    expect(await Promise.all(burst)).toEqual(Array(20).fill(2));
    expect(runs).toHaveLength(2);
    const later = call(); // nothing in flight: a fresh run at once
    expect(runs).toHaveLength(3);
    runs[2]!.finish();
    expect(await later).toBe(3);
  });

  it("a failed run fails its own callers only; the waiting callers still get their run", async () => {
    const { runs, work } = manualWork();
    const call = coalesced(work);
    const first = call();
    const waiting = call();
    runs[0]!.fail();
    await expect(first).rejects.toThrow("run 1 failed");
    await tick();
    runs[1]!.finish();
    expect(await waiting).toBe(2);
  });
});
