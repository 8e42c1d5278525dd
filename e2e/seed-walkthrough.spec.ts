import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { openLocalHost, signIn } from "./support";

// The seed walkthrough, as a user does it in the browser: build an image that serves "Hello World"
// with busybox httpd on port 1234 and look at its layers; create the network `ownbridge`
// (172.30.0.0/30, gateway 172.30.0.1: 2 usable addresses); run the image on it publishing 1234 on
// 127.0.0.1; fetch the page; follow the port path; logs, stats, a terminal (`ls /html`); then
// stop and remove everything.
test.describe.configure({ mode: "serial" });

const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const baseImage = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
// Engine 1's network namespace: its 127.0.0.1 is where the published port listens.
const netns = process.env.DOCKMASTER_TEST_NETNS?.split(",")[0];
const tag = `seed-hello:e2e-${process.pid}`;
const name = `seed-web-${process.pid}`;

async function cleanUp() {
  for (const c of await engine.listContainers({ all: true })) if (c.name === name) await engine.removeContainer(c.id, { force: true });
  for (const n of await engine.listNetworks()) if (n.name === "ownbridge") await engine.removeNetwork(n.id);
  for (const i of await engine.listImages()) if (i.repoTags.includes(tag)) await engine.removeImage(i.id, { force: true });
}
test.beforeAll(cleanUp);
test.afterAll(cleanUp);

/** What the published port answers, asked from inside the engine's own network namespace. */
function fetchPublished(): string {
  if (!netns) throw new Error("DOCKMASTER_TEST_NETNS is not set: run through scripts/with-testbed.sh");
  return execFileSync("ip", ["netns", "exec", netns, "curl", "-s", "-m", "5", "http://127.0.0.1:1234/"], { encoding: "utf8" });
}

test("build the Hello World image and see its layers", async ({ page }) => {
  await signIn(page);
  await openLocalHost(page);
  await page.getByRole("link", { name: "Images" }).click();
  await page.getByTestId("open-build").click();
  const dockerfile = page.getByTestId("build-dockerfile");
  await dockerfile.fill((await dockerfile.inputValue()).replace("FROM busybox", `FROM ${baseImage}`));
  await expect(page.getByTestId("build-file-name")).toHaveValue("index.html");
  await expect(page.getByTestId("build-file-data")).toHaveValue("Hello World\n");
  await page.getByTestId("build-tags").fill(tag);
  await page.getByTestId("build-submit").click();
  await expect(page.getByTestId("build-state")).toHaveText("done", { timeout: 30_000 });
  await expect(page.getByTestId("build-output")).toContainText("Step 2/4 : COPY index.html /html/index.html");
  await expect(page.getByTestId("build-output")).toContainText(`Successfully tagged ${tag}`);

  await page.getByTestId("build-result").click();
  const layers = page.getByTestId("layer-row");
  await expect(layers.filter({ hasText: "COPY" })).toHaveCount(1, { timeout: 15_000 });
  // EXPOSE and CMD change only the image's metadata: steps without a layer.
  await expect(layers.filter({ hasText: "EXPOSE" })).toContainText(/empty|metadata/i);
});

test("create ownbridge: a /30 leaves 2 usable addresses", async ({ page }) => {
  await signIn(page);
  await openLocalHost(page);
  await page.getByRole("link", { name: "Networks" }).click();
  await page.getByTestId("network-create").click();
  const form = page.getByTestId("network-create-form");
  await form.getByLabel("Name", { exact: true }).fill("ownbridge");
  await form.getByLabel("Driver", { exact: true }).selectOption("bridge");
  await form.getByLabel("Subnet (CIDR)").fill("172.30.0.0/30");
  await form.getByLabel("Gateway", { exact: true }).fill("172.30.0.1");
  await expect(page.getByTestId("cidr-explanation")).toContainText("2 usable");
  await expect(page.getByTestId("cidr-explanation")).toContainText("172.30.0.3"); // broadcast
  await form.getByRole("button", { name: /create/i }).click();
  await expect(page.getByTestId("network-row").filter({ hasText: "ownbridge" })).toContainText("172.30.0.0/30", { timeout: 15_000 });
});

