import { describe, expect, it } from "vitest";
import { originRefusal } from "./ui-origin";

describe("originRefusal (the /ui handshake's Origin check)", () => {
  const headers = (origin: string | undefined, extra: Record<string, string> = {}) => ({ host: "dock.example:3000", ...(origin !== undefined && { origin }), ...extra });

  it("accepts the request's own origin (scheme, host and port) and no Origin at all", () => {
    expect(originRefusal(headers("http://dock.example:3000"), false)).toBeNull();
    expect(originRefusal(headers("HTTP://DOCK.EXAMPLE:3000"), false)).toBeNull();
    expect(originRefusal(headers(undefined), false)).toBeNull();
    expect(originRefusal({ host: "dock.example", origin: "https://dock.example" }, true)).toBeNull(); // default port
    expect(originRefusal({ host: "dock.example", origin: "https://dock.example", "x-forwarded-proto": "https" }, false)).toBeNull(); // TLS ends at a proxy
  });

  it("refuses another port, another scheme, another host, null and garbage", () => {
    for (const origin of ["http://dock.example:3001", "https://dock.example:3000", "http://evil.example:3000", "null", "not a url", "file:///x"]) {
      expect(originRefusal(headers(origin), false), origin).toMatch(/^origin ".*" is not allowed: open Dockmaster from its own address$/);
    }
  });

  it("accepts a configured public origin besides the request's own", () => {
    expect(originRefusal(headers("https://dock.public.example"), false, ["https://dock.public.example/"])).toBeNull();
    expect(originRefusal(headers("https://other.example"), false, ["https://dock.public.example"])).not.toBeNull();
  });
});
