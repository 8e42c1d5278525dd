import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@dockmaster/core";
import { ActorCache } from "./actor-cache";

const alice = { kind: "user", id: "u1", username: "alice" } as unknown as Actor;

describe("ActorCache", () => {
  it("answers repeated lookups from memory until the TTL passes", async () => {
    vi.useFakeTimers();
    const cache = new ActorCache(1_000);
    const load = vi.fn().mockResolvedValue(alice);
    await cache.resolve("token", load);
    await cache.resolve("token", load);
    expect(load).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_001);
    await cache.resolve("token", load);
    expect(load).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });

  it("forgets everything when a mutation invalidates it (logout takes effect at once)", async () => {
    const cache = new ActorCache();
    await cache.resolve("token", () => Promise.resolve(alice));
    cache.invalidate();
    expect(await cache.resolve("token", () => Promise.resolve(null))).toBeNull();
  });

  it("does not store a lookup that an invalidation overtook", async () => {
    const cache = new ActorCache();
    let release!: (a: Actor) => void;
    const slow = cache.resolve("token", () => new Promise<Actor>((r) => (release = r)));
    cache.invalidate(); // e.g. the session was revoked while the lookup ran
    release(alice);
    await slow;
    const load = vi.fn().mockResolvedValue(null);
    expect(await cache.resolve("token", load)).toBeNull();
    expect(load).toHaveBeenCalledOnce();
  });

  it("never caches an unknown session", async () => {
    const cache = new ActorCache();
    const load = vi.fn().mockResolvedValue(null);
    await cache.resolve("nope", load);
    await cache.resolve("nope", load);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
