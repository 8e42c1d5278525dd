import { expect, test, type Page } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { buildTestImage, flagImageFiles } from "@dockmaster/docker/testing";
import { openLocalHost, signIn } from "./support";

// The image page as a new user meets it: untag one of two names (the image stays), the layers view
// names what an ADD step added, and push with registry selection and per-layer progress to the
// testbed's private registry (basic auth): refused without a login, unreachable said clearly, then
// pushed with the stored login, ending with the digest the registry really serves.
test.describe.configure({ mode: "serial" });

const dockerHost = process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0]!;
const engine = createEngine(engineConfigFromEnv({ dockerHost }));
const baseImage = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const registry = process.env.DOCKMASTER_TEST_REGISTRY!;
const registryUser = process.env.DOCKMASTER_TEST_REGISTRY_USER!;
const registryPassword = process.env.DOCKMASTER_TEST_REGISTRY_PASSWORD!;
const repo = `e2e-img-${process.pid}/app`;
let imageId = "";

test.beforeAll(async () => {
  if (!registry) throw new Error("DOCKMASTER_TEST_REGISTRY is not set: run through scripts/with-testbed.sh");
  imageId = await buildTestImage(dockerHost, `${repo}:one`, flagImageFiles(baseImage));
  await engine.tagImage(imageId, repo, "two");
});
test.afterAll(async () => {
  await engine.removeImage(imageId, { force: true }).catch(() => undefined);
});

async function openImages(page: Page) {
  await signIn(page);
  await openLocalHost(page);
  await page.getByRole("link", { name: "Images" }).click();
}
const rowOf = (page: Page) => page.getByTestId("image-row").filter({ hasText: `${repo}:two` });

test("untag one of two names: only that name goes, the image stays with the other", async ({ page }) => {
  await openImages(page);
  await rowOf(page).getByRole("button", { name: `Untag ${repo}:one` }).click();
  await expect(page.getByRole("dialog")).toContainText(`Removes only the name ${repo}:one`);
  await page.getByRole("dialog").getByRole("button", { name: `Untag ${repo}:one` }).click();
  await expect(rowOf(page).getByTestId("image-name")).toHaveCount(1);
  await expect(rowOf(page)).not.toContainText(`${repo}:one`);
  expect((await engine.inspectImage(imageId)).repoTags).toEqual([`${repo}:two`]);

  // The last name says what untagging it would do; cancelled here.
  await rowOf(page).getByRole("button", { name: `Untag ${repo}:two` }).click();
  await expect(page.getByTestId("untag-last-warning")).toContainText("is the last name of image");
  await page.getByRole("button", { name: "Cancel" }).click();
});

test("the layers view shows where the ADD step put what, and that its source line is not recorded", async ({ page }) => {
  await openImages(page);
  await rowOf(page).getByTestId("image-inspect").click();
  const add = page.getByTestId("layer-row").filter({ hasText: "ADD <file> /flag.txt" });
  await expect(add).toHaveCount(1, { timeout: 20_000 });
  await expect(add.getByTestId("step-note")).toContainText("The original ADD line is not recorded");
  await expect(add.getByTestId("added-files")).toContainText("/flag.txt");
  await expect(page.getByTestId("layer-row").filter({ hasText: "RUN rm /flag.txt" })).toHaveCount(1);
});

test("push: refused without a login, unreachable said clearly, then pushed to a stored registry with per-layer progress and the digest", async ({ page }) => {
  await openImages(page);
  await rowOf(page).getByTestId("image-inspect").click();
  await page.waitForURL(/\/images\/[0-9a-f]{64}$/);
  const imageUrl = page.url();

  // No stored login yet: the registry's refusal, and what to do about it.
  await page.getByLabel("Push as").fill(`${registry}/${repo}:two`);
  await page.getByTestId("push-submit").click();
  await expect(page.getByTestId("push-state")).toHaveText("failed", { timeout: 30_000 });
  await expect(page.getByTestId("push-progress")).toContainText(/no basic auth credentials|unauthorized|authentication required/i);
  await expect(page.getByTestId("push-hint")).toContainText(`store a login for ${registry} on the Registries page`);

  // A registry nobody listens on (a closed port of the testbed's own address).
  const closed = `${registry.split(":")[0]}:5999`;
  await page.getByLabel("Push as").fill(`${closed}/${repo}:two`);
  await page.getByTestId("push-submit").click();
  await expect(page.getByTestId("push-state")).toHaveText("failed", { timeout: 30_000 });
  await expect(page.getByTestId("push-hint")).toContainText(`could not reach ${closed}`);

  // The admin stores the registry's login on the Registries page.
  await page.goto("/registries");
  await page.getByTestId("registry-name").fill(`e2e-push-${process.pid}`);
  await page.getByTestId("registry-address").fill(registry);
  await page.getByTestId("registry-username").fill(registryUser);
  await page.getByTestId("registry-password").fill(registryPassword);
  await page.getByTestId("registry-save").click();
  await expect(page.getByTestId("registry-row").filter({ hasText: registry })).toHaveCount(1);

  // Back on the image: pick the tag and the stored registry; the new name is proposed.
  await page.goto(imageUrl);
  await page.getByLabel("Tag to push").selectOption(`${repo}:two`);
  await page.getByLabel("Registry", { exact: true }).selectOption(registry);
  await expect(page.getByLabel("Push as")).toHaveValue(`${registry}/${repo}:two`);
  await page.getByTestId("push-submit").click();
  await expect(page.getByTestId("push-state")).toHaveText("done", { timeout: 60_000 });
  await expect(page.getByTestId("layer-progress").filter({ hasText: /Pushed|Layer already exists/ }).first()).toBeVisible();
  const shown = (await page.getByTestId("push-digest").textContent()) ?? "";
  const digest = /sha256:[0-9a-f]{64}/.exec(shown)?.[0];
  expect(digest, shown).toBeTruthy();

  // The registry serves that manifest under that name.
  const manifest = await fetch(`http://${registry}/v2/${repo}/manifests/two`, {
    method: "HEAD",
    headers: { authorization: `Basic ${Buffer.from(`${registryUser}:${registryPassword}`).toString("base64")}`, accept: "application/vnd.docker.distribution.manifest.v2+json" },
  });
  expect(manifest.status).toBe(200);
  expect(manifest.headers.get("docker-content-digest")).toBe(digest);
});
