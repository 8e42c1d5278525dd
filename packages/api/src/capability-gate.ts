import { TRPCError } from "@trpc/server";
import { AppError, can, engineLookups, sensitiveCapabilities, sensitiveVolumeCreate, type Actor, type AgentHub, type EngineFacts, type VolumeFacts } from "@dockmaster/core";
import type { ContainerCreateSpec, VolumeCreateSpec } from "@dockmaster/protocol";

/**
 * The one gate for what a container may do on its host, as the procedures call it. Whatever shape
 * asks for it (the create form, a volume's driver options, later a compose service or a recreate),
 * the request is a create spec or a volume spec, checked here against core's allowlists; anything
 * sensitive needs container.create.privileged on that host, and the refusal names each item.
 */
export const PRIVILEGED_PERMISSION = "container.create.privileged";

interface GateContext {
  actor: Actor | null;
  hub: AgentHub;
}

function refuse(sensitive: string[]): void {
  if (sensitive.length > 0) throw new TRPCError({ code: "FORBIDDEN", message: `permission ${PRIVILEGED_PERMISSION} is required for: ${sensitive.join("; ")}` });
}

/** Asks the engine (through the agent) about the volumes and network the spec refers to; one request each kind, only when needed. */
async function engineFacts(hub: AgentHub, hostId: string, spec: ContainerCreateSpec): Promise<EngineFacts> {
  const wanted = engineLookups(spec);
  const volumes = new Map<string, VolumeFacts>();
  if (wanted.volumes.length > 0) {
    for (const v of await hub.request(hostId, "volume.list", {})) volumes.set(v.name, { driver: v.driver, options: v.options });
  }
  let network: { driver: string } | undefined;
  if (wanted.network !== null) {
    try {
      network = { driver: (await hub.request(hostId, "network.inspect", { id: wanted.network })).driver };
    } catch (error) {
      // No such network: the engine refuses the create itself. Any other failure refuses here (fail closed).
      if (!(error instanceof AppError && error.code === "NOT_FOUND")) throw error;
    }
  }
  return { volume: (name) => volumes.get(name), network: (ref) => (ref === wanted.network ? network : undefined) };
}

/** Container create: refuses a spec with sensitive capabilities unless the actor holds container.create.privileged on the host. */
export async function gateContainerCreate(ctx: GateContext, hostId: string, spec: ContainerCreateSpec): Promise<void> {
  if (can(ctx.actor, PRIVILEGED_PERMISSION, hostId)) return; // may do all of it: no need to ask the engine
  refuse(sensitiveCapabilities(spec, await engineFacts(ctx.hub, hostId, spec)));
}

/** Volume create: a driver other than local, or options beyond a plain tmpfs, need container.create.privileged on the host. */
export function gateVolumeCreate(ctx: Pick<GateContext, "actor">, hostId: string, spec: VolumeCreateSpec): void {
  if (can(ctx.actor, PRIVILEGED_PERMISSION, hostId)) return;
  refuse(sensitiveVolumeCreate(spec));
}
