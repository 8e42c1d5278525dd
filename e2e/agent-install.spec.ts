import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, connect, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { signIn } from "./support";
import { trpcMutation, trpcQuery } from "./ui-support";

/**
 * The operator's story on a machine with no checkout: Add host prints one line; run inside a fresh
 * testbed engine's network namespace (no systemd there: the script starts the agent in the
 * background), the host is online within 10 s. Upgraded from the UI to a newer build while
 * containers are created (no event lost), then uninstalled with the printed line. Once more with
 * the single executable (--binary: it runs without Node.js; the namespace shares this machine's
 * files, so Node is on its PATH anyway, but the script installs and starts no Node for it).
 * The control plane listens on loopback; a TCP relay on the testbed's host address
 * ($DOCKMASTER_TESTBED_NET.0.1, reachable from every engine namespace) is its public URL here.
 */
const repo = fileURLToPath(new URL("..", import.meta.url));
const dataDir = process.env.E2E_DATA_DIR!;
const served = join(dataDir, "agent-dist");
const K = 2; // testbed engine 2: the local agent serves engine 1
const engineSocket = process.env.DOCKMASTER_TEST_ENGINES!.split(",")[K - 1]!;
const engine = createEngine(engineConfigFromEnv({ dockerHost: engineSocket }));
const RUN = `e2e-install-${process.pid}`;
const created: string[] = [];
let relay: Server;
let publicUrl: string;
const prefixes: string[] = [];

/**
 * Runs a shell line inside testbed engine K's network namespace, as root on "another machine".
 * Asynchronously: the relay it downloads through runs in this process.
 */
async function inNamespace(line: string, env: Record<string, string> = {}): Promise<string> {
  const child = spawn("bash", [join(repo, "scripts/testbed.sh"), "exec", String(K), "--", "env", ...Object.entries(env).map(([k, v]) => `${k}=${v}`), "sh", "-c", line], { cwd: tmpdir(), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  expect(code, `${line}\n${out}`).toBe(0);
  return out;
}

async function addHost(page: Page, name: string): Promise<{ install: string; uninstall: string }> {
  await page.goto("/hosts");
  await page.getByRole("button", { name: "Add a host" }).click();
  await page.getByLabel("Host name (optional)").fill(name);
  await page.getByRole("button", { name: "Create enrollment token" }).click();
  const install = (await page.getByTestId("enroll-command").textContent())!.trim();
  const uninstall = (await page.getByTestId("uninstall-command").textContent())!.trim();
  await expect(page.getByTestId("public-url-unset")).toHaveCount(0);
  expect(install).toMatch(new RegExp(`^curl -fsSL ${publicUrl.replace(/[.]/g, "\\.")}/agent/install\\.sh \\| sh -s -- --token \\S+$`));
  await page.getByRole("button", { name: "Done" }).click();
  return { install, uninstall };
}

const hostRow = (page: Page, name: string) => page.locator(`[data-testid="host-row"][data-host-name="${name}"]`);

test.beforeAll(async () => {
  rmSync(served, { recursive: true, force: true });
  cpSync(join(repo, "apps/agent/dist"), served, { recursive: true });
  relay = createServer((socket) => socket.pipe(connect(Number(process.env.E2E_PORT ?? 3199), "127.0.0.1")).pipe(socket).on("error", () => socket.destroy()).on("close", () => socket.destroy()));
  await new Promise<void>((resolve) => relay.listen(0, `${process.env.DOCKMASTER_TESTBED_NET}.0.1`, resolve));
  publicUrl = `http://${process.env.DOCKMASTER_TESTBED_NET}.0.1:${(relay.address() as { port: number }).port}`;
});
test.afterAll(async () => {
  // a failed step leaves no agent behind (each keeps its pid in its pid file, also after an upgrade)
  for (const prefix of prefixes) {
    const pidFile = join(prefix, "etc/agent.pid");
    if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, "utf8").trim()), "SIGTERM"); // uninstalled: gone with its prefix
  }
  for (const id of created) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  relay?.close();
});

