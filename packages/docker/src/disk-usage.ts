import type Docker from "dockerode";
import type { PruneAllPreview, PruneAllResult, SystemDf } from "@dockmaster/protocol";
import type { ErrorMapper } from "./errors";
import { createdBefore, networkOperations, nowSeconds } from "./networks";
import { isAnonymousVolume, volumeOperations } from "./volumes";

/** GET /system/df, as far as we read it (API 1.41). Sizes of -1 mean "not measured". */
export interface RawDf {
  LayersSize?: number;
  Images?: Array<{ Id: string; RepoTags?: string[] | null; Size: number; SharedSize: number; Containers: number; Created: number }> | null;
  Containers?: Array<{ Id: string; Names?: string[]; ImageID: string; State: string; Created: number; SizeRw?: number; Mounts?: Array<{ Type: string; Name?: string }> }> | null;
  Volumes?: Array<{ Name: string; UsageData?: { Size: number; RefCount: number } | null }> | null;
  BuildCache?: Array<{ ID: string; InUse: boolean; Shared: boolean; Size: number }> | null;
}

const pos = (n: number | undefined) => (n !== undefined && n > 0 ? n : 0);
const sum = <T,>(items: T[], size: (t: T) => number) => items.reduce((n, t) => n + size(t), 0);
// Paused and restarting containers count as running for the engine's prune: they stay.
const STAYS = new Set(["running", "paused", "restarting", "removing"]);
const containerName = (c: { Id: string; Names?: string[] }) => (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, "");
const isDangling = (tags: string[] | null | undefined) => !tags || tags.length === 0 || tags.every((t) => t === "<none>:<none>");

/** `docker system df`: the docker CLI's own arithmetic for "reclaimable". */
export function toSystemDf(df: RawDf): SystemDf {
  const images = df.Images ?? [];
  const containers = df.Containers ?? [];
  const volumes = df.Volumes ?? [];
  const cache = (df.BuildCache ?? []).filter((b) => !b.Shared);
  const imagesInUse = images.filter((i) => i.Containers > 0);
  const imageSize = pos(df.LayersSize);
  return {
    images: { count: images.length, active: imagesInUse.length, size: imageSize, reclaimable: Math.max(imageSize - sum(imagesInUse, (i) => (i.SharedSize < 0 ? 0 : pos(i.Size) - i.SharedSize)), 0) },
    containers: { count: containers.length, active: containers.filter((c) => c.State === "running").length, size: sum(containers, (c) => pos(c.SizeRw)), reclaimable: sum(containers.filter((c) => c.State !== "running"), (c) => pos(c.SizeRw)) },
    volumes: { count: volumes.length, active: volumes.filter((v) => pos(v.UsageData?.RefCount) > 0).length, size: sum(volumes, (v) => pos(v.UsageData?.Size)), reclaimable: sum(volumes.filter((v) => pos(v.UsageData?.RefCount) === 0), (v) => pos(v.UsageData?.Size)) },
    buildCache: { count: cache.length, active: cache.filter((b) => b.InUse).length, size: sum(cache, (b) => pos(b.Size)), reclaimable: sum(cache.filter((b) => !b.InUse), (b) => pos(b.Size)) },
  };
}

/**
 * What "prune everything unused" takes, simulated in the engine's order: stopped containers first,
 * then what only they used — dangling (or, with allImages, all) images no remaining container
 * uses, custom networks without endpoints, volumes no remaining container mounts (anonymous ones
 * only unless namedVolumes), and build cache not in use.
 */
