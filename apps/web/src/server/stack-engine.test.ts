import { describe, expect, it } from "vitest";
import { loadProject, planProject, type ObservedState } from "@dockmaster/compose";
import type { SocketAgentHub } from "@dockmaster/realtime";
import { stackEngine } from "./stack-engine";

/** A hub that records every stream it is asked to open (and opens none). */
function recordingHub() {
  const opened: string[] = [];
  const hub = { streams: { open: (_host: string, type: string) => (opened.push(type), Promise.reject(new Error("no agent in this test"))) } } as unknown as SocketAgentHub;
  return { hub, opened };
}

const loaded = loadProject({ projectName: "shop", composeFiles: [{ path: "compose.yaml", content: "services:\n  web:\n    image: nginx\n" }] });
if (!loaded.ok) throw new Error("the test project does not load");
const project = loaded.project;
const fresh = planProject(project, { containers: [], networks: [], volumes: [], images: [] });
const create = fresh.steps.find((s) => s.kind === "service.create")!;
/** What the host runs after a deploy of `project`: its container, labelled as the planner labels it. */
const running: ObservedState = {
  containers: [{ id: "c1", name: "shop-web-1", state: "running", image: "nginx", imageId: "sha256:n", labels: create.kind === "service.create" ? create.spec.labels ?? {} : {} }],
  networks: fresh.steps.flatMap((s) => (s.kind === "network.create" ? [{ id: "n1", name: s.network, labels: s.spec.labels ?? {} }] : [])),
  volumes: [],
  images: [],
};

describe("stackEngine.apply", () => {
  it("an unchanged plan without pulls is answered without the agent: every service unchanged", async () => {
    const { hub, opened } = recordingHub();
    const engine = stackEngine(hub, () => Promise.resolve(undefined));
    const plan = engine.plan(project, running);
    expect(plan.noop).toBe(true);
    const summary = await engine.apply("h1", { project, plan, pull: false }, () => undefined, new AbortController().signal);
    expect(summary).toMatchObject({ created: [], recreated: [], removed: [], unchanged: ["shop-web-1"] });
    expect(opened).toEqual([]);
  });

  it("still goes to the agent to pull (pull-and-redeploy), and whenever the plan changes something", async () => {
    const { hub, opened } = recordingHub();
    const engine = stackEngine(hub, () => Promise.resolve(undefined));
    const plan = engine.plan(project, running);
    await expect(engine.apply("h1", { project, plan, pull: true }, () => undefined, new AbortController().signal)).rejects.toThrow("no agent in this test");
    await expect(engine.apply("h1", { project, plan: fresh, pull: false }, () => undefined, new AbortController().signal)).rejects.toThrow("no agent in this test");
    expect(opened).toEqual(["stack.apply", "stack.apply"]);
  });
});
