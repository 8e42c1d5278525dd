import type Docker from "dockerode";
import type { ImageSummary } from "@dockmaster/protocol";
import type { ErrorMapper } from "./errors";

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

/** GET /images/json. */
export function imageOperations(docker: Docker, errors: ErrorMapper) {
  return {
    listImages: () => errors.call(async () => (await docker.listImages()).map(toImageSummary)),
  };
}
