import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateFiles } from "./validate-files";

const CORPUS = join(__dirname, "../../test-corpus");
const files = (content: string) => ({ projectName: "shop", workingDir: "/srv/shop", composeFiles: [{ path: "compose.yaml", content }] });

describe("validateFiles (the editor's inline diagnostics)", () => {
  it("is empty for a good stack and locates each problem while the user types", () => {
    expect(validateFiles(files("services:\n  web:\n    image: nginx:1.27\n"))).toEqual([]);
    expect(validateFiles(files("services:\n  web:\n    image: nginx:1.27\n    restart: sometimes\n"))).toEqual([
      { severity: "error", file: "compose.yaml", line: 4, column: 14, path: "services.web.restart", message: 'restart "sometimes" must be no, always, unless-stopped or on-failure[:max-retries]' },
    ]);
    expect(validateFiles(files("services:\n  web:\n    image: nginx:${TAG}\n"))).toEqual([
      { severity: "warning", file: "compose.yaml", line: 3, column: 12, path: "services.web.image", message: "the variable TAG is not set: using an empty string" },
    ]);
  });

  // Half-typed files and wrong shapes must come back as diagnostics, never as an exception (no 500s).
  it("never throws on any prefix of the corpus files, nor on odd shapes", () => {
    const texts = readdirSync(CORPUS)
      .map((name) => join(CORPUS, name, "compose.yaml"))
      .filter((path) => existsSync(path))
      .map((path) => readFileSync(path, "utf8"));
    let checked = 0;
    for (const text of texts) {
      for (let cut = 0; cut <= text.length; cut += Math.max(1, Math.floor(text.length / 8))) {
        expect(() => validateFiles(files(text.slice(0, cut)))).not.toThrow();
        checked++;
      }
    }
    for (const odd of ["services: [1, 2]", "services: null", "services:\n  web: 5", "networks: 5\nservices: {}", "- a\n- b", "42", "services:\n  web:\n    image: x\n    ports: {a: 1}", "services:\n  web:\n    extends: {service: web}\n    image: x", "x: &a [*a]", `services:\n  a:\n    x-deep: ${"[".repeat(5000)}${"]".repeat(5000)}`]) {
      const diagnostics = validateFiles(files(odd));
      expect(diagnostics.some((d) => d.severity === "error"), odd).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(400);
  }, 30_000);
});
