import { describe, expect, it } from "vitest";
import { interpolateString, type InterpolationIssue } from "./interpolate";

const variables: Record<string, string> = { SET: "value", EMPTY: "", PORT: "8080" };
const run = (text: string) => {
  const issues: InterpolationIssue[] = [];
  const value = interpolateString(text, (name) => variables[name], issues);
  return { value, issues };
};

describe("interpolateString", () => {
  it.each([
    ["${SET}", "value"],
    ["$SET", "value"],
    ["$SET-suffix", "value-suffix"],
    ["${UNSET:-default}", "default"],
    ["${EMPTY:-default}", "default"],
    ["${EMPTY-default}", ""],
    ["${UNSET-default}", "default"],
    ["${SET:+alt}", "alt"],
    ["${EMPTY:+alt}", ""],
    ["${EMPTY+alt}", "alt"],
    ["${UNSET+alt}", ""],
    ["${UNSET:-${PORT}}", "8080"],
    ["${UNSET:-a ${UNSET2:-b} c}", "a b c"],
    ["$$SET costs $$5", "$SET costs $5"],
    ["price: $ 5 and $1", "price: $ 5 and $1"],
    ["${SET:?never shown}", "value"],
  ])("%s → %s", (text, expected) => {
    expect(run(text)).toEqual({ value: expected, issues: [] });
  });

  it("warns about an unset variable without a default and substitutes an empty string", () => {
    expect(run("image:${TAG}")).toEqual({ value: "image:", issues: [{ kind: "unset", variable: "TAG" }] });
  });

  it("reports a required variable with its message, unset or (with :?) empty", () => {
    expect(run("${TAG:?set the tag}").issues).toEqual([{ kind: "required", variable: "TAG", message: "set the tag", empty: false }]);
    expect(run("${EMPTY:?no empty}").issues).toEqual([{ kind: "required", variable: "EMPTY", message: "no empty", empty: true }]);
    expect(run("${EMPTY?fine when empty}").issues).toEqual([]);
    expect(run("${TAG?}").issues).toEqual([{ kind: "required", variable: "TAG", message: "", empty: false }]);
  });

  it("does not evaluate the default of a set variable (no warning from inside it)", () => {
    expect(run("${SET:-${UNSET}}")).toEqual({ value: "value", issues: [] });
  });

  it("refuses malformed references", () => {
    for (const text of ["${TAG", "${}", "${:-x}", "${1A}", "${TAG%%x}"]) expect(run(text).issues).toEqual([{ kind: "invalid", text }]);
  });
});
