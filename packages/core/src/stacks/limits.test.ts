import { describe, expect, it } from "vitest";
import { contentHash } from "./content-hash";
import { checkFiles, checkProjectName } from "./limits";

describe("what a stack may hold", () => {
  it("accepts project names docker compose accepts, refuses others naming the rule", () => {
    for (const ok of ["shop", "my-app_2", "0day"]) expect(() => checkProjectName(ok)).not.toThrow();
    for (const bad of ["Shop", "-x", "_x", "a b", "a.b", "", "x".repeat(64)]) expect(() => checkProjectName(bad)).toThrow(/is not a project name docker compose accepts/);
  });
  it("refuses a file over 1 MiB, a path outside the stack, duplicates, naming the file", () => {
    expect(() => checkFiles([{ path: "big.yaml", content: "x".repeat(1024 * 1024 + 1) }], undefined)).toThrow("file big.yaml is larger than 1 MiB");
    expect(() => checkFiles([{ path: "../etc/passwd", content: "" }], undefined)).toThrow(/not a relative path inside the stack/);
    expect(() => checkFiles([{ path: "/abs", content: "" }], undefined)).toThrow(/not a relative path/);
    expect(() => checkFiles([{ path: "a.yaml", content: "" }, { path: "a.yaml", content: "" }], undefined)).toThrow("file a.yaml is given twice");
    expect(() => checkFiles([], "A=" + "x".repeat(1024 * 1024))).toThrow("the .env is larger than 1 MiB");
    expect(() => checkFiles([{ path: "conf/app.env", content: "A=1" }], "B=2")).not.toThrow();
  });
  it("hashes content canonically: compose order matters, other files' order does not, the .env does", () => {
    const a = { path: "a.yaml", content: "1" };
    const b = { path: "b.yaml", content: "2" };
    expect(contentHash({ composeFiles: [a, b], otherFiles: [a, b], env: "" })).toBe(contentHash({ composeFiles: [a, b], otherFiles: [b, a], env: "" }));
    expect(contentHash({ composeFiles: [a, b], otherFiles: [], env: "" })).not.toBe(contentHash({ composeFiles: [b, a], otherFiles: [], env: "" }));
    expect(contentHash({ composeFiles: [a], otherFiles: [], env: "X=1" })).not.toBe(contentHash({ composeFiles: [a], otherFiles: [], env: "X=2" }));
  });
});
