import type Docker from "dockerode";
import { splitRepoTag, type ImageDeleteResult, type ImageInspect, type ImageLayers, type ImagePrunePreview, type ImagePruneResult, type ImageSummary, type PruneMode, type RegistryLogin } from "@dockmaster/protocol";
import { EngineError, type ErrorMapper } from "./errors";
import type { RawDf } from "./disk-usage";
import { DEFAULT_SCAN_LIMITS, scanImageArchive, type ScanLimits } from "./image-archive";
import { buildLayerReport, type EngineHistoryEntry } from "./image-layers";

export function toImageSummary(i: Docker.ImageInfo): ImageSummary {
  return {
    id: i.Id,
    // Untagged images come as "<none>:<none>" (or null, depending on the engine version).
    repoTags: (i.RepoTags ?? []).filter((t) => t !== "<none>:<none>"),
    repoDigests: (i.RepoDigests ?? []).filter((d) => d !== "<none>@<none>"),
    created: i.Created,
    size: i.Size,
    containers: i.Containers ?? -1, // -1: the engine did not count (it does so only on request)
  };
}

const realTags = (tags: string[] | null | undefined) => (tags ?? []).filter((t) => t !== "<none>:<none>");

export function toImageInspect(i: Docker.ImageInspectInfo): ImageInspect {
  const config = (i.Config ?? {}) as Partial<Docker.ImageInspectInfo["Config"]>;
  return {
    id: i.Id,
    repoTags: realTags(i.RepoTags),
    repoDigests: i.RepoDigests ?? [],
    created: i.Created,
    size: i.Size,
    architecture: i.Architecture ?? "",
    os: i.Os ?? "",
    author: i.Author ?? "",
    parent: i.Parent ?? "",
    config: {
      cmd: config.Cmd ?? null,
      entrypoint: typeof config.Entrypoint === "string" ? [config.Entrypoint] : (config.Entrypoint ?? null),
      env: config.Env ?? [],
      workingDir: config.WorkingDir ?? "",
      user: config.User ?? "",
      exposedPorts: Object.keys(config.ExposedPorts ?? {}),
      labels: config.Labels ?? {},
    },
    layers: i.RootFS?.Layers ?? [],
    raw: i as unknown as Record<string, unknown>,
  };
}

type DeleteReport = Array<{ Untagged?: string; Deleted?: string }> | null | undefined;

/** The engine's delete report ([{Untagged}|{Deleted}]) split in two lists. */
function toDeleteResult(items: DeleteReport): ImageDeleteResult {
  const list = items ?? [];
  return { untagged: list.flatMap((d) => (d.Untagged ? [d.Untagged] : [])), deleted: list.flatMap((d) => (d.Deleted ? [d.Deleted] : [])) };
}

/**
 * What `docker image prune` (dangling: untagged only; unused: all) would take: images no container
 * uses, running or not. Space counts only layers an image does not share with another image
 * (the engine's SharedSize), so it is a floor: layers shared only among pruned images go too.
 */
export function planImagePrune(df: RawDf, mode: PruneMode, at: number): ImagePrunePreview {
  const images = (df.Images ?? []).filter((i) => i.Containers <= 0 && (mode === "unused" || realTags(i.RepoTags).length === 0));
  const own = (i: { Size: number; SharedSize: number }) => Math.max(i.Size - Math.max(i.SharedSize, 0), 0);
  return {
    mode,
    at,
    images: images.map((i) => ({ id: i.Id, repoTags: realTags(i.RepoTags), created: (i as { Created?: number }).Created ?? 0, size: own(i) })),
    spaceReclaimable: images.reduce((n, i) => n + own(i), 0),
  };
}

/** Images: list, inspect, layers, tag, untag, remove, prune; and a registry login check. */
export function imageOperations(docker: Docker, errors: ErrorMapper) {
  const image = (id: string) => docker.getImage(id);
  return {
    listImages: () => errors.call(async () => (await docker.listImages()).map(toImageSummary)),
    inspectImage: (id: string) => errors.call(async () => toImageInspect(await image(id).inspect())),
    /**
     * Dockerfile steps next to their layers, with whiteouts: reads `docker save` of the image
     * (streamed, capped by `limits`) and the engine's history.
     */
    imageLayers: (id: string, limits: ScanLimits = DEFAULT_SCAN_LIMITS): Promise<ImageLayers> =>
      errors.call(async () => {
        const info = await image(id).inspect();
        const history = (await image(info.Id).history()) as EngineHistoryEntry[];
        // By id, not by name: a tag moved meanwhile must not change what is read.
        const archive = (await image(info.Id).get()) as NodeJS.ReadableStream & AsyncIterable<Buffer>;
        const scan = await scanImageArchive(archive, limits);
        return buildLayerReport(info.Id, scan, history, limits);
      }),
    tagImage: (id: string, repo: string, tag: string) =>
      errors.call(async () => {
        await image(id).tag({ repo, tag });
        return { id, reference: `${repo}:${tag}` };
      }),
    /**
     * Removes one name of image `id`: DELETE /images/{repo:tag} without force only drops that
     * reference while others remain (the last one deletes the image, unless a container uses it).
     * The name must be one of the image's names now: never an id prefix (that would delete by id)
     * and never a name that has moved to another image since the user saw it.
     */
    untagImage: (id: string, reference: string) =>
      errors.call(async () => {
        const { repo, tag } = splitRepoTag(reference);
        const name = `${repo}:${tag}`;
        const info = await image(id).inspect();
        if (!realTags(info.RepoTags).includes(name)) {
          throw new EngineError("CONFLICT", `${name} is not a name of image ${info.Id.replace(/^sha256:/, "").slice(0, 12)} (its names: ${realTags(info.RepoTags).join(", ") || "none"})`);
        }
        return toDeleteResult((await image(name).remove({ force: false })) as DeleteReport);
      }),
    /** `docker rmi`; a conflict (used by a running container, several references) comes back verbatim. */
    removeImage: (id: string, { force }: { force: boolean }) => errors.call(async () => toDeleteResult((await image(id).remove({ force })) as DeleteReport)),
    // `at` rounds up: the engine's `until` keeps images created after it, and an image built in the
    // same second as the preview must still count as "before" (what the preview showed).
    prunePreview: (mode: PruneMode) => errors.call(async () => planImagePrune((await docker.df()) as RawDf, mode, Math.ceil(Date.now() / 1000))),
    /** The engine's prune, limited to images created before the preview (`until`). */
    pruneImages: (mode: PruneMode, until: number): Promise<ImagePruneResult> =>
      errors.call(async () => {
        const filters = JSON.stringify({ dangling: [mode === "dangling" ? "true" : "false"], until: [String(until)] });
        const r = (await docker.pruneImages({ filters })) as { ImagesDeleted?: DeleteReport; SpaceReclaimed?: number };
        return { ...toDeleteResult(r.ImagesDeleted), spaceReclaimed: r.SpaceReclaimed ?? 0 };
      }),
    /** POST /auth: the engine logs in to the registry; wrong credentials fail with the registry's words. */
    checkRegistryAuth: (auth: RegistryLogin) =>
      errors.call(async () => {
        const r = (await docker.checkAuth(auth)) as { Status?: string };
        return { status: r.Status ?? "Login Succeeded" };
      }),
  };
}

export type EngineImages = ReturnType<typeof imageOperations>;
