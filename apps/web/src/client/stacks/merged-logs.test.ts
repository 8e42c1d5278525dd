import { describe, expect, it } from "vitest";
import { MergedLog, serviceColour, splitTimestamp } from "./merged-logs";

const web = { service: "web", container: "shop-web-1" };
const db = { service: "db", container: "shop-db-1" };

describe("splitTimestamp", () => {
  it("reads the engine's nanosecond stamp into a sortable key", () => {
    expect(splitTimestamp("2026-12-08T00:30:01.5Z hello")).toEqual({ at: "2026-12-08T00:30:01.500000000Z", text: "hello" });
    expect(splitTimestamp("2026-12-08T00:30:01.123456789Z x y")).toEqual({ at: "2026-12-08T00:30:01.123456789Z", text: "x y" });
  });
  it("leaves a line without a stamp as it is", () => {
    expect(splitTimestamp("plain")).toEqual({ at: "", text: "plain" });
  });
});

describe("MergedLog", () => {
  it("interleaves the services' lines by timestamp, whatever order the streams delivered them", () => {
    const log = new MergedLog();
    log.push(web, "out", "2026-12-08T00:00:01.000000000Z web one\n2026-12-08T00:00:03.000000000Z web two\n");
    log.push(db, "out", "2026-12-08T00:00:02.000000000Z db one\n");
    expect(log.all.map((l) => `${l.service}:${l.text}`)).toEqual(["web:web one", "db:db one", "web:web two"]);
  });

  it("joins a line split across chunks, per container and stream", () => {
    const log = new MergedLog();
    expect(log.push(web, "out", "2026-12-08T00:00:01Z hel")).toBe(false);
    log.push(db, "err", "2026-12-08T00:00:02Z oops\n");
    log.push(web, "out", "lo\n");
    expect(log.all.map((l) => [l.service, l.s, l.text])).toEqual([
      ["web", "out", "hello"],
      ["db", "err", "oops"],
    ]);
  });

  it("keeps at most max lines, the oldest dropped", () => {
    const log = new MergedLog(2);
    log.push(web, "out", "2026-12-08T00:00:01Z a\n2026-12-08T00:00:02Z b\n2026-12-08T00:00:03Z c\n");
    expect(log.all.map((l) => l.text)).toEqual(["b", "c"]);
    expect(log.dropped).toBe(1);
  });
});

describe("serviceColour", () => {
  it("gives each service of a stack its own colour, stable across renders", () => {
    const services = ["web", "db", "cache"];
    const colours = services.map((s) => serviceColour(services, s));
    expect(new Set(colours).size).toBe(3);
    expect(serviceColour(["cache", "db", "web"], "web")).toBe(colours[0]);
  });
});
