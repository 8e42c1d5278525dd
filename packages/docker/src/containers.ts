import type Docker from "dockerode";
import type { ContainerInspect, ContainerSummary } from "@dockmaster/protocol";
import { endpointConfig, toCreateOptions, type CreateContainerSpec } from "./create-options";
import { EngineError, type ErrorMapper } from "./errors";
import { explainStartFailure } from "./start-failure";

export type { CreateContainerSpec, PortBindingSpec } from "./create-options";

export function toContainerSummary(c: Docker.ContainerInfo): ContainerSummary {
  return {
    id: c.Id,
    // The engine lists names with a leading "/" (a legacy of links); users never type it.
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ""),
    image: c.Image,
    imageId: c.ImageID,
    command: c.Command ?? "",
    created: c.Created,
    state: c.State,
    status: c.Status,
    ports: (c.Ports ?? []).map((p) => ({ ip: p.IP || undefined, privatePort: p.PrivatePort, publicPort: p.PublicPort || undefined, type: p.Type })),
    labels: c.Labels ?? {},
  };
}

const NOT_KEPT = "the container was not kept";

/** Options with an optional stop timeout `t` (seconds), omitted to use the container's own. */
const timeout = (t?: number) => (t === undefined ? {} : { t });

/** Container lifecycle: list, inspect, create, run, start, stop, restart, remove, kill, pause, unpause, rename. */
export function containerOperations(docker: Docker, errors: ErrorMapper) {
  const container = (id: string) => docker.getContainer(id);

  /** Removes a container that was created but must not be kept; says how that went, for the error the caller throws. */
  const discard = (id: string) =>
    errors.call(() => container(id).remove({ force: true, v: true })).then(
      () => NOT_KEPT,
      // An auto-remove container is removed by the engine itself after a failed start: 404 is fine.
      (e: unknown) => (e instanceof EngineError && e.code === "NOT_FOUND" ? NOT_KEPT : `removing the container failed too (${e instanceof Error ? e.message : String(e)}): it is left as Created, id ${id.slice(0, 12)}`),
    );

  /**
   * `docker create`, then each extra network connected (the Engine API takes one network at
   * create), before anything starts. A network that cannot be joined removes the container again:
   * a half-wired container is never left behind, and creating again with the same name works.
   * Each network is inspected first: the engine connects a container that is not running to a
   * network it does not have without a word (it only records the name), and fails the start later.
   */
  const createConnected = async (spec: CreateContainerSpec) => {
    const { id } = await errors.call(async () => ({ id: (await docker.createContainer(toCreateOptions(spec))).id }));
    for (const network of spec.extraNetworks ?? []) {
      try {
        await errors.call(() => docker.getNetwork(network.name).inspect());
        await errors.call(() => docker.getNetwork(network.name).connect({ Container: id, EndpointConfig: endpointConfig(network.aliases, network.ipv4Address) }));
      } catch (error) {
        const failure = errors.map(error);
        throw new EngineError(failure.code, `created the container but could not connect it to network ${network.name}: ${failure.message}; ${await discard(id)}`, failure.statusCode);
      }
    }
    return { id };
  };

  /** The first start of a container just created: one that cannot start is removed again, and the error says why and that it was not kept. */
  const startCreated = async (id: string) => {
    try {
      await errors.idempotent(() => container(id).start());
    } catch (error) {
      const failure = errors.map(error);
      throw new EngineError(failure.code, `created the container but could not start it: ${explainStartFailure(failure.message)}; ${await discard(id)}`, failure.statusCode);
    }
  };

  return {
    listContainers: ({ all }: { all: boolean }) => errors.call(async () => (await docker.listContainers({ all })).map(toContainerSummary)),
    inspectContainer: (id: string) => errors.call(async () => (await container(id).inspect()) as unknown as ContainerInspect),
    createContainer: createConnected,
    startContainer: (id: string) => errors.idempotent(() => container(id).start()),
    /**
     * `docker run`: create, then start. When the start fails (a port already allocated, a missing
     * command) the just-created container is removed, so running again with the same name works;
     * the error says why it did not start and that it was not kept.
     */
    runContainer: async (spec: CreateContainerSpec) => {
      const { id } = await createConnected(spec);
      await startCreated(id);
      return { id };
    },
    startCreated,
    discardCreated: async (id: string) => {
      const words = await discard(id);
      return { removed: words === NOT_KEPT, words };
    },
    stopContainer: (id: string, timeoutSeconds?: number) => errors.idempotent(() => container(id).stop(timeout(timeoutSeconds))),
    restartContainer: (id: string, timeoutSeconds?: number) => errors.call(async () => void (await container(id).restart(timeout(timeoutSeconds)))),
    removeContainer: (id: string, { force }: { force: boolean }) => errors.call(async () => void (await container(id).remove({ force }))),
    /** The engine takes a signal name or number as text; killing a stopped container is its 409, passed on. */
    killContainer: (id: string, signal: string | number) => errors.call(async () => void (await container(id).kill({ signal: String(signal) }))),
    /** Freezes every process of the container (the cgroup freezer); unpause thaws them. */
    pauseContainer: (id: string) => errors.call(async () => void (await container(id).pause())),
    unpauseContainer: (id: string) => errors.call(async () => void (await container(id).unpause())),
    renameContainer: (id: string, name: string) => errors.call(async () => void (await container(id).rename({ name }))),
  };
}
