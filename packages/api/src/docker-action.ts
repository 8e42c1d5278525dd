import { finishOperation, markOperationRunning, startOperation, type ContainerListCache, type OperationStart } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";

export type OperationOutcome = { ok: true } | { ok: false; error: string };

/**
 * The Operation around one Docker action on a host: it exists (running) before the agent is
 * asked, is completed with the outcome (the engine's words) after, and the host's cached
 * container list is dropped whatever happened. One path for a single call (hostProcedure) and for
 * every target of a bulk action, whose operation was already created queued with its batch.
 */
export async function aroundOperation<R>(
  deps: { db: Db; containerLists?: ContainerListCache },
  operation: OperationStart | { queuedId: string; hostId: string },
  dispatch: (operationId: string) => Promise<R>,
  outcome: (result: R) => OperationOutcome,
  target?: () => OperationStart["target"],
): Promise<R> {
  let operationId: string;
  if ("queuedId" in operation) {
    operationId = operation.queuedId;
    await markOperationRunning(deps.db, operationId);
  } else operationId = await startOperation(deps.db, operation);
  const result = await dispatch(operationId);
  deps.containerLists?.invalidate(operation.hostId);
  await finishOperation(deps.db, operationId, outcome(result), target?.());
  return result;
}
