import type { Db } from "@dockmaster/db";
import { registryAuthFor } from "../registries/credentials";
import { normalizeRegistryHost } from "../registries/registry-host";
import type { SecretBox } from "../secret-box";
import { RegistryClient } from "./registry-client";
import { runUpdateCheck, type CheckSummary } from "./run-check";
import { getUpdateSettings } from "./update-settings";

/**
 * One fleet update check with the current settings and the stored registry logins (opened only
 * for the registry request). A fresh client per run: a changed login or schedule applies at once.
 */
export async function checkFleetForUpdates(db: Db, secrets: SecretBox, options: { force?: boolean; actor?: { id?: string | null; name?: string | null } | null; fetch?: typeof fetch } = {}): Promise<CheckSummary> {
  const settings = await getUpdateSettings(db);
  const plain = new Set(settings.plainHttpRegistries.map(normalizeRegistryHost));
  const client = new RegistryClient({
    concurrencyPerRegistry: settings.concurrencyPerRegistry,
    plainHttp: (registry) => plain.has(registry),
    loginFor: async (registry) => registryAuthFor(db, secrets, `${registry}/_`),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return runUpdateCheck(db, { ask: (ref) => client.remoteDigest(ref), ttlMs: settings.ttlMinutes * 60_000, force: options.force, actor: options.actor });
}
