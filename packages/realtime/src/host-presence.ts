import { markHostDegraded, markHostOffline, markHostOnline, markHostRecovered } from "@dockmaster/core";
import type { Db, SqliteConnection } from "@dockmaster/db";
import { AgentHealth, type HostStatus } from "@dockmaster/protocol";
import type { Logger } from "./logger";
import type { Refusals } from "./refusals";

export interface HostPresenceDeps {
  db: Db;
  /** SQLite: Prisma's connection, for the direct path of the online/offline writes. */
  sqliteConnection?: () => SqliteConnection | null;
  log: Logger;
  /** This control-plane instance: stored on the host while its agent's socket is held here. */
  instanceId: string;
  /** A status change that happened (written with its history row): browsers hear of it. */
  onHostStatus(hostId: string, status: HostStatus, reason: string | null): void;
}

export interface HostPresence {
  connected(hostId: string): Promise<void>;
  disconnected(hostId: string, reason: string): Promise<void>;
  /**
   * This instance is stopping gracefully with others running (scale-out): its agents' sockets are
   * about to close and each reconnects to another instance. Those disconnects are not written as
   * offline (no offline/online blip, no history rows); a host no instance takes over is set
   * offline by the other instances' reapers once this instance's row is gone.
   */
  handOver(): void;
  /** An agent's health report (unvalidated, from the socket). */
  health(hostId: string, raw: unknown, refusals: Refusals): Promise<void>;
}

/**
 * A host's status as its agent's socket and health reports tell it: online on connect, offline on
 * disconnect (the heartbeat is socket.io's ping: a silent agent is disconnected after interval +
 * timeout), degraded while the agent cannot reach its engine, online again when it can. Reports
 * of one host are applied in order, so a quick degraded → recovered never lands reversed.
 */
export function createHostPresence(deps: HostPresenceDeps): HostPresence {
  const queues = new Map<string, Promise<void>>();
  let handingOver = false;

  function inOrder(hostId: string, step: () => Promise<void>): Promise<void> {
    const next = (queues.get(hostId) ?? Promise.resolve())
      .then(step)
      .catch((error: unknown) => deps.log.error("host status not updated", { hostId, error: String(error) }));
    queues.set(hostId, next);
    void next.then(() => {
      if (queues.get(hostId) === next) queues.delete(hostId);
    });
    return next;
  }

  return {
    connected: (hostId) =>
      inOrder(hostId, async () => {
        if (await markHostOnline(deps.db, hostId, deps.instanceId, deps.sqliteConnection?.() ?? null)) deps.onHostStatus(hostId, "online", null);
      }),
    handOver: () => void (handingOver = true),
    disconnected: (hostId, reason) =>
      inOrder(hostId, async () => {
        if (handingOver) return;
        const why = `agent disconnected: ${reason}`;
        if (await markHostOffline(deps.db, hostId, why, deps.instanceId, deps.sqliteConnection?.() ?? null)) deps.onHostStatus(hostId, "offline", why);
      }),
    health: (hostId, raw, refusals) => {
      const report = AgentHealth.safeParse(raw);
      if (!report.success) {
        refusals.refused("malformed health report dropped", { issue: report.error.issues[0]?.message });
        return Promise.resolve();
      }
      return inOrder(hostId, async () => {
        if (report.data.engineReachable) {
          if (await markHostRecovered(deps.db, hostId)) deps.onHostStatus(hostId, "online", null);
          return;
        }
        const reason = `engine unreachable: ${report.data.reason ?? "no answer"}`;
        if (await markHostDegraded(deps.db, hostId, reason)) deps.onHostStatus(hostId, "degraded", reason);
      });
    },
  };
}
