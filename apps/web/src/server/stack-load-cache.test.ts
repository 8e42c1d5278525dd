import { describe, expect, it } from "vitest";
import { loadProject, type LoadInput } from "@dockmaster/compose";
import { cachedLoader } from "./stack-load-cache";

const input = (image: string, environment: Record<string, string> = {}): LoadInput => ({ projectName: "shop", composeFiles: [{ path: "compose.yaml", content: `services:\n  web:\n    image: ${image}\n    environment:\n      - TAG=\${TAG:-1}\n` }], environment });

describe("cachedLoader", () => {
  it("loads the same input once, and anything else (a file, a variable) anew", () => {
    let calls = 0;
    const load = cachedLoader((i) => (calls++, loadProject(i)));
    const first = load(input("nginx"));
    expect(load(input("nginx"))).toBe(first);
    expect(calls).toBe(1);
    const other = load(input("nginx", { TAG: "2" }));
    expect(first.ok && other.ok, JSON.stringify(other)).toBe(true);
    expect(other.ok && other.project.services[0]!.create.env).toContain("TAG=2");
    expect(load(input("redis"))).not.toBe(first);
    expect(calls).toBe(3);
  });

  it("keeps only the most recently used results", () => {
    let calls = 0;
    const load = cachedLoader((i) => (calls++, loadProject(i)), 2);
    load(input("a"));
    load(input("b"));
    load(input("a")); // a is now the most recent
    load(input("c")); // evicts b
    load(input("a"));
    expect(calls).toBe(3);
    load(input("b"));
    expect(calls).toBe(4);
  });
});
