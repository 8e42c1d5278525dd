import { authenticateHost, enrollHost, HandshakeError, type AuditEntry, type AuditLog } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import { AgentHello, PROTOCOL_VERSION } from "@dockmaster/protocol";
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
  if (hello.protocolVersion !== PROTOCOL_VERSION) throw mismatch(hello.protocolVersion);

  const action = hello.credential.kind === "enroll" ? "agent.enroll" : "agent.authenticate";
  try {
    // No id, token or secret holds a lone surrogate: refused here, before any lookup (the database cannot take one).
    if (JSON.stringify(wellFormed(hello.credential)) !== JSON.stringify(hello.credential)) throw new HandshakeError("MALFORMED_HELLO", "malformed hello: credential holds a lone UTF-16 surrogate");
    if (hello.credential.kind === "enroll") {
      const enrolled = await enrollHost(db, hello.credential.token, hello);
      await audit.append({ actor: { type: "agent", id: enrolled.hostId, name: enrolled.hostName }, ip, action, hostId: enrolled.hostId, target: { type: "host", id: enrolled.hostId, name: enrolled.hostName }, result: "ok" });
      return { hostId: enrolled.hostId, hostName: enrolled.hostName, agentVersion: hello.agentVersion, grantedSecret: enrolled.secret };
    }
    const host = await authenticateHost(db, hello.credential.hostId, hello.credential.secret, hello);
    return { ...host, agentVersion: hello.agentVersion, grantedSecret: null };
  } catch (error) {
    if (error instanceof HandshakeError) await denied(deniedEntry(hello.credential, ip, error), error.code);
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

function mismatch(version: number): HandshakeError {
  return new HandshakeError("PROTOCOL_MISMATCH", `agent speaks protocol ${version}, this control plane speaks ${PROTOCOL_VERSION}; upgrade the agent or the control plane`);
}
