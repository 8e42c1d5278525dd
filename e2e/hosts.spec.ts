import { expect, test } from "@playwright/test";
import { openLocalHost, signIn } from "./support";

test("add a host: the token and the install, docker and uninstall commands are shown once", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Add a host" }).click();
  await page.getByLabel("Host name (optional)").fill("e2e-edge");
  await page.getByLabel("Labels").fill("env=e2e\nzone=lab");
  await page.getByRole("button", { name: "Create enrollment token" }).click();
  const docker = page.getByTestId("enroll-docker-command");
  await expect(docker).toContainText(/^docker run -d .* -e DOCKMASTER_ENROLL_TOKEN=\S+ dockmaster-agent$/);
  await expect(page.getByTestId("enroll-command")).toContainText(/^curl -fsSL \S+\/agent\/install\.sh \| sh -s -- --token \S+$/);
  await expect(page.getByTestId("uninstall-command")).toContainText(/^curl -fsSL \S+\/agent\/uninstall\.sh \| sh$/);
  const token = /DOCKMASTER_ENROLL_TOKEN=(\S+)/.exec((await docker.textContent()) ?? "")?.[1];
  expect(token?.length).toBeGreaterThan(20);
  await expect(page.getByTestId("enroll-command")).toContainText(token!);

  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("enroll-docker-command")).toHaveCount(0);
  await page.getByRole("button", { name: "Add a host" }).click();
  await expect(page.getByTestId("enroll-docker-command")).toHaveCount(0); // shown once, never again
  await expect(page.getByText(token!)).toHaveCount(0);
});

test("inventory: labels edited on the host's overview show in its history, in the list, and at once in another open browser", async ({ page, browser, baseURL }) => {
  // Another browser on the host list, never reloaded: the edit must reach it as a push (host:changed).
  const other = await (await browser.newContext({ baseURL })).newPage();
  await signIn(other);
  await expect(other.getByRole("row", { name: /local/ })).toBeVisible();
  await expect(other.getByRole("row", { name: /local/ })).not.toContainText("role=e2e-local");
  await signIn(page);
  await openLocalHost(page);
  await page.getByRole("navigation", { name: "Host tabs" }).getByRole("link", { name: "Overview" }).click();
  await expect(page.getByTestId("host-edit")).toBeVisible();
  await page.getByTestId("host-edit").getByLabel("Labels").fill("role=e2e-local");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("host-history")).toContainText("labels-changed");
  await expect(page.getByTestId("host-history")).toContainText("role=e2e-local");
  await page.goto("/hosts");
  await expect(page.getByRole("row", { name: /local/ })).toContainText("role=e2e-local");
  await expect(other.getByRole("row", { name: /local/ })).toContainText("role=e2e-local");
  await other.context().close();
});
