import { describe, expect, it } from "vitest";
import { parseEventLine } from "./events";

describe("parseEventLine", () => {
  it("maps an engine event and keeps timeNano exact", () => {
    const line =
      '{"status":"start","id":"abc","from":"busybox","Type":"container","Action":"start","Actor":{"ID":"abc","Attributes":{"image":"busybox","name":"web"}},"scope":"local","time":1764352000,"timeNano":1764352000123456789}';
    expect(parseEventLine(line)).toEqual({
      timeNano: "1764352000123456789", // JSON.parse alone would give 1764352000123456800
      type: "container",
      action: "start",
      actorId: "abc",
      actorAttributes: { image: "busybox", name: "web" },
    });
  });

  it("falls back to status, id and time for old-style events", () => {
    expect(parseEventLine('{"status":"die","id":"abc","time":1764352000}')).toEqual({
      timeNano: "1764352000000000000",
      type: "unknown",
      action: "die",
      actorId: "abc",
      actorAttributes: {},
    });
  });

  it("throws on a line that is not JSON", () => {
    expect(() => parseEventLine("{not json")).toThrow(SyntaxError);
  });
});
