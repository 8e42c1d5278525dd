import { AppError, can, COMPOSE_PROJECT, getStack, getUpdateSettings, parseTagRef, recordRollback, tagKey, type AlertKind, type StackView } from "@dockmaster/core";
import type { ApiContext } from "../context";
import { permissionDenied } from "../middleware";
import { message, obj, str, updateContainer, type UpdateResult } from "./update-container";
import { updateStackService } from "./update-stack-service";

export type UpdateDeps = Pick<ApiContext, "db" | "hub" | "actor" | "pull" | "secrets" | "stacks" | "alerts">;

export interface AppliedUpdate extends UpdateResult {
  /** The container's name (the alerts' and the rollback record's subject). */
  name: string;
  /** Set when the container is a service of a Dockmaster stack (updated by redeploying that service). */
  stack?: { id: string; name: string; service: string };
}

/** Work on one stack and host waits for the one before (a stack runs one deploy at a time per host). */
const lanes = new Map<string, Promise<unknown>>();
function inLane<T>(key: string, work: () => Promise<T>): Promise<T> {
  const run = (lanes.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
  lanes.set(key, run);
  void run.finally(() => lanes.get(key) === run && lanes.delete(key)).catch(() => undefined);
  return run;
}

/** The Dockmaster stack a container with this compose project runs under on the host, if any. */
async function stackOf(deps: UpdateDeps, hostId: string, project: string | undefined): Promise<StackView | null> {
  if (!project) return null;
  const host = await deps.db.host.findUnique({ where: { id: hostId }, select: { groupId: true } });
  const row = await deps.db.stack.findFirst({ where: { name: project, OR: [{ hostId }, ...(host?.groupId ? [{ hostGroupId: host.groupId }] : [])] }, select: { id: true } });
  return row ? getStack(deps.db, row.id) : null;
}

/**
 * One update, whatever its kind and whoever asked (a person, a batch, the auto-update policy):
 * a stack service is redeployed through the stacks' path, a standalone container recreated from
 * its inspect; both watch the new container's health for the configured time and put the previous
 * image back when it fails. The outcome is raised as an alert (applied / rolled back / failed) and
 * a rollback is remembered, so the policy does not apply that digest again by itself.
 */
export async function applyUpdate(deps: UpdateDeps, hostId: string, containerId: string, operationId: string, onProgress?: (line: string) => void): Promise<AppliedUpdate> {
  const settings = await getUpdateSettings(deps.db);
  const options = { healthTimeoutMs: settings.healthTimeoutSeconds * 1000, onProgress };
  const inspect = await deps.hub.request(hostId, "container.inspect", { id: containerId });
  const name = str(inspect.Name).replace(/^\//, "") || containerId;
  const labels = obj(obj(inspect.Config).Labels) as Record<string, string>;
  const stack = await stackOf(deps, hostId, labels[COMPOSE_PROJECT]);
  const hostName = (await deps.db.host.findUnique({ where: { id: hostId }, select: { name: true } }))?.name ?? hostId;
  const raise = (kind: AlertKind, title: string, text: string, resolves = false) => deps.alerts?.raise({ kind, hostId, subject: name, title, text, resolves });
  let result: UpdateResult;
  try {
    if (stack) {
      if (!can(deps.actor, "stack.deploy", hostId)) throw permissionDenied("stack.deploy", hostId);
      result = await inLane(`${stack.id}@${hostId}`, () => updateStackService(deps, stack, hostId, containerId, operationId, options));
    } else {
      result = await updateContainer(deps, hostId, containerId, options);
    }
  } catch (error) {
    raise("update.failed", `Update of ${name} on ${hostName} failed`, `Updating ${name} on ${hostName} failed: ${message(error)}`);
    throw error;
  }
  const digest = (list: string[]) => list[0] ?? "unknown digest";
  if (result.rolledBack) {
    const parsed = parseTagRef(result.image);
    await recordRollback(deps.db, { hostId, subject: name, tag: parsed.ok ? tagKey(parsed.ref) : result.image, digest: result.newDigests[0] ?? "", reason: result.rolledBack });
    raise("update.rolled_back", `Update of ${name} on ${hostName} rolled back`, `${name} on ${hostName} was updated to ${result.image} (${digest(result.newDigests)}) and rolled back: ${result.rolledBack}`);
  } else if (result.updated) {
    raise("update.applied", `${name} on ${hostName} updated`, `${name} on ${hostName} now runs ${result.image} (${digest(result.oldDigests)} → ${digest(result.newDigests)})`);
    raise("update.available", `${name} on ${hostName} is up to date`, `${name} on ${hostName} was updated.`, true);
  }
  const service = labels["com.docker.compose.service"];
  return { ...result, name, ...(stack && service ? { stack: { id: stack.id, name: stack.name, service } } : {}) };
}

/** What an update's audit record carries: old and new digests, and a rollback's reason. */
export function auditFacts(result: AppliedUpdate): Record<string, unknown> {
  return { image: result.image, oldDigests: result.oldDigests, newDigests: result.newDigests, updated: result.updated, ...(result.rolledBack ? { rolledBack: result.rolledBack } : {}), ...(result.stack ? { stack: result.stack.name, service: result.stack.service } : {}) };
}

/** A rollback fails the Operation (and the batch's target), with the reason first. */
export function throwIfRolledBack(result: AppliedUpdate): void {
  if (result.rolledBack) throw new AppError("CONFLICT", `rolled back: ${result.rolledBack}`);
}
