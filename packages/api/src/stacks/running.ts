import { AppError } from "@dockmaster/core";
import type { ApiContext } from "../context";

interface Run {
  key: string;
  controller: AbortController;
}

/**
 * The stack runs in flight on one control-plane instance: one per stack and host at a time (a
 * second deploy while one runs is refused, not interleaved), each cancellable by its operation id.
 * One per instance (ApiServices.stacks.runs). In a scale-out cluster a run lives on the instance
 * that launched it; the cluster's subclass (apps/web/src/server/stack-runs.ts) also asks the other
 * instances for a run this one does not hold.
 */
export class StackRuns {
  private readonly byKey = new Map<string, Run>();
  private readonly byOperation = new Map<string, Run>();

  claim(stackId: string, hostId: string, stackName: string): { signal: AbortSignal; attach(operationId: string): void; release(): void } {
    const key = `${stackId}@${hostId}`;
    if (this.byKey.has(key)) throw new AppError("CONFLICT", `stack ${stackName} is already being deployed or changed on this host: wait for it, or cancel it`);
    const run: Run = { key, controller: new AbortController() };
    this.byKey.set(key, run);
    let operation: string | null = null;
    return {
      signal: run.controller.signal,
      attach: (operationId) => {
        operation = operationId;
        this.byOperation.set(operationId, run);
      },
      release: () => {
        this.byKey.delete(key);
        if (operation) this.byOperation.delete(operation);
      },
    };
  }

  /** Aborts the run of that operation if this instance holds it. */
  cancelHere(operationId: string): boolean {
    const run = this.byOperation.get(operationId);
    if (!run) return false;
    run.controller.abort(new AppError("CONFLICT", "cancelled by a user"));
    return true;
  }

  /** Aborts the run of that operation wherever it runs; false when no instance holds it. */
  cancel(operationId: string): Promise<boolean> {
    return Promise.resolve(this.cancelHere(operationId));
  }
}

/** For a context without its instance's registry (unit callers): one for the process. */
const unwired = new StackRuns();

export function stackRunsOf(ctx: Pick<ApiContext, "stacks">): StackRuns {
  return ctx.stacks?.runs ?? unwired;
}
