import { beatInstance, heldHosts, reapOrphanedHosts, removeInstance } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import { log } from "./logger";

/**
 * Scale-out windows (env: DOCKMASTER_INSTANCE_BEAT_MS, DOCKMASTER_INSTANCE_STALE_MS,
 * DOCKMASTER_HANDOVER_MS). An instance that dies without stopping keeps its hosts "online" for up
 * to staleMs + beatMs on the others (their reapers then set them offline); a shorter stale window
 * shows that sooner but risks reaping a live instance that paused (GC, a slow database) longer.
 */
export interface InstanceTiming {
  /** How often this instance records that it is alive. */
  beatMs: number;
  /** Silence after which an instance counts as stopped and its hosts go offline. */
  staleMs: number;
  /** Graceful stop: how long to wait for this instance's agents to reconnect to another one. */
  handoverMs?: number;
}

export const DEFAULT_INSTANCE_TIMING: InstanceTiming = { beatMs: 5_000, staleMs: 20_000, handoverMs: 5_000 };

/**
 * Beats for this instance, reaps the hosts of instances that stopped (on every instance) and
 * tells the hub which hosts the other instances hold.
 */
export async function startInstanceRegistry(
  db: Db,
  instanceId: string,
  timing: InstanceTiming,
  on: { reaped(hostIds: string[]): void; held(hosts: Array<readonly [hostId: string, instanceId: string, name: string]>): void },
): Promise<{ handOver(): Promise<number>; stop(): Promise<void> }> {
  const tick = async () => {
    await beatInstance(db, instanceId);
    const reaped = await reapOrphanedHosts(db, timing.staleMs);
    if (reaped.length) {
      log.warn("hosts of a stopped control-plane instance marked offline", { count: reaped.length });
      on.reaped(reaped);
    }
    on.held(await heldHosts(db));
  };
  await tick();
  let running = Promise.resolve();
  const timer = setInterval(() => {
    running = tick().catch((error: unknown) => log.error("instance beat failed", { error: String(error) }));
  }, timing.beatMs);
  return {
    /**
     * Waits (up to handoverMs, beating meanwhile so no reaper takes them) until every host this
     * instance held has reconnected elsewhere; returns how many did not.
     */
    async handOver() {
      const deadline = Date.now() + (timing.handoverMs ?? 0);
      for (;;) {
        const left = await db.host.count({ where: { connectedInstanceId: instanceId, status: { not: "offline" } } });
        if (left === 0 || Date.now() >= deadline) return left;
        await new Promise((resolve) => setTimeout(resolve, Math.min(200, timing.beatMs)));
      }
    },
    async stop() {
      clearInterval(timer);
      await running;
      await removeInstance(db, instanceId).catch(() => undefined);
    },
  };
}
