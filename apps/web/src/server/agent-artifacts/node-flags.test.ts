import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AGENT_ENV, AGENT_NODE_FLAGS } from "./node-flags";

const repo = (path: string) => readFileSync(fileURLToPath(new URL(`../../../../../${path}`, import.meta.url)), "utf8");

describe("the agent's Node flags", () => {
  const agentStage = repo("Dockerfile").split(/^FROM /m).find((s) => / AS agent\s*$/m.test(s.split("\n")[0] ?? "")) ?? "";

  it("the agent image starts the artifact with every one of them, and the allocator's settings", () => {
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(agentStage);
    const argv = JSON.parse(entrypoint?.[1] ?? "[]") as string[];
    expect(argv.at(-1)).toBe("/app/dockmaster-agent.cjs");
    expect(argv.slice(1, -1)).toEqual(AGENT_NODE_FLAGS);
    expect(agentStage).toContain(`GLIBC_TUNABLES=${AGENT_ENV.GLIBC_TUNABLES}`);
  });

  it("install.sh writes the allocator's settings into the agent's environment file", () => {
    const script = repo("apps/web/src/server/agent-artifacts/install.sh");
    expect(script).toContain("MALLOC_TUNABLES='__GLIBC_TUNABLES__'");
    expect(script).toContain('echo "GLIBC_TUNABLES=$MALLOC_TUNABLES"');
    expect(repo("apps/web/src/server/agent-artifacts/routes.ts")).toContain('.replaceAll("__GLIBC_TUNABLES__", AGENT_ENV.GLIBC_TUNABLES)');
  });

  it("the control plane's local agent runs the bundle with them", () => {
    const launcher = repo("apps/web/src/server/local-agent.ts");
    expect(launcher).toContain("[...AGENT_NODE_FLAGS, config.localAgentBundle]");
    expect(launcher).toContain("...AGENT_ENV,");
  });
});
