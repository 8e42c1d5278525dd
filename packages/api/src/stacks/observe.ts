import { AppError, COMPOSE_PROJECT, type AgentHub } from "@dockmaster/core";
import type { ComposeProject, ObservedState } from "@dockmaster/compose";
import type { ContainerSummary, NetworkSummary } from "@dockmaster/protocol";

/**
 * What runs on a host, as the planner and the pre-flight checks need it: one container list and
 * one network list from the agent (live: a plan must not be made from a stale snapshot), and each
 * of the project's volumes looked up on its own (`volume.config`; the volume list runs system df).
 */
export interface HostObservation {
  observed: ObservedState;
  /** Everything on the host, for name clashes with what the stack does not own. */
  allContainers: ContainerSummary[];
  allNetworks: NetworkSummary[];
}

export async function observeHost(hub: AgentHub, hostId: string, project: ComposeProject): Promise<HostObservation> {
  const [allContainers, allNetworks] = await Promise.all([hub.request(hostId, "container.list", { all: true }), hub.request(hostId, "network.list", {})]);
  const volumes = await Promise.all(
    project.volumes.map(async (v) => {
      try {
        const config = await hub.request(hostId, "volume.config", { name: v.name });
        return { name: v.name, labels: (config as { labels?: Record<string, string> }).labels ?? {} };
      } catch (error) {
        if (error instanceof AppError && error.code === "NOT_FOUND") return null;
        throw error;
      }
    }),
  );
  const mine = (labels: Record<string, string>) => labels[COMPOSE_PROJECT] === project.name;
  return {
    observed: {
      containers: allContainers.filter((c) => mine(c.labels)).map((c) => ({ id: c.id, name: c.name, state: c.state, image: c.image, imageId: c.imageId, labels: c.labels })),
      networks: allNetworks.filter((n) => mine(n.labels) || project.networks.some((p) => p.name === n.name)).map((n) => ({ id: n.id, name: n.name, labels: n.labels })),
      volumes: volumes.filter((v): v is NonNullable<typeof v> => v !== null),
    },
    allContainers,
    allNetworks,
  };
}
