import { expect, test } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { signIn } from "./support";
import { trpcQuery } from "./ui-support";

// Chinese: the browser's language is the default, the user's choice is remembered, and the
// explanations of namespaces, cgroups and the port path read in the chosen language.
const engines = process.env.DOCKMASTER_TEST_ENGINES!.split(",");
const engine = createEngine(engineConfigFromEnv({ dockerHost: engines[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
let containerId: string | null = null;

test.use({ locale: "zh-CN" });

test.afterAll(async () => {
  if (containerId) await engine.removeContainer(containerId, { force: true }).catch(() => undefined);
});

test("a Chinese browser gets Chinese explanations until the user picks English", async ({ page }) => {
  ({ id: containerId } = await engine.createContainer({ image, name: `e2e-i18n-${process.pid}`, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"], limits: { memoryBytes: 64 * 1024 * 1024 } }));
  await engine.startContainer(containerId);
  await signIn(page);
  const [local] = (await trpcQuery<Array<{ id: string; name: string }>>(page, "hosts.list", {})).filter((h) => h.name === "local");

  // No choice yet: Accept-Language (zh-CN) decides, in the server's first HTML.
  await page.goto(`/hosts/${local!.id}/containers/${containerId}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByText("命名空间（它能看到什么）")).toBeVisible();
  await expect(page.getByTestId("namespace-pid")).toContainText("私有：拥有自己的进程树");
  await expect(page.getByTestId("limit-memory")).toContainText("内存");

  // The user picks English on the account page: remembered across reloads, whatever the browser says.
  await page.goto("/account");
  await expect(page.getByTestId("language-select")).toHaveValue("zh-CN");
  await page.getByTestId("language-select").selectOption("en");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto(`/hosts/${local!.id}/containers/${containerId}`);
  await expect(page.getByText("Namespaces (what it can see)")).toBeVisible();
  await expect(page.getByTestId("namespace-pid")).toContainText("private: its own process tree");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  // And back to Chinese.
  await page.goto("/account");
  await page.getByTestId("language-select").selectOption("zh-CN");
  await page.goto(`/hosts/${local!.id}/containers/${containerId}`);
  await expect(page.getByText("限制（cgroups：它最多能用多少）")).toBeVisible();
});
