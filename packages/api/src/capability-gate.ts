import { TRPCError } from "@trpc/server";
import { AppError, can, engineLookups, sensitiveCapabilities, sensitiveNetworkCreate, sensitiveVolumeCreate, type Actor, type AgentHub, type EngineFacts, type VolumeFacts } from "@dockmaster/core";
import type { ContainerCreateSpec, NetworkCreateSpec, VolumeCreateSpec } from "@dockmaster/protocol";

/**
 * The one gate for what a container may do on its host, as the procedures call it. Whatever shape
 * asks for it (the create form, a volume's driver options, a network's driver, later a compose
 * service or a recreate), the request is a create, volume or network spec, checked here against core's allowlists; anything
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

/** An engine object that may be missing: NOT_FOUND answers undefined; any other failure refuses the create (fail closed). */
async function unlessMissing<T>(ask: Promise<T>): Promise<T | undefined> {
  try {
    return await ask;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return undefined;
    throw error;
  }
}

/**
 * Asks the engine (through the agent) about the volumes and network the spec refers to, only when
 * needed: each named volume's configuration on its own (`volume.config`: the engine's inspect, not
 * the volume list, which runs `system df` — slow on a big host, and refused while another df runs),
 * and the network it joins. A volume the engine lacks is created on first mount with driver local
 * and no options: ordinary. A network it lacks is refused by the engine itself.
 */
async function engineFacts(hub: AgentHub, hostId: string, spec: ContainerCreateSpec): Promise<EngineFacts> {
  const wanted = engineLookups(spec);
  const [volumeConfigs, network] = await Promise.all([
    Promise.all(wanted.volumes.map((name) => unlessMissing(hub.request(hostId, "volume.config", { name })))),
    wanted.network === null ? undefined : unlessMissing(hub.request(hostId, "network.inspect", { id: wanted.network })),
  ]);
  const volumes = new Map<string, VolumeFacts>();
  wanted.volumes.forEach((name, i) => {
    const config = volumeConfigs[i];
    if (config) volumes.set(name, { driver: config.driver, options: config.options });
  });
  return { volume: (name) => volumes.get(name), network: (ref) => (ref === wanted.network && network ? { driver: network.driver } : undefined) };
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

/** Network create: a driver other than bridge, a host interface, or bridge options beyond the allowlist need container.create.privileged on the host. */
export function gateNetworkCreate(ctx: Pick<GateContext, "actor">, hostId: string, spec: NetworkCreateSpec): void {
  if (can(ctx.actor, PRIVILEGED_PERMISSION, hostId)) return;
  refuse(sensitiveNetworkCreate(spec));
}
