import { AppError, finishBatch, summarize, type AgentHub, type AuditEntry, type AuditLog, type ContainerListCache } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import type { BulkDoneMessage, BulkProgressMessage, BulkTargetState } from "@dockmaster/protocol";
import { TRPCError } from "@trpc/server";
import { aroundOperation } from "../docker-action";
import { toTrpcError } from "../errors";
import { auditEntry, type AuditedCall } from "../middleware";
import type { PlannedTarget } from "./plan";

/** One target of any batch: where, what (audited under `auditAction` with `params`), or why refused. */
export type RunnableTarget = Pick<PlannedTarget, "hostId" | "target" | "refusal" | "auditAction" | "params">;
/** Carries one target out (the stack deploys bring their own); rejects with the reason it failed. */
export type TargetDispatch<T extends RunnableTarget> = (target: T, onProgress: (line: string) => void, operationId: string) => Promise<unknown>;

export interface BulkRunnerDeps {
  db: Db;
  hub: AgentHub;
  audit: AuditLog;
  containerLists?: ContainerListCache;
  /** Pulls an image on a host (a stream, with the stored registry credentials); resolves when done. */
  pull(hostId: string, ref: string, onProgress: (line: string) => void): Promise<void>;
  /** Pushes to the browsers following the batch (the /ui socket's batch room). */
  publish: { progress(message: BulkProgressMessage): void; done(message: BulkDoneMessage): void };
  log: { error(message: string, fields?: Record<string, unknown>): void };
  /** Upgrades a host's agent and resolves once it is back online on the new build (agent-upgrade.ts). */
  upgradeAgent?(hostId: string): Promise<unknown>;
  /** How many targets run at once (default 8). */
  concurrency?: number;
}

/** Prune and pull walk a whole host's store: longer than the default request timeout. */
const LONG_TIMEOUT_MS = 120_000;
/** Pull progress is pushed at most this often per target. */
const PROGRESS_EVERY_MS = 250;

type Outcome = { ok: true } | { ok: false; error: TRPCError };
/** Who a batch runs for; `auditActor` names a non-person (the update policy) on its records. */
type BatchCall = Omit<AuditedCall, "auditNote"> & { auditActor?: AuditEntry["actor"] };

/**
 * Runs the targets of a bulk action, each through the same Operation and audit path as the single
 * action: refused targets are audited as denied; targets on an offline host fail at once (the hub
 * refuses without a round trip) and ahead of the queue, so they never wait behind slow hosts; the
 * rest run a bounded number at a time. Every state change is pushed to the batch's room.
 */
export class BulkRunner {
  constructor(private readonly deps: BulkRunnerDeps) {}

  /** Runs a batch in the background; a failure of the database around it is logged, not thrown. */
  launch(call: BatchCall, batchId: string, targets: PlannedTarget[], operationIds: string[]): void {
    this.launchWith(call, batchId, targets, operationIds, (target, onProgress) => this.dispatch(target, onProgress));
  }

  /** The same run with another kind of target (a stack deploy per host): same Operations, audit, offline-first order and progress room. */
  launchWith<T extends RunnableTarget>(call: BatchCall, batchId: string, targets: T[], operationIds: string[], dispatch: TargetDispatch<T>): void {
    this.run(call, batchId, targets, operationIds, dispatch).catch((error: unknown) => this.deps.log.error("bulk action failed", { batchId, error: String(error) }));
  }

