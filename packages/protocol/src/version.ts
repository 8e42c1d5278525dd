/** Bumped on any incompatible change to the agent ↔ control-plane protocol. */
export const PROTOCOL_VERSION = 1;

/**
 * The Dockmaster release: the control plane and the agent it serves under /agent/… share it
 * (agent builds may override theirs: apps/agent/scripts/build.mjs).
 */
export const RELEASE_VERSION = "0.1.0";

/**
 * The compatibility window: an agent of the same major version, at most ONE minor version behind
 * the control plane (any patch), or of the same minor with a newer patch, keeps working. Anything
 * else is refused at the handshake with both versions named: upgrade the agent (or the control
 * plane). Agents that do not report a semantic version (a source checkout under test) are judged by
 * their protocol version alone.
 */
export function agentVersionRefusal(agentVersion: string, controlPlaneVersion: string = RELEASE_VERSION): string | null {
  const agent = parseVersion(agentVersion);
  const plane = parseVersion(controlPlaneVersion);
  if (!agent || !plane) return null;
  const behind = plane.minor - agent.minor;
  if (agent.major === plane.major && behind >= 0 && behind <= 1) return null;
  const window = `${plane.major}.${Math.max(0, plane.minor - 1)}.x – ${plane.major}.${plane.minor}.x`;
  return `agent ${agentVersion} is outside this control plane's compatibility window (control plane ${controlPlaneVersion} accepts agents ${window}); ${agent.major < plane.major || (agent.major === plane.major && behind > 1) ? "reinstall the agent with the install command from Add host" : "upgrade the control plane"}`;
}

export function parseVersion(version: string): { major: number; minor: number; patch: number } | null {
  const match = /^(\d{1,6})\.(\d{1,6})\.(\d{1,6})(?:[-+].*)?$/.exec(version);
  return match ? { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) } : null;
}
