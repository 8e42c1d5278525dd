import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEnrollmentToken, registryAuthFor, SecretBox } from "@dockmaster/core";
import { createBackup, restoreBackup } from "../src/server/backups/backups";
import { loadSecretKey } from "../src/server/secret-key";
import { freshPostgresDatabase, removeDir, signedInClient, signedInUser, spawnAgent, startTestPlane, testEngines, waitFor, type AgentProcess } from "./support";

/*
 * Backup → fresh install → restore, for real: a running control plane (SQLite) with a real agent,
 * a user and a registry login is backed up while it runs, stopped, and restored into a new data
 * directory; the restored install answers on the same address, the agent reconnects with the
 * secret it kept, the registry password opens, and `npm run audit:verify` finds the chain intact.
 * Then the PostgreSQL path as an operator runs it: `npm run backup` (pg_dump) against a running
 * install on PostgreSQL, restored (pg_restore) into a fresh PostgreSQL database.
 */
const RUN = `dmbackup-${process.pid}`;
const REPO_ROOT = join(import.meta.dirname, "../../..");
const PASSPHRASE = "correct horse battery staple";
const dirs: string[] = [];
let agent: AgentProcess | undefined;
const planes: Array<{ close(): Promise<void> }> = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

afterAll(async () => {
  await agent?.stop();
  for (const plane of planes) await plane.close().catch(() => undefined);
  for (const dir of dirs) removeDir(dir);
});

