import type { PlanStep } from "@dockmaster/compose";

/**
 * A plan (packages/compose's PlanStep list) as the preview shows it: one row per change, grouped by
 * service, in the order the agent applies them, with what recreating a service changes.
 */
export type PlanAction = "create" | "recreate" | "start" | "stop" | "restart" | "remove" | "unchanged";

export interface PlanRow {
  /** The service, or the network / volume. */
  subject: string;
  kind: "service" | "network" | "volume" | "orphan";
  action: PlanAction;
  containers: string[];
  /** Why: the fields that changed (recreate), or orphan / scaled-down (remove). */
  reasons: string[];
}

function rowOf(step: PlanStep): PlanRow {
  switch (step.kind) {
    case "network.create":
      return { subject: step.network, kind: "network", action: "create", containers: [], reasons: [] };
    case "volume.create":
      return { subject: step.volume, kind: "volume", action: "create", containers: [], reasons: [] };
    case "service.create":
      return { subject: step.service, kind: "service", action: "create", containers: [step.container], reasons: [] };
    case "service.recreate":
      return { subject: step.service, kind: "service", action: "recreate", containers: [step.container], reasons: step.reasons };
    case "service.start":
      return { subject: step.service, kind: "service", action: "start", containers: [step.container], reasons: [] };
    case "service.unchanged":
      return { subject: step.service, kind: "service", action: "unchanged", containers: [step.container], reasons: [] };
    case "container.remove":
      return { subject: step.service, kind: "orphan", action: "remove", containers: [step.container], reasons: [{ orphan: "no longer in the stack", "scaled-down": "scaled down", down: "down" }[step.reason]] };
    case "container.stop":
      return { subject: step.service, kind: "service", action: "stop", containers: [step.container], reasons: [] };
    case "container.restart":
      return { subject: step.service, kind: "service", action: "restart", containers: [step.container], reasons: [] };
    case "network.remove":
      return { subject: step.network, kind: "network", action: "remove", containers: [], reasons: [] };
    case "volume.remove":
      return { subject: step.volume, kind: "volume", action: "remove", containers: [], reasons: [] };
  }
}

/** Replicas of one service with the same action share a row; reasons are merged without repeats. */
export function planRows(steps: readonly PlanStep[]): PlanRow[] {
  const rows: PlanRow[] = [];
  for (const step of steps) {
    const row = rowOf(step);
    const same = rows.find((r) => r.subject === row.subject && r.kind === row.kind && r.action === row.action);
    if (!same) {
      rows.push(row);
      continue;
    }
    same.containers.push(...row.containers);
    for (const reason of row.reasons) if (!same.reasons.includes(reason)) same.reasons.push(reason);
  }
  return rows;
}

/** "2 to create, 1 to recreate, 1 to remove, 3 unchanged" — the plan's headline. */
export function planSummary(rows: readonly PlanRow[]): string {
  const count = (a: PlanAction) => rows.filter((r) => r.action === a).reduce((n, r) => n + Math.max(r.containers.length, 1), 0);
  const parts = [
    [count("create"), "to create"],
    [count("recreate"), "to recreate"],
    [count("start"), "to start"],
    [count("stop"), "to stop"],
    [count("restart"), "to restart"],
    [count("remove"), "to remove"],
    [count("unchanged"), "unchanged"],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  return said.length ? said.join(", ") : "nothing to do";
}
