import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { AlertEngine, DEFAULT_DISK_CHECK_MS, DEFAULT_OUTBOX_TIMING, DeliveryWorker, DiskWatch, onOperationFailed, type OutboxTiming, AuditLog, type AuditEntry, rebuildSearchTerms, type ContainerListCache, type TermsRebuildResult, GitStackSync, backfillComposeProjects, ensureBuiltInRoles, markAllHostsOffline, registryAuthFor, SecretBox, startUpdateSchedule } from "@dockmaster/core";
import type { RegistryLogin } from "@dockmaster/protocol";
import { createDatabase, makeSqliteFilesPrivate, parseDatabaseUrl, type Database, type Db } from "@dockmaster/db";
import { migrate } from "@dockmaster/db/migrate";
import { attachAgentGateway, attachUiGateway, createClusterBus, openFileDownload, pullImage, SocketAgentHub } from "@dockmaster/realtime";
import { BulkRunner, gitAutoDeployer, scheduledUpdateRun, upgradeAgent, type ApiServices, type BackupsPort, type StackEngine } from "@dockmaster/api";
import { ClusterActorCache, HeldHostsContainerListCache } from "./cluster-caches";
import { DEFAULT_INSTANCE_TIMING, startInstanceRegistry, type InstanceTiming } from "./instance-registry";
import { log } from "./logger";
import { connectRedis, type RedisRetry } from "./redis";
import { tellBrowsersAboutClusterLink } from "./cluster-link";
import { ClusterStackRuns } from "./stack-runs";
import { createRequestHandler } from "./routes";
import { startEventRetention } from "./event-retention";
import { startDirectEngines, type DirectEngines } from "./direct-engines";
import { secureEveryResponse } from "./security-headers";
import { AgentRelease } from "./agent-artifacts/release";

export interface ControlPlaneOptions {
  databaseUrl: string;
  port: number;
  bind: string;
  secureCookies: boolean;
  /** DOCKMASTER_PUBLIC_URL (single sign-on URLs); unset: each request's own origin. */
  publicUrl?: string;
  /** 32 bytes: seals TOTP seeds and login challenges (see secret-key.ts). */
  secretKey: Buffer;
  /**
   * The agent heartbeat is socket.io's ping: a host whose agent stays silent for interval + timeout
   * is disconnected and marked offline (defaults 10 s + 10 s; tests use far less).
   */
  heartbeat?: { intervalMs: number; timeoutMs: number };
  /** Scale-out: several instances on one PostgreSQL database joined by this Redis; unset = one process. */
  redisUrl?: string;
  /** Instance beat and staleness (defaults 5 s / 20 s; tests use far less). */
  instanceTiming?: InstanceTiming;
  /** How long a command waits for Redis to come back before it fails (default ~30 s; tests use less). */
  redisRetry?: RedisRetry;
  /** Direct engines: lease length and the in-process agents' engine ping interval (tests use short ones). */
  directEngines?: { leaseMs?: number; healthIntervalMs?: number };
  /** How long a browser may take to acknowledge stream output before that stream is closed (default 60 s; tests use less). */
  uiStreamAckTimeoutMs?: number;
  /** Alert delivery: retry timing of the outbox (tests shorten the backoff). */
  alertOutbox?: Partial<OutboxTiming>;
  /** How often Docker's disk use (system df) is measured on this instance's hosts for host.disk rules (default 10 min; tests use less). */
  diskCheckEveryMs?: number;
  /** Pages: Next's handler in the app, a 404 responder in tests. */
  pageHandler: (req: IncomingMessage, res: ServerResponse) => unknown;
  /** `next dev`: its pages need eval (the page Content-Security-Policy allows it only then). */
  devPages?: boolean;
  /** The agent builds served under /agent/… and offered as upgrades (default apps/agent/dist; `npm run build` makes them). */
  agentDist?: string;
  /** Stacks: the compose engine and the agent's apply (wired from packages/compose and packages/realtime; unset = deploys refuse). */
  stackEngine?: (deps: { hub: SocketAgentHub; registryAuth: (imageRef: string) => Promise<RegistryLogin | undefined> }) => StackEngine;
  /** Database backups for the admin page (apps/web/src/server/backups/backups-port.ts); unset = not offered. */
  backups?: BackupsPort;
  /** How often git-backed stacks are checked for a due poll (default 15 s; tests use less). */
  gitPollEveryMs?: number;
}

