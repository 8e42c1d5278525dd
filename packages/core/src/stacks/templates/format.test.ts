import { describe, expect, it } from "vitest";
import { builtinTemplates } from "./builtin";
import { projectNameFromTitle, stackTemplates, templateEnv } from "./format";

describe("app templates in Portainer's format", () => {
  it("reads compose (3) and swarm stack (2) templates, skips containers (1) and broken entries", () => {
    const { templates, skipped } = stackTemplates(
      {
        version: "2",
        templates: [
          { type: 1, title: "Single container", image: "nginx" },
          { type: 3, title: "Git stack", description: "from a repo", repository: { url: "https://example.com/r.git", stackfile: "stacks/app/docker-compose.yml" }, env: [{ name: "PORT", default: "80" }] },
          { type: 2, title: "Swarm", repository: { url: "https://example.com/s.git", stackfile: "s.yml" } },
          { type: 3 },
          "not an object",
        ],
      },
      "catalogue",
    );
    expect(templates.map((t) => t.title)).toEqual(["Git stack", "Swarm"]);
    expect(skipped).toBe(3);
    expect(templates[0]).toMatchObject({ repository: { url: "https://example.com/r.git", stackfile: "stacks/app/docker-compose.yml" }, env: [{ name: "PORT", default: "80" }] });
  });
  it("the built-ins embed their compose file and pre-fill a .env", () => {
    const all = builtinTemplates();
    expect(all.length).toBeGreaterThanOrEqual(4);
    for (const t of all) expect(t.compose).toMatch(/^services:/);
    const maria = all.find((t) => t.title === "MariaDB")!;
    expect(templateEnv(maria)).toBe("MARIADB_USER=app\nMARIADB_PASSWORD=\nMARIADB_DATABASE=app\n");
    expect(projectNameFromTitle("WordPress with MariaDB")).toBe("wordpress-with-mariadb");
  });
});
