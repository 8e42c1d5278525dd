import { expect, test } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { openLocalHost, signIn } from "./support";
import { trpcMutation } from "./ui-support";

// Filters a new user looked for: containers by their labels on the fleet view (in the URL, like
// the others), events by host / host group / host label, and the host of each audit record.
const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const prefix = `ui-filters-${process.pid}`;
const created: string[] = [];

test.afterAll(async () => {
  for (const id of created) await engine.removeContainer(id, { force: true }).catch(() => undefined);
});

test("fleet view: filter containers by a label (key=value, or key alone for 'has the label'), kept in the URL", async ({ page }) => {
  const teams = { pay: { "com.example.team": "payments" }, bill: { "com.example.team": "billing" }, none: {} };
  for (const [suffix, labels] of Object.entries(teams)) created.push((await engine.createContainer({ image, name: `${prefix}-${suffix}`, cmd: ["sleep", "3600"], labels })).id);
  await signIn(page);
  await page.getByTestId("nav-fleet-containers").click();
  await page.getByTestId("fleet-name-filter").fill(prefix);
  const rows = page.getByTestId("fleet-row");
  await expect(rows).toHaveCount(3, { timeout: 15_000 });

  await page.getByTestId("fleet-container-label-filter").fill("com.example.team=payments");
  await expect(rows).toHaveCount(1);
  await expect(rows).toHaveAttribute("data-container-name", `${prefix}-pay`);
  await expect(page).toHaveURL(/label=com\.example\.team%3Dpayments/);

  await page.getByTestId("fleet-container-label-filter").fill("com.example.team");
  await expect(rows).toHaveCount(2);
  await expect(page.locator(`[data-container-name="${prefix}-none"]`)).toHaveCount(0);

  // The URL alone brings the same view back (server-rendered, then live).
  await page.goto(`/fleet/containers?name=${prefix}&label=${encodeURIComponent("com.example.team=billing")}`);
  await expect(rows).toHaveCount(1);
  await expect(rows).toHaveAttribute("data-container-name", `${prefix}-bill`);
  await expect(page.getByTestId("fleet-container-label-filter")).toHaveValue("com.example.team=billing");
  await expect(page.getByTestId("fleet-name-filter")).toHaveValue(prefix);
});

test("events page: filter by host, host group and host label", async ({ page }) => {
  await signIn(page);
  // A host group with no host in it.
  const group = await trpcMutation<{ id: string }>(page, "hostGroups.create", { name: `${prefix}-empty-group` });
  expect(group.id).toBeTruthy();
  // A label on the local host, set as a user sets it.
  await openLocalHost(page);
  await page.getByRole("navigation", { name: "Host tabs" }).getByRole("link", { name: "Overview" }).click();
  await page.getByTestId("host-edit").getByLabel("Labels").fill(`ui-events=${process.pid}`);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("host-history")).toContainText(`ui-events=${process.pid}`);
  // An event of the local host to find.
  const { id } = await engine.createContainer({ image, name: `${prefix}-evt`, cmd: ["sleep", "3600"] });
  created.push(id);

  await page.goto("/events");
  await page.getByLabel("Container").fill(`${prefix}-evt`);
  const rows = page.getByTestId("event-row");
  await expect(rows).toHaveCount(1, { timeout: 10_000 });

  await page.getByLabel("Host", { exact: true }).selectOption({ label: "local" });
  await expect(rows).toHaveCount(1);
  await page.getByLabel("Host", { exact: true }).selectOption({ label: "All hosts" });

  await page.getByLabel("Host group").selectOption({ label: `${prefix}-empty-group` });
  await expect(page.getByText("No events match.")).toBeVisible();
  await page.getByLabel("Host group").selectOption({ label: "All groups" });
  await expect(rows).toHaveCount(1);

  await page.getByLabel("Host label").fill("ui-events=someone-else");
  await expect(page.getByText("No events match.")).toBeVisible();
  await page.getByLabel("Host label").fill(`ui-events=${process.pid}`);
  await expect(rows).toHaveCount(1);
  await page.getByLabel("Host label").fill("ui-events");
  await expect(rows).toHaveCount(1);
});

test("audit list: each record shows its host by name, linking to it", async ({ page }) => {
  await signIn(page);
  await openLocalHost(page);
  await page.waitForURL(/\/hosts\/[^/]+/);
  const hostPath = /^\/hosts\/[^/]+/.exec(new URL(page.url()).pathname)![0];
  await page.getByRole("navigation", { name: "Host tabs" }).getByRole("link", { name: "Overview" }).click();
  await page.getByTestId("host-edit").getByLabel("Labels").fill(`ui-audit=${process.pid}`);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("host-history")).toContainText(`ui-audit=${process.pid}`);

  await page.goto("/audit");
  await page.getByLabel("Action starts with").fill("hosts.setLabels");
  const row = page.getByTestId("audit-row").first();
  await expect(row).toHaveAttribute("data-action", "hosts.setLabels");
  const link = row.getByRole("link", { name: "local" });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute("href", hostPath);
});
