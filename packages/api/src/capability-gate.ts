import { TRPCError } from "@trpc/server";
import { AppError, can, engineLookups, sensitiveCapabilities, sensitiveNetworkCreate, sensitiveNetworkJoin, sensitiveVolumeCreate, type Actor, type AgentHub, type EngineFacts, type NetworkFacts, type VolumeFacts } from "@dockmaster/core";
import { ContainerCreateSpec, specFromInspect, type NetworkCreateSpec, type VolumeCreateSpec } from "@dockmaster/protocol";

/**
 * The one gate for what a container may do on its host, as the procedures call it. Whatever shape
 * asks for it (the create form, a volume's driver options, a network's driver, joining a network,
 * later a compose service or a recreate), the request is a create, volume or network spec (or a
 * network joined), checked here against core's allowlists; anything
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

/** An existing network's name, driver and options: one network.inspect (no container list), undefined when the engine has none of that name. */
async function networkFacts(hub: AgentHub, hostId: string, ref: string): Promise<NetworkFacts | undefined> {
  const network = await unlessMissing(hub.request(hostId, "network.inspect", { id: ref }));
  return network && { name: network.name, driver: network.driver, options: network.options };
}

/**
 * Asks the engine (through the agent) about the volumes and network the spec refers to, only when
 * needed: each named volume's configuration on its own (`volume.config`: the engine's inspect, not
 * the volume list, which runs `system df` — slow on a big host, and refused while another df runs),
 * and each user-defined network it joins (networkMode and extra networks). A volume the engine lacks is created on first mount with driver local
 * and no options: ordinary. A network it lacks is refused by the engine itself.
 */
async function engineFacts(hub: AgentHub, hostId: string, spec: ContainerCreateSpec): Promise<EngineFacts> {
  const wanted = engineLookups(spec);
  const [volumeConfigs, networkAnswers] = await Promise.all([
    Promise.all(wanted.volumes.map((name) => unlessMissing(hub.request(hostId, "volume.config", { name })))),
    Promise.all(wanted.networks.map((ref) => networkFacts(hub, hostId, ref))),
  ]);
  const volumes = new Map<string, VolumeFacts>();
  wanted.volumes.forEach((name, i) => {
    const config = volumeConfigs[i];
    if (config) volumes.set(name, { driver: config.driver, options: config.options });
  });
  const networks = new Map<string, NetworkFacts>();
  wanted.networks.forEach((ref, i) => {
    const network = networkAnswers[i];
    if (network) networks.set(ref, network);
  });
  return { volume: (name) => volumes.get(name), network: (ref) => networks.get(ref) };
}

/**
 * Container create: refuses a spec with sensitive capabilities unless the actor holds
 * container.create.privileged on the host. A compose service names its project's other services
 * (`projectServices`): those are gated in the same check, so joining one (network_mode service:x) is ordinary.
 */
export async function gateContainerCreate(ctx: GateContext, hostId: string, spec: ContainerCreateSpec, options: { projectServices?: readonly string[] } = {}): Promise<void> {
  if (can(ctx.actor, PRIVILEGED_PERMISSION, hostId)) return; // may do all of it: no need to ask the engine
  const siblings = new Set(options.projectServices ?? []);
  refuse(sensitiveCapabilities(spec, { ...(await engineFacts(ctx.hub, hostId, spec)), projectService: (name) => siblings.has(name) }));
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

/** The networks a container joins by name without the engine being asked: its default bridge and none (the same as networkMode). */
const JOINABLE_BY_NAME = new Set(["bridge", "none"]);

/**
 * Network connect: a container may join what it could have joined at create — the predefined
 * bridge / none, or a network a deployer could create (see sensitiveNetworkJoin); a macvlan,
 * ipvlan, plugin network, a bridge on a host interface or the host's network needs
 * container.create.privileged on the host.
 */
export async function gateNetworkJoin(ctx: GateContext, hostId: string, ref: string): Promise<void> {
  if (can(ctx.actor, PRIVILEGED_PERMISSION, hostId) || JOINABLE_BY_NAME.has(ref)) return;
  refuse(sensitiveNetworkJoin(ref, await networkFacts(ctx.hub, hostId, ref)));
}

/**
 * A container's files (browse, download, upload, edit): as powerful as what the container itself
 * may reach. A container an admin ran with a bind mount of a host path, privileged, or in the
 * host's namespaces exposes the host through its files (read /host/etc/shadow, write a script it
 * runs as root), so reading or writing them needs what creating that container would: its
 * configuration, read back from the engine, goes through the same allowlist as a create. One that
 * cannot be read back as a create spec is refused (fail closed).
 */
export async function gateContainerFiles(ctx: GateContext, hostId: string, containerId: string, access: "read" | "write"): Promise<void> {
  if (can(ctx.actor, PRIVILEGED_PERMISSION, hostId)) return;
  const inspect = await ctx.hub.request(hostId, "container.inspect", { id: containerId });
  const spec = ContainerCreateSpec.safeParse(specFromInspect(inspect));
  const what = access === "read" ? "read the files of" : "change the files of";
  // AppError, not TRPCError: the HTTP download and upload routes answer with it too.
  if (!spec.success) throw new AppError("FORBIDDEN", `permission ${PRIVILEGED_PERMISSION} is required to ${what} this container: its configuration is outside what Dockmaster can check`);
  const sensitive = sensitiveCapabilities(spec.data, await engineFacts(ctx.hub, hostId, spec.data));
  if (sensitive.length > 0) throw new AppError("FORBIDDEN", `permission ${PRIVILEGED_PERMISSION} is required to ${what} this container, which has: ${sensitive.join("; ")}`);
}
