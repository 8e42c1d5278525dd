import { describe, expect, it } from "vitest";
import { stackStatus, type ProjectContainer } from "./status";

const c = (service: string, state: string, hash = "h-" + service, extra: Record<string, string> = {}): ProjectContainer => ({
  name: `shop-${service}-1`,
  state,
  labels: { "com.docker.compose.project": "shop", "com.docker.compose.service": service, "com.docker.compose.config-hash": hash, ...extra },
});
const deployed = { web: { replicas: 1, configHash: "h-web" }, db: { replicas: 1, configHash: "h-db" } };

describe("a stack's status from its containers' compose labels", () => {
  it("running when every deployed container runs with the deployed configuration", () => {
    expect(stackStatus(deployed, [c("web", "running"), c("db", "running")])).toMatchObject({ status: "running", running: 2, total: 2 });
  });
  it("partial when some run and some do not", () => {
    expect(stackStatus(deployed, [c("web", "running"), c("db", "exited")]).status).toBe("partial");
    expect(stackStatus(deployed, [c("web", "running")]).status).toBe("partial");
  });
  it("stopped when none runs; not-deployed when never deployed and nothing is there", () => {
    expect(stackStatus(deployed, [c("web", "exited"), c("db", "exited")]).status).toBe("stopped");
    expect(stackStatus(deployed, []).status).toBe("stopped");
    expect(stackStatus(null, []).status).toBe("not-deployed");
  });
  it("drifted when a container's config hash, a service or a replica count differs from the deployed revision", () => {
    expect(stackStatus(deployed, [c("web", "running", "other"), c("db", "running")]).status).toBe("drifted");
    expect(stackStatus(deployed, [c("web", "running"), c("db", "running"), c("extra", "running")]).status).toBe("drifted");
    expect(stackStatus(deployed, [c("web", "running"), { ...c("web", "running"), name: "shop-web-2" }, c("db", "running")]).status).toBe("drifted");
  });
  it("ignores one-off containers (docker compose run)", () => {
    expect(stackStatus(deployed, [c("web", "running"), c("db", "running"), c("web", "exited", "h-web", { "com.docker.compose.oneoff": "True" })]).status).toBe("running");
  });
});
