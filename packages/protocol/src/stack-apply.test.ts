import { describe, expect, it } from "vitest";
import { parseStreamOpen } from "./streams";

const create = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  kind: "service.create",
  service: "web",
  number: 1,
  container: "p-web-1",
  spec: { image: "busybox", name: "p-web-1", labels, ...extra },
  waitFor: [],
});
const open = (params: unknown) => parseStreamOpen({ streamId: "s1", type: "stack.apply", params });

describe("stack.apply params", () => {
  it("accepts a plan whose containers carry the project's label", () => {
    const parsed = open({ project: "p", steps: [create({ "com.docker.compose.project": "p" })] });
    expect(parsed.ok).toBe(true);
  });
  it("refuses a container without the project's label, naming the step", () => {
    expect(open({ project: "p", steps: [create({ "com.docker.compose.project": "q" })] })).toMatchObject({ ok: false, error: { message: "invalid stack.apply params: steps.0.spec.labels: the container must carry the label com.docker.compose.project=p" } });
  });
  it("refuses a step kind outside the closed union and a spec field outside ContainerCreateSpec", () => {
    expect(open({ project: "p", steps: [{ kind: "shell.run", cmd: "rm -rf /" }] })).toMatchObject({ ok: false });
    expect(open({ project: "p", steps: [create({ "com.docker.compose.project": "p" }, { HostConfig: { Privileged: true } })] })).toMatchObject({ ok: false });
  });
  it("refuses a project name docker compose would not accept", () => {
    const refused = open({ project: "My Project", steps: [] });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.message).toContain("a project name has lowercase letters");
  });
});
