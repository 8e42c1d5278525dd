import { describe, expect, it } from "vitest";
import { resyncGapView } from "./events-resync";

const iso = (d: Date) => d.toISOString();
const nano = (iso: string) => String(BigInt(Date.parse(iso)) * 1_000_000n);

describe("resyncGapView", () => {
  it("shows the window, the position and how many events were lost", () => {
    const view = resyncGapView({ gapAfterSeq: "41", gapFromTimeNano: nano("2026-12-07T12:00:01Z"), gapToTimeNano: nano("2026-12-07T12:00:09Z"), lostEvents: "3", detail: "buffer overran" }, iso);
    expect(view).toEqual({ window: "between 2026-12-07T12:00:01.000Z and 2026-12-07T12:00:09.000Z", lost: "3 events lost", after: "after event #41", reason: "buffer overran" });
    expect(resyncGapView({ gapToTimeNano: nano("2026-12-07T12:00:09Z"), gapFromTimeNano: "", lostEvents: "1" }, iso)).toMatchObject({ window: "up to 2026-12-07T12:00:09.000Z", lost: "1 event lost" });
  });
  it("says when the number lost is unknown", () => {
    expect(resyncGapView({ gapToTimeNano: nano("2026-12-07T12:00:09Z"), lostEvents: "unknown" }, iso).lost).toBe("number of events lost unknown");
  });
  it("shows only the reason for a marker without a gap (an older agent)", () => {
    expect(resyncGapView({ reason: "engine-restarted", detail: "the engine restarted" })).toEqual({ window: null, lost: null, after: null, reason: "the engine restarted" });
  });
});
