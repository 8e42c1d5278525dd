import { describe, expect, it } from "vitest";
import { isSelected, togglePage, toggleTarget, type FleetTarget } from "./selection";

const a: FleetTarget = { hostId: "h1", containerId: "c1", name: "web" };
const b: FleetTarget = { hostId: "h2", containerId: "c1", name: "web" }; // same id on another host: another target
const c: FleetTarget = { hostId: "h1", containerId: "c2", name: "db" };

describe("fleet selection", () => {
  it("toggles one target by host and container", () => {
    const one = toggleTarget([], a);
    expect(isSelected(one, a)).toBe(true);
    expect(isSelected(one, b)).toBe(false);
    expect(toggleTarget(one, a)).toEqual([]);
  });
  it("selects a whole page, keeping other pages' targets, and unselects it again", () => {
    const fromOtherPage = [c];
    const all = togglePage(fromOtherPage, [a, b]);
    expect(all).toEqual([c, a, b]);
    expect(togglePage(all, [a, b])).toEqual([c]);
  });
});
