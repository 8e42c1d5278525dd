import { z } from "zod";
import { StackRuns } from "@dockmaster/api";
import type { Db } from "@dockmaster/db";
import type { ClusterBus } from "@dockmaster/realtime";

/** How long another instance has to answer a cancel (it only aborts a controller: milliseconds). */
const ANSWER_MS = 3_000;

/**
 * A control-plane instance's stack runs, cancellable from any instance. A deploy runs on the
 * instance that launched it (its AbortController lives there); a cancel that lands elsewhere asks
 * every live instance over the cluster bus, and the one holding the run aborts it and answers true.
 */
export class ClusterStackRuns extends StackRuns {
  constructor(
    private readonly bus: ClusterBus,
    private readonly db: Db,
    /** Instances silent for longer count as stopped (the instance registry's stale window): not asked. */
    private readonly staleMs: number,
  ) {
    super();
    bus.handle("stacks:cancel", (payload) => Promise.resolve(this.cancelHere(z.string().min(1).max(100).parse(payload))));
  }

  override async cancel(operationId: string): Promise<boolean> {
    if (this.cancelHere(operationId)) return true;
    if (!this.bus.clustered) return false;
    const others = await this.db.controlPlaneInstance.findMany({ where: { id: { not: this.bus.instanceId }, beatAt: { gt: new Date(Date.now() - this.staleMs) } }, select: { id: true } });
    const answers = await Promise.all(others.map(({ id }) => this.bus.call(id, "stacks:cancel", operationId, ANSWER_MS).catch(() => false)));
    return answers.includes(true);
  }
}
