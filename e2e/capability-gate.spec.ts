import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { builtInRoleId, hashPassword } from "@dockmaster/core";
import { createDatabase } from "@dockmaster/db";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { openLocalHost, signIn } from "./support";

// The capability gate as a deployer meets it in the browser: a volume that binds a host path is
// refused at volume create, and a container that mounts such a volume (made on the engine
// directly) is refused at create — each message naming the host path; a plain tmpfs volume is
// still theirs to make.
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
  if (hostDir) rmSync(hostDir, { recursive: true, force: true });
});

test("a deployer may not create a volume that binds a host path, but may create a tmpfs volume", async ({ page }) => {
  await signIn(page, DEPLOYER);
  await openLocalHost(page);
  await page.getByRole("link", { name: "Volumes" }).click();

  await page.getByTestId("volume-create").click();
  const form = page.getByTestId("volume-create-form");
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
  await page.getByRole("button", { name: "Add a volume or mount" }).click();
  await page.getByLabel("mount 1 type").selectOption("volume");
  await page.getByLabel("mount 1 source").fill(onEngine);
  await page.getByLabel("mount 1 target").fill("/host");
  await page.getByTestId("create-submit").click();
  await expect(page.getByTestId("create-error")).toContainText(`permission container.create.privileged is required for: volume "${onEngine}" binds host path ${hostDir} (driver local, o=bind)`);
  expect((await engine.listContainers({ all: true })).some((c) => c.name === `${RUN}-escape`)).toBe(false);
});
