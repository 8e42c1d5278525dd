import { describe, expect, it } from "vitest";
import { diffContent } from "./diff";
import { maskEnv } from "./env-mask";

const content = (compose: string, env: string) => ({ composeFiles: [{ path: "compose.yaml", content: compose }], otherFiles: [], env });

describe("diffs between revisions", () => {
  it("gives a unified diff per changed file, and none for unchanged ones", () => {
    const diffs = diffContent(content("services:\n  web:\n    image: a:1\n", "A=1\n"), content("services:\n  web:\n    image: a:2\n", "A=1\n"), { from: "revision 1", to: "revision 2" });
    expect(diffs).toHaveLength(1);
    expect(diffs[0]).toMatchObject({ path: "compose.yaml", change: "modified" });
    expect(diffs[0]!.patch).toContain("-    image: a:1");
    expect(diffs[0]!.patch).toContain("+    image: a:2");
  });

  it("never shows a .env value: names, and which values changed", () => {
    const diffs = diffContent(content("x: 1\n", "DB_PASSWORD=hunter2\nKEEP=same-secret\n"), content("x: 1\n", "DB_PASSWORD=correct-horse\nKEEP=same-secret\nNEW=fresh-secret\n"), { from: "1", to: "2" });
    const env = diffs.find((d) => d.path === ".env")!;
    expect(env.patch).not.toMatch(/hunter2|correct-horse|same-secret|fresh-secret/);
    expect(env.patch).toContain("+DB_PASSWORD=[redacted, changed]");
    expect(env.patch).toContain("+NEW=[redacted]");
    expect(env.patch).not.toContain("+KEEP");
  });

  it("masks a .env keeping names and comments", () => {
    expect(maskEnv("# db\nUSER=app\nexport PASS='x y'\n")).toBe("# db\nUSER=[redacted]\nexport PASS=[redacted]\n");
  });
});
