import { describe, expect, it } from "vitest";
import { applyFrames, outcomeExplanation, startProgress } from "./deploy-progress";

const steps = [
  { kind: "network.create", network: "shop_default" },
  { kind: "service.create", service: "db", container: "shop-db-1" },
  { kind: "service.create", service: "web", container: "shop-web-1" },
];

describe("deploy progress", () => {
  it("follows each step's frames and the pulls", () => {
    let p = startProgress(steps);
    p = applyFrames(p, [{ pull: "busybox", status: "running" }, { step: 0, status: "done" }, { step: 1, status: "waiting", message: "waiting for db to be healthy" }]);
    expect(p.steps.map((s) => s.status)).toEqual(["done", "waiting", "pending"]);
    expect(p.steps[1]!.message).toBe("waiting for db to be healthy");
    p = applyFrames(p, [{ pull: "busybox", status: "done" }]);
    expect(p.pulls).toEqual([{ image: "busybox", status: "done", message: undefined }]);
    expect(outcomeExplanation(p)).toBeNull();
  });

  it("explains a failure: what was created, what was not, and what to do", () => {
    let p = startProgress(steps);
    p = applyFrames(p, [
      { step: 0, status: "done" },
      { step: 1, status: "done", containerId: "abc" },
      { step: 2, status: "failed", message: "port 8080 is already allocated" },
      {
        summary: {
          outcome: "failed",
          pulls: [],
          steps: [
            { step: 0, kind: "network.create", status: "done" },
            { step: 1, kind: "service.create", service: "db", container: "shop-db-1", status: "done" },
            { step: 2, kind: "service.create", service: "web", container: "shop-web-1", status: "failed", message: "port 8080 is already allocated" },
          ],
        },
      },
    ]);
    const o = outcomeExplanation(p)!;
    expect(o.headline).toMatch(/failed/);
    expect(o.done).toEqual(["created network shop_default", "created db (shop-db-1)"]);
    expect(o.failed).toEqual([{ subject: "web (shop-web-1)", message: "port 8080 is already allocated" }]);
    expect(o.advice).toMatch(/web \(shop-web-1\) failed.*deploy again/);
  });

  it("lists the steps a cancel left undone", () => {
    let p = startProgress(steps);
    p = applyFrames(p, [{ summary: { outcome: "cancelled", pulls: [], steps: [{ step: 0, kind: "network.create", status: "done" }, { step: 1, kind: "service.create", status: "not-attempted" }, { step: 2, kind: "service.create", status: "not-attempted" }] } }]);
    const o = outcomeExplanation(p)!;
    expect(o.notDone).toEqual(["created db (shop-db-1)", "created web (shop-web-1)"]);
    expect(o.headline).toMatch(/Cancelled/);
  });

  it("says so when a redeploy changed nothing", () => {
    const p = applyFrames(startProgress([{ kind: "service.unchanged", service: "web" }]), [{ summary: { outcome: "succeeded", pulls: [], steps: [{ step: 0, kind: "service.unchanged", status: "skipped" }] } }]);
    expect(outcomeExplanation(p)!.headline).toMatch(/Nothing to change/);
  });
});
