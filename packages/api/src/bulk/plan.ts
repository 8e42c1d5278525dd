import { can, STREAM_PERMISSIONS, type Actor, type BatchTarget, type Permission } from "@dockmaster/core";
import type { BulkAction, BulkStartInput } from "@dockmaster/protocol";
import type { z } from "zod";
import { permissionDenied } from "../middleware";

type Input = z.output<typeof BulkStartInput>;

/**
 * What one target of a bulk action is, in the words of the single action it repeats: the same
 * audited action name (the tRPC path, or the stream's), the same permission and the same params,
 * so the audit trail reads the same whether a container was stopped alone or in a batch.
 */
export interface PlannedTarget extends BatchTarget {
  action: BulkAction;
  auditAction: string;
  permission: Permission;
  /** The params the single action would have been called with (audited). */
  params: Record<string, unknown>;
}

const SINGLE: Record<BulkAction, { auditAction: string; permission: Permission }> = {
  "container.start": { auditAction: "containers.start", permission: "container.operate" },
  "container.stop": { auditAction: "containers.stop", permission: "container.operate" },
  "container.restart": { auditAction: "containers.restart", permission: "container.operate" },
  "container.remove": { auditAction: "containers.remove", permission: "container.delete" },
  "image.pull": { auditAction: "stream.image.pull", permission: STREAM_PERMISSIONS["image.pull"] },
  "image.prune": { auditAction: "images.prune", permission: "image.delete" },
  "agent.upgrade": { auditAction: "hosts.upgradeAgent", permission: "host.manage" },
};

/** Every target with its permission checked on ITS host; a refused one carries the refusal. */
export function planBulk(actor: Actor, input: Input): PlannedTarget[] {
  const { auditAction, permission } = SINGLE[input.action];
  const plan = (hostId: string, target: BatchTarget["target"], params: Record<string, unknown>): PlannedTarget => ({
    action: input.action,
    auditAction,
    permission,
    hostId,
    target,
    params: { hostId, ...params },
    ...(can(actor, permission, hostId) ? {} : { refusal: permissionDenied(permission, hostId).message }),
  });
  switch (input.action) {
    case "image.pull":
      return input.hostIds.map((hostId) => plan(hostId, { type: "images", name: input.ref }, { ref: input.ref }));
    case "image.prune":
      return input.hostIds.map((hostId) => plan(hostId, { type: "image", name: `prune ${input.mode}` }, { mode: input.mode }));
    case "agent.upgrade":
      return input.hostIds.map((hostId) => plan(hostId, { type: "host", id: hostId }, {}));
    case "container.remove":
      return input.targets.map((t) => plan(t.hostId, { type: "containers", id: t.containerId, name: t.name ?? null }, { id: t.containerId, force: input.force }));
    default:
      return input.targets.map((t) => plan(t.hostId, { type: "containers", id: t.containerId, name: t.name ?? null }, { id: t.containerId }));
  }
}
