import { randomUUID } from "node:crypto";
import { checkFleetForUpdates, fleetUpdateStatus, getUpdateSettings, loadAccess, windowOpen, type Actor, type CheckSummary, type ContainerUpdate } from "@dockmaster/core";
import type { ApiServices } from "../context";
import { launchUpdates, type UpdateTarget } from "./launch-updates";

type Services = Pick<ApiServices, "db" | "hub" | "secrets" | "pull" | "stacks" | "alerts" | "bulk">;

const key = (c: Pick<ContainerUpdate, "hostId" | "containerId">) => `${c.hostId} ${c.containerId}`;

/**
 * A fleet check, then "update available" raised for each container whose update is new since the
 * check before (a container waiting for its window is not announced again on every check).
 */
export async function checkAndNotify(services: Services, options: { force?: boolean; actor?: { id?: string | null; name?: string | null } | null } = {}): Promise<{ summary: CheckSummary; after: ContainerUpdate[] }> {
  const before = new Map((await fleetUpdateStatus(services.db, {})).containers.map((c) => [key(c), c.status]));
  const summary = await checkFleetForUpdates(services.db, services.secrets, options);
  const after = (await fleetUpdateStatus(services.db, {})).containers;
  const hosts = new Map((await services.db.host.findMany({ select: { id: true, name: true } })).map((h) => [h.id, h.name]));
  for (const c of after) {
    const was = before.get(key(c));
    if (c.status.state !== "available" || (was?.state === "available" && was.remoteDigest === c.status.remoteDigest)) continue;
    const host = hosts.get(c.hostId) ?? c.hostId;
    services.alerts?.raise({ kind: "update.available", hostId: c.hostId, subject: c.name, resolves: false, title: `Update available for ${c.name} on ${host}`, text: `${c.image} now points at ${c.status.remoteDigest ?? "a new digest"}; ${c.name} on ${host} runs ${c.status.localDigests?.[0] ?? "an older image"} (policy: ${c.policy.mode}).` });
  }
  return { summary, after };
}

/** The actor an auto-update of a stack service runs as: the stack's creator with the access they hold now (as the git auto-deploy does); null when gone. */
async function creatorOf(services: Services, stackId: string, cache: Map<string, Actor | null>): Promise<Actor | null | undefined> {
  if (cache.has(stackId)) return cache.get(stackId);
  const stack = await services.db.stack.findUnique({ where: { id: stackId }, select: { createdById: true } });
  const user = stack?.createdById ? await services.db.user.findUnique({ where: { id: stack.createdById }, select: { id: true, username: true, disabledAt: true } }) : null;
  const actor = user && !user.disabledAt ? { kind: "user" as const, id: user.id, username: user.username, access: await loadAccess(services.db, user.id) } : null;
  cache.set(stackId, actor);
  return actor;
}

/**
 * The update policy at work, after a scheduled check: inside the maintenance window only, every
 * container whose policy is "auto" and whose update was not rolled back before is updated as one
 * batch (health watch and rollback included). A standalone container is updated by no one in
 * particular: the capability gate then allows only what needs no extra permission. A stack's
 * service runs as the stack's creator; one target per service and host (a redeploy updates all its
 * replicas). Returns the batch, or null when the window is closed or nothing is due.
 */
export async function applyAutoUpdates(services: Services, after: ContainerUpdate[], now = new Date()): Promise<{ batchId: string; total: number } | null> {
  const settings = await getUpdateSettings(services.db);
  if (!windowOpen(settings.maintenanceWindow, now)) return null;
  // An update still queued or running (an earlier tick's batch, on any instance) is not started twice.
  const busy = new Set((await services.db.operation.findMany({ where: { action: "updates.container", status: { in: ["queued", "running"] } }, select: { hostId: true, targetId: true } })).map((o) => `${o.hostId} ${o.targetId ?? ""}`));
  const due = after.filter((c) => c.status.state === "available" && c.policy.mode === "auto" && !c.rolledBack && !busy.has(key(c)));
  const creators = new Map<string, Actor | null>();
  const seen = new Set<string>();
  const targets: UpdateTarget[] = [];
  for (const c of due) {
    const one = c.stack ? `${c.hostId} ${c.stack.id} ${c.stack.service}` : key(c);
    if (seen.has(one)) continue;
    seen.add(one);
    const actor = c.stack ? await creatorOf(services, c.stack.id, creators) : null;
    if (c.stack && !actor) continue; // no one to answer for the stack's redeploy: notify only
    targets.push({ hostId: c.hostId, containerId: c.containerId, name: c.name, actor: actor ?? null });
  }
  if (targets.length === 0) return null;
  const system = { type: "system" as const, name: "update policy" };
  return launchUpdates({ ...services, actor: null, client: { ip: null, userAgent: "dockmaster update policy" }, requestId: randomUUID() }, targets, { id: "system", name: "update policy" }, system);
}

/** What the schedule runs: the check, its notifications, then the auto-updates the window allows. */
export async function scheduledUpdateRun(services: Services, log: { info(message: string, fields?: Record<string, unknown>): void; warn(message: string, fields?: Record<string, unknown>): void }): Promise<void> {
  const { after } = await checkAndNotify(services);
  const batch = await applyAutoUpdates(services, after).catch((error: unknown) => {
    log.warn("auto-updates could not start", { error: error instanceof Error ? error.message : String(error) });
    return null;
  });
  if (batch) log.info("auto-updates started", { batchId: batch.batchId, total: batch.total });
}