describe("backup and restore", () => {
  it("restores users, hosts (the agent reconnects with its secret), registries and a verifiable audit trail into a fresh install", async () => {
    const key = randomBytes(32);
    const [oldDir, newDir, backupsDir, agentDir] = [tempDir("dm-old-"), tempDir("dm-new-"), tempDir("dm-backups-"), tempDir("dm-agent-")];
    const old = await startTestPlane(oldDir, 0, undefined, { secretKey: key, heartbeat: { intervalMs: 1_000, timeoutMs: 1_000 } });
    planes.push(old);
    const port = old.port;
    agent = spawnAgent({
      DOCKMASTER_URL: `http://127.0.0.1:${port}`,
      DOCKER_HOST: testEngines()[0]!,
      DOCKMASTER_AGENT_STATE: join(agentDir, "agent.json"),
      DOCKMASTER_ENROLL_TOKEN: (await createEnrollmentToken(old.db, { hostName: `${RUN}-host` })).token,
    });
    const host = await waitFor(() => old.db.host.findFirst({ where: { name: `${RUN}-host`, status: "online" } }), "the agent online", 30_000);
    const admin = await signedInUser(old.db, `${RUN}-admin`, [{ role: "admin" }]);
    await signedInClient(port, admin.cookie).registries.create.mutate({ name: `${RUN}-registry`, serverAddress: "registry.backup.test", username: "robot", password: "registry-secret-1" });
    const auditBefore = await old.db.auditEvent.count();

    // While it runs.
    const { path, manifest } = await createBackup({ databaseUrl: `file:${join(oldDir, "test.db")}`, dataDir: oldDir, secretKey: key, passphrase: PASSPHRASE }, backupsDir);
    expect(manifest).toMatchObject({ provider: "sqlite", keyIncluded: true });
    // The key is never in the backup in clear.
    for (const file of readdirSync(path)) expect(readFileSync(join(path, file)).includes(key.toString("base64"))).toBe(false);
    await old.close();
    planes.length = 0;

    // A fresh install: without the key or its passphrase the restore refuses, naming what is missing.
    const newUrl = `file:${join(newDir, "test.db")}`;
    await expect(restoreBackup(path, { databaseUrl: newUrl, dataDir: newDir })).rejects.toThrow("give its passphrase (DOCKMASTER_BACKUP_PASSPHRASE)");
    await expect(restoreBackup(path, { databaseUrl: newUrl, dataDir: newDir, envSecretKey: randomBytes(32) })).rejects.toThrow("DOCKMASTER_SECRET_KEY is not the key of the backed-up install");
    await expect(restoreBackup(path, { databaseUrl: newUrl, dataDir: newDir, passphrase: "not the passphrase" })).rejects.toThrow("the backup passphrase is wrong");
    await restoreBackup(path, { databaseUrl: newUrl, dataDir: newDir, passphrase: PASSPHRASE });
    const restoredKey = loadSecretKey(newDir, undefined);
    expect(restoredKey.equals(key)).toBe(true);

    // Started on the old address: the agent, retrying all along, comes back with its secret.
    const restored = await startTestPlane(newDir, port, newUrl, { secretKey: restoredKey, heartbeat: { intervalMs: 1_000, timeoutMs: 1_000 } });
    planes.push(restored);
    await waitFor(() => restored.db.host.findFirst({ where: { id: host.id, status: "online" } }), "the agent reconnected to the restored install", 30_000);
    expect(await restored.db.user.findFirst({ where: { username: `${RUN}-admin` } })).not.toBeNull();
    expect(await restored.db.role.count()).toBeGreaterThan(0);
    expect(await registryAuthFor(restored.db, new SecretBox(restoredKey), "registry.backup.test/app:1")).toMatchObject({ username: "robot", password: "registry-secret-1" });
    expect(await restored.db.auditEvent.count()).toBeGreaterThanOrEqual(auditBefore);

    const verify = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "scripts/audit-verify.ts")], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", DATABASE_URL: newUrl, DOCKMASTER_DATA_DIR: newDir },
      encoding: "utf8",
    });
    expect(verify.stderr).not.toContain("broken");
    expect(verify.status).toBe(0);
  });

  it("PostgreSQL: `npm run backup` takes a pg_dump of the running install, restored into a fresh database the audit chain verifies", async () => {
    const [dataDir, newDir, backupsDir] = [tempDir("dm-pg-old-"), tempDir("dm-pg-new-"), tempDir("dm-pg-backups-")];
    const [oldDb, newDb] = [await freshPostgresDatabase(`dmbackup_old_${process.pid}`), await freshPostgresDatabase(`dmbackup_new_${process.pid}`)];
    try {
      const key = randomBytes(32);
      const old = await startTestPlane(dataDir, 0, oldDb.url, { secretKey: key });
      planes.push(old);
      const admin = await signedInUser(old.db, `${RUN}-pg-admin`, [{ role: "admin" }]);
      await signedInClient(old.port, admin.cookie).registries.create.mutate({ name: `${RUN}-pg-registry`, serverAddress: "registry.pg-backup.test", username: "robot", password: "registry-secret-2" });
      const auditBefore = await old.db.auditEvent.count();

      // The CLI, while the install runs; the key given as the server gets it.
      const backup = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "scripts/backup.ts"), "--dir", backupsDir], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", DATABASE_URL: oldDb.url, DOCKMASTER_DATA_DIR: dataDir, DOCKMASTER_SECRET_KEY: key.toString("base64"), DOCKMASTER_BACKUP_PASSPHRASE: PASSPHRASE },
        encoding: "utf8",
      });
      expect(backup.stderr).toBe("");
      expect(backup.stdout).toMatch(/^backup: \S+ \(postgresql, \d+ bytes, secret key included/);
      expect(backup.status).toBe(0);
      const [name] = readdirSync(backupsDir).filter((f) => !f.startsWith("."));
      const path = join(backupsDir, name!);
      expect(readdirSync(path)).toContain("database.pgdump");
      await old.close();
      planes.length = 0;

      await restoreBackup(path, { databaseUrl: newDb.url, dataDir: newDir, passphrase: PASSPHRASE });
      const restored = await startTestPlane(newDir, 0, newDb.url, { secretKey: loadSecretKey(newDir, undefined) });
      planes.push(restored);
      expect(await restored.db.user.findFirst({ where: { username: `${RUN}-pg-admin` } })).not.toBeNull();
      expect(await registryAuthFor(restored.db, new SecretBox(key), "registry.pg-backup.test/app:1")).toMatchObject({ username: "robot", password: "registry-secret-2" });
      expect(await restored.db.auditEvent.count()).toBeGreaterThanOrEqual(auditBefore);
      await restored.close();
      planes.length = 0;
      const verify = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "scripts/audit-verify.ts")], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", DATABASE_URL: newDb.url, DOCKMASTER_DATA_DIR: newDir },
        encoding: "utf8",
      });
      expect(verify.stderr).not.toContain("broken");
      expect(verify.status).toBe(0);
    } finally {
      for (const plane of planes) await plane.close().catch(() => undefined);
      planes.length = 0;
      await oldDb.drop();
      await newDb.drop();
    }
  });
});
