import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, signedInClient, signedInUser, startTestPlane, trpcFailure } from "./support";

/**
 * Stack templates: the built-in catalogue, and an admin's catalogue URL in Portainer's format served
 * by a real HTTP server on loopback — fetched by the server with a size limit; a new stack's fields
 * pre-filled from either.
 */
const CATALOGUE = {
  version: "2",
  templates: [
    { type: 1, title: "A single container", image: "nginx" },
    { type: 3, title: "Team App", description: "ours", repository: { url: "https://git.example.test/team/apps.git", stackfile: "team-app/docker-compose.yml" }, env: [{ name: "PORT", default: "8000" }] },
    { type: 3, title: "Inline", stackfileContent: "services:\n  x:\n    image: busybox\n" },
  ],
};
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let server: Server;
let base = "";
let admin: ReturnType<typeof signedInClient>;
let deployer: ReturnType<typeof signedInClient>;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/templates.json") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(CATALOGUE));
    if (req.url === "/huge.json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(`{"version":"2","templates":[`);
      for (let i = 0; i < 40; i++) res.write(`${i ? "," : ""}{"type":3,"title":"t","stackfileContent":"${"x".repeat(40_000)}"}`);
      return void res.end("]}");
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  plane = await startTestPlane();
  admin = signedInClient(plane.port, (await signedInUser(plane.db, "tpl-admin", [{ role: "admin" }])).cookie);
  deployer = signedInClient(plane.port, (await signedInUser(plane.db, "tpl-deployer", [{ role: "deployer" }])).cookie);
});
afterAll(async () => {
  await plane?.close();
  if (plane) removeDir(plane.dir);
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("stack templates", () => {
  it("offers the built-ins and pre-fills a stack from one", async () => {
    const { templates, catalogueError } = await deployer.stacks.templates.query();
    expect(catalogueError).toBeNull();
    expect(templates.every((t) => t.source === "builtin")).toBe(true);
    const nginx = templates.find((t) => t.title === "Nginx web server")!;
    const filled = await deployer.stacks.fromTemplate.query({ templateId: nginx.id });
    expect(filled).toMatchObject({ name: "nginx-web-server", env: "HTTP_PORT=8080\n", git: null });
    expect(filled.composeFiles[0]!.content).toContain("image: nginx:stable-alpine");
  });

  it("adds an admin's catalogue (stacks only); a repository template pre-fills the git source", async () => {
    expect((await trpcFailure(deployer.settings.update.mutate({ stackTemplatesUrl: `${base}/templates.json` }))).code).toBe("FORBIDDEN");
    expect((await trpcFailure(admin.settings.update.mutate({ stackTemplatesUrl: "http://user:pw@127.0.0.1/x.json" }))).message).toMatch(/without credentials/);
    await admin.settings.update.mutate({ stackTemplatesUrl: `${base}/templates.json` });
    const { templates, catalogueError } = await deployer.stacks.templates.query();
    expect(catalogueError).toBeNull();
    expect(templates.filter((t) => t.source === "catalogue").map((t) => t.title)).toEqual(["Team App", "Inline"]);
    const team = templates.find((t) => t.title === "Team App")!;
    expect(await deployer.stacks.fromTemplate.query({ templateId: team.id })).toEqual({ name: "team-app", env: "PORT=8000\n", composeFiles: [], git: { url: "https://git.example.test/team/apps.git", path: "team-app", files: ["docker-compose.yml"] } });
  });

  it("a catalogue over 1 MiB is refused (reported next to the built-ins)", async () => {
    await admin.settings.update.mutate({ stackTemplatesUrl: `${base}/huge.json` });
    const { templates, catalogueError } = await deployer.stacks.templates.query();
    expect(catalogueError).toBe("the template catalogue is larger than 1 MiB");
    expect(templates.length).toBeGreaterThan(0);
    await admin.settings.update.mutate({ stackTemplatesUrl: null });
    expect((await admin.settings.get.query()).stackTemplatesUrl).toBeNull();
  });
});
