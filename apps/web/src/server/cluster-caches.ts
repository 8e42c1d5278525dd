import { ContainerListCache } from "@dockmaster/core";
import { ActorCache } from "@dockmaster/api";
import type { ClusterBus, SocketAgentHub } from "@dockmaster/realtime";

/** Resolved sessions, emptied on EVERY instance when any of them runs a mutation. */
export class ClusterActorCache extends ActorCache {
  constructor(private readonly bus: ClusterBus) {
    super();
    bus.on("cache:actors", () => super.invalidate());
  }

  override invalidate(): void {
    this.bus.publish("cache:actors");
  }
}

/**
 * Container lists are cached only by the instance holding the host's agent: it sees the host's
 * events and actions in order, so it drops the entry before the event reaches any browser. Another
 * instance could only learn of the event through a second channel that may arrive after the
 * browser's refetch — so it asks the agent every time instead.
 */
export class HeldHostsContainerListCache extends ContainerListCache {
  constructor(private readonly hub: SocketAgentHub) {
    super();
  }

  override get(hostId: string, load: Parameters<ContainerListCache["get"]>[1]) {
    return this.hub.bus?.clustered && !this.hub.socketOf(hostId) ? load() : super.get(hostId, load);
  }
}
