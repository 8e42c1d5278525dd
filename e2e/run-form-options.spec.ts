import { expect, test } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { openLocalHost, signIn } from "./support";

// The run form as a new user meets it: a Run that cannot start (port already allocated) leaves
// nothing behind and says so, so pressing Run again works; auto-remove and a stop timeout reach
// the engine. Every container here carries the run's prefix and is removed afterwards.
test.describe.configure({ mode: "serial" });

const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const prefix = `e2e-runopt-${process.pid}`;
const port = String(23000 + (process.pid % 20000));
const named = async (name: string) => (await engine.listContainers({ all: true })).filter((c) => c.name === name);

test.beforeAll(async () => {
  // Another container already publishes the port on the engine's loopback.
  const { id } = await engine.createContainer({ image, name: `${prefix}-holder`, cmd: ["sleep", "3600"], labels: { "dockmaster.test": "1" }, portBindings: [{ containerPort: 80, protocol: "tcp", hostIp: "127.0.0.1", hostPort: port }] });
  await engine.startContainer(id);
});
test.afterAll(async () => {
  for (const c of await engine.listContainers({ all: true })) {
    if (c.name.startsWith(prefix)) await engine.removeContainer(c.id, { force: true }).catch(() => undefined);
  }
});

async function openRunForm(page: import("@playwright/test").Page, name: string) {
  await signIn(page);
  await openLocalHost(page);
  await page.getByTestId("create-container").click();
  await page.getByLabel("Image", { exact: true }).fill(image);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Command", { exact: true }).fill("sleep 3600");
}

test("Run with a port already allocated: the error says so, nothing is left behind, and Run works again", async ({ page }) => {
  const name = `${prefix}-web`;
  await openRunForm(page, name);
  await page.getByRole("button", { name: "Publish a port" }).click();
  await page.getByLabel("port 1 host port").fill(port);
  await page.getByLabel("port 1 container port").fill("80");
  await page.getByTestId("create-submit").click();

  await expect(page.getByTestId("create-error")).toContainText(`port ${port} is already allocated on this host`);
  await expect(page.getByTestId("create-error")).toContainText("the container was not kept");
  expect(await named(name)).toEqual([]);

  // The user frees the clash (a random host port) and presses Run again: the name is free.
  await page.getByLabel("port 1 host port").fill("");
  await page.getByTestId("create-submit").click();
  await expect(page.getByTestId("container-name")).toHaveText(name, { timeout: 15_000 });
  await expect(page.getByTestId("container-detail-state")).toHaveText("running");
});

test("auto-remove and a stop timeout from the form reach the engine", async ({ page }) => {
  const name = `${prefix}-job`;
  await openRunForm(page, name);
  await expect(page.getByText("How long a stop waits after SIGTERM")).toBeVisible();
  await page.getByLabel("Stop timeout").fill("2");
  await page.getByLabel("Remove when it exits").check();
  await page.getByTestId("create-submit").click();
  await expect(page.getByTestId("container-name")).toHaveText(name, { timeout: 15_000 });

  const [created] = await named(name);
  const inspect = (await engine.inspectContainer(created!.id)) as unknown as { HostConfig: { AutoRemove: boolean }; Config: { StopTimeout?: number } };
  expect(inspect.HostConfig.AutoRemove).toBe(true);
  expect(inspect.Config.StopTimeout).toBe(2);
});
