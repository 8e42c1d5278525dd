import type { Db } from "@dockmaster/db";
import type { AgentHello, EngineIdentity, HandshakeErrorCode } from "@dockmaster/protocol";
import { hashToken, newToken, tokenMatches } from "../secrets";
import { AppError } from "../errors";
import { historyReason, recordHostHistory } from "./history";
import { HostName, serializeLabels, type HostLabels } from "./labels";

export const DEFAULT_ENROLLMENT_TTL_MS = 60 * 60 * 1000;

/** A refused agent handshake, with the code the agent uses to decide whether to retry. */
export class HandshakeError extends Error {
  constructor(
    readonly code: HandshakeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "HandshakeError";
  }
}

/**
 * Creates a one-time enrollment token. The plaintext is returned once; only its hash is kept.
 * The host it enrolls gets the preset labels and host group.
 */
export async function createEnrollmentToken(
  db: Db,
  options: { hostName?: string | null; createdById?: string | null; ttlMs?: number; labels?: HostLabels; groupId?: string | null; replacesHostId?: string | null },
): Promise<{ token: string; id: string; expiresAt: Date }> {
  if (options.groupId && !(await db.hostGroup.findUnique({ where: { id: options.groupId }, select: { id: true } }))) {
    throw new AppError("NOT_FOUND", `host group ${options.groupId} not found`);
  }
  const token = newToken();
  const expiresAt = new Date(Date.now() + (options.ttlMs ?? DEFAULT_ENROLLMENT_TTL_MS));
  const row = await db.enrollmentToken.create({
    data: {
      tokenHash: hashToken(token),
      hostName: options.hostName ?? null,
      createdById: options.createdById ?? null,
      expiresAt,
      labels: serializeLabels(options.labels ?? {}),
      groupId: options.groupId ?? null,
      replacesHostId: options.replacesHostId ?? null,
    },
  });
  return { token, id: row.id, expiresAt };
}

function engineFields(engine: EngineIdentity | null) {
  return {
    engineId: engine?.id ?? null,
    engineName: engine?.name ?? null,
    engineVersion: engine?.version ?? null,
    apiVersion: engine?.apiVersion ?? null,
    os: engine?.os ?? null,
    arch: engine?.arch ?? null,
    kernelVersion: engine?.kernelVersion ?? null,
  };
}

/**
 * The name a newly enrolled host gets, held to the same rule as a rename (HostName): the token's
 * preset name, else the name the agent proposes (DOCKMASTER_HOST_NAME) — either refused clearly
 * when it breaks the rule —, else the engine's own name when it keeps it, else "docker-host".
 */
function enrolledHostName(preset: string | null, hello: AgentHello): string {
  const proposed = preset ?? hello.hostName;
  if (proposed !== undefined) {
    const checked = HostName.safeParse(proposed);
    if (checked.success) return checked.data;
    const whose = preset !== null ? "the enrollment token's host name" : "the host name the agent proposes (DOCKMASTER_HOST_NAME)";
    throw new HandshakeError("MALFORMED_HELLO", `${whose} ${JSON.stringify(proposed.slice(0, 100))} is refused: ${checked.error.issues[0]?.message ?? "not a valid host name"}`);
  }
  const engineName = HostName.safeParse(hello.engine?.name ?? "");
  return engineName.success ? engineName.data : "docker-host";
}

/**
 * Trades a valid, unexpired, unused token for a new host and its secret. The token is consumed
 * in the same transaction (conditional update), so two agents racing with one token cannot both win.
 */
export async function enrollHost(db: Db, token: string, hello: AgentHello): Promise<{ hostId: string; hostName: string; secret: string; replaced?: true }> {
  const row = await db.enrollmentToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) throw new HandshakeError("ENROLL_TOKEN_INVALID", "enrollment token is not valid");
  if (row.usedAt) throw new HandshakeError("ENROLL_TOKEN_USED", "enrollment token was already used");
  if (row.expiresAt.getTime() <= Date.now()) throw new HandshakeError("ENROLL_TOKEN_EXPIRED", "enrollment token has expired");

  if (row.replacesHostId) return replaceHostCredentials(db, row.id, row.replacesHostId, hello);
  // The same engine enrolled again while its host is offline (a user who lost the agent's secret)
  // would be a second host showing every container twice: refused, naming the host to replace
  // credentials on instead. (An engine whose host is online has a working agent: a second one is
  // a deliberate choice, e.g. moving to the install script.) Checked before the token is consumed.
  const existing = hello.engine ? await db.host.findFirst({ where: { engineId: hello.engine.id, revokedAt: null, status: { not: "online" } }, select: { id: true, name: true } }) : null;
  if (existing) throw new EngineAlreadyEnrolled(existing.id, existing.name);
  // Checked before the token is consumed: an agent refused for its name can retry with a better one.
  const hostName = enrolledHostName(row.hostName, hello);
  const secret = newToken();
  const host = await db.$transaction(async (tx) => {
    const consumed = await tx.enrollmentToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
    if (consumed.count !== 1) throw new HandshakeError("ENROLL_TOKEN_USED", "enrollment token was already used");
    // A group deleted since the token was made is dropped rather than failing the enrollment.
    const groupId = row.groupId && (await tx.hostGroup.findUnique({ where: { id: row.groupId }, select: { id: true } })) ? row.groupId : null;
    const created = await tx.host.create({
      data: { name: hostName, secretHash: hashToken(secret), agentVersion: hello.agentVersion, labels: row.labels, groupId, ...engineFields(hello.engine) },
    });
    await tx.enrollmentToken.update({ where: { id: row.id }, data: { hostId: created.id } });
    await recordHostHistory(tx, created.id, "enrolled", `agent ${hello.agentVersion}`);
    return created;
  });
  return { hostId: host.id, hostName: host.name, secret };
}