test("run it on ownbridge publishing 1234 on 127.0.0.1, fetch Hello World, follow the port path", async ({ page }) => {
  await signIn(page);
  await openLocalHost(page);
  await page.getByTestId("create-container").click();
  await page.getByLabel("Image", { exact: true }).fill(tag);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Network", { exact: true }).fill("ownbridge");
  await page.getByRole("button", { name: "Publish a port" }).click();
  await page.getByLabel("port 1 host IP").fill("127.0.0.1");
  await page.getByLabel("port 1 host port").fill("1234");
  await page.getByLabel("port 1 container port").fill("1234");
  await page.getByTestId("create-submit").click();
  await expect(page.getByTestId("container-name")).toHaveText(name, { timeout: 15_000 });
  await expect(page.getByTestId("container-detail-state")).toHaveText("running");

  await expect.poll(() => { try { return fetchPublished(); } catch { return "(no answer yet)"; } }, { timeout: 10_000 }).toBe("Hello World\n");

  const path = page.getByTestId("port-path");
  await expect(path.getByTestId("hop-host")).toContainText("127.0.0.1:1234");
  await expect(path.getByTestId("hop-dnat")).toContainText("172.30.0.2:1234", { timeout: 10_000 });
  await expect(path.getByTestId("hop-bridge")).toContainText("br-");
  await expect(path.getByTestId("hop-veth")).toContainText("veth");
  await expect(path.getByTestId("hop-container")).toContainText("172.30.0.2");
  await page.screenshot({ path: "docs/screenshot-container.png", fullPage: true });
});

test("logs, live stats and a terminal running ls /html", async ({ page }) => {
  await signIn(page);
  await openLocalHost(page);
  await page.locator(`[data-testid="container-row"][data-container-name="${name}"]`).getByRole("link", { name }).click();
  const views = page.getByRole("navigation", { name: "Container views" });

  await views.getByRole("link", { name: "Logs" }).click();
  fetchPublished(); // httpd -v logs each request
  await expect(page.getByTestId("log-state")).toHaveText("following");
  await expect(page.getByTestId("log-line").first()).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId("log-output")).toContainText("response:200");

  await views.getByRole("link", { name: "Stats" }).click();
  await expect(page.getByTestId("stats-state")).toHaveText("live", { timeout: 10_000 });
  await expect(page.getByTestId("stats-latest")).toContainText("processes", { timeout: 10_000 });

  await views.getByRole("link", { name: "Terminal" }).click();
  await page.getByTestId("terminal-connect").click();
  await expect(page.getByTestId("terminal-state")).toHaveText("open", { timeout: 10_000 });
  await page.getByTestId("terminal").click();
  await page.keyboard.type("ls /html\n");
  await expect(page.getByTestId("terminal")).toContainText("index.html", { timeout: 10_000 });
  await page.keyboard.type("exit\n");
  await expect(page.getByTestId("terminal-state")).toContainText("exited");
});

test("stop and remove everything", async ({ page }) => {
  await signIn(page);
  await openLocalHost(page);
  const row = page.locator(`[data-testid="container-row"][data-container-name="${name}"]`);
  await row.getByRole("button", { name: `Stop ${name}`, exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: `Stop container ${name}`, exact: true }).click();
  await expect(row.getByTestId("container-state")).toHaveText("exited", { timeout: 20_000 });
  await row.getByRole("button", { name: `Remove ${name}`, exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: `Remove container ${name}`, exact: true }).click();
  await expect(row).toHaveCount(0, { timeout: 10_000 });

  await page.getByRole("link", { name: "Networks" }).click();
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("network-row").filter({ hasText: "ownbridge" }).getByRole("button", { name: "Remove" }).click();
  await expect(page.getByTestId("network-row").filter({ hasText: "ownbridge" })).toHaveCount(0, { timeout: 10_000 });

  await page.getByRole("link", { name: "Images" }).click();
  const image = page.getByTestId("image-row").filter({ hasText: tag });
  await image.getByTestId("image-remove").click();
  await page.getByRole("dialog").getByRole("button", { name: /^Remove / }).click();
  await expect(image).toHaveCount(0, { timeout: 10_000 });
  expect((await engine.listImages()).some((i) => i.repoTags.includes(tag))).toBe(false);
});
