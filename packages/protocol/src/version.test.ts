import { describe, expect, it } from "vitest";
import { agentVersionRefusal } from "./version";

describe("the agent compatibility window", () => {
  it.each(["0.4.0", "0.4.7", "0.3.0", "0.3.12"])("keeps agent %s working with control plane 0.4.2 (same minor or one behind)", (agent) => {
    expect(agentVersionRefusal(agent, "0.4.2")).toBeNull();
  });

  it.each([
    ["0.2.9", "reinstall the agent"],
    ["1.4.0", "upgrade the control plane"],
    ["0.5.0", "upgrade the control plane"],
  ])("refuses agent %s naming both versions and the way out", (agent, advice) => {
    const refusal = agentVersionRefusal(agent, "0.4.2");
    expect(refusal).toContain(`agent ${agent}`);
    expect(refusal).toContain("control plane 0.4.2");
    expect(refusal).toContain("0.3.x – 0.4.x");
    expect(refusal).toContain(advice);
  });

  it("judges a version it cannot read by the protocol version alone", () => {
    expect(agentVersionRefusal("test", "0.4.2")).toBeNull();
  });
});
