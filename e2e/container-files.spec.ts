import { expect, test, type Browser, type Page } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { ADMIN, signIn } from "./support";
import { trpcMutation, trpcQuery } from "./ui-support";

// A container's Files tab, in the browser, by role: a deployer uploads and edits, an operator
// browses and downloads (and sees no upload or edit), a viewer gets no Files tab and is refused
// the files themselves. The container is created (never started) from the testbed's image.
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3199}`;
const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const person = (role: string) => ({ username: `files-${role}-${process.pid}`, password: `${role}'s long password here` });
const DEPLOYER = person("deployer");
const OPERATOR = person("operator");
const VIEWER = person("viewer");
let containerId = "";

test.afterAll(async () => {
  if (containerId) await engine.removeContainer(containerId, { force: true }).catch(() => undefined);
});

async function engineContent(path: string): Promise<string> {
  let text = "";
  for await (const chunk of engine.fileBytes(containerId, path, new AbortController().signal)) text += chunk.toString();
  return text;
}

async function signedIn(browser: Browser, user: { username: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext({ baseURL, acceptDownloads: true })).newPage();
  await signIn(page, user);
  return page;
}

test("files: a deployer uploads and edits, an operator browses and downloads, a viewer has no Files tab", async ({ page: admin, browser }) => {
  await signIn(admin, ADMIN);
  const [local] = (await trpcQuery<Array<{ id: string; name: string }>>(admin, "hosts.list", {})).filter((h) => h.name === "local");
  for (const [user, role] of [[DEPLOYER, "builtin-deployer"], [OPERATOR, "builtin-operator"], [VIEWER, "builtin-viewer"]] as const) {
    const { id } = await trpcMutation<{ id: string }>(admin, "users.create", user);
    await trpcMutation(admin, "grants.create", { scopeType: "host", scopeId: local!.id, subjectType: "user", subjectId: id, roleId: role });
  }
  containerId = (await engine.createContainer({ image, name: `e2e-files-${process.pid}`, cmd: ["sleep", "3600"], labels: { "dockmaster.test": "1" } })).id;
  const filesUrl = `/hosts/${local!.id}/containers/${containerId}/files`;

  // Deployer: the Files tab, into /etc by the table, upload a file, edit it in place.
  const deployer = await signedIn(browser, DEPLOYER);
  await deployer.goto(`/hosts/${local!.id}/containers/${containerId}`);
  await deployer.getByRole("navigation", { name: "Container views" }).getByRole("link", { name: "Files" }).click();
  await expect(deployer).toHaveURL(new RegExp(`${filesUrl}$`));
  await deployer.getByRole("button", { name: "etc/" }).click();
  await expect(deployer.getByTestId("files-current-path")).toHaveText("etc");
  await expect(deployer.locator('[data-testid="file-row"][data-name="passwd"]')).toContainText("-rw-r--r--");
  await deployer.getByTestId("files-upload").setInputFiles({ name: "e2e.conf", mimeType: "text/plain", buffer: Buffer.from("port=80\n") });
  await expect(deployer.getByTestId("files-status")).toHaveText(/Uploaded \/etc\/e2e\.conf \(8 B\)/);
  expect(await engineContent("/etc/e2e.conf")).toBe("port=80\n");
  await deployer.getByRole("button", { name: "Edit e2e.conf" }).click();
  const editor = deployer.getByTestId("editor-/etc/e2e.conf");
  await expect(editor).toContainText("port=80");
  await editor.click();
  await deployer.keyboard.press("ControlOrMeta+a");
  await deployer.keyboard.type("port=8080\n");
  await deployer.getByTestId("file-save").click();
  await expect(deployer.getByText("Saved /etc/e2e.conf (10 bytes)")).toBeVisible();
  expect(await engineContent("/etc/e2e.conf")).toBe("port=8080\n");
  await deployer.context().close();

  // Operator: browses and downloads; no upload, and the editor only views.
  const operator = await signedIn(browser, OPERATOR);
  await operator.goto(filesUrl);
  await operator.getByRole("button", { name: "etc/" }).click();
  await expect(operator.locator('[data-testid="file-row"][data-name="e2e.conf"]')).toBeVisible();
  await expect(operator.getByTestId("files-upload")).toHaveCount(0);
  const [download] = await Promise.all([operator.waitForEvent("download"), operator.getByRole("link", { name: "Download e2e.conf" }).click()]);
  expect(download.suggestedFilename()).toBe("e2e.conf");
  const stream = await download.createReadStream();
  let downloaded = "";
  for await (const chunk of stream) downloaded += (chunk as Buffer).toString();
  expect(downloaded).toBe("port=8080\n");
  await operator.getByRole("button", { name: "View e2e.conf" }).click();
  await expect(operator.getByTestId("editor-/etc/e2e.conf")).toContainText("port=8080");
  await expect(operator.getByTestId("file-save")).toHaveCount(0);
  await operator.context().close();

  // Viewer: no Files tab; the page by its URL says why; the server refuses the files themselves.
  const viewer = await signedIn(browser, VIEWER);
  await viewer.goto(`/hosts/${local!.id}/containers/${containerId}`);
  const tabs = viewer.getByRole("navigation", { name: "Container views" });
  await expect(tabs.getByRole("link", { name: "Overview" })).toBeVisible();
  await expect(tabs.getByRole("link", { name: "Files" })).toHaveCount(0);
  await viewer.goto(filesUrl);
  await expect(viewer.getByText("Reading this container's files needs the permission container.files.read on this host.")).toBeVisible();
  const refused = await viewer.request.get(`/api/containers/files/download?${new URLSearchParams({ hostId: local!.id, id: containerId, path: "/etc/e2e.conf" }).toString()}`);
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toBe(`permission container.files.read is required on host ${local!.id}`);
  await viewer.context().close();
});
