import type { Db } from "@dockmaster/db";
import { Cron } from "croner";
import { z } from "zod";
import { AppError } from "../errors";

/** How and when the fleet is checked for image updates (Setting rows "updates.*"). */
export const UpdateSettings = z.object({
  /** A 5- or 6-field cron expression (UTC), or "" for no schedule (check now only). */
  schedule: z.string().max(100),
  /** A registry answer is reused this long (by every instance) before the tag is asked again. */
  ttlMinutes: z.number().int().min(1).max(10_080),
  /** Requests in flight at once per registry. */
  concurrencyPerRegistry: z.number().int().min(1).max(32),
  /** Registry hosts spoken to over plain HTTP (those the engines list as insecure-registries). */
  plainHttpRegistries: z.array(z.string().min(1).max(255)).max(100),
  /**
   * When containers with the "auto" policy may be updated by the scheduled check: the window opens
   * at each tick of `cron` (UTC) and stays open `durationMinutes`. null: never (notify only).
   */
  maintenanceWindow: z.object({ cron: z.string().min(1).max(100), durationMinutes: z.number().int().min(1).max(1440) }).strict().nullable(),
  /** After an update, the new container must be healthy (or, without a healthcheck, keep running unrestarted) for this long, or the previous image is put back. */
  healthTimeoutSeconds: z.number().int().min(1).max(3600),
});
export type UpdateSettings = z.infer<typeof UpdateSettings>;

export const UPDATE_SETTINGS_DEFAULTS: UpdateSettings = { schedule: "0 */6 * * *", ttlMinutes: 60, concurrencyPerRegistry: 4, plainHttpRegistries: [], maintenanceWindow: null, healthTimeoutSeconds: 60 };

const KEY = "updates.settings";

export async function getUpdateSettings(db: Db): Promise<UpdateSettings> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  if (!row) return UPDATE_SETTINGS_DEFAULTS;
  const parsed = UpdateSettings.partial().safeParse(JSON.parse(row.value));
  return { ...UPDATE_SETTINGS_DEFAULTS, ...(parsed.success ? parsed.data : {}) };
}

/** Refuses a cron expression croner cannot read, naming the field and croner's words. */
export function assertSchedule(schedule: string, field = "schedule"): void {
  if (schedule === "") return;
  try {
    new Cron(schedule, { paused: true, timezone: "UTC" }).stop();
  } catch (error) {
    throw new AppError("BAD_REQUEST", `${field}: "${schedule}" is not a cron expression croner can read (${error instanceof Error ? error.message : String(error)})`);
  }
}

export async function updateUpdateSettings(db: Db, changes: Partial<UpdateSettings>): Promise<UpdateSettings> {
  if (changes.schedule !== undefined) assertSchedule(changes.schedule);
  if (changes.maintenanceWindow) assertSchedule(changes.maintenanceWindow.cron, "maintenanceWindow.cron");
  const next = { ...(await getUpdateSettings(db)), ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
  const value = JSON.stringify(next);
  await db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
  return next;
}
