import { describe, expect, it } from "vitest";
import { unlinkTerminalText } from "./terminal-links";

const ESC = "\u001b";
const BEL = "\u0007";

describe("unlinkTerminalText", () => {
  it("turns an OSC 8 hyperlink (BEL-terminated) into its text and the URL in plain sight", () => {
    expect(unlinkTerminalText(`see ${ESC}]8;;http://evil.example/x${BEL}the docs${ESC}]8;;${BEL} now`)).toBe("see the docs (http://evil.example/x) now");
  });

  it("handles the ESC \\ terminator and link parameters", () => {
    expect(unlinkTerminalText(`${ESC}]8;id=1;https://a.example${ESC}\\click${ESC}]8;;${ESC}\\`)).toBe("click (https://a.example)");
  });

  it("shows a link whose text is its URL once", () => {
    expect(unlinkTerminalText(`${ESC}]8;;http://x.example${BEL}http://x.example${ESC}]8;;${BEL}`)).toBe("http://x.example");
  });

  it("drops unclosed links and other OSC sequences (titles, clipboard writes), keeping colours", () => {
    expect(unlinkTerminalText(`${ESC}]0;title${BEL}${ESC}]52;c;ZXZpbA==${BEL}${ESC}[31mred${ESC}[0m ${ESC}]8;;http://x${BEL}dangling`)).toBe(`${ESC}[31mred${ESC}[0m dangling`);
  });

  it("leaves ordinary text alone", () => {
    expect(unlinkTerminalText("GET /index.html 200 http://example.org")).toBe("GET /index.html 200 http://example.org");
  });
});
