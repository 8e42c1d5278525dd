import { describe, expect, it } from "vitest";
import { parseBytes, parseCpus, parseDuration } from "./units";

describe("compose units", () => {
  it.each([
    ["1m30s", 90e9],
    ["500ms", 500e6],
    ["10s", 10e9],
    ["1.5h", 5400e9],
    ["2us", 2000],
    ["0", 0],
  ])("duration %s", (text, ns) => expect(parseDuration(text)).toBe(ns));

  it.each(["10 seconds", "1d", "s", "-1s", ""])("not a duration: %s", (text) => expect(parseDuration(text)).toBeUndefined());

  it.each([
    ["512m", 512 * 1024 ** 2],
    ["1g", 1024 ** 3],
    ["64M", 64 * 1024 ** 2],
    ["1.5gb", 1.5 * 1024 ** 3],
    ["100k", 102400],
    ["2048", 2048],
    [4096, 4096],
  ])("bytes %s", (text, bytes) => expect(parseBytes(text)).toBe(bytes));

  it.each(["lots", "1x", "-5m", ""])("not a size: %s", (text) => expect(parseBytes(text)).toBeUndefined());

  it("reads CPUs as NanoCpus", () => {
    expect(parseCpus("0.5")).toBe(5e8);
    expect(parseCpus(1.5)).toBe(1.5e9);
    expect(parseCpus("many")).toBeUndefined();
  });
});
