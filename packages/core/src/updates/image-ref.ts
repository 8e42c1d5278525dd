import { DOCKER_HUB, registryHostOfImage } from "../registries/registry-host";

/**
 * Image references as the update check needs them: which registry, which repository, which tag
 * (Docker's own rules: a first path component with "." or ":" or "localhost" is a registry host,
 * else Docker Hub, where a one-part name lives under "library/"; no tag means "latest").
 */
export interface TagRef {
  registry: string;
  repository: string;
  tag: string;
}

export type ParsedRef = { ok: true; ref: TagRef } | { ok: false; reason: string };

/** The key of a (registry, repository, tag): the unit of work of the update check. */
export const tagKey = (ref: TagRef) => `${ref.registry}/${ref.repository}:${ref.tag}`;

/** "10.0.0.1:5000/team/app" → { registry: "10.0.0.1:5000", repository: "team/app" }; "busybox" → docker.io, library/busybox. */
export function repositoryOf(name: string): { registry: string; repository: string } {
  const registry = registryHostOfImage(name);
  const slash = name.indexOf("/");
  const rest = registry === DOCKER_HUB && !isHostComponent(name.slice(0, Math.max(slash, 0))) ? name : name.slice(slash + 1);
  const repository = registry === DOCKER_HUB && !rest.includes("/") ? `library/${rest}` : rest;
  return { registry, repository: repository.toLowerCase() };
}

function isHostComponent(first: string): boolean {
  return first.includes(".") || first.includes(":") || first === "localhost";
}

/** A container's or image's reference → the tag to check, or why it cannot be checked. */
export function parseTagRef(reference: string): ParsedRef {
  const value = reference.trim();
  if (value === "") return { ok: false, reason: "no image reference" };
  if (/^(sha256:)?[0-9a-f]{12,64}$/i.test(value)) return { ok: false, reason: "referenced by image ID, not by a tag: nothing in a registry to compare with" };
  if (value.includes("@")) return { ok: false, reason: "pinned to a digest: it cannot change, so there is no update to find" };
  const lastSlash = value.lastIndexOf("/");
  const colon = value.indexOf(":", lastSlash + 1);
  const name = colon < 0 ? value : value.slice(0, colon);
  const tag = colon < 0 ? "latest" : value.slice(colon + 1);
  return { ok: true, ref: { ...repositoryOf(name), tag } };
}

/**
 * The digests the engine recorded for THIS repository (a RepoDigests entry is "name@sha256:…"; an
 * image pushed to or pulled from several repositories has entries for each, in no useful order, so
 * RepoDigests[0] may belong to another one). One image can also carry several digests of the SAME
 * repository: pulled as :1 (its manifest) and as :multi (an index listing that manifest) it is one
 * image with both digests — so a tag is current when its remote digest is ANY of them. For a
 * multi-platform tag the entry is the index digest the pull resolved, which is what the registry's
 * HEAD on the tag returns too: index compared with index.
 */
export function localDigestsFor(repoDigests: readonly string[], ref: TagRef): string[] {
  const digests: string[] = [];
  for (const entry of repoDigests) {
    const at = entry.indexOf("@");
    if (at < 0) continue;
    const repo = repositoryOf(entry.slice(0, at));
    if (repo.registry === ref.registry && repo.repository === ref.repository) digests.push(entry.slice(at + 1));
  }
  return digests;
}
