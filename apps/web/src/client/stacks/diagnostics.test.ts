import { describe, expect, it } from "vitest";
import { diagnosticLabel, lintRanges } from "./diagnostics";

const text = "services:\n  web:\n    image: x\n    portz: [80]\n";

describe("lintRanges", () => {
  it("places a diagnostic at its line and column, to the end of that line", () => {
    const [r] = lintRanges([{ severity: "error", file: "compose.yaml", line: 4, column: 5, path: "services.web", message: "unknown key portz" }], "compose.yaml", text);
    expect(text.slice(r!.from, r!.to)).toBe("portz: [80]");
    expect(r!.message).toBe("unknown key portz (services.web)");
    expect(r!.severity).toBe("error");
  });

  it("keeps only the diagnostics of the file shown", () => {
    expect(lintRanges([{ severity: "warning", file: ".env", line: 1, message: "x" }], "compose.yaml", text)).toEqual([]);
  });

  it("clamps a position past the end of a text edited since validation", () => {
    const [r] = lintRanges([{ severity: "error", file: "f", line: 99, column: 99, message: "m" }], "f", "ab\ncd");
    expect(r!.from).toBeLessThanOrEqual(5);
    expect(r!.to).toBeLessThanOrEqual(5);
    expect(r!.from).toBeLessThanOrEqual(r!.to);
  });

  it("puts a diagnostic without a line on the first line", () => {
    const [r] = lintRanges([{ severity: "error", file: "f", message: "bad" }], "f", "abc\ndef");
    expect([r!.from, r!.to]).toEqual([0, 3]);
  });

  it("marks one character on an empty line", () => {
    const [r] = lintRanges([{ severity: "error", file: "f", line: 2, column: 1, message: "m" }], "f", "a\n\nb");
    expect([r!.from, r!.to]).toEqual([2, 3]);
  });
});

describe("diagnosticLabel", () => {
  it("names file, line, column and path", () => {
    expect(diagnosticLabel({ severity: "error", file: "compose.yaml", line: 3, column: 5, path: "services.web.ports[0]", message: "bad port" })).toBe("compose.yaml:3:5 services.web.ports[0]: bad port");
    expect(diagnosticLabel({ severity: "warning", file: ".env", message: "unset VAR" })).toBe(".env: unset VAR");
  });
});
