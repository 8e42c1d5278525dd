import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { builtInRoleId, hashPassword } from "@dockmaster/core";
import { createDatabase } from "@dockmaster/db";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { openLocalHost, signIn } from "./support";

// The capability gate as a deployer meets it in the browser: a volume that binds a host path is
// refused at volume create, and a container that mounts such a volume (made on the engine
// directly) is refused at create — each message naming the host path, said as a permission
// refusal (not the engine's); a plain tmpfs volume is still theirs to make. A macvlan on a host
// interface is refused the same way; an ordinary bridge is made.
test.describe.configure({ mode: "serial" });

const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const RUN = `e2e-gate-${process.pid}`;
const DEPLOYER = { username: `${RUN}-deployer`, password: "a deployer's long password" };
let hostDir = ""; // made in beforeAll: Playwright also loads this file in its runner process
const onEngine = `${RUN}-bind`;

test.beforeAll(async () => {
  hostDir = mkdtempSync(join(tmpdir(), "dm-e2e-gate-"));
  const database = createDatabase(`file:${join(process.env.E2E_DATA_DIR!, "dockmaster.db")}`);
  const user = await database.prisma.user.create({ data: { username: DEPLOYER.username, passwordHash: await hashPassword(DEPLOYER.password) } });
  await database.prisma.grant.create({ data: { subjectType: "user", subjectId: user.id, roleId: builtInRoleId("deployer"), scopeType: "global" } });
  await database.close();
  // made on the engine directly, as someone with shell access to the host would
  await engine.createVolume({ name: onEngine, driver: "local", driverOptions: { type: "none", o: "bind", device: hostDir } });
});
test.afterAll(async () => {
  for (const c of await engine.listContainers({ all: true })) if (c.name.startsWith(RUN)) await engine.removeContainer(c.id, { force: true }).catch(() => undefined);
  for (const v of await engine.listVolumes()) if (v.name.startsWith(RUN)) await engine.removeVolume(v.name, true).catch(() => undefined);
  for (const n of await engine.listNetworks()) if (n.name.startsWith(RUN)) await engine.removeNetwork(n.id).catch(() => undefined);
  if (hostDir) rmSync(hostDir, { recursive: true, force: true });
});

/** Signs the deployer in and opens a create form: section "Volumes" / "Networks", form "volume-create" / "network-create". */
async function openCreateForm(page: Page, section: string, form: string) {
  await signIn(page, DEPLOYER);
  await openLocalHost(page);
  await page.getByRole("link", { name: section }).click();
  await page.getByTestId(form).click();
  return page.getByTestId(`${form}-form`);
}

test("a deployer may not create a volume that binds a host path, but may create a tmpfs volume", async ({ page }) => {
  const form = await openCreateForm(page, "Volumes", "volume-create");
  // the form says up front which options need the privileged permission
  await expect(form.getByTestId("volume-options-hint")).toContainText("o=bind");
  await expect(form.getByTestId("volume-options-hint")).toContainText("need the permission “Create privileged containers”");
  await form.getByLabel(/^Name/).fill(`${RUN}-root`);
  await form.getByLabel("Driver options").fill("type=none\no=bind\ndevice=/");
  await form.getByRole("button", { name: "Create volume" }).click();
  await expect(form).toContainText(`permission container.create.privileged is required for: volume "${RUN}-root" binds host path / (driver local, o=bind)`);
  expect((await engine.listVolumes()).some((v) => v.name === `${RUN}-root`)).toBe(false);

  await form.getByLabel(/^Name/).fill(`${RUN}-scratch`);
  await form.getByLabel("Driver options").fill("type=tmpfs\ndevice=tmpfs\no=size=16m");
  await form.getByRole("button", { name: "Create volume" }).click();
  await expect(page.getByTestId("volume-row").filter({ hasText: `${RUN}-scratch` })).toBeVisible();
});

test("a deployer may not run a container that mounts a volume which is a host path on the engine", async ({ page }) => {
  await signIn(page, DEPLOYER);
  await openLocalHost(page);
  await page.getByTestId("create-container").click();
  await page.getByLabel("Image", { exact: true }).fill(image);
  await page.getByLabel("Name", { exact: true }).fill(`${RUN}-escape`);
  await expect(page.getByText("or a volume whose driver options bind one (o=bind)")).toContainText("needs the permission “Create privileged containers”");
  await page.getByRole("button", { name: "Add a volume or mount" }).click();
  await page.getByLabel("mount 1 type").selectOption("volume");
  await page.getByLabel("mount 1 source").fill(onEngine);
  await page.getByLabel("mount 1 target").fill("/host");
  await page.getByTestId("create-submit").click();
  // our own permission refusal, said as what it is: not the engine's
  await expect(page.getByTestId("create-error")).toContainText(`Not allowed: permission container.create.privileged is required for: volume "${onEngine}" binds host path ${hostDir} (driver local, o=bind)`);
  await expect(page.getByTestId("create-error")).not.toContainText("The engine refused");
  expect((await engine.listContainers({ all: true })).some((c) => c.name === `${RUN}-escape`)).toBe(false);
});

test("a deployer may not create a macvlan network on a host interface, but may create an ordinary bridge", async ({ page }) => {
  const form = await openCreateForm(page, "Networks", "network-create");
  await form.getByLabel("Name", { exact: true }).fill(`${RUN}-lan`);
  await form.getByLabel("Driver", { exact: true }).selectOption("macvlan");
  await expect(form).toContainText("need the permission “Create privileged containers”");
  await form.getByLabel("Parent interface").fill("eth0");
  await form.getByRole("button", { name: "Create network" }).click();
  await expect(form).toContainText('Not allowed: permission container.create.privileged is required for: network driver "macvlan" (only bridge is vetted); host interface "eth0" (parent)');
  expect((await engine.listNetworks()).some((n) => n.name === `${RUN}-lan`)).toBe(false);

  await form.getByLabel("Name", { exact: true }).fill(`${RUN}-app`);
  await form.getByLabel("Driver", { exact: true }).selectOption("bridge");
  await form.getByLabel("Subnet (CIDR)").fill("172.30.46.0/28");
  await form.getByRole("button", { name: "Create network" }).click();
  await expect(page.getByTestId("network-row").filter({ hasText: `${RUN}-app` })).toContainText("172.30.46.0/28", { timeout: 15_000 });
});