/** The refusal of an enrollment for an engine already enrolled as `hostId`. */
export class EngineAlreadyEnrolled extends HandshakeError {
  constructor(
    readonly hostId: string,
    readonly hostName: string,
  ) {
    super("ENGINE_ALREADY_ENROLLED", `this Docker engine is already enrolled as host "${hostName}" (${hostId}); to give this agent new credentials, open that host in Dockmaster and use "Replace agent credentials"`);
  }
}

/**
 * A "replace credentials" token: the existing host keeps its id, name, history and events and gets
 * a new secret (the old one stops working at once). Only for the same engine.
 */
async function replaceHostCredentials(db: Db, tokenId: string, hostId: string, hello: AgentHello): Promise<{ hostId: string; hostName: string; secret: string; replaced: true }> {
  const host = await db.host.findFirst({ where: { id: hostId, revokedAt: null }, select: { id: true, name: true, engineId: true } });
  if (!host) throw new HandshakeError("ENROLL_TOKEN_INVALID", "the host this token replaces credentials for no longer exists");
  if (!hello.engine || (host.engineId && host.engineId !== hello.engine.id)) {
    throw new HandshakeError("ENROLL_TOKEN_INVALID", `this token replaces the credentials of host "${host.name}", whose engine ID is ${host.engineId ?? "unknown"}; this agent's engine is ${hello.engine?.id ?? "unreachable"}`);
  }
  const secret = newToken();
  await db.$transaction(async (tx) => {
    const consumed = await tx.enrollmentToken.updateMany({ where: { id: tokenId, usedAt: null }, data: { usedAt: new Date(), hostId } });
    if (consumed.count !== 1) throw new HandshakeError("ENROLL_TOKEN_USED", "enrollment token was already used");
    await tx.host.update({ where: { id: hostId }, data: { secretHash: hashToken(secret), agentVersion: hello.agentVersion, ...engineFields(hello.engine) } });
    await recordHostHistory(tx, hostId, "credentials-replaced", `agent ${hello.agentVersion}`);
  });
  return { hostId: host.id, hostName: host.name, secret, replaced: true };
}

/**
 * Writes why the control plane refused a host's (authenticated) agent where the host shows it,
 * and in its history once per distinct reason: the host would otherwise just look offline.
 */
export async function recordAgentRefusal(db: Db, hostId: string, reason: string): Promise<void> {
  const last = await db.hostHistory.findFirst({ where: { hostId }, orderBy: { id: "desc" }, select: { kind: true, reason: true } });
  await db.$transaction(async (tx) => {
    // An online host keeps its status (another agent is serving it); the reason shows once it is not.
    await tx.host.updateMany({ where: { id: hostId, status: { not: "online" } }, data: { statusReason: `agent refused: ${reason}`.slice(0, 1_000) } });
    if (last?.kind !== "agent-refused" || last.reason !== historyReason(reason)) await recordHostHistory(tx, hostId, "agent-refused", reason);
  });
}

/** Checks a reconnecting agent's per-host secret and refreshes what it reports about its engine. */
export async function authenticateHost(db: Db, hostId: string, secret: string, hello: AgentHello): Promise<{ hostId: string; hostName: string }> {
  const host = await db.host.findUnique({ where: { id: hostId } });
  if (!host?.secretHash || !tokenMatches(secret, host.secretHash)) throw new HandshakeError("AUTH_FAILED", "agent credentials were not accepted");
  if (host.revokedAt) throw new HandshakeError("HOST_REVOKED", "this host has been revoked");
  // Written only when something changed: most reconnects (thousands after a control-plane restart) change nothing.
  const reported = { agentVersion: hello.agentVersion, ...engineFields(hello.engine) };
  if (Object.entries(reported).some(([field, value]) => host[field as keyof typeof reported] !== value)) await db.host.update({ where: { id: hostId }, data: reported });
  return { hostId: host.id, hostName: host.name };
}

/** Revoking a host voids its secret at once; the caller also closes its socket. */
export async function revokeHost(db: Db, hostId: string): Promise<{ id: string; name: string }> {
  const host = await db.host.findFirst({ where: { id: hostId, revokedAt: null }, select: { id: true, name: true } });
  if (!host) throw new AppError("NOT_FOUND", `host ${hostId} not found`);
  await db.$transaction(async (tx) => {
    await tx.host.update({ where: { id: hostId }, data: { revokedAt: new Date(), status: "offline", statusReason: "revoked", connectedInstanceId: null } });
    await recordHostHistory(tx, hostId, "revoked");
  });
  return host;
}
