import { expect, test, type Page } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { signIn } from "./support";
import { trpcMutation, trpcQuery } from "./ui-support";

// The fleet overview (the home page) against two real engines: its figures are the engines' own
// counts, they follow a container stopping without a reload, each leads to the filtered list
// behind it; and the command palette finds things across the fleet and opens a container's logs.
test.describe.configure({ mode: "serial" });

const engines = process.env.DOCKMASTER_TEST_ENGINES!.split(",");
const first = createEngine(engineConfigFromEnv({ dockerHost: engines[0] }));
const second = createEngine(engineConfigFromEnv({ dockerHost: engines[1] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const tag = `e2e-ovw-${process.pid}`;
const containers: Array<{ engine: typeof first; id: string }> = [];
const cleanups: Array<() => Promise<unknown>> = [];

let cleanupPage: Page | null = null;
test.afterAll(async ({ browser }) => {
  for (const c of containers) await c.engine.removeContainer(c.id, { force: true }).catch(() => undefined);
  if (cleanups.length === 0) return;
  // Also when the test failed half-way: a session of its own (the test's page is closed by now),
  // so the engine-2 host never outlives this spec (later specs would see its containers twice).
  cleanupPage = await (await browser.newContext({ baseURL: `http://127.0.0.1:${process.env.E2E_PORT ?? 3199}` })).newPage();
  await signIn(cleanupPage).catch(() => undefined);
  for (const undo of cleanups.reverse()) await undo().catch(() => undefined);
});

type Counts = { total: number; running: number; exited: number; exitedNonZero: number };

/** The engines' own counts, from their Engine API, for the hosts the fleet has: local on engine 1, ours on engine 2, and what the others last reported. */
async function engineCounts(page: Page, ours: string): Promise<Counts> {
  const counts: Counts = { total: 0, running: 0, exited: 0, exitedNonZero: 0 };
  const add = (list: Array<{ state: string; status: string }>) => {
    counts.total += list.length;
    counts.running += list.filter((c) => c.state === "running").length;
    counts.exited += list.filter((c) => c.state === "exited").length;
    counts.exitedNonZero += list.filter((c) => c.state === "exited" && !c.status.startsWith("Exited (0)")).length;
  };
  add(await first.listContainers({ all: true }));
  add(await second.listContainers({ all: true }));
  // Hosts other specs left behind (engines gone): not on either engine; their last-known count.
  const hosts = await trpcQuery<Array<{ id: string; name: string; containerCount: number }>>(page, "hosts.list", {});
  const others = hosts.filter((h) => h.name !== "local" && h.id !== ours);
  if (others.length > 0) {
    // …with their last-known containers and states, as the fleet list has them.
    const count = async (filter: Record<string, unknown>) => (await trpcQuery<{ total: number }>(page, "fleet.containers", { hosts: others.map((h) => h.id), ...filter })).total;
    counts.total += await count({});
    counts.running += await count({ states: ["running"] });
    counts.exited += await count({ states: ["exited"] });
    counts.exitedNonZero += await count({ problem: "exited-nonzero" });
  }
  return counts;
}

async function figure(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute("data-value"));
}

async function shownCounts(page: Page): Promise<Counts> {
  return {
    total: await figure(page, "overview-containers-total"),
    running: await figure(page, "overview-state-running"),
    exited: await figure(page, "overview-state-exited"),
    exitedNonZero: await figure(page, "overview-problem-exited-nonzero"),
  };
}

test("the overview's figures are the engines' own, follow a stop live, and lead to the filtered lists; the palette finds things across the fleet", async ({ page }) => {
  // One story of many steps (a restart waits out busybox's ignored SIGTERM): more than the default minute.
  test.setTimeout(180_000);
  // On engine 2 (a second host): a container that failed (exit 3), one that stopped cleanly, one running.
  const run = async (engine: typeof first, name: string, cmd: string[]) => {
    const { id } = await engine.createContainer({ image, name, cmd, labels: { "dockmaster.test": "1" } });
    containers.push({ engine, id });
    await engine.startContainer(id);
    return id;
  };
  const failed = await run(second, `${tag}-failed`, ["sh", "-c", "echo about to fail; exit 3"]);
  await run(second, `${tag}-clean`, ["true"]);
  const logged = await run(second, `${tag}-web`, ["sh", "-c", `echo ${tag}-log-line; sleep 3600`]);
  const network = await second.createNetwork({ name: `${tag}-net`, driver: "bridge", internal: false, attachable: false });
  cleanups.push(() => second.removeNetwork(network.id));
  await second.createVolume({ name: `${tag}-vol`, driver: "local" });
  cleanups.push(() => second.removeVolume(`${tag}-vol`, true));

  await signIn(page);
  const { hostId } = await trpcMutation<{ hostId: string }>(page, "hosts.addDirectEngine", { name: `${tag}-host`, url: engines[1] });
  cleanups.push(() => trpcMutation(cleanupPage ?? page, "hosts.remove", { hostId }));
  const stack = await trpcMutation<{ stack: { id: string } }>(page, "stacks.create", { hostId, name: `${tag}-shop`, composeFiles: [{ path: "compose.yaml", content: `services:\n  web:\n    image: ${image}\n` }] });
  cleanups.push(() => trpcMutation(cleanupPage ?? page, "stacks.delete", { hostId, stackId: stack.stack.id }));

  // 1. The figures match the engines (once the new host's snapshot is in: polled until then).
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  // Polled until equal; a failure shows both sides.
  await expect
    .poll(async () => {
      const [shown, engines] = [JSON.stringify(await shownCounts(page)), JSON.stringify(await engineCounts(page, hostId))];
      return shown === engines ? "equal" : `shown ${shown}, engines ${engines}`;
    }, { timeout: 20_000 })
    .toBe("equal");
  const before = await shownCounts(page);
  expect(before.exitedNonZero).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId("overview-hosts-online")).toHaveAttribute("data-value", /^[1-9]/);

  // 2. Live: a container stopped on the engine (not through Dockmaster) moves from running to exited, no reload.
  const stopped = await run(first, `${tag}-stop-me`, ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]);
  await expect(page.getByTestId("overview-state-running")).toHaveAttribute("data-value", String(before.running + 1), { timeout: 15_000 });
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await first.stopContainer(stopped, 5);
  await expect(page.getByTestId("overview-state-running")).toHaveAttribute("data-value", String(before.running), { timeout: 15_000 });
  await expect(page.getByTestId("overview-state-exited")).toHaveAttribute("data-value", String(before.exited + 1));
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  expect(await shownCounts(page)).toEqual(await engineCounts(page, hostId));

  // 3. A figure leads to the filtered list behind it: the failed container is there, the clean one is not.
  await page.getByTestId("overview-problem-exited-nonzero").click();
  await expect(page).toHaveURL(/\/fleet\/containers\?problem=exited-nonzero$/);
  await expect(page.getByTestId("fleet-problem-filter")).toHaveValue("exited-nonzero");
  await expect(page.locator('[data-testid="fleet-row"]').filter({ hasText: `${tag}-failed` })).toBeVisible();
  await expect(page.locator('[data-testid="fleet-row"]').filter({ hasText: `${tag}-clean` })).toHaveCount(0);
  await page.goBack();
  await page.getByTestId("overview-hosts-online").click();
  await expect(page).toHaveURL(/\/hosts\?status=online$/);
  await expect(page.getByTestId("host-row").filter({ hasText: `${tag}-host` })).toBeVisible();

  // 4. The palette: a container on the other host, then its logs.
  await page.keyboard.press("Control+k");
  const dialog = page.getByRole("dialog");
  await page.keyboard.type(`${tag}-web`);
  await expect(dialog.getByTestId("palette-container").filter({ hasText: `${tag}-web` })).toContainText(`on ${tag}-host`, { timeout: 15_000 });
  await dialog.getByTestId("palette-container-logs").filter({ hasText: `${tag}-web` }).click();
  await expect(page).toHaveURL(`/hosts/${hostId}/containers/${logged}/logs`);
  await expect(page.getByText(`${tag}-log-line`)).toBeVisible({ timeout: 15_000 });
  // An admin may open a terminal and restart too: restarted from the palette over the overview,
  // the operation shows among the recent ones without a reload (pushed: activity:changed).
  await page.goto("/");
  await expect(page.getByTestId("overview-operations")).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.keyboard.press("Control+k");
  await page.keyboard.type(`${tag}-web`);
  await expect(dialog.getByTestId("palette-container-terminal")).toContainText(`Terminal in ${tag}-web`, { timeout: 15_000 });
  await dialog.getByTestId("palette-container-restart").click();
  await expect(dialog.getByTestId("palette-status")).toHaveText(`Restarted ${tag}-web.`, { timeout: 20_000 });
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("overview-operations").getByRole("listitem").filter({ hasText: `on ${tag}-host` }).first()).toContainText("containers.restart", { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  // …and an image, a network, a volume and a stack, each opening its page.
  const find = async (text: string, testId: string, expected: RegExp | string) => {
    await page.keyboard.press("Control+k");
    await page.keyboard.type(text);
    const item = dialog.getByTestId(testId).filter({ hasText: text }).first();
    await expect(item).toBeVisible({ timeout: 15_000 });
    await item.click();
    await expect(page).toHaveURL(expected);
  };
  await find(`${tag}-net`, "palette-network", `/hosts/${hostId}/networks/${network.id}`);
  await find(`${tag}-vol`, "palette-volume", `/hosts/${hostId}/volumes`);
  await find(`${tag}-shop`, "palette-stack", `/stacks/${stack.stack.id}?host=${hostId}`);
  await find("busybox", "palette-image", /\/hosts\/[^/]+\/images\/sha256/);
  expect(failed).toBeTruthy();
  // The host and stack are removed here, while this page's session is open (afterAll's page is
  // closed): a host left on engine 2 would show its containers twice to the specs after this one.
  for (const undo of cleanups.splice(0).reverse()) await undo().catch(() => undefined);
});
