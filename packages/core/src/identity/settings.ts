import type { Db } from "@dockmaster/db";

export interface Settings {
  /** Every user must turn on two-factor before doing anything but managing their own account. */
  requireTwoFactor: boolean;
}

const DEFAULTS: Settings = { requireTwoFactor: false };

export async function getSettings(db: Db): Promise<Settings> {
  const rows = await db.setting.findMany();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { requireTwoFactor: typeof stored.requireTwoFactor === "boolean" ? stored.requireTwoFactor : DEFAULTS.requireTwoFactor };
}

export async function updateSettings(db: Db, changes: Partial<Settings>): Promise<Settings> {
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    await db.setting.upsert({ where: { key }, create: { key, value: JSON.stringify(value) }, update: { value: JSON.stringify(value) } });
  }
  return getSettings(db);
}
