import { describe, expect, it } from "vitest";
import type { ObservedContainer, ObservedState } from "../model";
import { discoverProjects } from "./discover";
import { LABEL } from "./labels";
import { planDown, planRestart, planStart, planStop } from "./project-operations";

/** A project as docker compose leaves it: web → api → db by depends_on labels; one other project beside it. */
const c = (project: string, service: string, number: number, state: string, dependsOn = "", extra: Record<string, string> = {}): ObservedContainer => ({
  id: `${project}-${service}-${number}-id`,
  name: `${project}_${service}_${number}`,
  state,
  image: "busybox",
  imageId: "sha256:b",
  labels: { [LABEL.project]: project, [LABEL.service]: service, [LABEL.containerNumber]: String(number), [LABEL.oneoff]: "False", [LABEL.dependsOn]: dependsOn, [LABEL.workingDir]: "/srv/shop", [LABEL.configFiles]: "/srv/shop/docker-compose.yml", ...extra },
});

const observed: ObservedState = {
  containers: [
    c("shop", "web", 1, "running", "api:service_started:false"),
    c("shop", "db", 1, "exited"),
    c("shop", "api", 2, "running", "db:service_healthy:false"),
    c("shop", "api", 1, "exited", "db:service_healthy:false"),
    c("other", "x", 1, "running"),
  ],
  networks: [
    { id: "n1", name: "shop_default", labels: { [LABEL.project]: "shop", [LABEL.network]: "default" } },
    { id: "n2", name: "corp", labels: {} },
  ],
  volumes: [
    { name: "shop_data", labels: { [LABEL.project]: "shop", [LABEL.volume]: "data" } },
    { name: "precious", labels: {} },
  ],
};
const names = (steps: Array<{ kind: string; container?: string; network?: string; volume?: string }>) => steps.map((s) => `${s.kind} ${s.container ?? s.network ?? s.volume}`);

describe("project operations from labels", () => {
  it("start: stopped containers, dependencies first, waiting for the conditions their labels name", () => {
    const { steps, noop } = planStart("shop", observed);
    expect(names(steps)).toEqual(["service.start shop_db_1", "service.start shop_api_1", "service.unchanged shop_api_2", "service.unchanged shop_web_1"]);
    expect(steps[1]).toMatchObject({ waitFor: [{ service: "db", condition: "service_healthy", required: true, restart: false }] });
    expect(noop).toBe(false);
  });
  it("stop: running containers, dependents first", () => {
    expect(names(planStop("shop", observed).steps)).toEqual(["container.stop shop_web_1", "container.stop shop_api_2"]);
  });
  it("restart: every container, dependencies first", () => {
    expect(names(planRestart("shop", observed).steps)).toEqual(["container.restart shop_db_1", "container.restart shop_api_1", "container.restart shop_api_2", "container.restart shop_web_1"]);
  });
  it("down: containers dependents first, then the project's networks; its volumes only when asked; never others'", () => {
    expect(names(planDown("shop", observed, { removeVolumes: false }).steps)).toEqual([
      "container.remove shop_web_1",
      "container.remove shop_api_2",
      "container.remove shop_api_1",
      "container.remove shop_db_1",
      "network.remove shop_default",
    ]);
    expect(names(planDown("shop", observed, { removeVolumes: true }).steps).slice(-2)).toEqual(["network.remove shop_default", "volume.remove shop_data"]);
  });
  it("discovers every project with its services, state, working dir and files", () => {
    const [other, shop] = discoverProjects(observed);
    expect(other).toMatchObject({ name: "other", status: "running" });
    expect(shop).toMatchObject({ name: "shop", workingDir: "/srv/shop", configFiles: ["/srv/shop/docker-compose.yml"], status: "partial", createdByDockmaster: false, networks: ["shop_default"], volumes: ["shop_data"] });
    expect(shop!.services.map((s) => `${s.name}:${s.containers.map((x) => x.number).join(",")}`)).toEqual(["db:1", "api:1,2", "web:1"]);
  });
});
