import { z } from "zod";

/** `docker system df` and "prune everything unused": what uses disk, and what could go. */

export const DiskUsageLine = z.object({
  count: z.number(),
  active: z.number(),
  size: z.number(),
  reclaimable: z.number(),
});
export type DiskUsageLine = z.infer<typeof DiskUsageLine>;

export const SystemDf = z.object({
  images: DiskUsageLine,
  containers: DiskUsageLine,
  volumes: DiskUsageLine,
  buildCache: DiskUsageLine,
});
export type SystemDf = z.infer<typeof SystemDf>;

const Item = z.object({ id: z.string(), name: z.string(), size: z.number() });

export const PruneAllPreview = z.object({
  /** Unix seconds: the prune only takes objects created before this (nothing made after the preview). */
  at: z.number(),
  containers: z.array(Item),
  images: z.array(Item),
  networks: z.array(Item),
  volumes: z.array(Item),
  buildCache: z.object({ count: z.number(), size: z.number() }),
  /** Bytes freed, as far as the engine can tell beforehand (shared image layers may make it less). */
  spaceReclaimable: z.number(),
});
export type PruneAllPreview = z.infer<typeof PruneAllPreview>;

export const PruneAllResult = z.object({
  containers: z.array(z.string()),
  images: z.array(z.string()),
  networks: z.array(z.string()),
  volumes: z.array(z.string()),
  buildCacheEntries: z.number(),
  spaceReclaimed: z.number(),
  failed: z.array(z.object({ name: z.string(), message: z.string() })),
});
export type PruneAllResult = z.infer<typeof PruneAllResult>;
