import { expect, test, type Page } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { openLocalHost, signIn } from "./support";

// The HTTP layer's promises as a browser sees them: security headers on pages and API answers,
// a Content-Security-Policy the app runs under without a single violation, and log text that can
// never become a link (an OSC 8 hyperlink printed by a container shows as plain text and URL).
test.describe.configure({ mode: "serial" });

const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const name = `e2e-osc8-${process.pid}`;
const created: string[] = [];

test.afterAll(async () => {
  for (const id of created) await engine.removeContainer(id, { force: true }).catch(() => undefined);
});

/** Every CSP violation the page reports, from the DOM event and from the console. */
async function watchCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => void (window as unknown as { reportCspViolation(t: string): void }).reportCspViolation(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber}:${e.columnNumber})`));
  });
  return violations;
}

function expectSecurityHeaders(headers: Record<string, string>, what: string) {
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("no-referrer");
  expect(headers["cross-origin-opener-policy"], what).toBe("same-origin");
  expect(headers["content-security-policy"], what).toContain("frame-ancestors 'none'");
}

test("pages and API answers carry the security headers, and the main pages run with no CSP violation", async ({ page }) => {
  const violations = await watchCspViolations(page);
  await signIn(page);
  for (const path of ["/", "/fleet/containers", "/events", "/audit", "/account", "/admin/users", "/registries"]) {
    const response = await page.goto(path);
    expect(response, path).not.toBeNull();
    const headers = response!.headers();
    expectSecurityHeaders(headers, path);
    expect(headers["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    await expect(page.getByRole("button", { name: /log ?out/i })).toBeVisible();
  }
  // A host's pages: the containers list, reached as a user does.
  await page.goto("/hosts");
  await openLocalHost(page);
  await expect(page.getByTestId("container-row").or(page.getByText(/no containers/i)).first()).toBeVisible();

  const api = await page.request.get("/api/trpc/auth.status");
  expect(api.status()).toBe(200);
  expectSecurityHeaders(api.headers(), "/api/trpc");
  expect(api.headers()["content-security-policy"]).toMatch(/^default-src 'none'/);
  expectSecurityHeaders((await page.request.get("/api/health")).headers(), "/api/health");
  expect(violations).toEqual([]);
});

test("an OSC 8 hyperlink printed by a container shows as text and URL, never as a link", async ({ page }) => {
  const violations = await watchCspViolations(page);
  const script = "printf 'before \\033]8;;http://evil.example/phish\\007click here\\033]8;;\\007 after\\n'; trap 'exit 0' TERM; sleep 3600 & wait";
  const { id } = await engine.createContainer({ image, name, cmd: ["sh", "-c", script], labels: { "dockmaster.test": "1" } });
  created.push(id);
  await engine.startContainer(id);

  await signIn(page);
  await openLocalHost(page);
  await page.locator(`[data-testid="container-row"][data-container-name="${name}"]`).getByRole("link", { name }).click();
  await page.getByRole("navigation", { name: "Container views" }).getByRole("link", { name: "Logs" }).click();
  const output = page.getByTestId("log-output");
  await expect(output).toContainText("before click here (http://evil.example/phish) after", { timeout: 10_000 });
  await expect(output.locator("a")).toHaveCount(0);
  // Searching shows the same words, plain too.
  await page.getByTestId("log-search").fill("phish");
  await expect(page.getByTestId("log-matches")).toHaveText("1 matching lines");
  await expect(output.locator("a")).toHaveCount(0);
  expect(violations).toEqual([]);
});

test("broken URLs to pages and exports answer without a server error or internal text", async ({ page }) => {
  await signIn(page);
  for (const path of ["/hosts/%E0%A4%A", "/hosts/%ED%A0%80/containers", "/%C0%AF", "/audit?text=%ED%A0%80", "/api/audit/export?text=%ED%A0%80", "/api/events/export?from=%E0%A4%A"]) {
    const res = await page.request.get(path);
    const body = await res.text();
    expect(res.status(), path).toBeLessThan(500);
    expect(body, path).not.toMatch(/URIError|at [\w.]+ \(|node_modules/);
    expectSecurityHeaders(res.headers(), path);
  }
});
