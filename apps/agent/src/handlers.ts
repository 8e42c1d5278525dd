import { EngineError, type Engine } from "@dockmaster/docker";
import { parseRequest, type AgentUpgradeParams, type AgentUpgradeResult, type ParsedParamsOf, type ProtocolError, type RequestType, type ResponseEnvelope } from "@dockmaster/protocol";

type Handlers = { [T in RequestType]: (params: ParsedParamsOf<T>) => Promise<unknown> };

/** Replaces the running agent with a newer build (agent-upgrade.ts); absent where the agent cannot (inside the control plane). */
export type Upgrade = (params: AgentUpgradeParams) => Promise<AgentUpgradeResult>;

const cannotUpgrade: Upgrade = () => Promise.reject(new EngineError("BAD_REQUEST", "this host's agent runs inside the control plane: it is upgraded with the control plane"));

/** One line per request type: the closed union maps onto engine operations. */
export function engineHandlers(engine: Engine, upgrade: Upgrade = cannotUpgrade): Handlers {
  return {
    "agent.upgrade": (p) => upgrade(p),
    "engine.info": () => engine.info(),
    "network.list": () => engine.listNetworks(),
    "network.inspect": (p) => engine.inspectNetwork(p.id),
    "network.create": (p) => engine.createNetwork(p.spec),
    "network.remove": async (p) => (await engine.removeNetwork(p.id), { id: p.id }),
    "network.connect": async (p) => (await engine.connectNetwork(p.spec), { network: p.spec.network, container: p.spec.container }),
    "network.disconnect": async (p) => (await engine.disconnectNetwork(p.network, p.container, p.force), { network: p.network, container: p.container }),
    "network.prunePreview": () => engine.networkPrunePreview(),
    "network.prune": (p) => engine.pruneNetworks(p.until),
    "volume.list": () => engine.listVolumes(),
    "volume.inspect": (p) => engine.inspectVolume(p.name),
    "volume.config": (p) => engine.volumeConfig(p.name),
    "volume.create": (p) => engine.createVolume(p.spec),
    "volume.remove": async (p) => (await engine.removeVolume(p.name, p.force), { name: p.name }),
    "volume.prunePreview": () => engine.volumePrunePreview(),
    "volume.prune": (p) => engine.removeVolumes(p.names),
    "system.df": () => engine.systemDf(),
    "system.prunePreview": (p) => engine.pruneAllPreview(p),
    "system.prune": (p) => engine.pruneAll(p),
    // host introspection (not the Engine API): iptables and links seen from the engine's namespace
    // (loaded on first use: it runs ip/iptables, and an agent at rest keeps none of it in memory)
    "container.portPath": async (p) => (await import("./host-introspection/port-path")).portPath(engine, p.id),
    "container.list": (p) => engine.listContainers({ all: p.all }),
    "container.inspect": (p) => engine.inspectContainer(p.id),
    "container.start": async (p) => (await engine.startContainer(p.id), { id: p.id }),
    "container.stop": async (p) => (await engine.stopContainer(p.id, p.timeoutSeconds), { id: p.id }),
    "container.restart": async (p) => (await engine.restartContainer(p.id, p.timeoutSeconds), { id: p.id }),
    "container.remove": async (p) => (await engine.removeContainer(p.id, { force: p.force }), { id: p.id }),
    "container.kill": async (p) => (await engine.killContainer(p.id, p.signal), { id: p.id }),
    "container.pause": async (p) => (await engine.pauseContainer(p.id), { id: p.id }),
    "container.unpause": async (p) => (await engine.unpauseContainer(p.id), { id: p.id }),
    "container.rename": async (p) => (await engine.renameContainer(p.id, p.name), { id: p.id }),
    "container.files.stat": (p) => engine.statPath(p.id, p.path),
    "container.files.list": (p) => engine.listDirectory(p.id, p.path),
    "image.list": () => engine.listImages(),
    "image.inspect": (p) => engine.inspectImage(p.id),
    "image.layers": (p) => engine.imageLayers(p.id),
    "image.tag": (p) => engine.tagImage(p.id, p.repo, p.tag),
    "image.remove": (p) => engine.removeImage(p.id, { force: p.force }),
    "image.untag": (p) => engine.untagImage(p.id, p.reference),
    "image.prunePreview": (p) => engine.prunePreview(p.mode),
    "image.prune": (p) => engine.pruneImages(p.mode, p.until),
    "registry.checkAuth": (p) => engine.checkRegistryAuth(p.auth),
    "stack.observe": (p) => engine.observeProjects(p.project),
    // run = create + start: a container that cannot start is removed again (the error says so);
    // create only keeps what it created.
    "container.create": async (p) => (p.start ? { ...(await engine.runContainer(p.spec)), started: true } : { ...(await engine.createContainer(p.spec)), started: false }),
  };
}

function toProtocolError(error: unknown): ProtocolError {
  if (error instanceof EngineError) return { code: error.code, message: error.message };
  return { code: "INTERNAL", message: error instanceof Error ? error.message : "agent failure" };
}

/** Validates and runs one request; never throws — failures become typed error responses. */
export async function handleRequest(handlers: Handlers, raw: unknown): Promise<ResponseEnvelope> {
  const request = parseRequest(raw);
  if (!request.ok) return { id: request.id, ok: false, error: request.error };
  const handler = handlers[request.type] as (params: unknown) => Promise<unknown>;
  try {
    return { id: request.id, ok: true, result: await handler(request.params) };
  } catch (error) {
    return { id: request.id, ok: false, error: toProtocolError(error) };
  }
}
