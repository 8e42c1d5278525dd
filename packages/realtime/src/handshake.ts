import { authenticateHost, EngineAlreadyEnrolled, enrollHost, HandshakeError, recordAgentRefusal, type AuditEntry, type AuditLog } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import { AgentHello, agentVersionRefusal, PROTOCOL_VERSION } from "@dockmaster/protocol";
import { wellFormed } from "./socket-audit";

export interface AgentIdentity {
  hostId: string;
  hostName: string;
  agentVersion: string;
  /** Set when this connection enrolled: the secret to hand to the agent once. */
  grantedSecret: string | null;
}

/**
 * Validates the hello and the credential; throws HandshakeError with a code the agent understands.
 * A refusal's audit record goes to `denied` (the gateway aggregates repeats: refusal-audit.ts).
 */
export async function admitAgent(db: Db, audit: AuditLog, auth: unknown, ip: string | null, denied: (entry: AuditEntry, reason: string) => Promise<void>): Promise<AgentIdentity> {
  const parsed = AgentHello.safeParse(auth);
  if (!parsed.success) {
    const version = (auth as { protocolVersion?: unknown } | null)?.protocolVersion;
    if (typeof version === "number" && version !== PROTOCOL_VERSION) throw mismatch(version);
    const refusal = new HandshakeError("MALFORMED_HELLO", `malformed hello: ${parsed.error.issues[0]?.path.join(".") ?? ""} ${parsed.error.issues[0]?.message ?? ""}`.trim());
    await denied(deniedEntry(claimedCredential(auth), ip, refusal), refusal.code);
    throw refusal;
  }
  const hello = parsed.data;
  // Outside the compatibility window (protocol, or release version: agentVersionRefusal): refused
  // with both versions named, audited, and — once the agent proved which host it is — shown on it.
  const versionRefusal = hello.protocolVersion !== PROTOCOL_VERSION ? mismatch(hello.protocolVersion) : refusedVersion(hello.agentVersion);

  const action = hello.credential.kind === "enroll" ? "agent.enroll" : "agent.authenticate";
  try {
    if (versionRefusal && hello.credential.kind === "enroll") throw versionRefusal;
    // No id, token or secret holds a lone surrogate: refused here, before any lookup (the database cannot take one).
    if (JSON.stringify(wellFormed(hello.credential)) !== JSON.stringify(hello.credential)) throw new HandshakeError("MALFORMED_HELLO", "malformed hello: credential holds a lone UTF-16 surrogate");
    if (hello.credential.kind === "enroll") {
      const enrolled = await enrollHost(db, hello.credential.token, hello);
      const enrollAction = enrolled.replaced ? "host.credentials.replace" : action;
      await audit.append({ actor: { type: "agent", id: enrolled.hostId, name: enrolled.hostName }, ip, action: enrollAction, hostId: enrolled.hostId, target: { type: "host", id: enrolled.hostId, name: enrolled.hostName }, result: "ok" });
      return { hostId: enrolled.hostId, hostName: enrolled.hostName, agentVersion: hello.agentVersion, grantedSecret: enrolled.secret };
    }
    const host = await authenticateHost(db, hello.credential.hostId, hello.credential.secret, hello);
    if (versionRefusal) {
      await recordAgentRefusal(db, host.hostId, versionRefusal.message);
      throw versionRefusal;
    }
    return { ...host, agentVersion: hello.agentVersion, grantedSecret: null };
  } catch (error) {
    if (error instanceof EngineAlreadyEnrolled) {
      // Shown on the host it would have duplicated, with the way out (replace its credentials).
      await recordAgentRefusal(db, error.hostId, `an agent tried to enroll this host's engine again (lost credentials?); use "Replace agent credentials" to give it new ones`);
      await denied({ ...deniedEntry(hello.credential, ip, error), hostId: error.hostId, target: { type: "host", id: error.hostId, name: error.hostName } }, error.code);
    } else if (error instanceof HandshakeError) await denied(deniedEntry(hello.credential, ip, error), error.code);
    throw error;
  }
}

/** What a refused hello claimed to be: its credential kind and host id, as far as they can be read. */
function claimedCredential(auth: unknown): { kind?: unknown; hostId?: unknown } {
  const credential = (auth as { credential?: unknown } | null)?.credential;
  return credential && typeof credential === "object" ? (credential) : {};
}

function deniedEntry(credential: { kind?: unknown; hostId?: unknown }, ip: string | null, error: HandshakeError): AuditEntry {
  const hostId = credential.kind === "secret" && typeof credential.hostId === "string" ? credential.hostId.slice(0, 100) : null;
  return { actor: { type: "agent", id: hostId }, ip, action: credential.kind === "enroll" ? "agent.enroll" : "agent.authenticate", hostId, result: "denied", error: `${error.code}: ${error.message}` };
}

function refusedVersion(agentVersion: string): HandshakeError | null {
  const refusal = agentVersionRefusal(agentVersion);
  // PROTOCOL_MISMATCH: every agent release knows it as final (it stops instead of retrying forever).
  return refusal ? new HandshakeError("PROTOCOL_MISMATCH", refusal) : null;
}

function mismatch(version: number): HandshakeError {
  return new HandshakeError("PROTOCOL_MISMATCH", `agent speaks protocol ${version}, this control plane speaks ${PROTOCOL_VERSION}; upgrade the agent or the control plane`);
}
