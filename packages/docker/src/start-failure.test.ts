import { describe, expect, it } from "vitest";
import { explainStartFailure } from "./start-failure";

describe("explainStartFailure", () => {
  it("names the port another container publishes", () => {
    const engine = "driver failed programming external connectivity on endpoint web (4f1c…): Bind for 127.0.0.1:8080 failed: port is already allocated";
    expect(explainStartFailure(engine)).toBe("port 8080 is already allocated on this host (127.0.0.1:8080 is published by another container)");
  });

  it("names the port another program listens on", () => {
    const engine = "driver failed programming external connectivity on endpoint web (4f1c…): Error starting userland proxy: listen tcp4 0.0.0.0:5432: bind: address already in use";
    expect(explainStartFailure(engine)).toBe("port 5432 is already in use on this host (0.0.0.0:5432 is taken by another program)");
  });

  it("keeps any other engine message as it is", () => {
    expect(explainStartFailure('exec: "nope": executable file not found in $PATH')).toBe('exec: "nope": executable file not found in $PATH');
  });
});
