import type Docker from "dockerode";
import type { ObservedStack, VolumeCreateSpec } from "@dockmaster/protocol";
import { EngineError, type ErrorMapper } from "./errors";

/** compose's project label: every compose tool finds a project's objects by it. */
const PROJECT_LABEL = "com.docker.compose.project";

interface RawState {
  Status?: string;
  ExitCode?: number;
  Health?: { Status?: string; Log?: Array<{ Output?: string; ExitCode?: number }> };
}

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** How often to look (the engine has no "became healthy" event we could wait on cheaply). */
  intervalMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Compose projects on an engine: what carries their labels, and waiting on depends_on conditions. */
export function projectOperations(docker: Docker, errors: ErrorMapper) {
  const state = async (id: string): Promise<RawState> => ((await errors.call(() => docker.getContainer(id).inspect())) as unknown as { State?: RawState }).State ?? {};

  /** Polls `id` until `done` says so (true), or it throws; fails after `timeoutMs` with `what`. */
  async function poll(id: string, options: WaitOptions, what: string, done: (s: RawState) => boolean): Promise<RawState> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const s = await state(id);
      if (done(s)) return s;
      if (options.signal?.aborted) throw new EngineError("ENGINE_ERROR", `cancelled while waiting for ${what}`);
      if (Date.now() >= deadline) throw new EngineError("TIMEOUT", `${what}: not reached within ${Math.round(options.timeoutMs / 1000)} s`);
      await sleep(options.intervalMs ?? 250, options.signal);
    }
  }

  return {
    /**
     * What compose-labelled objects the engine has: of `project`, or of every project. Filtered by
     * the engine (label filters), so a busy host answers as fast as it lists a few objects.
     */
    async observeProjects(project?: string): Promise<ObservedStack> {
      const filters = JSON.stringify({ label: [project ? `${PROJECT_LABEL}=${project}` : PROJECT_LABEL] });
      const [containers, networks, volumes, images] = await errors.call(() =>
        Promise.all([docker.listContainers({ all: true, filters }), docker.listNetworks({ filters }), docker.listVolumes({ filters }), docker.listImages()]),
      );
      return {
        containers: containers.map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, ""), state: c.State, image: c.Image, imageId: c.ImageID, labels: c.Labels ?? {} })),
        networks: (networks as Array<{ Id: string; Name: string; Labels?: Record<string, string> | null }>).map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} })),
        volumes: ((volumes.Volumes ?? []) as Array<{ Name: string; Labels?: Record<string, string> | null }>).map((v) => ({ name: v.Name, labels: v.Labels ?? {} })),
        images: images.map((i) => ({ id: i.Id, repoTags: (i.RepoTags ?? []).filter((t) => t !== "<none>:<none>") })),
      };
    },

    /**
     * A project volume, created without the full volume listing createVolume answers with (that one
     * runs `system df`, seconds on a busy host). Creating a volume that exists returns it unchanged.
     */
    async createProjectVolume(spec: VolumeCreateSpec): Promise<{ name: string }> {
      const created = await errors.call(() => docker.createVolume({ Name: spec.name, Driver: spec.driver, DriverOpts: spec.driverOptions ?? {}, Labels: spec.labels ?? {} }));
      return { name: (created as unknown as { name?: string; Name?: string }).name ?? (created as unknown as { Name?: string }).Name ?? spec.name ?? "" };
    },

    /** The labels of a network / volume (to check it is the project's before removing it). */
    networkLabels: async (id: string) => ((await errors.call(() => docker.getNetwork(id).inspect())) as { Labels?: Record<string, string> | null }).Labels ?? {},
    volumeLabels: async (name: string) => ((await errors.call(() => docker.getVolume(name).inspect())) as { Labels?: Record<string, string> | null }).Labels ?? {},

    /** The id of the image `ref` names on this engine, or null when it has none. */
    async imageId(ref: string): Promise<string | null> {
      try {
        return (await errors.call(() => docker.getImage(ref).inspect())).Id;
      } catch (error) {
        if (error instanceof EngineError && error.code === "NOT_FOUND") return null;
        throw error;
      }
    },

    /** depends_on service_healthy: until the healthcheck says healthy; unhealthy, stopped or no healthcheck fail at once. */
    async waitHealthy(id: string, name: string, options: WaitOptions): Promise<void> {
      await poll(id, options, `${name} to become healthy`, (s) => {
        if (!s.Health) throw new EngineError("CONFLICT", `${name} has no healthcheck: service_healthy cannot be waited for`);
        if (s.Health.Status === "unhealthy") {
          const last = s.Health.Log?.at(-1)?.Output?.trim();
          throw new EngineError("CONFLICT", `${name} is unhealthy${last ? ` (last check: ${last.slice(0, 300)})` : ""}`);
        }
        if (s.Status === "exited" || s.Status === "dead") throw new EngineError("CONFLICT", `${name} exited (code ${s.ExitCode ?? "?"}) before becoming healthy`);
        return s.Health.Status === "healthy";
      });
    },

    /** depends_on service_completed_successfully: until it exited; an exit code other than 0 fails. */
    async waitCompleted(id: string, name: string, options: WaitOptions): Promise<void> {
      const s = await poll(id, options, `${name} to complete`, (s) => s.Status === "exited" || s.Status === "dead");
      if (s.ExitCode !== 0) throw new EngineError("CONFLICT", `${name} did not complete successfully (exit code ${s.ExitCode ?? "?"})`);
    },
  };
}

export type EngineProjects = ReturnType<typeof projectOperations>;
