import { describe, expect, it } from "vitest";
import { envProblems, envRow, envTextFromRows, rowsFromMaskedEnv, rowsFromText } from "./env-rows";

describe("env rows", () => {
  it("sends a stored secret back as the mask the server resolves, never its text, and a typed value as itself", () => {
    const rows = rowsFromMaskedEnv("DB_PASSWORD=[redacted]\nPORT=[redacted]");
    rows[1] = { ...rows[1]!, value: "8080" };
    rows.push(envRow("NEW", "x y"), envRow("Q", "it's"), envRow("", ""));
    expect(envTextFromRows(rows)).toBe(`DB_PASSWORD=[redacted]\nPORT=8080\nNEW='x y'\nQ="it's"`);
  });

  it("reads the server's masked .env as stored values, unknown to the browser", () => {
    const rows = rowsFromMaskedEnv("# secrets\nDB_PASSWORD=[redacted]\nexport TOKEN = [redacted]\n\n");
    expect(rows.map((r) => [r.key, r.value])).toEqual([
      ["DB_PASSWORD", null],
      ["TOKEN", null],
    ]);
  });

  it("reads a pasted .env with comments and quotes, and writes it back so dotenv reads the same", () => {
    const rows = rowsFromText('# db\nUSER=shop\nexport PASS="a b # c"\n');
    expect(rows.map((r) => [r.key, r.value])).toEqual([
      ["USER", "shop"],
      ["PASS", "a b # c"],
    ]);
    expect(rowsFromText(envTextFromRows(rows)).map((r) => [r.key, r.value])).toEqual([
      ["USER", "shop"],
      ["PASS", "a b # c"],
    ]);
  });

  it("names repeated, empty and malformed keys", () => {
    expect(envProblems([envRow("A", "1"), envRow("A", "2"), envRow("", "v"), envRow("1X", "")])).toEqual(["A is set twice", "a value has no name", "1X: a name is letters, digits and _ (not starting with a digit)"]);
    expect(envProblems([envRow("A", "1")])).toEqual([]);
  });
});
