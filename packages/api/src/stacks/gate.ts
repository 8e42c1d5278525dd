import { TRPCError } from "@trpc/server";
import type { ComposeProject } from "@dockmaster/compose";
import { gateContainerCreate, gateNetworkCreate, gateNetworkJoin, gateVolumeCreate } from "../capability-gate";
import type { Actor, AgentHub } from "@dockmaster/core";

/**
 * The capability gate for a whole project, before anything is sent: every service's create spec
 * (gateContainerCreate), every volume the stack creates (gateVolumeCreate), every network it
 * creates (gateNetworkCreate) and every external network a service joins (gateNetworkJoin). The
 * refusal names the service, volume or network, then the gate's own words (which name the field).
 * All services are checked, unchanged ones too: whoever deploys a stack answers for all of it.
 */
export async function gateProject(ctx: { actor: Actor | null; hub: AgentHub }, hostId: string, project: ComposeProject): Promise<void> {
  const named = async (what: string, check: () => unknown) => {
    try {
      await check();
    } catch (error) {
      if (error instanceof TRPCError && error.code === "FORBIDDEN") throw new TRPCError({ code: "FORBIDDEN", message: `${what}: ${error.message}` });
      throw error;
    }
  };
  for (const volume of project.volumes) if (!volume.external && volume.spec) await named(`volume ${volume.key}`, () => gateVolumeCreate(ctx, hostId, volume.spec!));
  for (const network of project.networks) if (!network.external && network.spec) await named(`network ${network.key}`, () => gateNetworkCreate(ctx, hostId, network.spec!));
  const external = new Set(project.networks.filter((n) => n.external).map((n) => n.name));
  for (const service of project.services) {
    await named(`service ${service.name}`, () => gateContainerCreate(ctx, hostId, service.create));
    for (const network of service.networks) if (external.has(network.name)) await named(`service ${service.name}`, () => gateNetworkJoin(ctx, hostId, network.name));
  }
}
