import type { EngineEvent, HostStatus, SystemDf } from "@dockmaster/protocol";
import type { AlertSignal } from "./kinds";

/** Restart loop detection: the start times of each container, kept per host in memory (one instance writes a host's events). */
export class RestartTracker {
  private readonly starts = new Map<string, number[]>();

  /** Records a start; true when it makes `count` starts within `windowMs` (and then forgets them, so the next loop is counted afresh). */
  started(key: string, at: number, count: number, windowMs: number): boolean {
    const recent = (this.starts.get(key) ?? []).filter((t) => at - t < windowMs);
    recent.push(at);
    if (recent.length >= count) {
      this.starts.delete(key);
      return true;
    }
    this.starts.set(key, recent);
    return false;
  }
}

function containerName(event: EngineEvent): string {
  return event.actorAttributes.name ?? event.actorId.slice(0, 12);
}

/** The signals one stored engine event carries (most carry none). Restart loops are found by the engine (they depend on rules). */
export function signalsOfEvent(hostId: string, hostName: string, event: EngineEvent): AlertSignal[] {
  if (event.type !== "container") return [];
  const stack = event.actorAttributes[COMPOSE_PROJECT] ?? null;
  return containerSignals(hostId, hostName, event).map((signal) => ({ ...signal, stack }));
}

/** The label Compose (and Dockmaster's stacks) put on every container of a project: a rule's stacks scope. */
export const COMPOSE_PROJECT = "com.docker.compose.project";

function containerSignals(hostId: string, hostName: string, event: EngineEvent): AlertSignal[] {
  const name = containerName(event);
  const image = event.actorAttributes.image ? ` (${event.actorAttributes.image})` : "";
  if (event.action === "die") {
    const code = Number(event.actorAttributes.exitCode ?? "0");
    if (!Number.isFinite(code) || code === 0) return [];
    return [{ kind: "container.exited", hostId, subject: name, resolves: false, title: `${name} exited with code ${code} on ${hostName}`, text: `Container ${name}${image} on ${hostName} exited with code ${code}.` }];
  }
  if (event.action === "oom") return [{ kind: "container.oom", hostId, subject: name, resolves: false, title: `${name} was OOM killed on ${hostName}`, text: `Container ${name}${image} on ${hostName} ran out of memory and was killed.` }];
  if (event.action === "health_status: unhealthy") return [{ kind: "container.unhealthy", hostId, subject: name, resolves: false, title: `${name} is unhealthy on ${hostName}`, text: `Container ${name}${image} on ${hostName} failed its health check.` }];
  if (event.action === "health_status: healthy") return [{ kind: "container.unhealthy", hostId, subject: name, resolves: true, title: `${name} is healthy again on ${hostName}`, text: `Container ${name}${image} on ${hostName} passes its health check again.` }];
  return [];
}

export function signalsOfHostStatus(hostId: string, hostName: string, status: HostStatus, reason: string | null): AlertSignal[] {
  const why = reason ? ` (${reason})` : "";
  if (status === "offline") return [{ kind: "host.offline", hostId, subject: "", resolves: false, title: `${hostName} is offline`, text: `Host ${hostName} went offline${why}.` }];
  if (status === "degraded") return [{ kind: "host.degraded", hostId, subject: "", resolves: false, title: `${hostName} is degraded`, text: `Host ${hostName} is degraded${why}.` }];
  if (status === "online")
    return [
      { kind: "host.offline", hostId, subject: "", resolves: true, title: `${hostName} is back online`, text: `Host ${hostName} is back online.` },
      { kind: "host.degraded", hostId, subject: "", resolves: true, title: `${hostName} is healthy again`, text: `Host ${hostName} reaches its engine again.` },
    ];
  return [];
}

const GIB = 1024 ** 3;
const gib = (bytes: number) => `${(bytes / GIB).toFixed(1)} GiB`;

/** Docker's disk use on a host measured against one rule's threshold: over raises, under resolves. */
export function diskSignal(hostId: string, hostName: string, bytes: number, thresholdGb: number): AlertSignal {
  const over = bytes >= thresholdGb * GIB;
  return over
    ? { kind: "host.disk", hostId, subject: "", measure: bytes, resolves: false, title: `Docker uses ${gib(bytes)} of disk on ${hostName}`, text: `Docker on ${hostName} uses ${gib(bytes)} (images, containers, volumes and build cache), at or over the rule's ${thresholdGb} GiB.` }
    : { kind: "host.disk", hostId, subject: "", measure: bytes, resolves: true, title: `Docker disk use is back under ${thresholdGb} GiB on ${hostName}`, text: `Docker on ${hostName} uses ${gib(bytes)}, under the rule's ${thresholdGb} GiB again.` };
}

/** The whole of Docker's disk use from `system df`. */
export function dockerDiskBytes(df: SystemDf): number {
  return df.images.size + df.containers.size + df.volumes.size + df.buildCache.size;
}

/** One user refused `count` times within `windowMin` minutes (across instances: counted in the audit trail). Not about one host. */
export function denialSignal(username: string, count: number, windowMin: number, lastAction: string): AlertSignal {
  return { kind: "access.denied_repeatedly", hostId: null, subject: username, resolves: false, title: `${username} was refused ${count} times in ${windowMin} min`, text: `User ${username} was refused ${count} times within ${windowMin} minutes (last: ${lastAction}). Someone may be probing what this account may do.` };
}

/** An Operation that ended failed. Grouped per action and target, so the same action failing again counts on one alert. */
export function operationFailedSignal(op: { hostId: string | null; hostName: string | null; action: string; targetName: string | null; actorName: string | null; error: string }): AlertSignal {
  const what = op.targetName ? `${op.action} ${op.targetName}` : op.action;
  const where = op.hostName ? ` on ${op.hostName}` : "";
  const by = op.actorName ? ` (started by ${op.actorName})` : "";
  return { kind: "operation.failed", hostId: op.hostId, subject: what, resolves: false, title: `${what} failed${where}`, text: `Operation ${what}${where}${by} failed: ${op.error.slice(0, 500)}` };
}
