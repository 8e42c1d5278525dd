import { expect, test } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { openLocalHost, signIn } from "./support";

// Forms a new user tripped over: registry credentials (an open registry needs none; the form is
// cleared after Add), the network form's Create while the live check shows an error, and confirm
// buttons named by what they do.
const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const prefix = `ui-forms-${process.pid}`;
const created: string[] = [];

test.afterAll(async () => {
  for (const id of created) await engine.removeContainer(id, { force: true }).catch(() => undefined);
});

test("registries: an open registry is added without credentials, half a login is refused by name, and the form is cleared after Add", async ({ page }) => {
  await signIn(page);
  await page.goto("/registries");
  // Only a username: refused, naming what is missing.
  await page.getByTestId("registry-name").fill(`${prefix}-half`);
  await page.getByTestId("registry-address").fill("half.example.test:5000");
  await page.getByTestId("registry-username").fill("someone");
  await page.getByTestId("registry-save").click();
  await expect(page.getByText(/give both a username and a password, or neither/i)).toBeVisible();
  await expect(page.locator(`[data-registry-name="${prefix}-half"]`)).toHaveCount(0);

  // An open registry: name and address only.
  await page.getByTestId("registry-username").fill("");
  await page.getByTestId("registry-name").fill(`${prefix}-open`);
  await page.getByTestId("registry-address").fill("open.example.test:5000");
  await page.getByTestId("registry-save").click();
  const row = page.locator(`[data-registry-name="${prefix}-open"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText(/no login|anonymous/i);
  // The form is empty again, ready for the next one.
  for (const field of ["registry-name", "registry-address", "registry-username", "registry-password"]) await expect(page.getByTestId(field)).toHaveValue("");

  // With a login: both fields, and the form is cleared too.
  await page.getByTestId("registry-name").fill(`${prefix}-login`);
  await page.getByTestId("registry-address").fill("login.example.test:5000");
  await page.getByTestId("registry-username").fill("robot");
  await page.getByTestId("registry-password").fill("s3cret-token");
  await page.getByTestId("registry-save").click();
  await expect(page.locator(`[data-registry-name="${prefix}-login"]`)).toContainText("robot");
  await expect(page.getByTestId("registry-password")).toHaveValue("");
  await expect(page.getByTestId("registry-name")).toHaveValue("");

  // Clean up through the UI (the confirm button says what it does).
  for (const name of [`${prefix}-open`, `${prefix}-login`]) {
    await page.locator(`[data-registry-name="${name}"]`).getByRole("button", { name: "Delete…" }).click();
    await page.getByRole("dialog").getByRole("button", { name: `Delete ${name}` }).click();
    await expect(page.locator(`[data-registry-name="${name}"]`)).toHaveCount(0);
  }
});

test("network form: Create is disabled while the live check shows an error, and says why", async ({ page }) => {
  await signIn(page);
  await openLocalHost(page);
  await page.getByRole("link", { name: "Networks" }).click();
  await page.getByTestId("network-create").click();
  const form = page.getByTestId("network-create-form");
  await form.getByLabel("Name").fill(`${prefix}-net`);
  const create = form.getByRole("button", { name: "Create network" });
  await expect(create).toBeEnabled();
  await form.getByLabel("Subnet (CIDR)").fill("10.231.0.0/24");
  await form.getByLabel("Gateway").fill("10.232.0.1");
  await expect(page.getByTestId("cidr-error-gateway")).toBeVisible();
  await expect(create).toBeDisabled();
  await expect(form.getByTestId("network-create-blocked")).toContainText(/fix the gateway/i);
  // Fixed: enabled again.
  await form.getByLabel("Gateway").fill("10.231.0.1");
  await expect(page.getByTestId("cidr-error-gateway")).toHaveCount(0);
  await expect(create).toBeEnabled();
  await expect(form.getByTestId("network-create-blocked")).toHaveCount(0);
});

test("confirm buttons are named by their action: a bulk restart of two containers, and one container's stop", async ({ page }) => {
  for (const n of [1, 2]) {
    const { id } = await engine.createContainer({ image, name: `${prefix}-c${n}`, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"] });
    created.push(id);
    await engine.startContainer(id);
  }
  await signIn(page);
  await page.getByTestId("nav-fleet-containers").click();
  await page.getByTestId("fleet-name-filter").fill(`${prefix}-c`);
  await expect(page.getByTestId("fleet-row")).toHaveCount(2, { timeout: 15_000 });
  for (const n of [1, 2]) await page.getByRole("checkbox", { name: new RegExp(`Select ${prefix}-c${n} on`) }).check();
  await page.getByTestId("bulk-bar").getByRole("button", { name: "Restart" }).click();
  const dialog = page.getByRole("dialog", { name: "Restart 2 containers?" });
  await expect(dialog.getByRole("button", { name: "Confirm" })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Restart 2 containers", exact: true }).click();
  await expect(page.getByTestId("batch-summary")).toContainText("2 succeeded, 0 failed", { timeout: 20_000 });

  // One container's own action, on its host's page.
  await page.goto("/hosts");
  await openLocalHost(page);
  const row = page.locator(`[data-testid="container-row"][data-container-name="${prefix}-c1"]`);
  await row.getByRole("button", { name: `Stop ${prefix}-c1`, exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: `Stop container ${prefix}-c1`, exact: true }).click();
  await expect(row.getByTestId("container-state")).toHaveText(/exited/i, { timeout: 15_000 });
});
