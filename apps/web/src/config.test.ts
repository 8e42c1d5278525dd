import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

const env = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => ({ NODE_ENV: "production", ...vars });

describe("scale-out windows in the web config", () => {
  it("defaults to a 5 s beat, a 20 s stale window and a 5 s hand-over", () => {
    expect(loadConfig(env()).instanceTiming).toEqual({ beatMs: 5_000, staleMs: 20_000, handoverMs: 5_000 });
  });

  it("reads them from the environment", () => {
    const vars = { DOCKMASTER_INSTANCE_BEAT_MS: "2000", DOCKMASTER_INSTANCE_STALE_MS: "8000", DOCKMASTER_HANDOVER_MS: "0" };
    expect(loadConfig(env(vars)).instanceTiming).toEqual({ beatMs: 2_000, staleMs: 8_000, handoverMs: 0 });
  });

  it("refuses a stale window shorter than two beats (a live instance would be reaped)", () => {
    expect(() => loadConfig(env({ DOCKMASTER_INSTANCE_BEAT_MS: "5000", DOCKMASTER_INSTANCE_STALE_MS: "9000" }))).toThrow("DOCKMASTER_INSTANCE_STALE_MS must be at least twice DOCKMASTER_INSTANCE_BEAT_MS");
    expect(() => loadConfig(env({ DOCKMASTER_HANDOVER_MS: "soon" }))).toThrow("DOCKMASTER_HANDOVER_MS");
  });
});