export interface ControlPlane {
  /** This instance (ControlPlaneInstance row; Host.connectedInstanceId of the agents it holds). */
  instanceId: string;
  database: Database;
  db: Db;
  audit: AuditLog;
  /** The start's rebuild of the audit search index (settles when done, stopped, or failed: then rebuilt 0, complete false). */
  auditSearchIndex: Promise<TermsRebuildResult>;
  hub: SocketAgentHub;
  /** Alerts: evaluation of stored events and host status changes, and this instance's delivery worker. */
  alerts: AlertEngine;
  deliveries: DeliveryWorker;
  /** host.disk: measures this instance's hosts periodically (tests call checkNow). */
  diskWatch: DiskWatch;
  containerLists: ContainerListCache;
  directEngines: DirectEngines;
  httpServer: HttpServer;
  port: number;
  close(): Promise<void>;
}

/** Runs rebuildSearchTerms, logging what it did; never rejects (a failure is logged, retried at the next start). */
async function rebuildAuditSearchIndex(database: Database, signal: AbortSignal): Promise<TermsRebuildResult> {
  const started = performance.now();
  try {
    const result = await rebuildSearchTerms(database.prisma, database.provider, { signal, sqliteConnection: database.sqliteConnection });
    if (result.rebuilt > 0) log.info("audit search index rebuilt", { records: result.rebuilt, version: result.version, complete: result.complete, ms: Math.round(performance.now() - started) });
    return result;
  } catch (error) {
    log.error("audit search index rebuild failed (retried at the next start)", { error: error instanceof Error ? error.message : String(error) });
    return { rebuilt: 0, version: 0, complete: false };
  }
}

