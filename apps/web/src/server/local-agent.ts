import { spawn, type ChildProcess } from "node:child_process";
import { readFile, rm, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { createEnrollmentToken, type AuditLog } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import type { WebConfig } from "../config";
import { log } from "./logger";
import { AGENT_ENV, AGENT_NODE_FLAGS } from "./agent-artifacts/node-flags";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const AGENT_MAIN = join(REPO_ROOT, "apps/agent/src/main.ts");
const FATAL_EXIT = 2; // the agent exits with 2 when the control plane refuses it for good
const RESTART_DELAY_MS = 2_000;

/** Where the local engine is, if one is there: DOCKER_HOST, else the default unix socket. */
async function localEngine(config: WebConfig): Promise<string | null> {
  const dockerHost = config.dockerHost ?? "unix:///var/run/docker.sock";
  if (!dockerHost.startsWith("unix://")) return dockerHost;
  const path = dockerHost.slice("unix://".length);
  try {
    return (await stat(path)).isSocket() ? dockerHost : null;
  } catch {
    return null;
  }
}

/** A credentials file for a host this database no longer knows (fresh DB, old data dir) is stale. */
async function staleCredentials(db: Db, path: string): Promise<boolean> {
  try {
    const { hostId } = JSON.parse(await readFile(path, "utf8")) as { hostId?: string };
    return !hostId || !(await db.host.findUnique({ where: { id: hostId }, select: { id: true } }));
  } catch {
    return true;
  }
}

/**
 * The embedded default: the local engine is reached like any other, through an agent — a child
 * process enrolled automatically with a one-time token. Returns a stop function, or null when
 * there is no local engine.
 */
export async function startLocalAgent(config: WebConfig, db: Db, audit: AuditLog): Promise<(() => void) | null> {
  if (config.localAgent === "off") return null;
  const dockerHost = await localEngine(config);
  if (!dockerHost) {
    log.warn("no Docker engine found (set DOCKER_HOST or start dockerd); running without a local agent");
    return null;
  }
  const credentialsPath = join(config.dataDir, "local-agent.json");
  let child: ChildProcess | null = null;
  let stopped = false;

  const launch = async () => {
    const env: NodeJS.ProcessEnv = { ...config.childEnv, ...AGENT_ENV, DOCKER_HOST: dockerHost, DOCKMASTER_URL: config.selfUrl, DOCKMASTER_AGENT_STATE: credentialsPath, DOCKMASTER_HOST_NAME: "local" };
    delete env.DOCKMASTER_ENROLL_TOKEN;
    if (await staleCredentials(db, credentialsPath)) {
      await rm(credentialsPath, { force: true });
      const { token, id } = await createEnrollmentToken(db, { hostName: "local", ttlMs: 10 * 60 * 1000 });
      await audit.append({ actor: { type: "system", name: "local-agent launcher" }, action: "enrollment-token.create", target: { type: "enrollment-token", id, name: "local" }, result: "ok" });
      env.DOCKMASTER_ENROLL_TOKEN = token;
    }
    const args = config.localAgentBundle ? [...AGENT_NODE_FLAGS, config.localAgentBundle] : ["--import", "tsx", AGENT_MAIN];
    child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    log.info("local agent started", { pid: child.pid, dockerHost });
    child.on("exit", (code) => {
      child = null;
      if (stopped) return;
      if (code === FATAL_EXIT) return log.error("local agent was refused by the control plane; not restarting");
      log.warn("local agent exited; restarting", { code });
      setTimeout(() => void launch().catch((e: unknown) => log.error("local agent restart failed", { error: String(e) })), RESTART_DELAY_MS);
    });
  };

  await launch();
  return () => {
    stopped = true;
    child?.kill("SIGTERM");
  };
}
