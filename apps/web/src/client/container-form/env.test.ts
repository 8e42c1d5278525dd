import { describe, expect, it } from "vitest";
import { envFromRows, labelsFromRows, mergeRows, rowsFromDotenv, rowsFromEnv } from "./env";

describe(".env paste", () => {
  it("reads comments, quotes, export and multi-line values the way dotenv does", () => {
    const text = [
      "# database",
      "DB_HOST=db.internal",
      "export DB_PORT=5432",
      'GREETING="hello world"',
      "SINGLE='a # not a comment'",
      'PEM="-----BEGIN-----\nabc\n-----END-----"',
      "EMPTY=",
      "TRAILING=value # a comment",
      "",
    ].join("\n");
    expect(rowsFromDotenv(text)).toEqual([
      { key: "DB_HOST", value: "db.internal" },
      { key: "DB_PORT", value: "5432" },
      { key: "GREETING", value: "hello world" },
      { key: "SINGLE", value: "a # not a comment" },
      { key: "PEM", value: "-----BEGIN-----\nabc\n-----END-----" },
      { key: "EMPTY", value: "" },
      { key: "TRAILING", value: "value" },
    ]);
  });

  it("a paste overrides typed rows with the same key and drops spare empty rows", () => {
    const typed = [{ key: "A", value: "1" }, { key: "B", value: "2" }, { key: "", value: "" }];
    expect(mergeRows(typed, rowsFromDotenv("B=3\nC=4"))).toEqual([{ key: "A", value: "1" }, { key: "B", value: "3" }, { key: "C", value: "4" }]);
  });
});

describe("rows ↔ engine Env", () => {
  it("splits at the first = only", () => {
    expect(rowsFromEnv(["A=1", "URL=postgres://x?a=b", "FLAG"])).toEqual([{ key: "A", value: "1" }, { key: "URL", value: "postgres://x?a=b" }, { key: "FLAG", value: "" }]);
    expect(rowsFromEnv(null)).toEqual([]);
  });
  it("joins rows back, skipping empty spare rows, keeping a half-filled one for validation to name", () => {
    expect(envFromRows([{ key: " A ", value: "1 " }, { key: "", value: "" }])).toEqual(["A=1 "]);
    expect(envFromRows([{ key: "", value: "orphan" }])).toEqual(["=orphan"]);
    expect(envFromRows([{ key: "", value: "" }])).toBeUndefined();
  });
  it("labels: later keys win", () => {
    expect(labelsFromRows([{ key: "a", value: "1" }, { key: "a", value: "2" }])).toEqual({ a: "2" });
    expect(labelsFromRows([])).toBeUndefined();
  });
});
