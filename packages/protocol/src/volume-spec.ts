import { z } from "zod";

/** Volumes: what create may ask for, and what list / inspect / prune answer. */

export const VolumeCreateSpec = z
  .object({
    /** Omitted: the engine names it (an "anonymous" volume, 64 hex digits). */
    name: z.string().min(2).max(128).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/, "volume names may contain letters, digits and _ . - (starting with a letter or digit)").optional(),
    driver: z.string().min(1).max(128).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.\-/:]*$/, "a volume driver name, e.g. local").default("local"),
    /** e.g. for local: type=tmpfs, device=tmpfs, o=size=64m. */
    driverOptions: z.record(z.string().min(1).max(256), z.string().max(4096)).optional(),
    labels: z.record(z.string().min(1).max(256), z.string().max(4096)).optional(),
  })
  .strict();
export type VolumeCreateSpec = z.infer<typeof VolumeCreateSpec>;

export const VolumeSummary = z.object({
  name: z.string(),
  driver: z.string(),
  mountpoint: z.string(),
  scope: z.string(),
  created: z.string(),
  labels: z.record(z.string(), z.string()),
  options: z.record(z.string(), z.string()),
  /** Names of containers (running or not) that mount it. */
  containers: z.array(z.string()),
  /** Bytes on disk, when the engine measured it (system df); null otherwise. */
  size: z.number().nullable(),
  anonymous: z.boolean(),
});
export type VolumeSummary = z.infer<typeof VolumeSummary>;

/**
 * A volume's configuration only (the engine's inspect, nothing measured): what the capability gate
 * asks about each named volume a create mounts — cheap, unlike list / inspect, which run `system df`.
 */
export const VolumeConfig = VolumeSummary.pick({ name: true, driver: true, options: true, labels: true });
export type VolumeConfig = z.infer<typeof VolumeConfig>;

export const VolumeDetail = VolumeSummary.extend({ raw: z.record(z.string(), z.unknown()) });
export type VolumeDetail = z.infer<typeof VolumeDetail>;

export const VolumePrunePreview = z.object({
  volumes: z.array(z.object({ name: z.string(), driver: z.string(), size: z.number().nullable(), anonymous: z.boolean() })),
});
export type VolumePrunePreview = z.infer<typeof VolumePrunePreview>;
