import { describe, expect, it } from "vitest";
import type { ContainerSummary } from "@dockmaster/protocol";
import { projectEventText, projectServices } from "./project-containers";

const c = (name: string, labels: Record<string, string>): ContainerSummary => ({ id: name, name, image: "busybox", imageId: "i", command: "", created: 0, state: "running", status: "Up", ports: [], labels });
const p = (project: string, service: string, n: number, extra: Record<string, string> = {}) => ({ "com.docker.compose.project": project, "com.docker.compose.service": service, "com.docker.compose.container-number": String(n), ...extra });

describe("projectServices", () => {
  it("groups the project's containers by service and replica, leaving out other projects and one-off runs", () => {
    const list = [c("shop-web-2", p("shop", "web", 2)), c("other-web-1", p("other", "web", 1)), c("shop-db-1", p("shop", "db", 1)), c("shop-web-1", p("shop", "web", 1)), c("shop-web-run-x", p("shop", "web", 1, { "com.docker.compose.oneoff": "True" })), c("plain", {})];
    expect(projectServices(list, "shop").map((s) => [s.service, s.containers.map((x) => x.name)])).toEqual([
      ["db", ["shop-db-1"]],
      ["web", ["shop-web-1", "shop-web-2"]],
    ]);
  });
});

describe("projectEventText", () => {
  it("reads like the label inside the stored JSON attributes", () => {
    const text = projectEventText("shop");
    expect(JSON.stringify({ image: "busybox", "com.docker.compose.project": "shop" })).toContain(text);
    expect(JSON.stringify({ "com.docker.compose.project": "shop2" })).not.toContain(text);
  });
});
