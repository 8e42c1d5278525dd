import type { Db } from "@dockmaster/db";
import { ImageSummary } from "@dockmaster/protocol";
import { z } from "zod";
import { localDigestsFor, parseTagRef, tagKey, type TagRef } from "./image-ref";

const Images = z.array(ImageSummary.pick({ id: true, repoTags: true, repoDigests: true }));
export type SnapshotImage = z.infer<typeof Images>[number];

/** Every host's last-known images, as the agents reported them (an unreadable list counts as empty). */
export async function fleetImages(db: Db, hostIds?: readonly string[]): Promise<Map<string, SnapshotImage[]>> {
  const rows = await db.hostSnapshot.findMany({ where: hostIds ? { hostId: { in: [...hostIds] } } : {}, select: { hostId: true, images: true } });
  return new Map(rows.map((row) => [row.hostId, readImages(row.images)]));
}

function readImages(text: string): SnapshotImage[] {
  try {
    const parsed = Images.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/**
 * The distinct (registry, repository, tag) worth asking about across the fleet: a tag of an image
 * that carries a registry digest for its repository. 1,000 hosts with nginx:1.27 give one entry.
 * Locally built images (no digest) are left out here; the status says why they are not checkable.
 */
export function distinctTags(images: Iterable<SnapshotImage[]>): Map<string, TagRef> {
  const tags = new Map<string, TagRef>();
  for (const list of images) {
    for (const image of list) {
      for (const repoTag of image.repoTags) {
        const parsed = parseTagRef(repoTag);
        if (!parsed.ok || localDigestsFor(image.repoDigests, parsed.ref).length === 0) continue;
        tags.set(tagKey(parsed.ref), parsed.ref);
      }
    }
  }
  return tags;
}
