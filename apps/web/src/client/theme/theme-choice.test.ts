import { describe, expect, it } from "vitest";
import { parseThemeChoice, serverTheme, themeCookie } from "./theme-choice";

describe("theme choice", () => {
  it("keeps a known choice and follows the system for anything else", () => {
    expect(parseThemeChoice("light")).toBe("light");
    expect(parseThemeChoice("dark")).toBe("dark");
    expect(parseThemeChoice("system")).toBe("system");
    for (const junk of [undefined, null, "", "Dark", "light; x=1", "<script>"]) expect(parseThemeChoice(junk)).toBe("system");
  });
  it("renders an explicit choice on the server and leaves the system's to the browser", () => {
    expect(serverTheme("light")).toBe("light");
    expect(serverTheme("dark")).toBe("dark");
    expect(serverTheme("system")).toBeUndefined();
  });
  it("is remembered for a year on every path", () => {
    expect(themeCookie("dark")).toBe("dm-theme=dark; Path=/; Max-Age=31536000; SameSite=Lax");
  });
});
