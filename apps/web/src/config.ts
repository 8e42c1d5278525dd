import { resolve } from "node:path";
import { Cron } from "croner";
import { z } from "zod";

/** The control plane's whole environment, validated once. The only web module that reads process.env. */
const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DOCKMASTER_BIND: z.string().min(1).default("127.0.0.1"),
  DOCKMASTER_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z.string().regex(/^(file:|postgres(ql)?:\/\/)/, "DATABASE_URL must start with file: or postgresql://").optional(),
  DOCKER_HOST: z.string().optional(),
  DOCKMASTER_LOCAL_AGENT: z.enum(["auto", "off"]).default("auto"),
  /** The local agent as one compiled file (the images set it); unset = its TypeScript source under tsx. */
  DOCKMASTER_LOCAL_AGENT_BUNDLE: z.string().min(1).optional(),
  DOCKMASTER_SECURE_COOKIES: z.enum(["true", "false"]).default("false"),
  DOCKMASTER_SECRET_KEY: z.string().optional(),
  DOCKMASTER_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(500).max(300_000).default(10_000),
  DOCKMASTER_HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(10_000),
  /** How often Docker's disk use (system df) is measured for host.disk alert rules. */
  DOCKMASTER_ALERT_DISK_CHECK_SECONDS: z.coerce.number({ message: "DOCKMASTER_ALERT_DISK_CHECK_SECONDS must be a number of seconds" }).int().min(5, "DOCKMASTER_ALERT_DISK_CHECK_SECONDS must be at least 5").max(86_400, "DOCKMASTER_ALERT_DISK_CHECK_SECONDS is at most 86400").default(600),
  /** Scale-out windows (instance-registry.ts): beat, silence before an instance counts as dead, graceful hand-over. */
  DOCKMASTER_INSTANCE_BEAT_MS: z.coerce.number().int().min(200).max(60_000).default(5_000),
  DOCKMASTER_INSTANCE_STALE_MS: z.coerce.number().int().min(1_000).max(600_000).default(20_000),
  DOCKMASTER_HANDOVER_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** Backups (backups/backups.ts): where, when (a cron expression; unset = only on demand), how many kept. */
  DOCKMASTER_BACKUP_DIR: z.string().min(1).optional(),
  DOCKMASTER_BACKUP_SCHEDULE: z
    .string()
    .min(1)
    .refine((expr) => {
      try {
        new Cron(expr, { paused: true }).stop();
        return true;
      } catch {
        return false;
      }
    }, "DOCKMASTER_BACKUP_SCHEDULE must be a cron expression, e.g. \"0 3 * * *\" (03:00 every day)")
    .optional(),
  DOCKMASTER_BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  /** Encrypts the secret key into each backup (else backups refer to it by fingerprint). */
  DOCKMASTER_BACKUP_PASSPHRASE: z.string().min(12, "DOCKMASTER_BACKUP_PASSPHRASE must be at least 12 characters").optional(),
  /** Scale-out: several instances on one PostgreSQL database, joined by this Redis. Unset = one process. */
  DOCKMASTER_REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, "DOCKMASTER_REDIS_URL must be a redis:// or rediss:// URL").optional(),
  /** The URL browsers use (behind a proxy): single sign-on callback and post-logout URLs. Unset: the request's Host. */
  DOCKMASTER_PUBLIC_URL: z.url({ protocol: /^https?$/, error: "DOCKMASTER_PUBLIC_URL must be an http(s) URL" }).optional(),
  /** The agent builds served under /agent/… (default apps/agent/dist, made by `npm run build`). */
  DOCKMASTER_AGENT_DIST: z.string().min(1).optional(),
  NODE_ENV: z.string().default("production"),
});

