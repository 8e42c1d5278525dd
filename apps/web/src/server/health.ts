import type { ServerResponse } from "node:http";
import type { AgentHub } from "@dockmaster/core";
import type { Database } from "@dockmaster/db";
import { log } from "./logger";
import type { ClusterLink } from "./redis";

/**
 * GET /api/health: is the database answering, how many agents are connected, and (scale-out) is
 * Redis reachable. 503 when the DB is not — the reason goes to the server's log, not to whoever
 * asks (it may name hosts and files). Redis down is "degraded" but still 200: every instance
 * shares the same Redis, so a load balancer that dropped them for it would drop them all, while
 * each still serves its own agents and browsers (which are told their view may lag).
 */
export async function writeHealth(res: ServerResponse, database: Database, hub: AgentHub, clusterLink?: ClusterLink): Promise<void> {
  let dbOk = true;
  let dbError: string | undefined;
  try {
    await database.prisma.$queryRawUnsafe("SELECT 1");
  } catch (error) {
    dbOk = false;
    dbError = "the database does not answer; see the server log";
    log.error("health check: the database does not answer", { error: error instanceof Error ? error.message : String(error) });
  }
  const redis = clusterLink && { ok: clusterLink.up, ...(clusterLink.downSince !== null ? { error: "Redis does not answer: other instances' agents and browsers are out of reach", downForMs: Date.now() - clusterLink.downSince } : {}) };
  const body = {
    status: dbOk && (redis?.ok ?? true) ? "ok" : "degraded",
    database: { ok: dbOk, provider: database.provider, ...(dbError ? { error: dbError } : {}) },
    agentHub: { ok: true, connectedAgents: hub.onlineHostIds().length },
    ...(redis ? { redis } : {}),
  };
  res.writeHead(dbOk ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}
