import type { Db } from "@dockmaster/db";

export interface FailedOperation {
  id: string;
  hostId: string;
  action: string;
  targetName: string | null;
  actorName: string | null;
  error: string;
}

type Listener = (operation: FailedOperation) => void;

/**
 * Who hears of an Operation that ended failed (alerts). Kept per database client — one per
 * control-plane instance — so the instance that finished an operation tells only its own alert
 * engine: each failure is raised once fleet-wide, even with several instances in one process.
 */
const listeners = new WeakMap<Db, Set<Listener>>();

export function onOperationFailed(db: Db, listener: Listener): () => void {
  const set = listeners.get(db) ?? new Set<Listener>();
  listeners.set(db, set);
  set.add(listener);
  return () => set.delete(listener);
}

export function tellOperationFailed(db: Db, operation: FailedOperation): void {
  for (const listener of listeners.get(db) ?? []) listener(operation);
}