export function planPruneAll(df: RawDf, networks: Array<{ id: string; name: string }>, options: { allImages: boolean; namedVolumes: boolean; at: number }): PruneAllPreview {
  const all = df.Containers ?? [];
  const goes = (c: (typeof all)[number]) => !STAYS.has(c.State) && createdBefore(c.Created, options.at);
  const going = all.filter(goes);
  const staying = all.filter((c) => !goes(c));
  const usedImages = new Set(staying.map((c) => c.ImageID));
  const mounted = new Set(staying.flatMap((c) => (c.Mounts ?? []).filter((m) => m.Type === "volume" && m.Name).map((m) => m.Name!)));
  const images = (df.Images ?? []).filter((i) => !usedImages.has(i.Id) && createdBefore(i.Created, options.at) && (options.allImages || isDangling(i.RepoTags)));
  const volumes = (df.Volumes ?? []).filter((v) => !mounted.has(v.Name) && (options.namedVolumes || isAnonymousVolume(v.Name)));
  const cache = (df.BuildCache ?? []).filter((b) => !b.InUse);
  const preview: Omit<PruneAllPreview, "spaceReclaimable"> = {
    at: options.at,
    containers: going.map((c) => ({ id: c.Id, name: containerName(c), size: pos(c.SizeRw) })),
    // Layers shared with images that stay are not freed: count only what this image alone holds.
    images: images.map((i) => ({ id: i.Id, name: isDangling(i.RepoTags) ? "<none>" : i.RepoTags!.join(", "), size: Math.max(pos(i.Size) - pos(i.SharedSize), 0) })),
    networks: networks.map((n) => ({ id: n.id, name: n.name, size: 0 })),
    volumes: volumes.map((v) => ({ id: v.Name, name: v.Name, size: pos(v.UsageData?.Size) })),
    buildCache: { count: cache.length, size: sum(cache.filter((b) => !b.Shared), (b) => pos(b.Size)) },
  };
  const items = [...preview.containers, ...preview.images, ...preview.volumes];
  return { ...preview, spaceReclaimable: sum(items, (i) => i.size) + preview.buildCache.size };
}

/** `docker system df` and prune-all; every prune is limited to objects created before the preview. */
export function diskUsageOperations(docker: Docker, errors: ErrorMapper) {
  const df = () => errors.call(() => docker.df() as Promise<RawDf>);
  const networks = networkOperations(docker, errors);
  const volumes = volumeOperations(docker, errors);
  return {
    systemDf: async () => toSystemDf(await df()),
    async pruneAllPreview(options: { allImages: boolean; namedVolumes: boolean }): Promise<PruneAllPreview> {
      const at = nowSeconds();
      const [raw, unusedNetworks] = await Promise.all([df(), networks.networkPrunePreview(at)]);
      return planPruneAll(raw, unusedNetworks.networks, { ...options, at });
    },
    async pruneAll(options: { at: number; allImages: boolean; volumes: string[] }): Promise<PruneAllResult> {
      const result: PruneAllResult = { containers: [], images: [], networks: [], volumes: [], buildCacheEntries: 0, spaceReclaimed: 0, failed: [] };
      const until = (extra: Record<string, string[]> = {}) => ({ filters: JSON.stringify({ until: [String(options.at)], ...extra }) });
      // One step failing (say, the builder is disabled) must not stop the others: record and go on.
      const step = async (what: string, run: () => Promise<void>) => {
        try {
          await run();
        } catch (error) {
          result.failed.push({ name: what, message: errors.map(error).message });
        }
      };
      await step("containers", async () => {
        const r = await docker.pruneContainers(until());
        result.containers = r.ContainersDeleted ?? [];
        result.spaceReclaimed += pos(r.SpaceReclaimed);
      });
      await step("networks", async () => void (result.networks = (await networks.pruneNetworks(options.at)).removed));
      await step("volumes", async () => {
        const r = await volumes.removeVolumes(options.volumes);
        result.volumes = r.removed;
        result.failed.push(...r.failed);
        result.spaceReclaimed += r.spaceReclaimed;
      });
      await step("images", async () => {
        const r = await docker.pruneImages(until({ dangling: [options.allImages ? "false" : "true"] }));
        result.images = (r.ImagesDeleted ?? []).flatMap((d) => (d.Deleted ? [d.Deleted] : []));
        result.spaceReclaimed += pos(r.SpaceReclaimed);
      });
      await step("build cache", async () => {
        const r = (await docker.pruneBuilder(until() as Docker.PruneBuilderOptions)) as { CachesDeleted?: string[] | null; SpaceReclaimed?: number };
        result.buildCacheEntries = r.CachesDeleted?.length ?? 0;
        result.spaceReclaimed += pos(r.SpaceReclaimed);
      });
      return result;
    },
  };
}

export type EngineDiskUsage = ReturnType<typeof diskUsageOperations>;
