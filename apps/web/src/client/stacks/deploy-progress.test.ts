import { describe, expect, it } from "vitest";
import { applyLine, finish, outcomeExplanation, startProgress } from "./deploy-progress";
import type { PlanRow } from "./plan-rows";

const plan: PlanRow[] = [
  { subject: "shop_default", kind: "network", action: "create", containers: [], reasons: [] },
  { subject: "db", kind: "service", action: "create", containers: ["shop-db-1"], reasons: [] },
  { subject: "web", kind: "service", action: "recreate", containers: ["shop-web-1"], reasons: ["command"] },
  { subject: "cache", kind: "service", action: "unchanged", containers: ["shop-cache-1"], reasons: [] },
];

describe("deploy progress", () => {
  it("moves each service along with its progress lines; other lines are general", () => {
    let p = startProgress(plan);
    expect(p.services.map((s) => [s.subject, s.status])).toEqual([
      ["db", "pending"],
      ["web", "pending"],
      ["cache", "unchanged"],
    ]);
    p = applyLine(p, "pulling busybox");
    p = applyLine(p, "db: waiting until healthy");
    expect(p.services[0]).toMatchObject({ status: "working", message: "waiting until healthy" });
    p = applyLine(p, "db: created");
    expect(p.services[0]!.status).toBe("done");
    expect(p.general).toEqual(["pulling busybox"]);
    expect(outcomeExplanation(p)).toBeNull();
  });

  it("explains a failure: what was done, what failed and why, what was not attempted, what to do", () => {
    let p = startProgress([...plan, { subject: "worker", kind: "service", action: "create", containers: ["shop-worker-1"], reasons: [] }]);
    p = applyLine(p, "db: created");
    p = applyLine(p, "web: failed: port 8080 is already allocated");
    p = finish(p, { ok: false, error: "service web: port 8080 is already allocated" });
    const o = outcomeExplanation(p)!;
    expect(o.headline).toMatch(/failed/);
    expect(o.done).toEqual(["db (create)"]);
    expect(o.failed).toEqual([{ subject: "web", message: "failed: port 8080 is already allocated" }]);
    expect(o.notDone).toEqual(["worker (create)"]);
    expect(o.advice).toMatch(/^web failed.*deploy again/);
  });

  it("marks the service the server's error names as failed, with its words, when its own line never came", () => {
    let p = applyLine(startProgress(plan), "db: done: created and started");
    p = finish(p, { ok: false, error: "the apply failed — web: dependency db did not complete successfully (exit code 3). Done: network.create. Not attempted: nothing." });
    expect(p.services.find((s) => s.subject === "web")).toMatchObject({ status: "failed", message: "dependency db did not complete successfully (exit code 3)" });
    expect(p.services.find((s) => s.subject === "db")!.status).toBe("done");
    expect(outcomeExplanation(p)!.failed.map((f) => f.subject)).toEqual(["web"]);
  });

  it("names the server's error when no service line said what failed", () => {
    const p = finish(startProgress(plan), { ok: false, error: "host is offline" });
    expect(outcomeExplanation(p)!.failed).toEqual([{ subject: "deploy", message: "host is offline" }]);
    expect(outcomeExplanation(p)!.notDone).toEqual(["db (create)", "web (recreate)"]);
  });

  it("tells a cancel apart and says the rest is made by deploying again", () => {
    const p = finish(applyLine(startProgress(plan), "db: created"), { ok: false, error: "cancelled by a user" });
    const o = outcomeExplanation(p)!;
    expect(o.headline).toMatch(/Cancelled/);
    expect(o.notDone).toEqual(["web (recreate)"]);
  });

  it("says so when a redeploy changed nothing", () => {
    const p = finish(startProgress([plan[3]!]), { ok: true, error: null });
    expect(outcomeExplanation(p)!.headline).toMatch(/Nothing to change/);
  });
});
