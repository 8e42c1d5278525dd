import { fileURLToPath } from "node:url";
import next from "next";
import { makeDirectoryPrivate } from "@dockmaster/db";
import { loadConfig } from "./src/config";
import { startControlPlane } from "./src/server/control-plane";
import { stackEngine } from "./src/server/stack-engine";
import { startLocalAgent } from "./src/server/local-agent";
import { keepServingWithoutLogPipe, log } from "./src/server/logger";
import { loadSecretKey } from "./src/server/secret-key";
import { scheduleBackups } from "./src/server/backups/backup-schedule";
import { backupsPort } from "./src/server/backups/backups-port";

// Wiring only: config → Next → control plane (DB, tRPC, socket.io on one port) → local agent.
keepServingWithoutLogPipe();
const config = loadConfig();
// The data dir holds the database and the secret key: private (0700) from creation, fixed at start.
if (!makeDirectoryPrivate(config.dataDir)) log.warn("the data directory is a shared sticky directory; its files are private, but use a directory of your own", { dataDir: config.dataDir });
const secretKey = loadSecretKey(config.dataDir, config.secretKey);
const backupSource = { databaseUrl: config.databaseUrl, dataDir: config.dataDir, secretKey, passphrase: config.backup.passphrase };
const app = next({ dev: config.dev, dir: fileURLToPath(new URL(".", import.meta.url)) });
await app.prepare();
const nextHandler = app.getRequestHandler();

const plane = await startControlPlane({
  databaseUrl: config.databaseUrl,
  port: config.port,
  bind: config.bind,
  secureCookies: config.secureCookies,
  publicUrl: config.publicUrl,
  heartbeat: config.heartbeat,
  diskCheckEveryMs: config.diskCheckEveryMs,
  redisUrl: config.redisUrl,
  instanceTiming: config.instanceTiming,
  secretKey,
  pageHandler: (req, res) => nextHandler(req, res),
  devPages: config.dev,
  agentDist: config.agentDist,
  stackEngine: ({ hub, registryAuth }) => stackEngine(hub, registryAuth),
  backups: backupsPort(backupSource, config.backup.dir, config.backup.keep, config.backup.schedule),
});
const url = `http://${config.bind === "0.0.0.0" ? "localhost" : config.bind}:${plane.port}`;
log.info("Dockmaster is running", { url, database: plane.database.provider });
process.stdout.write(`\n  Dockmaster is running → ${url}\n\n`);
const stopAgent = await startLocalAgent(config, plane.db, plane.audit);
const backups = config.backup.schedule ? scheduleBackups(config.backup.schedule, backupSource, config.backup.dir, config.backup.keep, plane.audit) : null;

function shutdown() {
  stopAgent?.();
  backups?.stop();
  // Scale-out hands its agents over first (up to DOCKMASTER_HANDOVER_MS): allow for it.
  setTimeout(() => process.exit(0), 3_000 + (config.redisUrl ? config.instanceTiming.handoverMs : 0)).unref();
  void plane.close().then(() => process.exit(0));
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
