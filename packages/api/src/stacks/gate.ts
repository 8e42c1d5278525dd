import { TRPCError } from "@trpc/server";
import type { ComposeProject } from "@dockmaster/compose";
import { gateContainerCreate, gateNetworkCreate, gateNetworkJoin, gateVolumeCreate } from "../capability-gate";
import { can, type Actor, type AgentHub, type Permission } from "@dockmaster/core";
import { permissionDenied } from "../middleware";

/**
 * The capability gate for a whole project, before anything is sent: every service's create spec
 * (gateContainerCreate), every volume the stack creates (gateVolumeCreate), every network it
 * creates (gateNetworkCreate) and every external network a service joins (gateNetworkJoin). The
 * refusal names the service, volume or network, then the gate's own words (which name the field).
 * All services are checked, unchanged ones too: whoever deploys a stack answers for all of it.
 * First, what its containers need one by one: container.create on the host (stack.deploy alone
 * does not make containers), image.build for a service built from the stack's files, image.pull
 * when images are pulled (`pull`, or a service's pull_policy: always).
 */
export async function gateProject(ctx: { actor: Actor | null; hub: AgentHub }, hostId: string, project: ComposeProject, options: { pull?: boolean } = {}): Promise<void> {
  const need = (permission: Permission, what: string) => {
    if (!can(ctx.actor, permission, hostId)) throw new TRPCError({ code: "FORBIDDEN", message: `${what}: ${permissionDenied(permission, hostId).message}` });
  };
  need("container.create", `stack ${project.name}`);
  for (const service of project.services) {
    if (service.build) need("image.build", `service ${service.name} (build)`);
    if (options.pull || service.pullPolicy === "always") need("image.pull", `service ${service.name} (pull)`);
  }
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
    // network_mode service:x joins another service of this project, gated in this same loop.
    const projectServices = project.services.filter((s) => s !== service).map((s) => s.name);
    await named(`service ${service.name}`, () => gateContainerCreate(ctx, hostId, service.create, { projectServices }));
    for (const network of service.networks) if (external.has(network.name)) await named(`service ${service.name}`, () => gateNetworkJoin(ctx, hostId, network.name));
  }
}
