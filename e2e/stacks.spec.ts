import { expect, test, type Page } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { ADMIN, signIn } from "./support";
import { denialsSince, lastAuditSeq, trpcMutation, trpcQuery } from "./ui-support";

// Stacks in the browser, on the testbed's first engine (the local host): write a stack in the
// editor, see a schema error inline, fix it, see the plan, deploy and watch it, read the merged
// logs, change one service and redeploy (only it recreated), roll back, down. A viewer sees the
// stack but is offered no deploy. One long story, since each step needs the one before.
test.describe.configure({ mode: "serial" });

const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3199}`;
const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const project = `e2eshop${process.pid}`;
const VIEWER = { username: `stacks-viewer-${process.pid}`, password: "stacks viewer's long password" };

/** A service that says `word` every half second and stops at once on SIGTERM. */
const service = (name: string, word: string) => `  ${name}:
    image: ${image}
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do echo ${word}; sleep 0.5 & wait; done"]
`;
const COMPOSE = `services:\n${service("web", "web-says-hello")}${service("api", "api-says-hello")}`;
// A typo in a key: the compose-spec schema allows no other key on a service.
const BROKEN = COMPOSE.replace("  web:\n    image:", "  web:\n    imagez:");
const CHANGED = COMPOSE.replace("api-says-hello", "api-says-changed");

type Seen = { id: string; labels: Record<string, string> };
const mine = async (): Promise<Seen[]> => ((await engine.listContainers({ all: true })) as Seen[]).filter((c) => c.labels["com.docker.compose.project"] === project);
const idsByService = async (): Promise<Record<string, string>> => Object.fromEntries((await mine()).map((c) => [c.labels["com.docker.compose.service"] ?? "", c.id]));

test.afterAll(async () => {
  // Only what this spec created: the project's containers and networks.
  for (const c of await mine()) await engine.removeContainer(c.id, { force: true }).catch(() => undefined);
  for (const n of await engine.listNetworks().catch(() => [])) if (n.name.startsWith(`${project}_`)) await engine.removeNetwork(n.id).catch(() => undefined);
});

/** Replaces the whole text of the open CodeMirror file (typed as one paste, so no auto-indent). */
async function setEditorText(page: Page, file: string, text: string) {
  const editor = page.getByTestId(`editor-${file}`);
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
}

/** Plans, checks the plan, deploys, waits for the outcome. */
async function planAndDeploy(page: Page, scope: ReturnType<Page["locator"]>, verb: "Deploy" | "Redeploy", expectRows: Record<string, string>, shot?: string) {
  await scope.getByRole("button", { name: `Plan ${verb.toLowerCase()} of ${project}` }).click();
  const plan = scope.getByTestId("stack-plan");
  await expect(plan).toBeVisible({ timeout: 20_000 });
  for (const [subject, action] of Object.entries(expectRows)) await expect(plan.locator(`[data-testid=plan-row][data-subject="${subject}"]`)).toHaveAttribute("data-action", action);
  if (shot) await page.screenshot({ path: `docs/screenshots/${shot}.png`, fullPage: true });
  await scope.getByRole("button", { name: `${verb} ${project}`, exact: true }).click();
  const progress = scope.getByTestId("deploy-progress");
  await expect(progress).toBeVisible();
  await expect(progress.getByTestId("deploy-outcome")).toHaveAttribute("data-outcome", "succeeded", { timeout: 60_000 });
}

test("a stack from the editor to down: inline schema error, plan, deploy, merged logs, one-service redeploy, rollback; a viewer cannot deploy", async ({ page, browser }) => {
  test.setTimeout(240_000);
  await signIn(page, ADMIN);
  const [local] = (await trpcQuery<Array<{ id: string; name: string }>>(page, "hosts.list", {})).filter((h) => h.name === "local");

  // 1. Write it in the editor: the server's schema error appears inline, at its line.
  await page.goto(`/stacks/new?host=${local!.id}`);
  await page.getByLabel("Name (the compose project name)").fill(project);
  await setEditorText(page, "compose.yaml", BROKEN);
  const diagnostics = page.getByTestId("stack-diagnostics");
  await expect(diagnostics).toContainText("imagez", { timeout: 15_000 });
  await expect(diagnostics).toContainText(/compose\.yaml:[23]/);
  await expect(page.locator(".cm-lintRange-error").first()).toBeVisible();
  await expect(page.getByRole("button", { name: `Create ${project}` })).toBeDisabled();
  await page.screenshot({ path: "docs/screenshots/stacks-editor-schema-error.png" });

  // 2. Fix it: no problem left, and the stack is created (nothing runs yet).
  await setEditorText(page, "compose.yaml", COMPOSE);
  await expect(diagnostics).toContainText("No problems found.", { timeout: 15_000 });
  await expect(page.locator(".cm-lintRange-error")).toHaveCount(0);
  await page.getByRole("button", { name: `Create ${project}` }).click();
  await page.waitForURL(/\/stacks\/[^/?]+\?host=/);
  expect(await mine()).toEqual([]);

  // 3. Plan, deploy, watch progress: both services created, then running with links to their containers.
  const overview = page.getByRole("region", { name: `Deploy ${project}` });
  await planAndDeploy(page, overview, "Deploy", { web: "create", api: "create" });
  await expect(page.getByTestId("deploy-service").filter({ hasText: "web" })).toHaveAttribute("data-status", "done");
  await expect(page.locator("[data-testid=stack-container][data-service=web]")).toHaveAttribute("data-state", "running", { timeout: 15_000 });
  await expect(page.locator("[data-testid=stack-container][data-service=api]")).toHaveAttribute("data-state", "running");
  await expect(page.getByTestId("stack-status")).toHaveText("running", { timeout: 15_000 });
  await page.screenshot({ path: "docs/screenshots/stacks-deployed.png", fullPage: true });
  const first = await idsByService();
  expect(Object.keys(first).sort()).toEqual(["api", "web"]);

  // 4. Merged logs: both services' lines in one view, each tagged with its service.
  await page.getByRole("navigation", { name: "Stack tabs" }).getByRole("button", { name: "Logs" }).click();
  const log = page.getByTestId("stack-log-output");
  await expect(log.locator("[data-service=web]").filter({ hasText: "web-says-hello" }).first()).toBeVisible({ timeout: 15_000 });
  await expect(log.locator("[data-service=api]").filter({ hasText: "api-says-hello" }).first()).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/stacks-merged-logs.png" });

  // 5. Change one service and redeploy: the plan names only api, and only api is recreated.
  await page.getByRole("navigation", { name: "Stack tabs" }).getByRole("button", { name: "Files" }).click();
  await setEditorText(page, "compose.yaml", CHANGED);
  await expect(diagnostics).toContainText("No problems found.", { timeout: 15_000 });
  await page.getByLabel("What changed (revision message)").fill("api says something else");
  await page.getByRole("button", { name: `Save ${project}` }).click();
  const saved = page.getByTestId("stack-saved");
  await expect(saved).toContainText("Saved as revision 2");
  await planAndDeploy(page, saved, "Redeploy", { web: "unchanged", api: "recreate" }, "stacks-plan-one-service");
  const second = await idsByService();
  expect(second.web, "web kept its container").toBe(first.web);
  expect(second.api, "api was recreated").not.toBe(first.api);

  // 6. A viewer sees the stack, its status and revision, but no deploy, plan or lifecycle button.
  const viewerId = (await trpcMutation<{ id: string }>(page, "users.create", VIEWER)).id;
  await trpcMutation(page, "grants.create", { scopeType: "host", scopeId: local!.id, subjectType: "user", subjectId: viewerId, roleId: "builtin-viewer" });
  const beforeViewer = await lastAuditSeq(page);
  const viewer = await (await browser.newContext({ baseURL })).newPage();
  await signIn(viewer, VIEWER);
  await viewer.getByTestId("nav-stacks").click();
  const row = viewer.locator(`[data-testid=stack-row][data-stack="${project}"]`);
  await expect(row).toContainText("running");
  await expect(row).toContainText("r2");
  await row.getByRole("link", { name: project }).click();
  await viewer.waitForURL(/\/stacks\/[a-z0-9]{20,}/);
  await expect(viewer.getByTestId("stack-status").first()).toHaveText("running");
  await expect(viewer.locator("[data-testid=stack-container]")).toHaveCount(2);
  await expect(viewer.getByRole("button", { name: new RegExp(`(Deploy|Plan|Stop|Down) .*${project}`) })).toHaveCount(0);
  // Every tab of the stack, and not one call the server refuses (each would be a denial in the audit trail).
  for (const tab of ["Files", "Logs", "Events", "History", "Git"]) {
    await viewer.getByRole("navigation", { name: "Stack tabs" }).getByRole("button", { name: tab }).click();
    await viewer.waitForLoadState("networkidle");
  }
  await expect(viewer.getByRole("button", { name: new RegExp(`(Save|Roll back) .*${project}`) })).toHaveCount(0);
  expect(await denialsSince(page, VIEWER.username, beforeViewer), "denials recorded for the viewer").toEqual([]);
  await viewer.context().close();

  // 7. History: revision 2 against 1 shows the changed line; roll back to 1, plan and deploy it.
  await page.getByRole("navigation", { name: "Stack tabs" }).getByRole("button", { name: "History" }).click();
  await expect(page.locator("[data-testid=stack-revision][data-revision='2']")).toContainText("api says something else");
  await page.getByRole("button", { name: "Diff r1 → r2" }).click();
  await expect(page.getByTestId("stack-diff")).toContainText("+    command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; while true; do echo api-says-changed");
  await page.screenshot({ path: "docs/screenshots/stacks-history-diff.png", fullPage: true });
  const rollbackButton = page.getByRole("button", { name: `Roll back ${project} to r1` });
  await rollbackButton.click();
  await page.getByRole("button", { name: `Roll back ${project} to revision 1` }).click();
  await expect(rollbackButton).toBeFocused(); // focus returns to what opened the dialog
  await expect(page.getByText("Revision 3 holds the old files.")).toBeVisible();
  await planAndDeploy(page, page.getByRole("region", { name: `Deploy ${project}` }), "Redeploy", { web: "unchanged", api: "recreate" });
  const third = await idsByService();
  expect(third.web).toBe(first.web);
  expect(third.api).not.toBe(second.api);

  // 8. Down (volumes kept unless ticked): the containers go, the stack and its history stay.
  await page.getByRole("navigation", { name: "Stack tabs" }).getByRole("button", { name: "Overview" }).click();
  const down = page.getByRole("button", { name: `Down ${project}`, exact: true });
  await down.click();
  const dialog = page.getByRole("dialog", { name: `Down ${project} on local?` });
  await expect(dialog.getByRole("checkbox")).not.toBeChecked();
  await dialog.getByRole("button", { name: `Down ${project} on local` }).click();
  await expect(down).toBeFocused();
  await expect(page.getByText(`${project} is down on local.`)).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await mine()).length, { timeout: 15_000 }).toBe(0);
  await expect(page.getByTestId("stack-status")).toHaveText(/stopped|not deployed/, { timeout: 15_000 });

  // 9. A deploy that fails is explained: what failed and why, what was not attempted, what to do.
  // (web waits for a one-shot "migrate" to succeed; it exits 3. Nothing leaves the testbed.)
  await page.getByRole("navigation", { name: "Stack tabs" }).getByRole("button", { name: "Files" }).click();
  const failing = COMPOSE.replace("  web:\n", "  web:\n    depends_on:\n      migrate:\n        condition: service_completed_successfully\n") + `  migrate:\n    image: ${image}\n    command: ["sh", "-c", "echo migration failed; exit 3"]\n`;
  await setEditorText(page, "compose.yaml", failing);
  await expect(diagnostics).toContainText("No problems found.", { timeout: 15_000 });
  await page.getByRole("button", { name: `Save ${project}` }).click();
  await expect(saved).toContainText("Saved as revision 4");
  await saved.getByRole("button", { name: `Plan redeploy of ${project}` }).click();
  await expect(saved.locator("[data-testid=plan-row][data-subject=migrate]")).toHaveAttribute("data-action", "create", { timeout: 20_000 });
  await saved.getByRole("button", { name: `Redeploy ${project}`, exact: true }).click();
  const outcome = saved.getByTestId("deploy-outcome");
  await expect(outcome).toHaveAttribute("data-outcome", "failed", { timeout: 60_000 });
  await expect(outcome).toContainText("migrate");
  await expect(saved.locator("[data-testid=deploy-service][data-service=web]")).toHaveAttribute("data-status", /failed|not-attempted/);
  await expect(outcome).toContainText("deploy again");
  await page.screenshot({ path: "docs/screenshots/stacks-deploy-failed.png", fullPage: true });
  await trpcMutation(page, "stacks.down", { hostId: local!.id, stackId: new URL(page.url()).pathname.split("/").pop()!, removeVolumes: false });
  await expect.poll(async () => (await mine()).length, { timeout: 15_000 }).toBe(0);

  // The stack itself is deleted by its API (its history goes with it).
  const stackId = new URL(page.url()).pathname.split("/").pop()!;
  await trpcMutation(page, "stacks.delete", { hostId: local!.id, stackId });
});
