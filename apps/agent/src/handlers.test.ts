import { describe, expect, it, vi } from "vitest";
import { EngineError, type Engine } from "@dockmaster/docker";
import { engineHandlers, handleRequest } from "./handlers";

function fakeEngine(overrides: Partial<Engine> = {}): Engine {
  return {
    listContainers: vi.fn().mockResolvedValue([]),
    stopContainer: vi.fn().mockResolvedValue(undefined),
    removeContainer: vi.fn().mockRejectedValue(new EngineError("CONFLICT", "You cannot remove a running container abc")),
    ...overrides,
  } as unknown as Engine;
}

describe("handleRequest", () => {
  it("dispatches a valid request to the engine with parsed params", async () => {
    const stopContainer = vi.fn().mockResolvedValue(undefined);
    const response = await handleRequest(engineHandlers(fakeEngine({ stopContainer })), { id: "1", type: "container.stop", params: { id: "web" } });
    expect(response).toEqual({ id: "1", ok: true, result: { id: "web" } });
    expect(stopContainer).toHaveBeenCalledWith("web", undefined);
  });

  it("answers an unknown type with a typed error and never calls the engine", async () => {
    const engine = fakeEngine();
    const response = await handleRequest(engineHandlers(engine), { id: "2", type: "host.format", params: {} });
    expect(response).toMatchObject({ id: "2", ok: false, error: { code: "UNKNOWN_REQUEST" } });
  });

  it("answers malformed params with BAD_REQUEST", async () => {
    const listContainers = vi.fn();
    const response = await handleRequest(engineHandlers(fakeEngine({ listContainers })), { id: "3", type: "container.list", params: { all: "yes" } });
    expect(response).toMatchObject({ id: "3", ok: false, error: { code: "BAD_REQUEST" } });
    expect(listContainers).not.toHaveBeenCalled();
  });

  it("carries the engine's own message for engine failures", async () => {
    const response = await handleRequest(engineHandlers(fakeEngine()), { id: "4", type: "container.remove", params: { id: "web" } });
    expect(response).toEqual({ id: "4", ok: false, error: { code: "CONFLICT", message: "You cannot remove a running container abc" } });
  });

  it("does not throw on garbage", async () => {
    await expect(handleRequest(engineHandlers(fakeEngine()), undefined)).resolves.toMatchObject({ ok: false });
  });
});
