import { describe, expect, it } from "vitest";
import { isPaletteShortcut, matchesTyped } from "./palette-open-key";

const key = (k: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey" | "shiftKey", boolean>> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe("palette shortcut", () => {
  it("is Ctrl-K or Cmd-K, either case", () => {
    expect(isPaletteShortcut(key("k", { ctrlKey: true }))).toBe(true);
    expect(isPaletteShortcut(key("K", { metaKey: true }))).toBe(true);
  });
  it("is not a plain k, nor with Alt or Shift (left to the browser and the page)", () => {
    expect(isPaletteShortcut(key("k"))).toBe(false);
    expect(isPaletteShortcut(key("k", { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isPaletteShortcut(key("k", { metaKey: true, altKey: true }))).toBe(false);
    expect(isPaletteShortcut(key("j", { ctrlKey: true }))).toBe(false);
  });
  it("matches what was typed anywhere in a name, ignoring case and surrounding spaces", () => {
    expect(matchesTyped("Registries", " reg ")).toBe(true);
    expect(matchesTyped("Registries", "audit")).toBe(false);
  });
});
