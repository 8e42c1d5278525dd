import { describe, expect, it } from "vitest";
import type { PlanStep } from "@dockmaster/compose";
import { planRows, planSummary } from "./plan-rows";

const spec = { image: "busybox" } as never;
const steps: PlanStep[] = [
  { kind: "network.create", network: "shop_default", spec: {} as never },
  { kind: "service.unchanged", service: "db", number: 1, container: "shop-db-1", id: "a" },
  { kind: "service.recreate", service: "web", number: 1, container: "shop-web-1", replaces: "b", spec, waitFor: [], reasons: ["command"] },
  { kind: "service.recreate", service: "web", number: 2, container: "shop-web-2", replaces: "c", spec, waitFor: [], reasons: ["command", "env"] },
  { kind: "service.create", service: "cache", number: 1, container: "shop-cache-1", spec, waitFor: [] },
  { kind: "container.remove", service: "old", container: "shop-old-1", id: "d", reason: "orphan" },
];

describe("planRows", () => {
  it("groups replicas of a service, keeps the apply order and the fields that changed", () => {
    expect(planRows(steps)).toEqual([
      { subject: "shop_default", kind: "network", action: "create", containers: [], reasons: [] },
      { subject: "db", kind: "service", action: "unchanged", containers: ["shop-db-1"], reasons: [] },
      { subject: "web", kind: "service", action: "recreate", containers: ["shop-web-1", "shop-web-2"], reasons: ["command", "env"] },
      { subject: "cache", kind: "service", action: "create", containers: ["shop-cache-1"], reasons: [] },
      { subject: "old", kind: "orphan", action: "remove", containers: ["shop-old-1"], reasons: ["no longer in the stack"] },
    ]);
  });
});

describe("planSummary", () => {
  it("counts containers per action and says when there is nothing to do", () => {
    expect(planSummary(planRows(steps))).toBe("2 to create, 2 to recreate, 1 to remove, 1 unchanged");
    expect(planSummary([])).toBe("nothing to do");
  });
});
