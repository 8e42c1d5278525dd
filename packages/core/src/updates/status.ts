import type { Db } from "@dockmaster/db";
import { fleetImages, type SnapshotImage } from "./fleet-tags";
import { localDigestsFor, parseTagRef, tagKey } from "./image-ref";
import { effectivePolicy, rollbackKey, rolledBackKeys, stackPolicies, type EffectivePolicy } from "./policy";

export type UpdateState = "available" | "current" | "notCheckable" | "failed" | "unchecked";

export interface UpdateStatus {
  state: UpdateState;
  /** Why not checkable, or what the check answered when it failed. */
  reason?: string;
  tag?: string;
  /** The local image's digests for the tag's repository (usually one; see localDigestsFor). */
  localDigests?: string[];
  remoteDigest?: string;
  checkedAt?: Date;
}

type Cache = Map<string, { remoteDigest: string | null; error: string | null; checkedAt: Date }>;

/** The update status of a reference run from (or tagged on) `image`, against the cached registry answers. */
export function statusOf(reference: string, image: SnapshotImage | undefined, cache: Cache): UpdateStatus {
  const parsed = parseTagRef(reference);
  if (!parsed.ok) return { state: "notCheckable", reason: parsed.reason };
  const tag = tagKey(parsed.ref);
  if (!image) return { state: "notCheckable", tag, reason: "its image is not in the host's last-known image list" };
  if (image.repoDigests.length === 0) return { state: "notCheckable", tag, reason: "built locally or never pushed: the image has no registry digest" };
  const localDigests = localDigestsFor(image.repoDigests, parsed.ref);
  if (localDigests.length === 0) return { state: "notCheckable", tag, reason: `the image has no digest recorded for ${parsed.ref.registry}/${parsed.ref.repository} (it came from another repository)` };
  const row = cache.get(tag);
  if (!row) return { state: "unchecked", tag, localDigests };
  if (!row.remoteDigest) return { state: "failed", tag, localDigests, reason: row.error ?? "the check failed", checkedAt: row.checkedAt };
  return { state: localDigests.includes(row.remoteDigest) ? "current" : "available", tag, localDigests, remoteDigest: row.remoteDigest, checkedAt: row.checkedAt };
}

export interface ContainerUpdate {
  hostId: string;
  containerId: string;
  name: string;
  image: string;
  status: UpdateStatus;
  policy: EffectivePolicy;
  /** For a container of a Dockmaster stack: the stack and the compose service (it is updated by redeploying that service). */
  stack?: { id: string; name: string; service: string };
  /** The update to the registry's digest was tried and rolled back (the policy does not apply it again by itself). */
  rolledBack?: boolean;
}
export interface ImageUpdate {
  hostId: string;
  imageId: string;
  repoTag: string;
  status: UpdateStatus;
}

/**
 * The update status of every container and every tagged image on the hosts asked for (all when
 * `hostIds` is absent), read from the fleet snapshot and the shared check cache only: no registry
 * and no agent is asked, so an offline host shows its last-known status.
 */
export async function fleetUpdateStatus(db: Db, filter: { hostIds?: readonly string[] }): Promise<{ containers: ContainerUpdate[]; images: ImageUpdate[] }> {
  const [imagesByHost, containers, rows, stacks, policies, rolledBack] = await Promise.all([
    fleetImages(db, filter.hostIds),
    db.snapshotContainer.findMany({ where: filter.hostIds ? { hostId: { in: [...filter.hostIds] } } : {}, select: { hostId: true, containerId: true, name: true, image: true, imageId: true, labels: true, composeProject: true }, orderBy: [{ hostId: "asc" }, { name: "asc" }] }),
    db.imageUpdateCheck.findMany({ select: { key: true, remoteDigest: true, error: true, checkedAt: true } }),
    stacksByHostAndName(db),
    stackPolicies(db),
    rolledBackKeys(db),
  ]);
  const cache: Cache = new Map(rows.map((r) => [r.key, r]));
  const byId = new Map<string, SnapshotImage>();
  for (const [hostId, list] of imagesByHost) for (const image of list) byId.set(`${hostId} ${image.id}`, image);
  return {
    containers: containers.map((c) => {
      const status = statusOf(c.image, byId.get(`${c.hostId} ${c.imageId}`), cache);
      const labels = readLabels(c.labels);
      const stack = c.composeProject ? stacks.get(`${c.hostId} ${c.composeProject}`) : undefined;
      const service = labels["com.docker.compose.service"];
      return {
        hostId: c.hostId,
        containerId: c.containerId,
        name: c.name,
        image: c.image,
        status,
        policy: effectivePolicy(labels, stack ? (policies.get(stack.id)) : undefined),
        ...(stack && service ? { stack: { ...stack, service } } : {}),
        ...(status.remoteDigest && rolledBack.has(rollbackKey(c.hostId, c.name, status.remoteDigest)) ? { rolledBack: true } : {}),
      };
    }),
    images: [...imagesByHost].flatMap(([hostId, list]) => list.flatMap((image) => image.repoTags.map((repoTag) => ({ hostId, imageId: image.id, repoTag, status: statusOf(repoTag, image, cache) })))),
  };
}

function readLabels(text: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** "hostId name" → the Dockmaster stack of that name running on that host (its own, or its group's). */
async function stacksByHostAndName(db: Db): Promise<Map<string, { id: string; name: string }>> {
  const [stacks, hosts] = await Promise.all([db.stack.findMany({ select: { id: true, name: true, hostId: true, hostGroupId: true } }), db.host.findMany({ where: { groupId: { not: null } }, select: { id: true, groupId: true } })]);
  const map = new Map<string, { id: string; name: string }>();
  for (const s of stacks) {
    if (s.hostId) map.set(`${s.hostId} ${s.name}`, { id: s.id, name: s.name });
    for (const h of hosts) if (s.hostGroupId && h.groupId === s.hostGroupId) map.set(`${h.id} ${s.name}`, { id: s.id, name: s.name });
  }
  return map;
}
