import type { ServerResponse } from "node:http";
import type { AgentHub } from "@dockmaster/core";
import type { Database } from "@dockmaster/db";
import { log } from "./logger";

/**
 * GET /api/health: is the database answering, how many agents are connected. 503 when the DB is
 * not — the reason goes to the server's log, not to whoever asks (it may name hosts and files).
 */
export async function writeHealth(res: ServerResponse, database: Database, hub: AgentHub): Promise<void> {
  let dbOk = true;
  let dbError: string | undefined;
  try {
    await database.prisma.$queryRawUnsafe("SELECT 1");
  } catch (error) {
    dbOk = false;
    dbError = "the database does not answer; see the server log";
    log.error("health check: the database does not answer", { error: error instanceof Error ? error.message : String(error) });
  }
  const body = {
    status: dbOk ? "ok" : "degraded",
    database: { ok: dbOk, provider: database.provider, ...(dbError ? { error: dbError } : {}) },
    agentHub: { ok: true, connectedAgents: hub.onlineHostIds().length },
  };
  res.writeHead(dbOk ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}
