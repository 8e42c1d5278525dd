import { describe, expect, it } from "vitest";
import { StreamQuota } from "./stream-quota";

describe("StreamQuota", () => {
  it("caps a user per host and in total, counts from reservation, and gives slots back once", () => {
    const quota = new StreamQuota({ perUser: 5, perUserPerHost: 3 });
    const onA = [1, 2, 3].map(() => quota.reserve("u", "a"));
    expect(onA.every((r) => "release" in r)).toBe(true);
    expect(quota.reserve("u", "a")).toEqual({ refused: expect.stringMatching(/at most 3 streams per user on one host/) as unknown });
    expect("release" in quota.reserve("other", "a")).toBe(true); // another user's share is their own
    expect("release" in quota.reserve("u", "b")).toBe(true);
    expect("release" in quota.reserve("u", "b")).toBe(true);
    expect(quota.reserve("u", "c")).toEqual({ refused: expect.stringMatching(/at most 5 streams per user/) as unknown });
    const first = onA[0] as { release: () => void };
    first.release();
    first.release(); // twice: still one slot
    expect(quota.held("u")).toBe(4);
    expect("release" in quota.reserve("u", "a")).toBe(true);
    expect(quota.reserve("u", "a")).toHaveProperty("refused");
  });
});
