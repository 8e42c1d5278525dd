import { describe, expect, it } from "vitest";
import { loadProject } from "./load-project";
import { canonicalJson, configHash } from "./config-hash";

const load = (compose: string) => {
  const result = loadProject({ projectName: "shop", workingDir: "/srv/shop", composeFiles: [{ path: "compose.yaml", content: compose }] });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return Object.fromEntries(result.project.services.map((s) => [s.name, s.configHash]));
};

describe("config hash", () => {
  it("does not depend on the order keys are written in", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
    expect(configHash({ a: 1, b: 2 })).toBe(configHash({ b: 2, a: 1 }));
  });

  it("is the same for the same service however the file spells it, and changes when the container would", () => {
    const base = load("services:\n  web:\n    image: nginx:1.27\n    environment: {A: '1'}\n    ports: ['80:80']\n");
    const respelled = load("services:\n  web:\n    ports:\n      - target: 80\n        published: '80'\n    environment: [A=1]\n    image: nginx:1.27\n");
    expect(respelled.web).toBe(base.web);
    expect(load("services:\n  web:\n    image: nginx:1.27\n    environment: {A: '2'}\n    ports: ['80:80']\n").web).not.toBe(base.web);
    expect(load("services:\n  web:\n    image: nginx:1.28\n    environment: {A: '1'}\n    ports: ['80:80']\n").web).not.toBe(base.web);
  });

  it("ignores what does not change a container: replicas and dependencies", () => {
    const one = load("services:\n  db:\n    image: postgres:16\n  web:\n    image: nginx:1.27\n");
    const other = load("services:\n  db:\n    image: postgres:16\n  web:\n    image: nginx:1.27\n    scale: 3\n    depends_on: [db]\n");
    expect(other.web).toBe(one.web);
  });
});
