import { describe, expect, it } from "vitest";
import { formatCpus, formatMemory, parseCpus, parseInteger, parseMemory } from "./units";

describe("parseMemory", () => {
  it.each([
    ["", undefined],
    ["  ", undefined],
    ["1024", 1024],
    ["256m", 256 * 1024 ** 2],
    ["256M", 256 * 1024 ** 2],
    ["256mb", 256 * 1024 ** 2],
    ["256MiB", 256 * 1024 ** 2],
    ["1.5g", 1.5 * 1024 ** 3],
    ["512k", 512 * 1024],
    ["2 GB", 2 * 1024 ** 3],
    ["100b", 100],
  ])("%j → %j", (text, bytes) => expect(parseMemory(text)).toBe(bytes));

  it.each(["abc", "12x", "-5m", "1.2.3g", "m"])("refuses %j with an example", (text) => {
    expect(() => parseMemory(text)).toThrow(/is not a size: write a number with an optional unit, e\.g\. 256m/);
  });

  it("takes -1 / unlimited only where allowed (swap)", () => {
    expect(parseMemory("-1", { allowUnlimited: true })).toBe(-1);
    expect(parseMemory("unlimited", { allowUnlimited: true })).toBe(-1);
    expect(() => parseMemory("-1")).toThrow(/not a size/);
  });
});

describe("formatMemory", () => {
  it.each([
    [256 * 1024 ** 2, "256m"],
    [1.5 * 1024 ** 3, "1.5g"],
    [2 * 1024 ** 3, "2g"],
    [512 * 1024, "512k"],
    [1000, "1000"],
    [-1, "-1"],
  ])("%d → %s, and back", (bytes, text) => {
    expect(formatMemory(bytes)).toBe(text);
    expect(parseMemory(text, { allowUnlimited: true })).toBe(bytes);
  });
});

describe("parseCpus", () => {
  it.each([
    ["", undefined],
    ["1", 1e9],
    ["1.5", 1_500_000_000],
    ["0.25", 250_000_000],
    ["0.000000001", 1],
  ])("%j → %j nanoCPUs", (text, nano) => expect(parseCpus(text)).toBe(nano));
  it.each(["1,5", "-1", "abc", "1.5c", "0.0000000001"])("refuses %j", (text) => expect(() => parseCpus(text)).toThrow(/not a number of CPUs/));
  it("formats back", () => {
    expect(formatCpus(1_500_000_000)).toBe("1.5");
    expect(parseCpus(formatCpus(250_000_000))).toBe(250_000_000);
  });
});

describe("parseInteger", () => {
  it("reads whole numbers, empty as unset, and unlimited where allowed", () => {
    expect(parseInteger("512")).toBe(512);
    expect(parseInteger("")).toBeUndefined();
    expect(parseInteger("-1")).toBe(-1);
    expect(parseInteger("unlimited", { allowUnlimited: true })).toBe(-1);
    expect(() => parseInteger("1.5")).toThrow(/not a whole number/);
    expect(() => parseInteger("unlimited")).toThrow(/not a whole number/);
  });
});
