import { beatInstance, heldHosts, reapOrphanedHosts, removeInstance } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import { log } from "./logger";

export interface InstanceTiming {
  /** How often this instance records that it is alive. */
  beatMs: number;
  /** Silence after which an instance counts as stopped and its hosts go offline. */
  staleMs: number;
}

export const DEFAULT_INSTANCE_TIMING: InstanceTiming = { beatMs: 5_000, staleMs: 20_000 };

/**
 * Beats for this instance, reaps the hosts of instances that stopped (on every instance) and
 * tells the hub which hosts the other instances hold.
 */
export async function startInstanceRegistry(
  db: Db,
  instanceId: string,
  timing: InstanceTiming,
  on: { reaped(hostIds: string[]): void; held(hosts: Array<readonly [hostId: string, instanceId: string]>): void },
): Promise<{ stop(): Promise<void> }> {
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
    async stop() {
      clearInterval(timer);
      await running;
      await removeInstance(db, instanceId).catch(() => undefined);
    },
  };
}
