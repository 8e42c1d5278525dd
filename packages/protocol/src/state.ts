import { z } from "zod";
import { ContainerSummary, ImageSummary } from "./dto";
import { NetworkSummary } from "./network-spec";
import { VolumeSummary } from "./volume-spec";

/*
 * Host state sync: the agent sends its host's full state on every accepted connection and after a
 * gap in its event stream ("state:full"), then keeps it current with small deltas ("state:delta").
 * The server keeps it as the host's snapshot, which fleet-wide pages read.
 */

/**
 * Socket.io closes a connection whose message exceeds the server's maxHttpBufferSize (1 MB), so
 * the agent never sends more than this: past it, it sends a trimmed state (no labels) or nothing.
 */
export const MAX_STATE_MESSAGE_BYTES = 900_000;

export { CONTAINER_PROBLEMS, CONTAINER_STATES, type ContainerProblem, type ContainerState } from "./container-states";

/** Upper bounds a host's state may reach; more is refused as malformed (a bug or a hostile agent). */
export const STATE_LIMITS = { containers: 5_000, images: 5_000, networks: 1_000, volumes: 5_000, removals: 5_000 } as const;

/** The part of `docker info` the fleet needs (the raw document stays with the engine page). */
export const SnapshotInfo = z.object({
  name: z.string().max(300),
  serverVersion: z.string().max(100),
  apiVersion: z.string().max(100),
  operatingSystem: z.string().max(300),
  architecture: z.string().max(100),
  kernelVersion: z.string().max(300),
  cpus: z.number().int().nonnegative(),
  memTotal: z.number().nonnegative(),
  containers: z.number().int().nonnegative(),
  containersRunning: z.number().int().nonnegative(),
  containersPaused: z.number().int().nonnegative(),
  containersStopped: z.number().int().nonnegative(),
  images: z.number().int().nonnegative(),
});
export type SnapshotInfo = z.infer<typeof SnapshotInfo>;

const containers = z.array(ContainerSummary).max(STATE_LIMITS.containers);
const images = z.array(ImageSummary).max(STATE_LIMITS.images);
const networks = z.array(NetworkSummary).max(STATE_LIMITS.networks);
const volumes = z.array(VolumeSummary).max(STATE_LIMITS.volumes);

/** Everything at once: replaces the host's snapshot. */
export const HostStateFull = z.object({
  /** Why it was sent: "connected", or the gap the event relay reported. */
  reason: z.string().max(200),
  /** When the agent read it from the engine (epoch ms). */
  takenAt: z.number().int().nonnegative(),
  info: SnapshotInfo,
  containers,
  images,
  networks,
  volumes,
});
export type HostStateFull = z.infer<typeof HostStateFull>;

/** What changed since the last message: container entries upserted or removed, small lists resent whole. */
export const HostStateDelta = z.object({
  upsert: containers.default([]),
  remove: z.array(z.string().min(1).max(128)).max(STATE_LIMITS.removals).default([]),
  images: images.optional(),
  networks: networks.optional(),
  volumes: volumes.optional(),
});
export type HostStateDelta = z.infer<typeof HostStateDelta>;
export type HostStateDeltaInput = z.input<typeof HostStateDelta>;
