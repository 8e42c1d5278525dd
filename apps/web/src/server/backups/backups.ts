import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseDatabaseUrl, restoreDatabase, snapshotDatabase, type DbProvider } from "@dockmaster/db";
import { keyFingerprint, openKey, sealKey, type SealedKey } from "./backup-key";

/**
 * A backup is one directory, `dockmaster-<time>/` (private, 0700), written under a temporary name
 * and renamed when complete:
 *   manifest.json      what it holds: time, provider, file checksum, the secret key's fingerprint
 *   database.sqlite    SQLite's online backup, or database.pgdump (pg_dump, custom format)
 *   secrets.json       only with a passphrase: the secret key and the local agent's credentials,
 *                      each encrypted with it (backup-key.ts says why never in clear)
 */
export interface BackupManifest {
  format: 1;
  createdAt: string;
  provider: DbProvider;
  database: { file: string; sha256: string; bytes: number };
  keyFingerprint: string;
  /** The secret key travels encrypted in secrets.json (else the restore needs the key itself). */
  keyIncluded: boolean;
}

interface BackupSecrets {
  secretKey: SealedKey;
  localAgent?: SealedKey;
}

export interface BackupSource {
  databaseUrl: string;
  dataDir: string;
  secretKey: Buffer;
  /** Encrypts the secret key into the backup; unset = the backup refers to the key by fingerprint. */
  passphrase?: string;
}

const PREFIX = "dockmaster-";
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

export async function createBackup(source: BackupSource, backupsDir: string, now = new Date()): Promise<{ path: string; manifest: BackupManifest }> {
  mkdirSync(backupsDir, { recursive: true, mode: 0o700 });
  const name = `${PREFIX}${now.toISOString().replace(/[:.]/g, "-")}`;
  const partial = join(backupsDir, `.${name}.partial`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { mode: 0o700 });
  try {
    const provider = parseDatabaseUrl(source.databaseUrl).provider;
    const file = provider === "sqlite" ? "database.sqlite" : "database.pgdump";
    await snapshotDatabase(source.databaseUrl, join(partial, file));
    const bytes = readFileSync(join(partial, file)).length;
    if (source.passphrase) {
      const localAgentFile = join(source.dataDir, "local-agent.json");
      const secrets: BackupSecrets = {
        secretKey: sealKey(source.secretKey, source.passphrase),
        ...(existsSync(localAgentFile) ? { localAgent: sealKey(readFileSync(localAgentFile), source.passphrase) } : {}),
      };
      writeFileSync(join(partial, "secrets.json"), JSON.stringify(secrets, null, 2), { mode: 0o600 });
    }
    const manifest: BackupManifest = {
      format: 1,
      createdAt: now.toISOString(),
      provider,
      database: { file, sha256: sha256(join(partial, file)), bytes },
      keyFingerprint: keyFingerprint(source.secretKey),
      keyIncluded: Boolean(source.passphrase),
    };
    writeFileSync(join(partial, "manifest.json"), JSON.stringify(manifest, null, 2), { mode: 0o600 });
    const path = join(backupsDir, name);
    renameSync(partial, path);
    return { path, manifest };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Complete backups in a directory, newest first. */
export function listBackups(backupsDir: string): Array<{ name: string; path: string; manifest: BackupManifest }> {
  if (!existsSync(backupsDir)) return [];
  return readdirSync(backupsDir)
    .filter((name) => name.startsWith(PREFIX) && existsSync(join(backupsDir, name, "manifest.json")))
    .sort()
    .reverse()
    .map((name) => ({ name, path: join(backupsDir, name), manifest: readManifest(join(backupsDir, name)) }));
}

/** Keeps the newest `keep` backups; returns the names removed. */
export function pruneBackups(backupsDir: string, keep: number): string[] {
  const old = listBackups(backupsDir).slice(keep);
  for (const backup of old) rmSync(backup.path, { recursive: true, force: true });
  return old.map((b) => b.name);
}

function readManifest(dir: string): BackupManifest {
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as BackupManifest;
  if (manifest.format !== 1) throw new Error(`${dir}: unknown backup format ${String(manifest.format)}`);
  return manifest;
}

export interface RestoreTarget {
  databaseUrl: string;
  dataDir: string;
  /** DOCKMASTER_SECRET_KEY of the install restored into, if it sets one. */
  envSecretKey?: Buffer;
  passphrase?: string;
}

/**
 * Restores a backup into a fresh install (stopped, empty database): checks the file against the
 * manifest, makes sure the install will hold the same secret key (from the environment, the data
 * dir's key file, or the backup's encrypted copy, which is then written as the key file), and loads
 * the database. Agents then reconnect with the secrets they have.
 */
export async function restoreBackup(backupDir: string, target: RestoreTarget): Promise<BackupManifest> {
  const dir = resolve(backupDir);
  const manifest = readManifest(dir);
  const dbFile = join(dir, manifest.database.file);
  if (sha256(dbFile) !== manifest.database.sha256) throw new Error(`${dbFile} does not match its checksum in manifest.json: the backup is damaged`);
  const secrets = existsSync(join(dir, "secrets.json")) ? (JSON.parse(readFileSync(join(dir, "secrets.json"), "utf8")) as BackupSecrets) : undefined;
  const keyFile = join(target.dataDir, "secret.key");
  const existingKey = target.envSecretKey ?? (existsSync(keyFile) ? Buffer.from(readFileSync(keyFile, "utf8").trim(), "base64") : undefined);
  const wrongKey = (where: string) => new Error(`${where} is not the key of the backed-up install (fingerprint ${manifest.keyFingerprint}): its sealed secrets and audit anchors could not be read`);
  let keyToWrite: Buffer | undefined;
  if (existingKey) {
    if (keyFingerprint(existingKey) !== manifest.keyFingerprint) throw wrongKey(target.envSecretKey ? "DOCKMASTER_SECRET_KEY" : keyFile);
  } else if (secrets && target.passphrase) {
    keyToWrite = openKey(secrets.secretKey, target.passphrase);
    if (keyFingerprint(keyToWrite) !== manifest.keyFingerprint) throw wrongKey("the key in the backup");
  } else {
    throw new Error(
      manifest.keyIncluded
        ? "the backup's secret key is encrypted: give its passphrase (DOCKMASTER_BACKUP_PASSPHRASE)"
        : `the backup does not hold the secret key: set DOCKMASTER_SECRET_KEY (or put the key file in ${target.dataDir}) to the key of the backed-up install, fingerprint ${manifest.keyFingerprint}`,
    );
  }
  mkdirSync(target.dataDir, { recursive: true, mode: 0o700 });
  await restoreDatabase(target.databaseUrl, dbFile, manifest.provider);
  if (keyToWrite) writeFileSync(keyFile, keyToWrite.toString("base64"), { mode: 0o600, flag: "wx" });
  if (secrets?.localAgent && target.passphrase) {
    const file = join(target.dataDir, "local-agent.json");
    if (!existsSync(file)) writeFileSync(file, openKey(secrets.localAgent, target.passphrase), { mode: 0o600 });
  }
  chmodSync(target.dataDir, 0o700);
  return manifest;
}
