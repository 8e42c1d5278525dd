import { describe, expect, it } from "vitest";
import { localeFor } from "./negotiate";

describe("localeFor (the language a page is rendered in)", () => {
  it("the cookie's choice wins over the browser", () => {
    expect(localeFor("en", "zh-CN,zh;q=0.9")).toBe("en");
    expect(localeFor("zh-CN", "en-US")).toBe("zh-CN");
  });
  it("without a choice, the browser's preferred language that we speak", () => {
    expect(localeFor(undefined, "zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(localeFor(undefined, "zh;q=0.9,en;q=0.5")).toBe("zh-CN");
    expect(localeFor(undefined, "fr-FR,zh-Hans;q=0.8,en;q=0.5")).toBe("zh-CN");
    expect(localeFor(undefined, "de-DE,fr;q=0.8")).toBe("en");
    expect(localeFor(undefined, null)).toBe("en");
  });
  it("a cookie or header it cannot use falls back, never throws", () => {
    expect(localeFor("xx", "en")).toBe("en");
    expect(localeFor(undefined, "@@@,;q=abc")).toBe("en");
  });
});
