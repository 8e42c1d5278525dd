import { describe, expect, it } from "vitest";
import { fileNameProblem, overrideName } from "./stack-files";

describe("fileNameProblem", () => {
  it("accepts a relative path and refuses escapes, .env and repeats", () => {
    expect(fileNameProblem("app/Dockerfile", ["compose.yaml"])).toBeNull();
    expect(fileNameProblem("../etc/passwd", [])).toMatch(/relative/);
    expect(fileNameProblem("/abs", [])).toMatch(/relative/);
    expect(fileNameProblem(".env", [])).toMatch(/own tab/);
    expect(fileNameProblem("compose.yaml", ["compose.yaml"])).toMatch(/already/);
    expect(fileNameProblem(" ", [])).toMatch(/name/);
  });
});

describe("overrideName", () => {
  it("names the override after the first compose file", () => {
    expect(overrideName([{ path: "docker-compose.yml", content: "" }])).toBe("docker-compose.override.yml");
    expect(overrideName([])).toBe("compose.override.yaml");
  });
});
