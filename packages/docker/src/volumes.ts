import type Docker from "dockerode";
import type { RemovalReport, VolumeConfig, VolumeCreateSpec, VolumeDetail, VolumePrunePreview, VolumeSummary } from "@dockmaster/protocol";
import { EngineError, type ErrorMapper } from "./errors";

type RawVolume = Docker.VolumeInspectInfo & { CreatedAt?: string; UsageData?: { Size: number; RefCount: number } | null };

/** Names the engine generates for anonymous volumes: 64 hex digits. */
export const isAnonymousVolume = (name: string) => /^[0-9a-f]{64}$/.test(name);

/** Volume name → names of the containers (running or stopped) that mount it. */
export function containersByVolume(containers: Docker.ContainerInfo[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const c of containers) {
    const name = (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, "");
    for (const m of c.Mounts ?? []) {
      if (m.Type === "volume" && m.Name) (map.get(m.Name) ?? map.set(m.Name, []).get(m.Name)!).push(name);
    }
  }
  return map;
}

/** Volume name → bytes on disk, from `system df` (the only place the engine measures volumes). */
export function volumeSizes(df: { Volumes?: RawVolume[] | null }): Map<string, number> {
  return new Map((df.Volumes ?? []).filter((v) => (v.UsageData?.Size ?? -1) >= 0).map((v) => [v.Name, v.UsageData!.Size]));
}

function toVolumeSummary(v: RawVolume, containers: string[], size: number | null): VolumeSummary {
  return {
    name: v.Name,
    driver: v.Driver,
    mountpoint: v.Mountpoint,
    scope: v.Scope,
    created: v.CreatedAt ?? "",
    labels: v.Labels ?? {},
    options: (v.Options) ?? {},
    containers,
    size,
    anonymous: isAnonymousVolume(v.Name),
  };
}

/** Volumes: list (with users and sizes), inspect, create, remove, prune exactly what was previewed. */
export function volumeOperations(docker: Docker, errors: ErrorMapper) {
  const snapshot = () =>
    errors.call(() => Promise.all([docker.listVolumes(), docker.listContainers({ all: true }), docker.df() as Promise<{ Volumes?: RawVolume[] | null }>]));
  const detail = async (name: string): Promise<VolumeDetail> => {
    const [v, [, containers, df]] = await Promise.all([errors.call(() => docker.getVolume(name).inspect() as Promise<RawVolume>), snapshot()]);
    return { ...toVolumeSummary(v, containersByVolume(containers).get(v.Name) ?? [], volumeSizes(df).get(v.Name) ?? null), raw: v as unknown as Record<string, unknown> };
  };
  const list = async (): Promise<VolumeSummary[]> => {
    const [volumes, containers, df] = await snapshot();
    const users = containersByVolume(containers);
    const sizes = volumeSizes(df);
    return ((volumes.Volumes ?? []) as RawVolume[]).map((v) => toVolumeSummary(v, users.get(v.Name) ?? [], sizes.get(v.Name) ?? null));
  };
  return {
    listVolumes: list,
    inspectVolume: detail,
    /** The engine's inspect alone (no container scan, no `system df`): one request, fast on any host, never "a disk usage operation is already running". */
    async volumeConfig(name: string): Promise<VolumeConfig> {
      const v = (await errors.call(() => docker.getVolume(name).inspect())) as RawVolume;
      return { name: v.Name, driver: v.Driver, options: v.Options ?? {}, labels: v.Labels ?? {} };
    },
    async createVolume(spec: VolumeCreateSpec): Promise<VolumeDetail> {
      // The engine spends ~15 s looking for a driver plugin it does not have: ask what it has first.
      const info = (await errors.call(() => docker.info())) as { Plugins?: { Volume?: string[] | null } };
      const drivers = info.Plugins?.Volume ?? [];
      if (drivers.length > 0 && !drivers.includes(spec.driver)) {
        throw new EngineError("BAD_REQUEST", `volume driver "${spec.driver}" is not installed on this engine (it has: ${drivers.join(", ")})`, 400);
      }
      const created = await errors.call(() => docker.createVolume({ Name: spec.name, Driver: spec.driver, DriverOpts: spec.driverOptions ?? {}, Labels: spec.labels ?? {} }));
      return detail(created.name); // dockerode hands back a Volume handle named by the engine
    },
    removeVolume: (name: string, force: boolean) => errors.call(async () => void (await docker.getVolume(name).remove({ force }))),
    /** Unused = no container (running or stopped) mounts it: what the engine's prune would take. */
    async volumePrunePreview(): Promise<VolumePrunePreview> {
      return { volumes: (await list()).filter((v) => v.containers.length === 0).map(({ name, driver, size, anonymous }) => ({ name, driver, size, anonymous })) };
    },
    /**
     * Volume prune has no "created before" filter, so the confirmed names are removed one by one:
     * nothing the user did not see goes, and one now in use is reported with the engine's words.
     */
    async removeVolumes(names: string[]): Promise<RemovalReport> {
      const sizes = volumeSizes((await errors.call(() => docker.df())) as { Volumes?: RawVolume[] | null });
      const report: RemovalReport = { removed: [], failed: [], spaceReclaimed: 0 };
      for (const name of names) {
        try {
          await errors.call(() => docker.getVolume(name).remove());
          report.removed.push(name);
          report.spaceReclaimed += sizes.get(name) ?? 0;
        } catch (error) {
          report.failed.push({ name, message: error instanceof Error ? error.message : String(error) });
        }
      }
      return report;
    },
  };
}

export type EngineVolumes = ReturnType<typeof volumeOperations>;
