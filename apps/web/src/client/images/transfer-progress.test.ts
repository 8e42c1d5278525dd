import { describe, expect, it } from "vitest";
import { foldProgress, overallFraction } from "./transfer-progress";

describe("pull / push progress", () => {
  it("folds the engine's messages into one row per layer", () => {
    let state = { layers: [], messages: [] } as Parameters<typeof foldProgress>[0];
    state = foldProgress(state, [
      { id: "1", status: "Pulling from team/app" },
      { id: "aaa", status: "Already exists" },
      { id: "bbb", status: "Pulling fs layer" },
      { id: "bbb", status: "Downloading", current: 50, total: 200 },
    ]);
    expect(state.messages).toEqual(["Pulling from team/app (1)"]);
    expect(state.layers).toEqual([
      { id: "aaa", status: "Already exists", current: 0, total: 0, done: true },
      { id: "bbb", status: "Downloading", current: 50, total: 200, done: false },
    ]);
    expect(overallFraction(state.layers)).toBeCloseTo((1 + 0.25) / 2);
    state = foldProgress(state, [
      { id: "bbb", status: "Extracting", current: 100, total: 200 },
      { id: "bbb", status: "Pull complete" },
      { status: "Status: Downloaded newer image for team/app:1" },
    ]);
    expect(state.layers[1]).toMatchObject({ status: "Pull complete", done: true });
    expect(overallFraction(state.layers)).toBe(1);
    expect(state.messages.at(-1)).toBe("Status: Downloaded newer image for team/app:1");
  });
});
