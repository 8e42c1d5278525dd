import { describe, expect, it } from "vitest";
import { entriesFromRows, envProblems, envRow, rowsFromEntries, rowsFromMaskedEnv, rowsFromText, textFromRows } from "./env-rows";

describe("env rows", () => {
  it("sends a stored secret back by reference, never its text, and a typed value by value", () => {
    const rows = rowsFromEntries([
      { key: "DB_PASSWORD", value: null },
      { key: "PORT", value: "8080" },
    ]);
    rows.push(envRow("NEW", "x y"), envRow("", ""));
    expect(entriesFromRows(rows)).toEqual([
      { key: "DB_PASSWORD", keep: true },
      { key: "PORT", value: "8080" },
      { key: "NEW", value: "x y" },
    ]);
  });

  it("reads the server's masked .env as stored values, unknown to the browser", () => {
    const rows = rowsFromMaskedEnv("# secrets\nDB_PASSWORD=[redacted]\nexport TOKEN = [redacted]\n\n");
    expect(rows.map((r) => [r.key, r.value])).toEqual([
      ["DB_PASSWORD", null],
      ["TOKEN", null],
    ]);
  });

  it("reads a pasted .env with comments and quotes", () => {
    const rows = rowsFromText('# db\nUSER=shop\nexport PASS="a b"\n');
    expect(rows.map((r) => [r.key, r.value])).toEqual([
      ["USER", "shop"],
      ["PASS", "a b"],
    ]);
  });

  it("names repeated, empty and malformed keys", () => {
    expect(envProblems([envRow("A", "1"), envRow("A", "2"), envRow("", "v"), envRow("1X", "")])).toEqual(["A is set twice", "a value has no name", "1X: a name is letters, digits and _ (not starting with a digit)"]);
    expect(envProblems([envRow("A", "1")])).toEqual([]);
  });

  it("writes known values as .env text, quoted so spaces and # survive", () => {
    expect(textFromRows([envRow("A", "x # y"), envRow("B", null)])).toBe('A="x # y"');
  });
});
