import { expect, test, type Page } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";

// One story, in order: first-run setup, login, the local host online, a container started from
// outside the UI appearing live, stopped from the UI, and the engine's own error shown clearly.
test.describe.configure({ mode: "serial" });

const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const name = `e2e-web-${process.pid}`;
const created: string[] = [];
const USER = { username: "admin", password: "correct horse battery staple" };

test.afterAll(async () => {
  for (const id of created) await engine.removeContainer(id, { force: true }).catch(() => undefined);
});

async function login(page: Page) {
  await page.goto("/login");
  await page.getByLabel(/username/i).fill(USER.username);
  await page.getByLabel(/password/i).fill(USER.password);
  await page.getByRole("button", { name: /sign in|log in/i }).click();
  await expect(page.getByRole("button", { name: /log ?out/i })).toBeVisible();
}

test("first run: set up the admin, log out, log back in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup/);
  await page.getByLabel(/username/i).fill(USER.username);
  await page.getByLabel(/^password/i).first().fill(USER.password);
  const confirm = page.getByLabel(/confirm/i);
  if (await confirm.count()) await confirm.fill(USER.password);
  await page.getByRole("button", { name: /create|set up|continue/i }).click();
  await expect(page.getByRole("button", { name: /log ?out/i })).toBeVisible();
  await page.getByRole("button", { name: /log ?out/i }).click();
  await expect(page).toHaveURL(/\/login/);
  await login(page);
});

test("the local host is online; a container started outside the UI appears live; stop it from the UI", async ({ page }) => {
  await login(page);
  await page.goto("/hosts");
  const hostRow = page.getByRole("row", { name: /local/ });
  await expect(hostRow).toContainText(/online/i, { timeout: 15_000 });
  await hostRow.getByRole("link", { name: "local" }).click();
  await expect(page.getByTestId("container-row").or(page.getByText(/no containers/i)).first()).toBeVisible();

  // Started through the Engine API directly, not through Dockmaster.
  const { id } = await engine.createContainer({ image, name, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"], labels: { "dockmaster.test": "1" } });
  created.push(id);
  await engine.startContainer(id);
  const row = page.locator(`[data-testid="container-row"][data-container-name="${name}"]`);
  await expect(row).toBeVisible({ timeout: 2_000 });
  await expect(row.getByTestId("container-state")).toHaveText(/running/i, { timeout: 2_000 });

  // A published port (on the engine's loopback) shows as host-ip:port→container-port/proto.
  const web = await engine.createContainer({
    image,
    name: `${name}-httpd`,
    cmd: ["httpd", "-f", "-p", "80"],
    labels: { "dockmaster.test": "1" },
    portBindings: [{ containerPort: 80, protocol: "tcp", hostIp: "127.0.0.1", hostPort: "" }],
  });
  created.push(web.id);
  await engine.startContainer(web.id);
  const webRow = page.locator(`[data-testid="container-row"][data-container-name="${name}-httpd"]`);
  await expect(webRow).toContainText(/127\.0\.0\.1:\d+→80\/tcp/, { timeout: 2_000 });

  await page.screenshot({ path: "docs/screenshot-containers.png", fullPage: true });

  await row.getByRole("button", { name: `Stop ${name}`, exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: `Stop container ${name}`, exact: true }).click();
  await expect(row.getByTestId("container-state")).toHaveText(/exited/i, { timeout: 15_000 });
});

test("the engine's own error reaches the user: removing a running container", async ({ page }) => {
  await login(page);
  await page.goto("/hosts");
  await page.getByRole("link", { name: "local" }).click();
  const row = page.locator(`[data-testid="container-row"][data-container-name="${name}"]`);
  await row.getByRole("button", { name: `Start ${name}`, exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: `Start container ${name}`, exact: true }).click();
  await expect(row.getByTestId("container-state")).toHaveText(/running/i, { timeout: 10_000 });
  await row.getByRole("button", { name: `Remove ${name}`, exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: `Remove container ${name}`, exact: true }).click();
  await expect(page.getByText(/cannot remove a running container/i)).toBeVisible();
  await expect(row).toBeVisible();
});

test("the engine page explains docker info", async ({ page }) => {
  await login(page);
  await page.goto("/hosts");
  await page.getByRole("link", { name: "local" }).click();
  await page.getByRole("link", { name: /engine/i }).click();
  await expect(page.getByText(/docker root dir/i)).toBeVisible();
  await expect(page.getByText("overlay2").first()).toBeVisible();
  await expect(page.getByText(/cgroup driver/i)).toBeVisible();
  await expect(page.getByText(/registry mirrors/i)).toBeVisible();
});