test("install from the printed line, upgrade from the UI while events flow, uninstall; again with the single executable", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  await page.goto("/admin/users");
  await page.getByLabel("Public URL of this control plane").fill(publicUrl);
  await page.locator("form", { has: page.getByLabel("Public URL of this control plane") }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByLabel("Public URL of this control plane")).toHaveValue(publicUrl);

  // 1. the bundle, run by the namespace's node: no checkout (the script downloads and verifies it)
  const bundle = await addHost(page, `${RUN}-node`);
  const prefix = mkdtempSync(join(tmpdir(), "dm-agent-"));
  prefixes.push(prefix);
  const installed = Date.now();
  const said = await inNamespace(`${bundle.install} --prefix ${prefix} --docker-host ${engineSocket}`);
  expect(said).toContain("started in the background (no systemd here)");
  expect(said).toMatch(/installed .*dockmaster-agent\.cjs \(sha256 [0-9a-f]{64}\)/);
  await page.goto("/hosts");
  await expect(hostRow(page, `${RUN}-node`)).toContainText(/online/i, { timeout: 10_000 });
  expect(Date.now() - installed).toBeLessThan(20_000);
  expect((readFileSync(join(prefix, "etc/credentials.json")).length)).toBeGreaterThan(0);
  expect(execFileSync("stat", ["-c", "%a", join(prefix, "etc/credentials.json")], { encoding: "utf8" }).trim()).toBe("600");
  const hostId = (await trpcQuery<Array<{ id: string; name: string }>>(page, "hosts.list", undefined)).find((h) => h.name === `${RUN}-node`)!.id;

  // 2. a newer build on the control plane; upgrade from the host's row while containers are created
  // Not spawnSync: the relay the installed agent is connected through runs in this process.
  const rebuild = spawn(process.execPath, [join(repo, "apps/agent/scripts/build.mjs")], { env: { ...process.env, DOCKMASTER_AGENT_DIST: served, DOCKMASTER_AGENT_BUILD_VERSION: "0.1.1" }, stdio: "ignore" });
  expect(await new Promise((resolve) => rebuild.on("exit", resolve))).toBe(0);
  await page.reload();
  const row = hostRow(page, `${RUN}-node`);
  await expect(row.getByTestId("agent-upgrade-available")).toContainText("0.1.1");
  let flowing = true;
  const flow = (async () => {
    for (let i = 0; flowing; i++) {
      const { id } = await engine.createContainer({ image: process.env.DOCKMASTER_TEST_IMAGE!, name: `${RUN}-${i}`, cmd: ["true"], labels: { "dockmaster.test": "1" } });
      created.push(id);
      await new Promise((r) => setTimeout(r, 150));
    }
  })();
  await new Promise((r) => setTimeout(r, 500));
  await row.getByRole("button", { name: `Upgrade the agent of ${RUN}-node` }).click();
  await expect(row.getByTestId("batch-target")).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await new Promise((r) => setTimeout(r, 500));
  flowing = false;
  await flow;
  await page.reload();
  await expect(hostRow(page, `${RUN}-node`).getByTestId("agent-version")).toHaveAttribute("data-version", "0.1.1");
  await expect(hostRow(page, `${RUN}-node`)).toContainText(/online/i);
  expect(created.length).toBeGreaterThan(5);
  await expect
    .poll(async () => {
      const events = await trpcQuery<{ items: Array<{ actorId: string; action: string }> }>(page, "events.list", { hostId, type: "container", action: "create", limit: 500 });
      const seen = events.items.filter((e) => created.includes(e.actorId)).map((e) => e.actorId);
      return { all: created.every((id) => seen.includes(id)), once: new Set(seen).size === seen.length };
    }, { timeout: 15_000 })
    .toEqual({ all: true, once: true });

  // 3. uninstall with the printed line: the agent stops, the host goes offline; then it is revoked
  const gone = await inNamespace(`${bundle.uninstall} -s -- --prefix ${prefix}`);
  expect(gone).toContain("stopped the agent");
  await expect(hostRow(page, `${RUN}-node`)).toContainText(/offline/i, { timeout: 30_000 });
  await trpcMutation(page, "hosts.revoke", { hostId });

  // 4. the single executable (--binary): needs no Node.js
  const sea = await addHost(page, `${RUN}-sea`);
  const seaPrefix = mkdtempSync(join(tmpdir(), "dm-agent-"));
  prefixes.push(seaPrefix);
  const seaSaid = await inNamespace(`${sea.install} --binary --prefix ${seaPrefix} --docker-host ${engineSocket}`);
  expect(seaSaid).toMatch(/installed .*\/bin\/dockmaster-agent \(sha256/);
  await page.goto("/hosts");
  await expect(hostRow(page, `${RUN}-sea`)).toContainText(/online/i, { timeout: 10_000 });
  await expect(hostRow(page, `${RUN}-sea`).getByTestId("agent-version")).toHaveAttribute("data-version", "0.1.1");
  await inNamespace(`${sea.uninstall} -s -- --prefix ${seaPrefix}`);
  await expect(hostRow(page, `${RUN}-sea`)).toContainText(/offline/i, { timeout: 30_000 });
  const seaId = (await trpcQuery<Array<{ id: string; name: string }>>(page, "hosts.list", undefined)).find((h) => h.name === `${RUN}-sea`)!.id;
  await trpcMutation(page, "hosts.revoke", { hostId: seaId });
});