export interface WebConfig {
  port: number;
  bind: string;
  dataDir: string;
  databaseUrl: string;
  dockerHost: string | undefined;
  localAgent: "auto" | "off";
  /** A bundled agent to run as the local agent (the images); undefined = apps/agent/src/main.ts under tsx. */
  localAgentBundle: string | undefined;
  secureCookies: boolean;
  /** How the local agent reaches this server: always over loopback when bound to all interfaces. */
  selfUrl: string;
  dev: boolean;
  /** Base64 32-byte key shared by every instance; unset = a key file in the data dir. */
  secretKey: string | undefined;
  /** socket.io ping interval and timeout towards agents (and browsers). */
  heartbeat: { intervalMs: number; timeoutMs: number };
  /** host.disk alert rules: how often Docker's disk use is measured (ms). */
  diskCheckEveryMs: number;
  /** Set in scale-out mode (several instances sharing one PostgreSQL database). */
  redisUrl: string | undefined;
  /** DOCKMASTER_PUBLIC_URL: how browsers reach this server, when it differs from the request's Host. */
  publicUrl: string | undefined;
  agentDist: string | undefined;
  /** Backups: directory, schedule (cron; undefined = none), how many to keep, passphrase for the key. */
  backup: { dir: string; schedule: string | undefined; keep: number; passphrase: string | undefined };
  /** Scale-out: instance beat, staleness and graceful hand-over windows. */
  instanceTiming: { beatMs: number; staleMs: number; handoverMs: number };
  /** The rest of the environment, passed on to the local agent process (DOCKER_TLS_VERIFY, PATH…). */
  childEnv: NodeJS.ProcessEnv;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const e = parsed.data;
  // Instances share state through the database: one SQLite file per process cannot be shared.
  if (e.DOCKMASTER_REDIS_URL && !e.DATABASE_URL?.startsWith("postgres")) throw new Error("invalid configuration: DOCKMASTER_REDIS_URL (scale-out) needs a postgresql:// DATABASE_URL shared by every instance");
  // A live instance must beat at least twice within the stale window, or a slow beat gets it reaped.
  if (e.DOCKMASTER_INSTANCE_STALE_MS < 2 * e.DOCKMASTER_INSTANCE_BEAT_MS) throw new Error("invalid configuration: DOCKMASTER_INSTANCE_STALE_MS must be at least twice DOCKMASTER_INSTANCE_BEAT_MS");
  const dataDir = resolve(e.DOCKMASTER_DATA_DIR);
  const loopback = e.DOCKMASTER_BIND === "0.0.0.0" || e.DOCKMASTER_BIND === "::" ? "127.0.0.1" : e.DOCKMASTER_BIND;
  return {
    port: e.PORT,
    bind: e.DOCKMASTER_BIND,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `file:${resolve(dataDir, "dockmaster.db")}`,
    dockerHost: e.DOCKER_HOST || undefined,
    localAgent: e.DOCKMASTER_LOCAL_AGENT,
    localAgentBundle: e.DOCKMASTER_LOCAL_AGENT_BUNDLE ? resolve(e.DOCKMASTER_LOCAL_AGENT_BUNDLE) : undefined,
    secureCookies: e.DOCKMASTER_SECURE_COOKIES === "true",
    selfUrl: `http://${loopback.includes(":") ? `[${loopback}]` : loopback}:${e.PORT}`,
    dev: e.NODE_ENV === "development",
    secretKey: e.DOCKMASTER_SECRET_KEY || undefined,
    heartbeat: { intervalMs: e.DOCKMASTER_HEARTBEAT_INTERVAL_MS, timeoutMs: e.DOCKMASTER_HEARTBEAT_TIMEOUT_MS },
    diskCheckEveryMs: e.DOCKMASTER_ALERT_DISK_CHECK_SECONDS * 1_000,
    redisUrl: e.DOCKMASTER_REDIS_URL || undefined,
    publicUrl: e.DOCKMASTER_PUBLIC_URL || undefined,
    agentDist: e.DOCKMASTER_AGENT_DIST ? resolve(e.DOCKMASTER_AGENT_DIST) : undefined,
    backup: { dir: resolve(e.DOCKMASTER_BACKUP_DIR ?? resolve(dataDir, "backups")), schedule: e.DOCKMASTER_BACKUP_SCHEDULE, keep: e.DOCKMASTER_BACKUP_KEEP, passphrase: e.DOCKMASTER_BACKUP_PASSPHRASE },
    instanceTiming: { beatMs: e.DOCKMASTER_INSTANCE_BEAT_MS, staleMs: e.DOCKMASTER_INSTANCE_STALE_MS, handoverMs: e.DOCKMASTER_HANDOVER_MS },
    childEnv: { ...env },
  };
}