/** Database (migrated) + tRPC + /api/health + socket.io gateways on one HTTP server. */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  // A SQLite file is created private (0600, and so are its -wal and -shm) before migrating opens it.
  const target = parseDatabaseUrl(options.databaseUrl);
  if (target.provider === "sqlite") makeSqliteFilesPrivate(target.file);
  const applied = await migrate(options.databaseUrl);
  if (applied.length) log.info("database migrated", { applied });
  // SQLite: the WAL is checkpointed by a worker thread, not inside the event writer's commits.
  const database = createDatabase(options.databaseUrl, {
    backgroundCheckpointMs: 1_000,
    onCheckpointError: (error) => log.error("SQLite checkpoint failed", { error }),
    onWriterError: (error) => log.error("SQLite writer thread failed; writing on the main thread", { error }),
    onPoolError: (error) => log.warn("PostgreSQL closed an idle connection; the next query reconnects", { error }),
  });
  const db = database.prisma;
  // The secret key signs the audit chain's head anchors (tail truncation is detected).
  // Denials of a signed-in user are counted by the alert engine (access.denied_repeatedly), made below.
  let alertsOnDenied: (entry: AuditEntry) => void = () => undefined;
  const audit = new AuditLog(db, database.provider, { secretKey: options.secretKey, log, onDenied: (entry) => alertsOnDenied(entry) });
  // The search index is rebuilt from the records' redacted words once per version of the term
  // rules (records from before the redaction rule gave it their secrets), in the background and
  // in short batches; several instances: one does it. Searches check the redacted words meanwhile.
  const stopTermsRebuild = new AbortController();
  const auditSearchIndex = rebuildAuditSearchIndex(database, stopTermsRebuild.signal);
  await ensureBuiltInRoles(db);
  // Snapshot rows from before their compose project had a column: filled from their labels.
  const backfilled = await backfillComposeProjects(db);
  if (backfilled) log.info("snapshot rows given their compose project", { rows: backfilled });
  const instanceId = randomUUID();
  const redis = options.redisUrl ? await connectRedis(options.redisUrl, options.redisRetry) : undefined;
  // One process: no agent can be connected yet. Scale-out: other instances hold theirs; the
  // instance registry's reaper takes offline only the hosts of instances that stopped.
  if (!redis) await markAllHostsOffline(db);

  // socket.io wraps the request listener that exists when it attaches (to claim /socket.io/), so
  // the listener is created first and bound to the real handler once the hub exists.
  let handle: (req: IncomingMessage, res: ServerResponse) => unknown = (_req, res) => res.writeHead(503).end();
  const httpServer = createServer((req, res) => handle(req, res));
  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 1_000_000,
    pingInterval: options.heartbeat?.intervalMs ?? 10_000,
    pingTimeout: options.heartbeat?.timeoutMs ?? 10_000,
    ...(redis ? { adapter: redis.adapter } : {}),
  });
  // Security headers on every response, socket.io's polling answers included (security-headers.ts).
  secureEveryResponse(httpServer);
  const bus = createClusterBus(io, { clustered: Boolean(redis), instanceId });
  if (redis) tellBrowsersAboutClusterLink(io, redis.link);
  const hub = new SocketAgentHub(log, async (hostId) => (await db.host.findUnique({ where: { id: hostId }, select: { name: true } }))?.name ?? null);
  const secrets = new SecretBox(options.secretKey);
  // Pull and push streams get the stored credentials of the image's registry, decrypted only here.
  const registryAuth = async (imageRef: string) => (await registryAuthFor(db, secrets, imageRef)) ?? undefined;
  const ui = attachUiGateway(io, { db, audit, log, hub, registryAuth, bus, browserAckTimeoutMs: options.uiStreamAckTimeoutMs });
  // The overview's recent operations and denials follow the audit trail: every one is a record.
  audit.onWritten(() => ui.publishActivity());
  // Container lists are answered from memory until the host reports a container event (dropped
  // before the event reaches browsers, so the refetch it triggers sees the change).
  const containerLists: ContainerListCache = new HeldHostsContainerListCache(hub);
  // Alerts: raised from what this instance stored (each event and status change once fleet-wide),
  // delivered from the outbox by whichever instance claims a row first.
  const deliveries = new DeliveryWorker(db, secrets, log, { ...DEFAULT_OUTBOX_TIMING, ...options.alertOutbox }, () => ui.publishAlertsChanged());
  const alerts = new AlertEngine(db, log, (_alertId, deliveryIds) => {
    deliveries.deliverNow(deliveryIds);
    ui.publishAlertsChanged();
  });
  alertsOnDenied = (entry) => {
    if (entry.actor.type === "user" && entry.actor.id) alerts.accessDenied({ id: entry.actor.id, name: entry.actor.name ?? entry.actor.id }, entry.action);
  };
  const stopOperationAlerts = onOperationFailed(db, (op) => alerts.operationFailed(op));
  const diskWatch = new DiskWatch({ db, hub, alerts, log }, options.diskCheckEveryMs ?? DEFAULT_DISK_CHECK_MS);
  const agentGateway = attachAgentGateway(io, {
    db,
    sqliteConnection: database.sqliteConnection,
    audit,
    log,
    hub,
    instanceId,
    bus,
    onEngineEvent: (hostId, event) => {
      if (event.type === "container") containerLists.invalidate(hostId);
      ui.publishEngineEvent(hostId, event);
    },
    onEventsStored: (hostId, events) => alerts.eventsStored(hostId, events),
    onHostStatus: (hostId, status, reason) => {
      containerLists.invalidate(hostId);
      alerts.hostStatus(hostId, status, reason);
      ui.publishHostStatus(hostId, status, reason);
    },
    onStateChanged: (hostId) => ui.publishFleetChanged(hostId),
  });
  // Bulk actions: each target through the same Operation + audit path, progress to the batch's room.
  const pull = async (hostId: string, ref: string, onProgress: (line: string) => void) => pullImage(hub, hostId, ref, await registryAuth(ref), onProgress);
  const agentRelease = new AgentRelease(options.agentDist ?? fileURLToPath(new URL("../../../agent/dist", import.meta.url)));
  const bulk = new BulkRunner({ db, hub, audit, containerLists, log, publish: ui.publishBulk, pull, upgradeAgent: (hostId) => upgradeAgent({ db, hub, release: agentRelease }, hostId) });
  // Image update checks on the stored cron schedule (one instance per tick); every instance re-reads it when it changes.
  // Each tick: the check, "update available" alerts, then the auto-updates its window allows (services: below, read at the tick).
  const updateSchedule = startUpdateSchedule(db, () => scheduledUpdateRun(services, log), (error) => log.warn("scheduled image update check failed", { error: error instanceof Error ? error.message : String(error) }));
  bus.on("updates:reschedule", () => void updateSchedule.reload());
  const updateScheduleSignal = { reload: () => Promise.resolve(bus.publish("updates:reschedule")) };
  // Started once the server listens (its agents dial it); procedures that add one ask for a refresh.
  let directEngines: DirectEngines | null = null;
  // Every instance re-reads its leases: the engine added or moved may be held by another one.
  bus.on("directEngines:refresh", () => void directEngines?.refresh());
  const directEngineSignal = { refresh: () => Promise.resolve(bus.publish("directEngines:refresh")) };
  const services: ApiServices = { db, dbProvider: database.provider, sqliteConnection: database.sqliteConnection, hub, audit, secureCookies: options.secureCookies, publicUrl: options.publicUrl, notify: ui, secrets, actorCache: new ClusterActorCache(bus), containerLists, bulk, directEngines: directEngineSignal, pull, updateSchedule: updateScheduleSignal, agentRelease, backups: options.backups, alerts, containerFiles: { download: (hostId, params) => openFileDownload(hub, hostId, params) } };
  // Git-backed stacks: fetched on their webhook or poll; a changed one with autoDeploy is redeployed as its creator.
  const git = new GitStackSync({ db, secrets, log, redeploy: gitAutoDeployer(services, log) });
  const instanceTiming = options.instanceTiming ?? DEFAULT_INSTANCE_TIMING;
  services.stacks = { engine: options.stackEngine?.({ hub, registryAuth }), git, runs: new ClusterStackRuns(bus, db, instanceTiming.staleMs) };
  git.start(options.gitPollEveryMs);
  handle = createRequestHandler(services, database, options.pageHandler, { devPages: options.devPages ?? false, agentRelease, clusterLink: redis?.link, hub });
  const registry = await startInstanceRegistry(db, instanceId, instanceTiming, {
    reaped: (hostIds) =>
      hostIds.forEach((hostId) => {
        ui.publishHostStatus(hostId, "offline", "its control-plane instance stopped");
        alerts.hostStatus(hostId, "offline", "its control-plane instance stopped");
      }),
    held: (hosts) => hub.setRemoteHosts(hosts),
  });
  // Engine events past the retention setting: pruned now and then hourly.
  const eventRetention = startEventRetention(db);

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.bind, resolve);
  });
  const port = (httpServer.address() as AddressInfo).port;
  const loopback = options.bind === "0.0.0.0" || options.bind === "::" ? "127.0.0.1" : options.bind;
  directEngines = startDirectEngines({ db, secrets, log, instanceId, selfUrl: `http://${loopback.includes(":") ? `[${loopback}]` : loopback}:${port}`, ...options.directEngines });
  const runningEngines = directEngines;
  deliveries.start();
  diskWatch.start();
  return {
    instanceId,
    database,
    db,
    audit,
    auditSearchIndex,
    hub,
    alerts,
    deliveries,
    diskWatch,
    containerLists,
    directEngines: runningEngines,
    httpServer,
    port,
    async close() {
      git.stop();
      await eventRetention.stop();
      updateSchedule.stop();
      await runningEngines.close();
      // Scale-out: the agents reconnect to another instance; their hosts stay online, quietly.
      if (redis) agentGateway.handOver();
      await io.close(); // also closes the HTTP server
      // Events received but not yet stored: stored now (the agents, cut off before their ack, resend them anyway).
      await agentGateway.flushEvents();
      await diskWatch.stop();
      stopOperationAlerts();
      await alerts.idle();
      await deliveries.stop(); // rows not sent stay pending: the next start (or another instance) sends them
      if (redis) {
        const left = await registry.handOver();
        if (left) log.warn("hosts not taken over by another instance in time: the others set them offline", { count: left });
      }
      await registry.stop();
      await redis?.close();
      stopTermsRebuild.abort(); // between batches: the next start resumes
      await auditSearchIndex;
      await audit.close(); // anchors the head written since the last anchor
      await database.close();
    },
  };
}
