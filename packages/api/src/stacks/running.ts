import { AppError } from "@dockmaster/core";

/**
 * The stack runs in flight in this process: one per stack and host at a time (a second deploy
 * while one runs is refused, not interleaved), each cancellable by its operation id. In a
 * scale-out cluster a cancel reaches the instance that runs the deploy only (noted in the README).
 */
interface Run {
  key: string;
  controller: AbortController;
}

const byKey = new Map<string, Run>();
const byOperation = new Map<string, Run>();

export function claimRun(stackId: string, hostId: string, stackName: string): { signal: AbortSignal; attach(operationId: string): void; release(): void } {
  const key = `${stackId}@${hostId}`;
  if (byKey.has(key)) throw new AppError("CONFLICT", `stack ${stackName} is already being deployed or changed on this host: wait for it, or cancel it`);
  const run: Run = { key, controller: new AbortController() };
  byKey.set(key, run);
  let operation: string | null = null;
  return {
    signal: run.controller.signal,
    attach(operationId) {
      operation = operationId;
      byOperation.set(operationId, run);
    },
    release() {
      byKey.delete(key);
      if (operation) byOperation.delete(operation);
    },
  };
}

/** Aborts the run of that operation; false when none runs here. */
export function cancelRun(operationId: string): boolean {
  const run = byOperation.get(operationId);
  if (!run) return false;
  run.controller.abort(new AppError("CONFLICT", "cancelled by a user"));
  return true;
}
