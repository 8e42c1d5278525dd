import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { builtInRoleId, hashPassword } from "@dockmaster/core";
import { createDatabase } from "@dockmaster/db";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { openLocalHost, signIn } from "./support";

// Joining a network someone else made, as a deployer meets it in the browser: a macvlan on the
// testbed engine's eth0 (inside its own network namespace, made there as an admin would) cannot be
// joined — not from the network's page (Connect) nor by naming it in the run form — and the refusal
// is said as a permission refusal naming driver and interface; an ordinary bridge is joined.
test.describe.configure({ mode: "serial" });

const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const RUN = `e2e-join-${process.pid}`;
const DEPLOYER = { username: `${RUN}-deployer`, password: "a deployer's long password" };
const MACVLAN = `${RUN}-lan`;
const BRIDGE = `${RUN}-app`;
const CONTAINER = `${RUN}-web`;
/** The refusal names the network (and the short id, when the UI joined it by id: the network page does) and what reaches the host. */
const refusal = (byId: boolean) => `Not allowed: permission container.create.privileged is required for: joining network "${MACVLAN}"${byId ? ` (${macvlanId.slice(0, 12)})` : ""}: network driver "macvlan" (only bridge is vetted), network option parent=eth0 (names a host interface)`;
let macvlanId = "";

test.beforeAll(async () => {
  const database = createDatabase(`file:${join(process.env.E2E_DATA_DIR!, "dockmaster.db")}`);
  const user = await database.prisma.user.create({ data: { username: DEPLOYER.username, passwordHash: await hashPassword(DEPLOYER.password) } });
  await database.prisma.grant.create({ data: { subjectType: "user", subjectId: user.id, roleId: builtInRoleId("deployer"), scopeType: "global" } });
  await database.close();
  // made on the engine directly, as an admin (or someone with a shell on the host) would
  macvlanId = (await engine.createNetwork({ name: MACVLAN, driver: "macvlan", parent: "eth0", internal: true, attachable: false, subnet: "172.30.47.0/28" })).id;
  await engine.createNetwork({ name: BRIDGE, driver: "bridge", internal: true, attachable: false, subnet: "172.30.48.0/28" });
  await engine.createContainer({ image, name: CONTAINER, labels: { "dockmaster.test": "1" } });
});
test.afterAll(async () => {
  for (const c of await engine.listContainers({ all: true })) if (c.name.startsWith(RUN)) await engine.removeContainer(c.id, { force: true }).catch(() => undefined);
  for (const n of await engine.listNetworks()) if (n.name.startsWith(RUN)) await engine.removeNetwork(n.id).catch(() => undefined);
});

const networksOf = async (name: string) => {
  const found = (await engine.listContainers({ all: true })).find((c) => c.name === name);
  return Object.keys(((await engine.inspectContainer(found!.id)).NetworkSettings as { Networks: Record<string, unknown> }).Networks).sort();
};

/** Signs the deployer in and opens a network's page from the host's network list. */
async function openNetwork(page: Page, name: string) {
  await signIn(page, DEPLOYER);
  await openLocalHost(page);
  await page.getByRole("link", { name: "Networks" }).click();
  await page.getByTestId("network-row").filter({ hasText: name }).getByRole("link", { name }).click();
  return page.getByTestId("network-connect-form");
}

test("a deployer may not connect a container to an admin's macvlan, and is told why", async ({ page }) => {
  const form = await openNetwork(page, MACVLAN);
  await form.getByLabel("Container").selectOption({ label: `${CONTAINER} (created)` });
  await form.getByRole("button", { name: "Connect" }).click();
  await expect(form).toContainText(refusal(true));
  expect(await networksOf(CONTAINER)).toEqual(["bridge"]);
});

test("a deployer may not run a container on an admin's macvlan named in the run form", async ({ page }) => {
  await signIn(page, DEPLOYER);
  await openLocalHost(page);
  await page.getByTestId("create-container").click();
  await page.getByLabel("Image", { exact: true }).fill(image);
  await page.getByLabel("Name", { exact: true }).fill(`${RUN}-on-lan`);
  await expect(page.getByText("A macvlan / ipvlan network, or one on a host interface, needs the permission “Create privileged containers”.")).toBeVisible();
  await page.getByLabel("Network", { exact: true }).fill(MACVLAN);
  await page.getByTestId("create-submit").click();
  await expect(page.getByTestId("create-error")).toContainText(refusal(false));
  expect((await engine.listContainers({ all: true })).some((c) => c.name === `${RUN}-on-lan`)).toBe(false);
});

test("a deployer connects a container to an ordinary bridge", async ({ page }) => {
  const form = await openNetwork(page, BRIDGE);
  await form.getByLabel("Container").selectOption({ label: `${CONTAINER} (created)` });
  await form.getByRole("button", { name: "Connect" }).click();
  await expect.poll(() => networksOf(CONTAINER)).toEqual(["bridge", BRIDGE].sort());
  await expect(form).not.toContainText("Not allowed");
});
