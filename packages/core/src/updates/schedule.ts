import type { Db } from "@dockmaster/db";
import { Cron } from "croner";
import { getUpdateSettings } from "./update-settings";

const CLAIM_KEY = "updates.lastScheduledRun";

/**
 * Claims one scheduled tick for this instance: every instance's cron fires at the same minute,
 * and a single UPDATE that changes the row only if it does not already hold this tick lets exactly
 * one of them run the check (the others see 0 rows changed).
 */
export async function claimTick(db: Db, tick: Date): Promise<boolean> {
  const value = JSON.stringify(tick.toISOString());
  await db.setting.upsert({ where: { key: CLAIM_KEY }, create: { key: CLAIM_KEY, value: "null" }, update: {} });
  const { count } = await db.setting.updateMany({ where: { key: CLAIM_KEY, NOT: { value } }, data: { value } });
  return count === 1;
}

export interface UpdateSchedule {
  /** Re-reads the schedule from settings (after it changed). */
  reload(): Promise<void>;
  stop(): void;
}

/** Runs `check` on the stored cron schedule (UTC), once per tick across instances. */
export function startUpdateSchedule(db: Db, check: () => Promise<unknown>, onError: (error: unknown) => void): UpdateSchedule {
  let job: Cron | null = null;
  const reload = async () => {
    job?.stop();
    job = null;
    const { schedule } = await getUpdateSettings(db);
    if (schedule === "") return;
    job = new Cron(schedule, { timezone: "UTC", protect: true }, async (self: Cron) => {
      const tick = self.currentRun() ?? new Date();
      tick.setMilliseconds(0);
      try {
        if (await claimTick(db, tick)) await check();
      } catch (error) {
        onError(error);
      }
    });
  };
  void reload().catch(onError);
  return { reload, stop: () => job?.stop() };
}
