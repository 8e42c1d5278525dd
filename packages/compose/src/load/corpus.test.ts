import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProject } from "../index";
import type { ComposeProject, LoadInput, LoadResult } from "../model";
import { checkAgainstProtocol } from "./project-checks";

/**
 * The corpus: each folder of test-corpus/ is one stack (compose files, maybe a .env, env files,
 * input.json for the rest of LoadInput) with expected.json beside it — the whole normalised project
 * (config hashes left out: config-hash.test.ts proves those) and every diagnostic, or the errors.
 * CORPUS_WRITE=1 writes expected.json from the current output: review the diff before committing.
 */
const CORPUS = join(__dirname, "../../test-corpus");

interface CaseInput extends Partial<LoadInput> {
  /** Compose files in order (default: compose.yaml, then compose.override.yaml when present). */
  files?: string[];
  /** Further files of the stack (env files, build contexts), read from the folder. */
  extraFiles?: string[];
}

function inputOf(dir: string): LoadInput {
  const read = (name: string) => readFileSync(join(dir, name), "utf8");
  const spec = (existsSync(join(dir, "input.json")) ? JSON.parse(read("input.json")) : {}) as CaseInput;
  const files = spec.files ?? ["compose.yaml", "compose.override.yaml"].filter((f) => existsSync(join(dir, f)));
  const { files: _files, extraFiles, ...rest } = spec;
  return {
    projectName: "demo",
    workingDir: "/srv/stacks/demo",
    ...rest,
    composeFiles: files.map((path) => ({ path, content: read(path) })),
    otherFiles: (extraFiles ?? []).map((path) => ({ path, content: read(path) })),
    dotEnv: existsSync(join(dir, ".env")) ? read(".env") : rest.dotEnv,
  };
}

/** The result without config hashes (proved separately), in the shape expected.json holds. */
function comparable(result: LoadResult) {
  if (!result.ok) return { errors: result.errors, warnings: result.warnings };
  const services = result.project.services.map(({ configHash, ...service }) => {
    expect(configHash).toMatch(/^[0-9a-f]{64}$/);
    return service;
  });
  return { project: { ...result.project, services }, warnings: result.warnings };
}

const cases = readdirSync(CORPUS).filter((name) => existsSync(join(CORPUS, name, "expected.json")) || process.env.CORPUS_WRITE);

describe("compose corpus", () => {
  it("has at least 40 positive and some negative stacks", () => {
    const expected = cases.map((name) => JSON.parse(readFileSync(join(CORPUS, name, "expected.json"), "utf8")) as { project?: unknown; errors?: unknown });
    expect(expected.filter((e) => e.project).length).toBeGreaterThanOrEqual(40);
    expect(expected.filter((e) => e.errors).length).toBeGreaterThanOrEqual(10);
  });

  for (const name of cases) {
    it(name, () => {
      const dir = join(CORPUS, name);
      const actual = comparable(loadProject(inputOf(dir)));
      const file = join(dir, "expected.json");
      if (process.env.CORPUS_WRITE) writeFileSync(file, JSON.stringify(actual, null, 2) + "\n");
      expect(actual).toEqual(JSON.parse(readFileSync(file, "utf8")));
      if ("project" in actual) expectProtocolValid(actual.project as ComposeProject);
    });
  }
});

/** Everything the loader produces is accepted by the protocol's own (strict) schemas: the agent will not refuse it. */
function expectProtocolValid(project: ComposeProject): void {
  const problems: string[] = [];
  checkAgainstProtocol(project.services, project.networks, project.volumes, (_severity, _path, message) => problems.push(message));
  expect(problems).toEqual([]);
}
