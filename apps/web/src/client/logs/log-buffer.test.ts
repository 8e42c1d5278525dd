import { describe, expect, it } from "vitest";
import { LogBuffer, stripAnsi } from "./log-buffer";

describe("LogBuffer", () => {
  it("joins lines split across chunks, per stream", () => {
    const b = new LogBuffer();
    b.push("out", "hel");
    b.push("err", "oops\nhal");
    b.push("out", "lo\nworld\n");
    expect(b.lines.map((l) => [l.s, l.text])).toEqual([
      ["err", "oops"],
      ["out", "hello"],
      ["out", "world"],
    ]);
    b.flush();
    expect(b.lines.at(-1)).toMatchObject({ s: "err", text: "hal" });
  });

  it("drops the oldest lines beyond its cap and counts them", () => {
    const b = new LogBuffer(3);
    b.push("out", "1\n2\n3\n4\n5\n");
    expect(b.lines.map((l) => l.text)).toEqual(["3", "4", "5"]);
    expect(b.dropped).toBe(2);
  });

  it("removes TTY carriage returns and ANSI codes for search", () => {
    const b = new LogBuffer();
    b.push("out", "\u001b[31mred\u001b[0m\r\n");
    expect(b.lines[0]!.text).toBe("\u001b[31mred\u001b[0m");
    expect(stripAnsi(b.lines[0]!.text)).toBe("red");
  });
});
