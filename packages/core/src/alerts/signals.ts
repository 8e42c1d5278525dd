import type { EngineEvent, HostStatus } from "@dockmaster/protocol";
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
