import { describe, expect, it, vi } from "vitest";
import { ContainerListCache } from "./container-lists";

describe("ContainerListCache", () => {
  it("answers from memory until an event invalidates the host", async () => {
    const cache = new ContainerListCache(60_000);
    const load = vi.fn().mockResolvedValue([]);
    await cache.get("h1", load);
    await cache.get("h1", load);
    expect(load).toHaveBeenCalledTimes(1);
    cache.invalidate("h1");
    await cache.get("h1", load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("keeps hosts apart and expires entries", async () => {
    vi.useFakeTimers();
    const cache = new ContainerListCache(1_000);
    const load = vi.fn().mockResolvedValue([]);
    await cache.get("h1", load);
    await cache.get("h2", load);
    expect(load).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1_001);
    await cache.get("h1", load);
    expect(load).toHaveBeenCalledTimes(3);
    vi.useRealTimers();
  });

  it("does not remember a failure", async () => {
    const cache = new ContainerListCache(60_000);
    await expect(cache.get("h1", () => Promise.reject(new Error("host offline")))).rejects.toThrow("host offline");
    await Promise.resolve();
    expect(await cache.get("h1", () => Promise.resolve([]))).toEqual([]);
  });
});
