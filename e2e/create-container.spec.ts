import { expect, test } from "@playwright/test";
import { openLocalHost, signIn } from "./support";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";

// Create / run from the browser: a field error named before any request, cgroup limits and a
// published port that the engine really applies, the "what and how much" panel, then "run again
// with changes" pre-filled from the container, and the engine's own conflict message.
// (Named to sort after containers.spec.ts, whose first test expects a fresh, un-set-up server.)
test.describe.configure({ mode: "serial" });

const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const name = `e2e-run-${process.pid}`;
const MiB = 1024 * 1024;

test.afterAll(async () => {
  for (const c of await engine.listContainers({ all: true })) {
    if (c.name.startsWith(name)) await engine.removeContainer(c.id, { force: true }).catch(() => undefined);
  }
});

test("run a container with limits and a port from the form; the engine applies them", async ({ page }) => {
  await signIn(page);
  await openLocalHost(page);
  await page.getByTestId("create-container").click();
  await expect(page.getByRole("heading", { name: "Create a container" })).toBeVisible();

  await page.getByLabel("Image", { exact: true }).fill(image);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Command", { exact: true }).fill(`sh -c "trap 'exit 0' TERM; sleep 3600 & wait"`);
  await page.getByLabel("Memory limit").fill("lots");
  await page.getByLabel("CPUs", { exact: true }).fill("0.5");
  await page.getByLabel("PIDs limit").fill("50");
  await page.getByRole("button", { name: "Publish a port" }).click();
  await expect(page.getByLabel("port 1 host IP")).toHaveValue("127.0.0.1");
  await page.getByLabel("port 1 container port").fill("80");

  // Checked in the browser with the server's schema: nothing is sent, the field is named.
  await page.getByTestId("create-submit").click();
  await expect(page.getByTestId("form-errors")).toContainText('Memory limit: "lots" is not a size');
  expect((await engine.listContainers({ all: true })).some((c) => c.name === name)).toBe(false);

  await page.getByLabel("Memory limit").fill("64m");
  await expect(page.getByTestId("form-errors")).toHaveCount(0);
  await page.getByTestId("create-submit").click();

  // Lands on the new container's page: running, with its limits and namespaces explained.
  await expect(page.getByTestId("container-name")).toHaveText(name, { timeout: 15_000 });
  await expect(page.getByTestId("container-detail-state")).toHaveText("running");
  await expect(page.getByTestId("limit-memory")).toContainText("64 MiB");
  await expect(page.getByTestId("limit-cpus")).toContainText("0.5 CPUs");
  await expect(page.getByTestId("limit-pids")).toContainText("50");
  await expect(page.getByTestId("limit-memorySwap")).toContainText("128 MiB"); // the engine sets twice the memory when swap is not given
  await expect(page.getByTestId("namespace-pid")).toContainText("private: its own process tree");
  await expect(page.getByTestId("host-pid")).toContainText(/^\d+ — its PID 1/);
  await expect(page.getByRole("link", { name: "Logs" })).toBeVisible();

  const created = (await engine.listContainers({ all: true })).find((c) => c.name === name);
  expect(created?.state).toBe("running");
  const inspect = (await engine.inspectContainer(created!.id)) as { HostConfig: Record<string, unknown> };
  expect(inspect.HostConfig).toMatchObject({ Memory: 64 * MiB, NanoCpus: 500_000_000, PidsLimit: 50 });
  expect(created?.ports).toEqual(expect.arrayContaining([expect.objectContaining({ ip: "127.0.0.1", privatePort: 80 })]));
});

test("run again with changes: pre-filled from the container; a taken name is the engine's conflict, shown verbatim", async ({ page }) => {
  await signIn(page);
  await openLocalHost(page);
  const row = page.locator(`[data-testid="container-row"][data-container-name="${name}"]`);
  await expect(row).toContainText(/127\.0\.0\.1:\d+→80\/tcp/);
  await row.getByLabel(`More actions for ${name}`).click();
  await row.getByRole("menuitem", { name: `Duplicate ${name}` }).click();

  await expect(page.getByRole("heading", { name: `Run again with changes: ${name}` })).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(`${name}-copy`);
  await expect(page.getByLabel("Memory limit")).toHaveValue("64m");
  await expect(page.getByLabel("CPUs", { exact: true })).toHaveValue("0.5");
  await expect(page.getByLabel("port 1 container port")).toHaveValue("80");

  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByTestId("create-submit").click();
  await expect(page.getByTestId("create-error")).toContainText(`Conflict. The container name "/${name}" is already in use`);

  await page.getByLabel("Name", { exact: true }).fill(`${name}-copy`);
  await page.getByLabel("CPUs", { exact: true }).fill("1");
  await page.getByTestId("create-submit").click();
  await expect(page.getByTestId("container-name")).toHaveText(`${name}-copy`, { timeout: 15_000 });
  await expect(page.getByTestId("limit-cpus")).toContainText("1 CPU");
  await expect(page.getByTestId("limit-memory")).toContainText("64 MiB");
});
