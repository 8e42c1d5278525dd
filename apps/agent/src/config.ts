import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";

/** The agent's whole environment, validated once. The only module that reads process.env. */
const Env = z.object({
  DOCKMASTER_URL: z.string().url("DOCKMASTER_URL must be the control plane URL, e.g. http://127.0.0.1:3000"),
  DOCKMASTER_ENROLL_TOKEN: z.string().min(1).optional(),
  DOCKMASTER_AGENT_STATE: z.string().min(1).optional(),
  DOCKMASTER_HOST_NAME: z.string().min(1).max(100).optional(),
  /** Where the agent keeps its pid (install.sh without systemd: uninstall stops it by this, also after an upgrade). */
  DOCKMASTER_AGENT_PIDFILE: z.string().min(1).optional(),
  /** "off" where replacing the agent's own file cannot work: the agent image (a container restarts from its image). */
  DOCKMASTER_AGENT_SELF_UPGRADE: z.enum(["on", "off"]).default("on"),
  /** Set by systemd for every unit it starts: after an upgrade the agent exits and the unit restarts it. */
  INVOCATION_ID: z.string().optional(),
  DOCKER_HOST: z.string().optional(),
  DOCKER_TLS_VERIFY: z.string().optional(),
  DOCKER_CERT_PATH: z.string().optional(),
  DOCKMASTER_HEALTH_INTERVAL_MS: z.coerce.number().int().min(100).max(300_000).default(5_000),
});

/** Every variable the agent reads: anything that prints a start command may set only these. */
export const AGENT_ENV_VARS = Object.keys(Env.shape);

export interface AgentConfig {
  serverUrl: string;
  enrollToken: string | undefined;
  statePath: string;
  pidFile: string | undefined;
  selfUpgrade: boolean;
  underSystemd: boolean;
  hostName: string | undefined;
  docker: { dockerHost?: string; tlsVerify?: boolean; certPath?: string };
  /** How often the engine is pinged for the health report (degraded / recovered). */
  healthIntervalMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid agent configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    serverUrl: e.DOCKMASTER_URL.replace(/\/+$/, ""),
    enrollToken: e.DOCKMASTER_ENROLL_TOKEN,
    statePath: e.DOCKMASTER_AGENT_STATE ?? defaultStatePath(env),
    hostName: e.DOCKMASTER_HOST_NAME,
    pidFile: e.DOCKMASTER_AGENT_PIDFILE,
    selfUpgrade: e.DOCKMASTER_AGENT_SELF_UPGRADE === "on",
    underSystemd: Boolean(e.INVOCATION_ID),
    docker: {
      dockerHost: e.DOCKER_HOST || undefined,
      tlsVerify: e.DOCKER_TLS_VERIFY ? e.DOCKER_TLS_VERIFY !== "0" : undefined,
      certPath: e.DOCKER_CERT_PATH || undefined,
    },
    healthIntervalMs: e.DOCKMASTER_HEALTH_INTERVAL_MS,
  };
}

/**
 * Where the per-host secret lives when DOCKMASTER_AGENT_STATE is not set: a fixed place, never the
 * directory the agent happened to be started from. root (the systemd unit): /etc/dockmaster-agent;
 * another user: $XDG_STATE_HOME/dockmaster-agent (~/.local/state/dockmaster-agent). The agent
 * image sets /data/agent-credentials.json (a volume).
 */
export function defaultStatePath(env: NodeJS.ProcessEnv, uid = process.getuid?.() ?? 0): string {
  if (uid === 0) return "/etc/dockmaster-agent/credentials.json";
  const stateHome = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local/state");
  return join(stateHome, "dockmaster-agent/credentials.json");
}