  async run<T extends RunnableTarget>(call: BatchCall, batchId: string, targets: T[], operationIds: string[], dispatch: TargetDispatch<T>): Promise<void> {
    const states = targets.map((t, i): BulkTargetState => ({
      operationId: operationIds[i]!,
      hostId: t.hostId,
      targetId: t.target.id ?? null,
      targetName: t.target.name ?? null,
      status: t.refusal ? "failed" : "queued",
      error: t.refusal ?? null,
    }));
    const publish = (i: number) => this.deps.publish.progress({ batchId, target: { ...states[i]! } });
    const work = targets.map((target, i) => ({ target, i }));

    for (const { target, i } of work.filter((w) => w.target.refusal)) {
      await this.deps.audit.append(auditEntry({ ...call, auditNote: { actor: call.auditActor, target: target.target, hostId: target.hostId } }, target.auditAction, { ...target.params, batchId }, { ok: false, error: new TRPCError({ code: "FORBIDDEN", message: target.refusal! }) }, performance.now(), { operationId: states[i]!.operationId }));
      publish(i);
    }
    const runnable = work.filter((w) => !w.target.refusal);
    const offline = runnable.filter((w) => !this.deps.hub.isOnline(w.target.hostId));
    const online = runnable.filter((w) => this.deps.hub.isOnline(w.target.hostId));
    const runOne = async ({ target, i }: (typeof work)[number]) => {
      states[i]!.status = "running";
      publish(i);
      const outcome = await this.runTarget(call, batchId, target, states[i]!.operationId, dispatch, (line) => {
        states[i]!.progress = line;
        publish(i);
      }).catch((error: unknown): Outcome => {
        // The database failed around the dispatch: the target is reported failed, the batch goes on.
        this.deps.log.error("bulk target not recorded", { batchId, operationId: states[i]!.operationId, error: String(error) });
        return { ok: false, error: toTrpcError(error) };
      });
      states[i]!.status = outcome.ok ? "succeeded" : "failed";
      states[i]!.error = outcome.ok ? null : outcome.error.message;
      states[i]!.progress = null;
      publish(i);
    };
    await Promise.all([Promise.all(offline.map(runOne)), pool(online, this.deps.concurrency ?? 8, runOne)]);
    await finishBatch(this.deps.db, batchId);
    this.deps.publish.done({ batchId, summary: summarize(states) });
  }

  /** One target: Operation (queued → running → succeeded | failed) and its audit record. */
  private async runTarget<T extends RunnableTarget>(call: BatchCall, batchId: string, target: T, operationId: string, dispatch: TargetDispatch<T>, onProgress: (line: string) => void): Promise<Outcome> {
    const started = performance.now();
    const outcome = await aroundOperation(
      this.deps,
      { queuedId: operationId, hostId: target.hostId },
      () => dispatch(target, throttled(onProgress), operationId).then((): Outcome => ({ ok: true }), (error: unknown): Outcome => ({ ok: false, error: toTrpcError(error) })),
      (o) => (o.ok ? { ok: true } : { ok: false, error: o.error.message }),
    );
    if (!outcome.ok && outcome.error.code === "INTERNAL_SERVER_ERROR") this.deps.log.error("bulk target failed", { batchId, operationId, error: String(outcome.error.cause ?? outcome.error) });
    await this.deps.audit.append(auditEntry({ ...call, auditNote: { actor: call.auditActor, target: target.target, hostId: target.hostId } }, target.auditAction, { ...target.params, batchId }, outcome, started, { operationId }));
    return outcome;
  }

  private async dispatch(target: PlannedTarget, onProgress: (line: string) => void): Promise<unknown> {
    const { hub } = this.deps;
    const { hostId, params } = target;
    const str = (key: string) => String(params[key]);
    switch (target.action) {
      case "container.start":
      case "container.stop":
      case "container.restart":
        return hub.request(hostId, target.action, { id: str("id") });
      case "container.remove":
        return hub.request(hostId, "container.remove", { id: str("id"), force: params.force === true });
      case "image.prune":
        // Only what exists now: an image created while the batch runs stays.
        return hub.request(hostId, "image.prune", { mode: params.mode === "unused" ? "unused" : "dangling", until: Math.ceil(Date.now() / 1000) }, { timeoutMs: LONG_TIMEOUT_MS });
      case "image.pull":
        return this.deps.pull(hostId, str("ref"), onProgress);
      case "agent.upgrade":
        if (!this.deps.upgradeAgent) throw new AppError("PRECONDITION_FAILED", "agent upgrades are not available on this server");
        onProgress("downloading, verifying and restarting");
        return this.deps.upgradeAgent(hostId);
    }
  }
}

/** At most `limit` of `items` in flight at once. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

function throttled(fn: (line: string) => void): (line: string) => void {
  let last = 0;
  return (line) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    fn(line);
  };
}
