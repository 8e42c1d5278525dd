import { describe, expect, it } from "vitest";
import type { LoadInput } from "../model";
import { MAX_FILE_BYTES } from "./input-limits";
import { loadProject } from "./load-project";

const compose = "services:\n  web:\n    image: nginx:1.27\n";
const input = (over: Partial<LoadInput>): LoadInput => ({ projectName: "shop", workingDir: "/srv/shop", composeFiles: [{ path: "compose.yaml", content: compose }], ...over });
const errors = (over: Partial<LoadInput>) => {
  const result = loadProject(input(over));
  return result.ok ? [] : result.errors.map((e) => `${e.file}: ${e.message}`);
};

describe("limits checked before anything is parsed", () => {
  it("refuses a file over 1 MiB (compose file, extra file or .env) and accepts one at the limit", () => {
    const padded = (bytes: number) => compose + "#".repeat(bytes - compose.length);
    expect(errors({ composeFiles: [{ path: "compose.yaml", content: padded(MAX_FILE_BYTES) }] })).toEqual([]);
    expect(errors({ composeFiles: [{ path: "compose.yaml", content: padded(MAX_FILE_BYTES + 1) }] })).toEqual([`compose.yaml: compose.yaml is ${MAX_FILE_BYTES + 1} bytes: files are limited to 1 MiB`]);
    expect(errors({ otherFiles: [{ path: "big.env", content: "A=" + "x".repeat(MAX_FILE_BYTES) }] })[0]).toMatch(/^big\.env: big\.env is \d+ bytes: files are limited to 1 MiB$/);
    expect(errors({ dotEnv: "A=" + "é".repeat(MAX_FILE_BYTES / 2) })[0]).toMatch(/^\.env: \.env is \d+ bytes/);
  });

  it.each(["My App", "-shop", "_shop", "shop.prod", "Shop", "", "a".repeat(65)])("refuses the project name %j", (projectName) => {
    expect(errors({ projectName })[0]).toMatch(/project name .* is not valid/);
  });

  it.each(["shop", "shop-prod_2", "0day", "a".repeat(64)])("accepts the project name %j", (projectName) => {
    expect(errors({ projectName })).toEqual([]);
  });

  it("never reads the control plane's own environment", () => {
    process.env.DOCKMASTER_LEAK_PROBE = "secret";
    try {
      const result = loadProject(input({ composeFiles: [{ path: "compose.yaml", content: "services:\n  web:\n    image: nginx\n    environment: [DOCKMASTER_LEAK_PROBE, 'B=${DOCKMASTER_LEAK_PROBE}']\n" }] }));
      expect(result.ok && result.project.services[0]!.create.env).toEqual(["B="]);
    } finally {
      delete process.env.DOCKMASTER_LEAK_PROBE;
    }
  });

  it("refuses a boolean key spelled as something else rather than reading it as false", () => {
    expect(errors({ composeFiles: [{ path: "compose.yaml", content: "services:\n  web:\n    image: nginx\n    privileged: 'yes'\n" }] })).toEqual(['compose.yaml: privileged must be true or false, not "yes"']);
    const result = loadProject(input({ composeFiles: [{ path: "compose.yaml", content: "services:\n  web:\n    image: nginx\n    privileged: 'true'\n" }] }));
    expect(result.ok && result.project.services[0]!.create.privileged).toBe(true);
  });
});
