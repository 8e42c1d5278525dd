import { AppError, getSettings, type AgentHub } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import type { AgentManifest, AgentUpgradeParams } from "@dockmaster/protocol";

/** The agent build this control plane serves (apps/web/src/server/agent-artifacts/release.ts). */
export interface AgentReleaseSource {
  manifest(): AgentManifest | null;
}

/** Downloading ~100 MB (the single executable) on a slow link, then verifying it. */
const UPGRADE_REQUEST_TIMEOUT_MS = 300_000;
/** From the agent's answer to its reconnection with the new build. */
const RECONNECT_TIMEOUT_MS = 60_000;

/** What an agent is told to fetch: every artifact of the current build at the public URL. */
export function upgradeParams(manifest: AgentManifest, publicUrl: string): AgentUpgradeParams {
  return {
    version: manifest.version,
    artifacts: manifest.artifacts.map((a) => ({ kind: a.kind, platform: a.platform, arch: a.arch, size: a.size, sha256: a.sha256, url: `${publicUrl}/agent/${a.name}` })),
  };
}

/**
 * Upgrades one host's agent to the build this control plane serves and waits until it is back
 * online running it (its events resume from the last one stored: the usual seq/resume path).
 */
export async function upgradeAgent(deps: { db: Db; hub: AgentHub; release?: AgentReleaseSource }, hostId: string, pollMs = 250): Promise<{ from: string | null; to: string }> {
  const manifest = deps.release?.manifest();
  if (!manifest) throw new AppError("PRECONDITION_FAILED", "this control plane has no agent build to upgrade to (run `npm run build`)");
  const { publicUrl } = await getSettings(deps.db);
  if (!publicUrl) throw new AppError("PRECONDITION_FAILED", "set the control plane's public URL in Settings first: agents download the new build from it");
  const host = await deps.db.host.findUnique({ where: { id: hostId }, select: { agentVersion: true } });
  if (!host) throw new AppError("NOT_FOUND", `host ${hostId} not found`);
  if (host.agentVersion === manifest.version) return { from: host.agentVersion, to: manifest.version };
  const asked = Date.now();
  await deps.hub.request(hostId, "agent.upgrade", upgradeParams(manifest, publicUrl), { timeoutMs: UPGRADE_REQUEST_TIMEOUT_MS });
  const answered = Date.now();
  while (Date.now() - answered < RECONNECT_TIMEOUT_MS) {
    const now = await deps.db.host.findUnique({ where: { id: hostId }, select: { agentVersion: true, status: true, connectedAt: true } });
    if (now?.agentVersion === manifest.version && now.status !== "offline" && (now.connectedAt?.getTime() ?? 0) >= asked && deps.hub.isOnline(hostId)) return { from: host.agentVersion, to: manifest.version };
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new AppError("TIMEOUT", `the agent installed ${manifest.version} but has not reconnected with it within ${RECONNECT_TIMEOUT_MS / 1_000} s; see the agent's log on the host`);
}
