import { z } from "zod";
import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";
import type { SecretBox } from "../secret-box";
import { hashToken, newToken } from "../secrets";
import { recordHostHistory } from "./history";
import { HostLabels, HostName, serializeLabels } from "./labels";

const Pem = (what: string) =>
  z
    .string()
    .trim()
    .max(20_000, `the ${what} is at most 20,000 characters of PEM`)
    .regex(/^-----BEGIN [A-Z0-9 ]+-----[\s\S]+-----END [A-Z0-9 ]+-----$/, `the ${what} must be PEM text (-----BEGIN … -----END …)`);
export const DirectEngineTls = z.strictObject({ ca: Pem("CA certificate"), cert: Pem("client certificate"), key: Pem("client key") });
export type DirectEngineTls = z.infer<typeof DirectEngineTls>;

/** Where the engine is: a unix socket path, or tcp://host:port with mutual TLS (and then only with it). */
const ADDRESS = {
  url: z
    .string()
    .trim()
    .max(300)
    .regex(/^(unix:\/\/\/[^\0]+|tcp:\/\/[A-Za-z0-9.:[\]-]+(:\d{1,5})?)$/, "the engine address must be unix:///path/to/docker.sock or tcp://host:2376"),
  tls: DirectEngineTls.optional(),
};
function tlsMatchesUrl(input: { url: string; tls?: DirectEngineTls }, ctx: z.RefinementCtx) {
  if (input.url.startsWith("tcp://") && !input.tls) ctx.addIssue({ code: "custom", path: ["tls"], message: "a tcp:// engine needs TLS: the CA, client certificate and key" });
  if (input.url.startsWith("unix://") && input.tls) ctx.addIssue({ code: "custom", path: ["tls"], message: "a unix socket takes no TLS material" });
}

/** An engine to reach directly: a unix socket path, or tcp://host:port with mutual TLS. */
export const DirectEngineInput = z
  .object({ name: HostName, ...ADDRESS, labels: HostLabels.default({}), groupId: z.string().min(1).max(100).nullable().default(null) })
  .superRefine(tlsMatchesUrl);
export type DirectEngineInput = z.infer<typeof DirectEngineInput>;

/** A direct engine's new address (the same rules as when it was added). */
export const DirectEngineAddress = z.object(ADDRESS).superRefine(tlsMatchesUrl);
export type DirectEngineAddress = z.infer<typeof DirectEngineAddress>;

/** The in-process agent's credentials, sealed in DirectEngine.agentStateSealed. */
const AgentState = z.object({ hostId: z.string().min(1), secret: z.string().min(1) });

/**
 * Adds a direct engine: its host (with labels and group) and a per-host secret, created here
 * rather than through an enrollment token — the control plane is its own agent's administrator.
 * The TLS material and the agent's secret are sealed with the server's key; only hashes and
 * ciphertext are stored.
 */
export async function createDirectEngine(db: Db, secrets: SecretBox, input: DirectEngineInput, createdById: string | null): Promise<{ hostId: string; name: string }> {
  if (input.groupId && !(await db.hostGroup.findUnique({ where: { id: input.groupId }, select: { id: true } }))) {
    throw new AppError("NOT_FOUND", `host group ${input.groupId} not found`);
  }
  const secret = newToken();
  return db.$transaction(async (tx) => {
    const host = await tx.host.create({ data: { name: input.name, labels: serializeLabels(input.labels), groupId: input.groupId, secretHash: hashToken(secret), statusReason: "starting" } });
    await tx.directEngine.create({
      data: {
        hostId: host.id,
        url: input.url,
        tlsSealed: input.tls ? secrets.seal(JSON.stringify(input.tls)) : null,
        agentStateSealed: secrets.seal(JSON.stringify({ hostId: host.id, secret })),
        createdById,
      },
    });
    await recordHostHistory(tx, host.id, "enrolled", `direct engine ${input.url}`);
    return { hostId: host.id, name: host.name };
  });
}

/**
 * Points a direct engine at another address (socket path, or tcp with new TLS material, sealed as
 * at creation). The host stays the same host; its in-process agent reconnects to the new engine
 * once the lease holder re-reads its leases. The history names both addresses.
 */
export async function setDirectEngineAddress(db: Db, secrets: SecretBox, hostId: string, address: DirectEngineAddress): Promise<{ hostId: string; name: string; previousUrl: string }> {
  const host = await db.host.findFirst({ where: { id: hostId, revokedAt: null }, select: { name: true } });
  const engine = host && (await db.directEngine.findUnique({ where: { hostId }, select: { id: true, url: true } }));
  if (!host || !engine) throw new AppError("NOT_FOUND", `host ${hostId} is not a direct engine`);
  await db.$transaction(async (tx) => {
    await tx.directEngine.update({ where: { id: engine.id }, data: { url: address.url, tlsSealed: address.tls ? secrets.seal(JSON.stringify(address.tls)) : null } });
    await recordHostHistory(tx, hostId, "address-changed", `${engine.url} → ${address.url}`);
  });
  return { hostId, name: host.name, previousUrl: engine.url };
}

/** A direct engine this instance holds the lease of, with its secrets opened. */
export interface LeasedDirectEngine {
  id: string;
  hostId: string;
  url: string;
  tls: DirectEngineTls | null;
  agentState: { hostId: string; secret: string } | null;
}

function openJson<T>(secrets: SecretBox, sealed: string | null, schema: z.ZodType<T>): T | null {
  if (!sealed) return null;
  const text = secrets.open(sealed);
  if (text === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Takes or renews the lease of every direct engine that is free, expired or already ours, and
 * returns the ones we hold. One conditional UPDATE: two instances racing for the same engine
 * cannot both match it (the loser re-reads a fresh lease held by the winner).
 */
export async function claimDirectEngines(db: Db, secrets: SecretBox, instanceId: string, leaseMs: number): Promise<LeasedDirectEngine[]> {
  const now = new Date();
  await db.directEngine.updateMany({
    where: { OR: [{ ownerInstanceId: instanceId }, { ownerInstanceId: null }, { leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { ownerInstanceId: instanceId, leaseUntil: new Date(now.getTime() + leaseMs) },
  });
  const rows = await db.directEngine.findMany({ where: { ownerInstanceId: instanceId }, select: { id: true, hostId: true, url: true, tlsSealed: true, agentStateSealed: true } });
  return rows.map((row) => ({
    id: row.id,
    hostId: row.hostId,
    url: row.url,
    tls: openJson(secrets, row.tlsSealed, DirectEngineTls),
    agentState: openJson(secrets, row.agentStateSealed, AgentState),
  }));
}

/** Stores the in-process agent's credentials (sealed). */
export async function saveDirectEngineAgentState(db: Db, secrets: SecretBox, id: string, state: { hostId: string; secret: string }): Promise<void> {
  await db.directEngine.updateMany({ where: { id }, data: { agentStateSealed: secrets.seal(JSON.stringify(state)) } });
}

/** Gives up this instance's leases (clean shutdown): another instance takes them on its next round. */
export async function releaseDirectEngines(db: Db, instanceId: string): Promise<void> {
  await db.directEngine.updateMany({ where: { ownerInstanceId: instanceId }, data: { ownerInstanceId: null, leaseUntil: null } });
}
