import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";
import type { SecretBox } from "../secret-box";
import { ChannelConfig, describeChannel, emailSettings, mergeChannelEdit, type ChannelConfigEdit, type ChannelKind, type EmailSettingsView } from "./channel-config";
import { parseQuietHours, type QuietHours } from "./quiet-hours";

/** What the browser gets: never the config itself (it holds URLs with secrets, tokens, passwords). */
export interface AlertChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  target: string;
  /** Email's server and addresses, for the edit form (never the password). */
  email: EmailSettingsView | null;
  quietHours: QuietHours | null;
}

type ChannelRow = { id: string; name: string; kind: string; configSealed: string; quietHours: string | null };

export function openChannelConfig(secrets: SecretBox, row: ChannelRow): ChannelConfig | null {
  const plain = secrets.open(row.configSealed);
  if (plain === null) return null;
  try {
    const parsed = ChannelConfig.safeParse(JSON.parse(plain));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function view(secrets: SecretBox, row: ChannelRow): AlertChannelView {
  const config = openChannelConfig(secrets, row);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ChannelKind,
    target: config ? describeChannel(config) : "(unreadable: sealed under another key)",
    email: config ? emailSettings(config) : null,
    quietHours: parseQuietHours(row.quietHours),
  };
}

export async function listChannels(db: Db, secrets: SecretBox): Promise<AlertChannelView[]> {
  return (await db.alertChannel.findMany({ orderBy: { name: "asc" } })).map((row) => view(secrets, row));
}

export async function createChannel(db: Db, secrets: SecretBox, name: string, config: ChannelConfig, quietHours: QuietHours | null = null): Promise<AlertChannelView> {
  if (await db.alertChannel.findUnique({ where: { name } })) throw new AppError("CONFLICT", `name: a channel named ${name} exists`);
  return view(secrets, await db.alertChannel.create({ data: { name, kind: config.kind, configSealed: secrets.seal(JSON.stringify(config)), quietHours: quietHours ? JSON.stringify(quietHours) : null } }));
}

/** An edit: secret fields left out keep their stored values (the browser never has them). */
export async function updateChannel(db: Db, secrets: SecretBox, id: string, name: string, edit: ChannelConfigEdit, quietHours: QuietHours | null): Promise<AlertChannelView> {
  const row = await db.alertChannel.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "no such alert channel");
  const clash = await db.alertChannel.findUnique({ where: { name } });
  if (clash && clash.id !== id) throw new AppError("CONFLICT", `name: a channel named ${name} exists`);
  const merged = mergeChannelEdit(openChannelConfig(secrets, row), edit);
  if (!merged.success) {
    const issue = merged.error.issues[0];
    const field = issue?.path.join(".") ?? "secretConfig";
    // A field left out with nothing stored to keep (the kind changed, or the old settings are unreadable).
    const missing = issue?.code === "invalid_type" && issue.input === undefined;
    throw new AppError("BAD_REQUEST", missing ? `secretConfig.${field} is needed: there is no stored value to keep for this kind` : (issue?.message ?? "secretConfig is invalid"));
  }
  const config = merged.data;
  await db.alertChannel.update({ where: { id }, data: { name, kind: config.kind, configSealed: secrets.seal(JSON.stringify(config)), quietHours: quietHours ? JSON.stringify(quietHours) : null } });
  // Messages held for the old quiet hours are looked at again under the new ones (sent now if they no longer apply).
  const now = new Date();
  await db.alertDelivery.updateMany({ where: { channelId: id, status: "pending", heldUntil: { gt: now } }, data: { nextAttemptAt: now, heldUntil: now } });
  return view(secrets, await db.alertChannel.findUniqueOrThrow({ where: { id } }));
}

export async function deleteChannel(db: Db, id: string): Promise<{ id: string; name: string }> {
  const row = await db.alertChannel.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "no such alert channel");
  await db.alertChannel.delete({ where: { id } });
  return { id, name: row.name };
}

export async function loadChannelConfig(db: Db, secrets: SecretBox, id: string): Promise<ChannelConfig> {
  const row = await db.alertChannel.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "no such alert channel");
  const config = openChannelConfig(secrets, row);
  if (!config) throw new AppError("BAD_REQUEST", "the channel's settings cannot be read (sealed under another key): enter them again");
  return config;
}
