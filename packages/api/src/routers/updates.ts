import { z } from "zod";
import { can, fleetUpdateStatus, getUpdateSettings, setStackPolicy, stackPolicies, updateUpdateSettings, UpdatePolicyMode, UpdateSettings } from "@dockmaster/core";
import { BulkContainerTarget } from "@dockmaster/protocol";
import { runAfterCommit } from "../context";
import { anywhereProcedure, globalProcedure, HostId, hostProcedure } from "../procedures";
import { t } from "../trpc";
import { applyUpdate, auditFacts, throwIfRolledBack } from "../updates/apply-update";
import { launchUpdates } from "../updates/launch-updates";
import { checkAndNotify } from "../updates/scheduled";

const ContainerId = z.string().min(1).max(128);

/**
 * Image updates for standalone containers: status read from the fleet snapshot and the shared
 * check cache (no registry asked), a fleet-wide check now, the schedule, and *Update*.
 */
export const updatesRouter = t.router({
  /** Update status of the containers and images on every host the caller may see them on (or on `hostId`). */
  status: anywhereProcedure("image.view", { hostId: HostId.optional(), onlyAvailable: z.boolean().default(false) }).query(async ({ ctx, input }) => {
    const hostIds = input.hostId ? [input.hostId] : (await ctx.db.host.findMany({ select: { id: true } })).map((h) => h.id);
    const visible = hostIds.filter((id) => can(ctx.actor, "image.view", id) && can(ctx.actor, "host.view", id));
    const status = await fleetUpdateStatus(ctx.db, { hostIds: visible });
    const keep = <T extends { status: { state: string } }>(rows: T[]) => (input.onlyAvailable ? rows.filter((r) => r.status.state === "available") : rows);
    const containers = keep(status.containers.filter((c) => can(ctx.actor, "container.view", c.hostId)));
    return { containers, images: keep(status.images) };
  }),
  /**
   * Check now: every distinct tag in the fleet asked once, even if fresh in the cache. Global
   * image.pull: it speaks to registries with the stored logins on behalf of the whole fleet.
   */
  checkNow: globalProcedure("image.pull", {}, { engine: true }).mutation(async ({ ctx }) => {
    const { summary } = await checkAndNotify(ctx, { force: true, actor: ctx.actor && { id: ctx.actor.id, name: ctx.actor.username } });
    ctx.auditNote.operationId = summary.operationId;
    return summary;
  }),
  settings: globalProcedure("settings.manage").query(({ ctx }) => getUpdateSettings(ctx.db)),
  setSettings: globalProcedure("settings.manage", UpdateSettings.partial().strict()).mutation(async ({ ctx, input }) => {
    const settings = await updateUpdateSettings(ctx.db, input);
    // Once committed: the schedule re-reads the stored settings.
    runAfterCommit(ctx, () => void ctx.updateSchedule?.reload());
    return settings;
  }),
  /**
   * *Update*: pull the container's tag and recreate it with the same configuration (a stack's
   * service: redeploy that service; it then also needs stack.deploy), watch the new container's
   * health and put the previous image back if it fails (the call then fails, saying so). Needs
   * container.create on the host (the recreate is a create, through the same capability gate; a
   * deployer, who may create, remove and pull, holds it); the record carries old and new digests.
   */
  container: hostProcedure("container.create", { id: ContainerId }).mutation(async ({ ctx, input }) => {
    const result = await applyUpdate(ctx, input.hostId, input.id, ctx.auditNote.operationId ?? `single-${ctx.requestId}`);
    ctx.auditNote.target = { type: "container", id: result.containerId, name: result.name };
    ctx.auditNote.params = auditFacts(result);
    throwIfRolledBack(result);
    return result;
  }),
  /**
   * Bulk update across hosts: one batch (the bulk machinery: an Operation per container, live
   * progress on /bulk/[batchId]), each target checked for container.create on its own host.
   */
  bulk: anywhereProcedure("container.create", { targets: z.array(BulkContainerTarget).min(1, "select at least one container").max(200) }, { engine: true }).mutation(async ({ ctx, input }) => {
    const targets = input.targets.map((t) => ({ ...t, actor: ctx.actor }));
    return launchUpdates(ctx, targets, { id: ctx.actor.id, name: ctx.actor.username });
  }),
  /** Every stack with its update policy (notify unless set). */
  stackPolicies: globalProcedure("settings.manage").query(async ({ ctx }) => {
    const [stacks, policies] = await Promise.all([ctx.db.stack.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }), stackPolicies(ctx.db)]);
    return stacks.map((s) => ({ stackId: s.id, name: s.name, mode: policies.get(s.id) ?? "notify" }));
  }),
  setStackPolicy: globalProcedure("settings.manage", { stackId: z.string().min(1).max(100), mode: UpdatePolicyMode }).mutation(async ({ ctx, input }) => {
    await setStackPolicy(ctx.db, input.stackId, input.mode);
    ctx.auditNote.target = { type: "stack", id: input.stackId };
    return { stackId: input.stackId, mode: input.mode };
  }),
});
