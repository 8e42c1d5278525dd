import { join } from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { expect, test, type Browser } from "@playwright/test";
import { ADMIN, signIn } from "./support";
import { io as connectSocket } from "socket.io-client";
import { createEnrollmentToken } from "@dockmaster/core";
import { createDatabase } from "@dockmaster/db";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";

// Teams, a custom role and a host-scoped grant, end to end: the admin builds them in the UI, a
// second user sees only the granted host, may stop a container there but not remove it (and not
// subscribe to the other host over the socket), and the admin finds both in a verified audit trail.
test.describe.configure({ mode: "serial" });

const engines = process.env.DOCKMASTER_TEST_ENGINES!.split(",");
const engine = createEngine(engineConfigFromEnv({ dockerHost: engines[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const ALICE = { username: "alice", password: "alice's long password" };
const containerName = `e2e-rbac-${process.pid}`;
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3199}`;
let secondAgent: ChildProcess | undefined;
const created: string[] = [];

test.beforeAll(async () => {
  // A second host (engine 2), enrolled the way an operator would, with a one-time token.
  const database = createDatabase(`file:${join(process.env.E2E_DATA_DIR!, "dockmaster.db")}`);
  const { token } = await createEnrollmentToken(database.prisma, { hostName: "second" });
  await database.close();
  secondAgent = spawn(process.execPath, ["--import", "tsx", "apps/agent/src/main.ts"], {
    env: { ...process.env, DOCKMASTER_URL: baseURL, DOCKMASTER_ENROLL_TOKEN: token, DOCKER_HOST: engines[1], DOCKMASTER_AGENT_STATE: join(process.env.E2E_DATA_DIR!, "second-agent.json") },
    stdio: "ignore",
  });
  const { id } = await engine.createContainer({ image, name: containerName, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"], labels: { "dockmaster.test": "1" } });
  created.push(id);
  await engine.startContainer(id);
});
test.afterAll(async () => {
  secondAgent?.kill("SIGTERM");
  for (const id of created) await engine.removeContainer(id, { force: true }).catch(() => undefined);
});

async function newPage(browser: Browser) {
  return (await browser.newContext({ baseURL })).newPage();
}

test("the admin creates a user, a team, a custom role and grants it on one host", async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page.locator('[data-testid="host-row"][data-host-name="second"]')).toContainText(/online/i, { timeout: 15_000 });

  await page.getByRole("link", { name: "Access" }).click();
  await page.getByLabel("Username", { exact: true }).fill(ALICE.username);
  await page.getByLabel("Initial password", { exact: true }).fill(ALICE.password);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.locator('[data-testid="user-row"][data-username="alice"]')).toBeVisible();

  await page.getByRole("link", { name: "Teams" }).click();
  await page.getByLabel("Team name", { exact: true }).fill("ops");
  await page.getByRole("button", { name: "Create team" }).click();
  const team = page.locator('[data-testid="team-row"][data-team-name="ops"]');
  await team.getByLabel("User", { exact: true }).selectOption({ label: "alice" });
  await team.getByRole("button", { name: "Add" }).click();
  await expect(team).toContainText("alice");

  await page.getByRole("link", { name: "Roles" }).click();
  await page.getByLabel("Role name", { exact: true }).fill("restarter");
  // The permissions by their readable names (apps/web/src/client/permission-names.ts).
  for (const p of ["View hosts", "View containers", "Start, stop and restart containers"]) await page.getByLabel(p, { exact: true }).check();
  await page.getByRole("button", { name: "Create role" }).click();
  await expect(page.locator('[data-testid="role-row"][data-role-name="restarter"]')).toContainText("Start, stop and restart containers");
  const roleRow = page.locator('[data-testid="role-row"][data-role-name="restarter"]');
  await roleRow.getByRole("button", { name: "Edit" }).click();
  await roleRow.getByLabel("Read container logs", { exact: true }).check();
  await roleRow.getByRole("button", { name: "Save" }).click();
  await expect(roleRow).toContainText("Read container logs");

  await page.getByRole("link", { name: "Grants" }).click();
  await page.getByLabel("To", { exact: true }).selectOption({ label: "team ops" });
  await page.getByLabel("Role", { exact: true }).selectOption({ label: "restarter" });
  await page.getByLabel("On", { exact: true }).selectOption("host");
  await page.getByLabel("Host", { exact: true }).selectOption({ label: "local" });
  await page.getByRole("button", { name: "Grant" }).click();
  await expect(page.getByTestId("grant-row").filter({ hasText: "team ops" })).toContainText("restarter");

  // The explanation of alice's access on that host names the role and the team.
  await page.getByLabel("User", { exact: true }).last().selectOption({ label: "alice" });
  await page.getByLabel("On host", { exact: true }).selectOption({ label: "local" });
  await expect(page.getByTestId("access-row").filter({ hasText: "Start, stop and restart containers" })).toContainText("role restarter granted to team ops on this host");
});

test("alice sees only her host, may stop a container, may not remove it or open a terminal, and the socket refuses both crafted attempts", async ({ browser }) => {
  const page = await newPage(browser);
  await signIn(page, ALICE);
  await expect(page.getByTestId("host-row")).toHaveCount(1);
  await expect(page.getByTestId("host-row")).toContainText("local");
  await expect(page.getByRole("link", { name: "Access" })).toHaveCount(0);

  await page.getByRole("link", { name: "local" }).click();
  const row = page.locator(`[data-testid="container-row"][data-container-name="${containerName}"]`);
  await row.getByRole("button", { name: `Stop ${containerName}`, exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: `Stop container ${containerName}`, exact: true }).click();
  await expect(row.getByTestId("container-state")).toHaveText(/exited/i, { timeout: 15_000 });

  // No Remove button for her — and a crafted request for it is refused by the server (and audited).
  await expect(row.getByRole("button", { name: `Remove ${containerName}`, exact: true })).toHaveCount(0);
  await expect(row.getByRole("button", { name: `Restart ${containerName}`, exact: true })).toBeVisible();
  const hostId = new URL(page.url()).pathname.split("/")[2]!;
  const crafted = await page.evaluate(async ([host, id]) => {
    const res = await fetch("/api/trpc/containers.remove", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { hostId: host, id, force: true } }) });
    return { status: res.status, body: await res.text() };
  }, [hostId, containerName] as const);
  expect(crafted.status).toBe(403);
  expect(crafted.body).toContain("permission container.delete is required");

  // A crafted request on the live channel: subscribing to the host she has no grant on.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const database = createDatabase(`file:${join(process.env.E2E_DATA_DIR!, "dockmaster.db")}`);
  const second = await database.prisma.host.findFirstOrThrow({ where: { name: "second" } });
  await database.close();
  const socket = connectSocket(`${baseURL}/ui`, { transports: ["websocket"], extraHeaders: { cookie } });
  const ack = (await socket.timeout(5_000).emitWithAck("host:subscribe", { hostId: second.id })) as { ok: boolean; error?: string };
  expect(ack).toEqual({ ok: false, error: "permission host.view is required" });

  // No terminal for her: the tab is not offered, and a crafted exec stream is refused by the socket.
  await row.getByRole("link", { name: containerName }).click();
  const views = page.getByRole("navigation", { name: "Container views" });
  await expect(views.getByRole("link", { name: "Logs" })).toBeVisible();
  await expect(views.getByRole("link", { name: "Terminal" })).toHaveCount(0);
  const exec = (await socket.timeout(5_000).emitWithAck("stream:open", { streamId: "crafted-exec", hostId, type: "container.exec", params: { id: containerName, cmd: ["sh"] } })) as { ok: boolean; error?: { message: string } };
  socket.close();
  expect(exec).toMatchObject({ ok: false, error: { message: "permission container.exec is required" } });
});

test("the admin sees the allowed and the denied actions in the audit trail and verifies the chain", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Audit" }).click();
  await page.getByLabel("Actor", { exact: true }).fill("alice");
  await expect(page.locator('[data-testid="audit-row"][data-action="containers.stop"][data-result="ok"]')).toBeVisible();
  await expect(page.locator('[data-testid="audit-row"][data-action="containers.remove"][data-result="denied"]')).toBeVisible();
  await expect(page.locator('[data-testid="audit-row"][data-action="ui.host:subscribe"][data-result="denied"]')).toBeVisible();
  await expect(page.locator('[data-testid="audit-row"][data-action="stream.container.exec"][data-result="denied"]')).toBeVisible();
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByTestId("audit-verify")).toContainText(/chain intact/i);
  await page.screenshot({ path: "docs/screenshot-audit.png", fullPage: true });
});
