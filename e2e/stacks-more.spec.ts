import type { ChildProcess } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { signBody } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { startGitServer, type GitServer } from "../apps/web/test/git-server";
import { startSecondAgent } from "./second-host";
import { signIn } from "./support";
import { trpcMutation, trpcQuery } from "./ui-support";

// The stack stories the first spec (stacks.spec.ts) does not walk, in the browser on the testbed's
// engines: a git-backed stack redeployed by its signed webhook; a new stack from a template; a fleet
// stack on a host group with a per-host .env override, then with one host offline.
test.describe.configure({ mode: "serial" });

const engines = process.env.DOCKMASTER_TEST_ENGINES!.split(",");
const engine1 = createEngine(engineConfigFromEnv({ dockerHost: engines[0] }));
const engine2 = createEngine(engineConfigFromEnv({ dockerHost: engines[1] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3199}`;
const RUN = `e2emore${process.pid}`;
const GIT_AUTH = { username: "gituser", password: "git-pa55-e2e" };
const STOPPABLE = `["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]`;
let git: GitServer | undefined;
let secondAgent: ChildProcess | undefined;
const cleanups: Array<() => Promise<unknown>> = [];

type Seen = { id: string; command: string; labels: Record<string, string> };
const projectOn = async (engine: typeof engine1, project: string): Promise<Seen[]> => ((await engine.listContainers({ all: true })) as Seen[]).filter((c) => c.labels["com.docker.compose.project"] === project);
const envOf = async (engine: typeof engine1, id: string) => ((await engine.inspectContainer(id)) as { Config: { Env: string[] } }).Config.Env;
const service = (word: string, extra = "") => `services:\n  app:\n    image: ${image}\n    command: ["sh", "-c", "trap 'exit 0' TERM; echo ${word}; sleep 3600 & wait"]\n${extra}`;

/** Replaces the whole text of the open CodeMirror file (typed as one paste, so no auto-indent). */
async function setEditorText(page: Page, file: string, text: string) {
  await page.getByTestId(`editor-${file}`).click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
  await expect(page.getByTestId("stack-diagnostics")).toContainText("No problems found.", { timeout: 15_000 });
}

/** Plans and deploys a single-host stack from its overview, and waits for the outcome. */
async function planAndDeploy(page: Page, name: string, verb: "Deploy" | "Redeploy" = "Deploy") {
  const region = page.getByRole("region", { name: `Deploy ${name}` });
  await region.getByRole("button", { name: `Plan ${verb.toLowerCase()} of ${name}` }).click();
  await expect(region.getByTestId("stack-plan")).toBeVisible({ timeout: 20_000 });
  await region.getByRole("button", { name: `${verb} ${name}`, exact: true }).click();
  await expect(region.getByTestId("deploy-outcome")).toHaveAttribute("data-outcome", "succeeded", { timeout: 60_000 });
}

async function localHost(page: Page) {
  const hosts = await trpcQuery<Array<{ id: string; name: string; status: string }>>(page, "hosts.list", {});
  return hosts.find((h) => h.name === "local")!;
}

/** The stack page opened after a create (not the /stacks/new page it was made on): its stack id. */
async function openedStackId(page: Page): Promise<string> {
  await page.waitForURL(/\/stacks\/(?!new\?)[^/?]+\?host=/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

test.afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  secondAgent?.kill("SIGTERM");
  await git?.close();
});

test("a git-backed stack: created from a real git server, deployed, then a push and its signed webhook redeploy it; the history shows the commit", async ({ page }) => {
  test.setTimeout(180_000);
  git = await startGitServer(GIT_AUTH);
  const name = `${RUN}git`;
  const first = git.commit({ "deploy/compose.yaml": service("one") }, "one");
  await signIn(page);
  const local = await localHost(page);
  cleanups.push(async () => {
    for (const c of await projectOn(engine1, name)) await engine1.removeContainer(c.id, { force: true });
  });

  await page.goto(`/stacks/new?host=${local.id}`);
  await page.getByLabel("Name (the compose project name)").fill(name);
  await page.getByRole("tab", { name: "Git repository" }).click();
  const form = page.getByRole("form", { name: `Git source of ${name}` });
  await form.getByLabel("Repository URL").fill(git.url);
  await form.getByLabel("Directory in the repository").fill("deploy");
  await form.getByLabel("User name (HTTP)").fill(GIT_AUTH.username);
  await form.getByLabel("Password or token").fill(GIT_AUTH.password);
  await form.getByRole("button", { name: `Create ${name} from git` }).click();
  // The webhook's URL and secret, shown once.
  const once = page.getByTestId("webhook-secret");
  await expect(once).toBeVisible({ timeout: 20_000 });
  const [hookUrl, secret] = await once.locator("code").allTextContents();
  expect(hookUrl).toMatch(/\/api\/stacks\/.+\/webhook$/);
  await page.getByRole("button", { name: `Open ${name}` }).click();
  const stackId = await openedStackId(page);
  cleanups.push(() => trpcMutation(page, "stacks.delete", { hostId: local.id, stackId }));

  await planAndDeploy(page, name);
  expect((await projectOn(engine1, name)).map((c) => c.command).join()).toContain("echo one");

  // A push, then the git server's webhook (signed with the stack's secret): revision 2 with its commit, redeployed.
  const second = git.commit({ "deploy/compose.yaml": service("two") }, "two");
  const body = JSON.stringify({ ref: "refs/heads/main", after: second });
  const hook = await fetch(hookUrl!, { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": signBody(secret!, body), "x-github-delivery": `${RUN}-1` }, body });
  expect(hook.status).toBe(202);
  await page.getByRole("navigation", { name: "Stack tabs" }).getByRole("button", { name: "History" }).click();
  const revision2 = page.locator("[data-testid=stack-revision][data-revision='2']");
  await expect(revision2).toContainText(`git ${second.slice(0, 10)}`, { timeout: 20_000 });
  await expect(page.locator("[data-testid=stack-revision][data-revision='1']")).toContainText(`git ${first.slice(0, 10)}`);
  await expect(page.locator("[data-testid=stack-deploy][data-status=succeeded]")).toHaveCount(2, { timeout: 30_000 });
  await expect.poll(async () => (await projectOn(engine1, name)).map((c) => c.command).join(), { timeout: 15_000 }).toContain("echo two");
  await page.screenshot({ path: "docs/screenshots/stacks-git-webhook-history.png", fullPage: true });

  // The Git tab fetches on demand too: nothing moved, nothing added.
  await page.getByRole("navigation", { name: "Stack tabs" }).getByRole("button", { name: "Git" }).click();
  await page.getByRole("button", { name: `Fetch ${name} now` }).click();
  await expect(page.getByText(`Commit ${second.slice(0, 10)}: no change.`)).toBeVisible({ timeout: 20_000 });
  await trpcMutation(page, "stacks.down", { hostId: local.id, stackId, removeVolumes: false });
});

test("a new stack from a template: the catalogue pre-fills the name and the compose file", async ({ page }) => {
  await signIn(page);
  const local = await localHost(page);
  await page.goto(`/stacks/new?host=${local.id}`);
  await page.getByRole("tab", { name: "Template" }).click();
  await page.getByLabel("Search templates").fill("redis");
  await page.getByRole("button", { name: "Use template Redis" }).click();
  // Back in the editor, filled from the template.
  await expect(page.getByRole("tab", { name: "Editor" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByLabel("Name (the compose project name)")).toHaveValue("redis");
  await expect(page.getByTestId("editor-compose.yaml")).toContainText("redis:7-alpine");
  await expect(page.getByTestId("stack-diagnostics")).toContainText("No problems found.", { timeout: 15_000 });
  const name = `${RUN}tpl`;
  await page.getByLabel("Name (the compose project name)").fill(name);
  await page.getByRole("button", { name: `Create ${name}` }).click();
  const stackId = await openedStackId(page);
  cleanups.push(() => trpcMutation(page, "stacks.delete", { hostId: local.id, stackId }));
  await page.getByRole("navigation", { name: "Stack tabs" }).getByRole("button", { name: "Files" }).click();
  await expect(page.getByTestId("editor-compose.yaml")).toContainText("redis-server");
});

test("a fleet stack on a host group: a per-host .env override, live progress per host, then one host offline and its failure explained", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  secondAgent = await startSecondAgent(baseURL, engines[1]!);
  const hostsNow = () => trpcQuery<Array<{ id: string; name: string; status: string }>>(page, "hosts.list", {});
  await expect.poll(async () => (await hostsNow()).find((h) => h.name === "second")?.status, { timeout: 30_000 }).toBe("online");
  const local = (await hostsNow()).find((h) => h.name === "local")!;
  const second = (await hostsNow()).find((h) => h.name === "second")!;
  const group = await trpcMutation<{ id: string; name: string }>(page, "hostGroups.create", { name: `${RUN}-edge` });
  for (const h of [local, second]) await trpcMutation(page, "hosts.setGroup", { hostId: h.id, groupId: group.id });
  cleanups.push(async () => {
    for (const h of [local, second]) await trpcMutation(page, "hosts.setGroup", { hostId: h.id, groupId: null });
  });
  const name = `${RUN}fleet`;
  cleanups.push(async () => {
    for (const [engine, project] of [[engine1, name], [engine2, name]] as const) for (const c of await projectOn(engine, project)) await engine.removeContainer(c.id, { force: true });
  });

  // Written in the editor for every host of the group.
  await page.goto("/stacks/new");
  await page.getByLabel("Name (the compose project name)").fill(name);
  await page.getByLabel("Runs on").selectOption({ label: `group ${group.name}` });
  await expect(page.getByText(/^Runs on (local, second|second, local);/)).toBeVisible();
  await setEditorText(page, "compose.yaml", `services:\n  app:\n    image: ${image}\n    command: ${STOPPABLE}\n    environment:\n      WHERE: \${WHERE:-everywhere}\n`);
  await page.getByRole("button", { name: `Create ${name}` }).click();
  const stackId = await openedStackId(page);
  cleanups.push(() => trpcMutation(page, "stacks.delete", { hostId: local.id, stackId }));

  // local's own .env override (on its Files tab).
  await page.goto(`/stacks/${stackId}?host=${local.id}&tab=files`);
  const overrides = page.getByRole("region", { name: ".env overrides on local" });
  await overrides.getByRole("button", { name: "Add variable" }).click();
  await overrides.getByLabel("Name of new variable", { exact: true }).fill("WHERE");
  await overrides.getByLabel("Value of WHERE", { exact: true }).fill("on-local");
  await overrides.getByRole("button", { name: `Save overrides of ${name} on local` }).click();
  await expect(overrides.getByText("Saved.")).toBeVisible();
  await page.getByRole("navigation", { name: "Stack tabs" }).getByRole("button", { name: "Overview" }).click();

  // Deploy on both: one Operation per host, followed live.
  const fleet = page.getByRole("region", { name: `Deploy ${name} on every host` });
  await fleet.getByRole("button", { name: `Deploy ${name} on all 2 hosts` }).click();
  await expect(fleet.getByTestId("batch-target")).toHaveCount(2);
  await expect(fleet.getByTestId("batch-summary")).toContainText("2 succeeded, 0 failed", { timeout: 60_000 });
  await expect(fleet.getByTestId("batch-target").filter({ hasText: "local" })).toHaveAttribute("data-status", "succeeded");
  await expect(fleet.getByTestId("batch-target").filter({ hasText: "second" })).toHaveAttribute("data-status", "succeeded");
  const [onLocal] = await projectOn(engine1, name);
  const [onSecond] = await projectOn(engine2, name);
  expect(await envOf(engine1, onLocal!.id)).toContain("WHERE=on-local");
  expect(await envOf(engine2, onSecond!.id)).toContain("WHERE=everywhere");
  await page.screenshot({ path: "docs/screenshots/stacks-fleet-deploy.png", fullPage: true });

  // second goes offline: the next fleet deploy fails there at once, saying why; local proceeds.
  secondAgent.kill("SIGTERM");
  await expect.poll(async () => (await hostsNow()).find((h) => h.name === "second")?.status, { timeout: 30_000 }).toBe("offline");
  await fleet.getByRole("button", { name: `Deploy ${name} on all 2 hosts` }).click();
  const summary = fleet.getByTestId("batch-summary");
  await expect(summary).toContainText("1 succeeded, 1 failed", { timeout: 60_000 });
  await expect(summary).toContainText(/offline/);
  const failed = fleet.getByTestId("batch-target").filter({ hasText: "second" });
  await expect(failed).toHaveAttribute("data-status", "failed");
  await expect(failed).toContainText(/offline/);
  // The fleet view: where the stack runs, and at which revision.
  await page.getByTestId("nav-stacks").click();
  for (const host of ["local", "second"]) await expect(page.locator(`[data-testid=stack-row][data-stack="${name}"][data-host="${host}"]`)).toContainText("r1", { timeout: 15_000 });
});
