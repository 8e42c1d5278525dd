import { describe, expect, it } from "vitest";
import { keyValueLines, parseKeyValueLines } from "./key-value-lines";

describe("key=value lines", () => {
  it("parses, splitting on the first = and skipping blank lines", () => {
    expect(parseKeyValueLines("type=tmpfs\n\n o=size=64m \n")).toEqual({ value: { type: "tmpfs", o: "size=64m" }, error: null });
    expect(keyValueLines({ a: "1", b: "x=y" })).toBe("a=1\nb=x=y");
  });
  it("names the line without a key", () => {
    expect(parseKeyValueLines("a=1\nnovalue").error).toBe("line 2: write key=value");
    expect(parseKeyValueLines("=x").error).toBe("line 1: write key=value");
  });
});
