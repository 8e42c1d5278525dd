import type { Db } from "@dockmaster/db";

export interface Settings {
  /** Every user must turn on two-factor before doing anything but managing their own account. */
  requireTwoFactor: boolean;
  /** Engine events older than this are deleted (the periodic prune job). */
  eventRetentionDays: number;
  /** An app-template catalogue (Portainer's format) offered next to the built-in stack templates; null = built-ins only. */
  stackTemplatesUrl: string | null;
}

const DEFAULTS: Settings = { requireTwoFactor: false, eventRetentionDays: 30, stackTemplatesUrl: null };
export const EVENT_RETENTION_DAYS = { min: 1, max: 3_650 };

export async function getSettings(db: Db): Promise<Settings> {
  const rows = await db.setting.findMany();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const days = stored.eventRetentionDays;
  return {
    requireTwoFactor: typeof stored.requireTwoFactor === "boolean" ? stored.requireTwoFactor : DEFAULTS.requireTwoFactor,
    eventRetentionDays: typeof days === "number" && Number.isInteger(days) && days >= EVENT_RETENTION_DAYS.min && days <= EVENT_RETENTION_DAYS.max ? days : DEFAULTS.eventRetentionDays,
    stackTemplatesUrl: typeof stored.stackTemplatesUrl === "string" ? stored.stackTemplatesUrl : DEFAULTS.stackTemplatesUrl,
  };
}

export async function updateSettings(db: Db, changes: Partial<Settings>): Promise<Settings> {
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) {
      await db.setting.deleteMany({ where: { key } });
      continue;
    }
    await db.setting.upsert({ where: { key }, create: { key, value: JSON.stringify(value) }, update: { value: JSON.stringify(value) } });
  }
  return getSettings(db);
}
