import { z } from "zod";
import { ImageReference, PruneMode } from "./images";

/**
 * Bulk actions: one request from a browser naming many targets (containers across hosts, or
 * hosts). Each target becomes its own Operation; progress reaches the browser over /ui.
 */

const Id = z.string().min(1).max(256);
const HostId = z.string().min(1).max(100);
export const MAX_BULK_TARGETS = 1_000;

export const BulkContainerTarget = z.strictObject({ hostId: HostId, containerId: Id, name: z.string().max(256).optional() });
export type BulkContainerTarget = z.infer<typeof BulkContainerTarget>;
const ContainerTargets = z.array(BulkContainerTarget).min(1, "select at least one container").max(MAX_BULK_TARGETS);
const HostTargets = z.array(HostId).min(1, "select at least one host").max(MAX_BULK_TARGETS);

export const BULK_CONTAINER_ACTIONS = ["container.start", "container.stop", "container.restart", "container.remove"] as const;
export const BULK_HOST_ACTIONS = ["image.pull", "image.prune", "agent.upgrade"] as const;
export type BulkAction = (typeof BULK_CONTAINER_ACTIONS)[number] | (typeof BULK_HOST_ACTIONS)[number];

const containerAction = <A extends (typeof BULK_CONTAINER_ACTIONS)[number]>(action: A) => z.object({ action: z.literal(action), targets: ContainerTargets }).strict();

export const BulkStartInput = z.discriminatedUnion("action", [
  containerAction("container.start"),
  containerAction("container.stop"),
  containerAction("container.restart"),
  // force: also remove running containers (the engine refuses otherwise, per target)
  z.object({ action: z.literal("container.remove"), targets: ContainerTargets, force: z.boolean().default(false) }).strict(),
  z.object({ action: z.literal("image.pull"), hostIds: HostTargets, ref: ImageReference }).strict(),
  z.object({ action: z.literal("image.prune"), hostIds: HostTargets, mode: PruneMode.default("dangling") }).strict(),
  // to the agent build this control plane serves; a target succeeds once its agent is back online running it
  z.object({ action: z.literal("agent.upgrade"), hostIds: HostTargets }).strict(),
]);
export type BulkStartInput = z.input<typeof BulkStartInput>;

export const OperationStatus = z.enum(["queued", "running", "succeeded", "failed"]);
export type OperationStatus = z.infer<typeof OperationStatus>;

/** One target's state, as the batch page lists it and as pushed live. */
export const BulkTargetState = z.object({
  operationId: z.string(),
  hostId: z.string(),
  targetId: z.string().nullable(),
  targetName: z.string().nullable(),
  status: OperationStatus,
  error: z.string().nullable(),
  /** The last progress line (image pulls). */
  progress: z.string().nullable().optional(),
});
export type BulkTargetState = z.infer<typeof BulkTargetState>;

export const BulkSummary = z.object({
  total: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  /** Distinct failure reasons with how many targets each. */
  reasons: z.array(z.object({ error: z.string(), count: z.number().int() })),
});
export type BulkSummary = z.infer<typeof BulkSummary>;

export const BulkSubscribe = z.object({ batchId: z.string().min(1).max(100) });
export type BulkProgressMessage = { batchId: string; target: BulkTargetState };
export type BulkDoneMessage = { batchId: string; summary: BulkSummary };
