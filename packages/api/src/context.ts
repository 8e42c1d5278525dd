import type { AgentReleaseSource } from "./agent-upgrade";
import type { Db, DbProvider, SqliteConnection } from "@dockmaster/db";
import type { ActorCache } from "./actor-cache";
import type { BulkRunner } from "./bulk/runner";
import type { StackEngine } from "./stacks/engine";
import type { StackRuns } from "./stacks/running";
import type { BackupsPort } from "./backups/port";
import type { ContainerFilesPort } from "./files/port";
import type { HostChange } from "@dockmaster/protocol";
import type { Actor, AgentHub, AlertSignal, ContainerListCache, AuditEntry, AuditLog, ClientMeta, GitStackSync, SecretBox } from "@dockmaster/core";

export interface CookieOptions {
  httpOnly: boolean;
  sameSite: "lax" | "strict";
  secure: boolean;
  path: string;
  maxAgeSeconds?: number;
}

/** What the HTTP edge lets a procedure do to the response. */
export interface CookieJar {
  get(name: string): string | undefined;
  set(name: string, value: string, options: CookieOptions): void;
  clear(name: string): void;
}

/** Signals from procedures to the live side (open sockets must follow access changes at once). */
export interface AccessNotifier {
  accessChanged(): void;
  userSignedOut(userId: string): void;
  /** A host's inventory entry changed: the browsers allowed to see it refetch their host lists. */
  hostChanged(hostId: string, change: HostChange): void;
}

export interface ApiServices {
  db: Db;
  hub: AgentHub;
  audit: AuditLog;
  secureCookies: boolean;
  notify: AccessNotifier;
  /** Seals TOTP seeds and login challenges. */
  secrets: SecretBox;
  /** Resolved sessions for a few seconds (optional: without it every call resolves afresh). */
  actorCache?: ActorCache;
  /** The control plane's direct engines: re-read after one is added (optional: picked up on the next lease round). */
  directEngines?: { refresh(): Promise<void> };
  /** The database's kind (SQL that differs between them, e.g. case-insensitive LIKE); SQLite when absent. */
  dbProvider?: DbProvider;
  /** SQLite: Prisma's own connection, for hot reads that skip Prisma (Database.sqliteConnection; absent elsewhere). */
  sqliteConnection?: () => SqliteConnection | null;
  /** Hosts' container lists while fresh (optional: without it every list asks the agent). */
  containerLists?: ContainerListCache;
  /** Pulls an image on a host with the stored registry login, to its end (optional: without it an image update refuses). */
  pull?: (hostId: string, ref: string, onProgress: (line: string) => void) => Promise<void>;
  /** The update check's schedule: re-read after its settings change (optional). */
  updateSchedule?: { reload(): Promise<void> };
  /** Runs bulk actions' targets (optional: without it bulk.start refuses). */
  bulk?: BulkRunner;
  /** Raises alerts (AlertEngine.raise; optional: without it nothing is raised). */
  alerts?: { raise(signal: AlertSignal): void };
  /** The public URL browsers use (DOCKMASTER_PUBLIC_URL); unset: the request's own origin. */
  publicUrl?: string;
  /** The agent build this control plane serves (hosts show their agent's version against it). */
  agentRelease?: AgentReleaseSource;
  /** Stacks: the compose engine and the agent's apply (optional: without it deploys refuse), the git sync of git-backed stacks, and cancel across instances (absent: this instance's runs only). */
  stacks?: { engine?: StackEngine; git?: GitStackSync; runs?: StackRuns };
  /** Database backups (the server's data directory); unset: the backup procedures say they are not available. */
  backups?: BackupsPort;
  /** Container files through the agents' download stream (optional: without it reading a file for the editor refuses). */
  containerFiles?: ContainerFilesPort;
}

export interface ApiContext extends ApiServices {
  actor: Actor | null;
  sessionToken: string | null;
  client: ClientMeta;
  /** This server's origin as the browser sees it (single sign-on callback and post-logout URLs); null when unknown. */
  origin?: string | null;
  /** One id per HTTP request, on every audit record it causes. */
  requestId: string;
  cookies: CookieJar;
  /** Filled by procedures that know more than the generic audit middleware (e.g. login's actor). */
  auditNote: { actor?: AuditEntry["actor"]; target?: AuditEntry["target"]; operationId?: string; /** The validated input's host (never read from raw input). */ hostId?: string; /** Facts the call learned, added to its audit params (e.g. the revision a deploy applied). */ params?: Record<string, unknown> };
  /** Inside a mutation's transaction: work to start once it is committed (absent elsewhere: run at once). */
  afterCommit?: (work: () => void) => void;
}

/** Runs `work` once the mutation's transaction is committed, or at once outside one. */
export function runAfterCommit(ctx: Pick<ApiContext, "afterCommit">, work: () => void): void {
  if (ctx.afterCommit) ctx.afterCommit(work);
  else work();
}
