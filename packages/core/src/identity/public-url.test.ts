import { describe, expect, it } from "vitest";
import { normalizePublicUrl } from "./settings";

describe("the public URL setting", () => {
  it("keeps an http(s) origin and path, without a trailing slash", () => {
    expect(normalizePublicUrl("https://dockmaster.example.com/")).toBe("https://dockmaster.example.com");
    expect(normalizePublicUrl("http://10.0.0.5:3000/dm/")).toBe("http://10.0.0.5:3000/dm");
  });

  it.each(["ftp://x.example", "https://user:pw@x.example", "https://x.example/?a=1", "https://x.example/#top", "not a url", "https://x.example/it's"])("refuses %s (it is written into shell commands)", (value) => {
    expect(normalizePublicUrl(value)).toBeNull();
  });
});
