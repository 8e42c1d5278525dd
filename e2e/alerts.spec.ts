import { expect, test } from "@playwright/test";
import { createHmac } from "node:crypto";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { webhookReceiver } from "../apps/web/test/alert-receivers";
import { signIn } from "./support";

// One story: the admin adds a webhook channel and sends a test (the receiver's answer is shown),
// adds a rule for non-zero exits, then a container exits 1 on the local host: the alert appears
// on the page live and the receiver gets one signed message. Then the rule is edited (a stacks
// scope), the channel gets quiet hours (a bad time refused naming the field; its secret kept),
// and a disk rule raises host.disk on the page.
const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const name = `e2e-alert-${process.pid}`;
const SECRET = "e2e-webhook-secret-0123";
const created: string[] = [];

test("a container exiting 1 raises an alert on the page and at the webhook receiver", async ({ page }) => {
  const hook = await webhookReceiver();
  try {
    await signIn(page);
    await page.getByTestId("nav-alerts").click();
    await page.getByTestId("channel-name").fill(`e2e-hook-${process.pid}`);
    await page.getByTestId("channel-url").fill(hook.url);
    await page.getByTestId("channel-secret").fill(SECRET);
    await page.getByTestId("channel-save").click();
    const channel = page.getByTestId("channel-row").filter({ hasText: `e2e-hook-${process.pid}` });
    await expect(channel).toContainText(hook.url);
    await channel.getByTestId("channel-test").click();
    await expect(page.getByText("Delivered: HTTP 200: recorded")).toBeVisible();

    await page.getByTestId("rule-name").fill(`e2e-exits-${process.pid}`);
    await page.getByTestId("rule-form").getByLabel(`e2e-hook-${process.pid}`).check();
    await page.getByTestId("rule-save").click();
    await expect(page.getByTestId("rule-row").filter({ hasText: `e2e-exits-${process.pid}` })).toContainText("Container exited non-zero");

    const { id } = await engine.createContainer({ image, name, cmd: ["sh", "-c", "exit 1"] });
    created.push(id);
    await engine.startContainer(id);
    // Live: no reload, the page refetches on the socket's alerts:changed.
    const row = page.getByTestId("alert-row").and(page.locator(`[data-alert-subject="${name}"]`));
    await expect(row).toContainText(`exited with code 1`, { timeout: 20_000 });
    await expect.poll(() => hook.received.filter((h) => h.body.includes(`"subject":"${name}"`)).length, { timeout: 15_000 }).toBe(1);
    const raised = hook.received.find((h) => h.body.includes(`"subject":"${name}"`))!;
    const timestamp = String(raised.headers["x-dockmaster-timestamp"]);
    expect(raised.headers["x-dockmaster-signature"]).toBe(`sha256=${createHmac("sha256", SECRET).update(`${timestamp}.${raised.body}`).digest("hex")}`);

    await channel.getByTestId("channel-log").click();
    await expect(page.getByTestId("delivery-row").and(page.locator('[data-delivery-status="delivered"]'))).toHaveCount(2); // the test and the alert

    // Edit the rule: narrow it to a stack; the form opens filled with the rule.
    const ruleRow = page.locator(`[data-testid="rule-row"][data-rule-name="e2e-exits-${process.pid}"]`);
    await ruleRow.getByTestId("rule-edit").click();
    await expect(page.getByTestId("rule-name")).toHaveValue(`e2e-exits-${process.pid}`);
    await page.getByTestId("rule-stacks").fill("shop");
    await page.getByTestId("rule-save").click();
    await expect(ruleRow.getByTestId("rule-scope")).toHaveText("stack shop");

    // Quiet hours on the channel: a bad time is refused naming the field; the secret is left empty (kept).
    await channel.getByTestId("channel-edit").click();
    await expect(page.getByTestId("channel-secret")).toHaveValue("");
    await page.getByTestId("channel-quiet-start").fill("7pm");
    await page.getByTestId("channel-quiet-end").fill("07:00");
    await page.getByTestId("channel-save").click();
    await expect(page.getByText("quietHours.start must be a time HH:MM")).toBeVisible();
    await page.getByTestId("channel-quiet-start").fill("22:00");
    await page.getByTestId("channel-save").click();
    await expect(channel.getByTestId("channel-quiet")).toHaveText("22:00–07:00 UTC");
    // The URL and signing secret were kept: a test still reaches the receiver, signed.
    await channel.getByTestId("channel-test").click();
    await expect.poll(() => hook.received.filter((h) => h.body.includes('"event":"test"')).length).toBe(2);

    // Docker disk use over a (tiny) threshold: measured every 5 s here, the alert shows on the page.
    await page.getByTestId("rule-name").fill(`e2e-disk-${process.pid}`);
    await page.getByTestId("rule-form").getByLabel("Container exited non-zero").uncheck();
    await page.getByTestId("rule-form").getByLabel("Docker disk use over threshold").check();
    await page.getByTestId("rule-disk-gb").fill("0.001");
    await page.getByTestId("rule-form").getByLabel(`e2e-hook-${process.pid}`).check();
    await page.getByTestId("rule-save").click();
    await expect(page.getByTestId("alert-row").and(page.locator('[data-alert-kind="host.disk"]'))).toContainText(/Docker on .* uses [\d.]+ GiB/, { timeout: 30_000 });
  } finally {
    for (const id of created) await engine.removeContainer(id, { force: true }).catch(() => undefined);
    await hook.close();
  }
});
