import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitStackSync, signBody, SecretBox } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { startGitServer, type GitServer } from "./git-server";
import { planeWithAgent, signedInClient, signedInUser, testEngines, testImage, trpcFailure, waitFor } from "./support";
import { stackEngine } from "../src/server/stack-engine";

/**
 * Git-backed stacks against a real git server on loopback (`git http-backend` behind basic auth):
 * the first revision records the commit; the password is sealed and sent only as an HTTP header;
 * the signed webhook fetches and redeploys only when the files changed, refuses a bad signature and
 * a replayed delivery; polling fetches only when the branch moved, and the plane's own poller redeploys
 * the push on the engine. The real compose engine throughout (loader, planner, the agent's stack.apply).
 */
const RUN = `dmsg${process.pid}`;
const KEY = randomBytes(32);
const AUTH = { username: "gituser", password: "git-pa55-never-logged" };
const engine = createEngine(engineConfigFromEnv({ dockerHost: testEngines()[0]! }));
let env: Awaited<ReturnType<typeof planeWithAgent>>;
let repo: GitServer;
let deployer: ReturnType<typeof signedInClient>;
let stackId = "";
let secret = "";
let webhookUrl = "";
const compose = (word: string) => JSON.stringify({ services: { web: { image: testImage(), command: ["sh", "-c", `trap 'exit 0' TERM; echo ${word}; sleep 3600 & wait`] } } });
const revisions = async () => (await deployer.stacks.revisions.query({ hostId: env.hostId, stackId })).map((r) => [r.number, r.gitCommit]);
const webhook = (body: string, headers: Record<string, string>) => fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

beforeAll(async () => {
  repo = await startGitServer(AUTH);
  env = await planeWithAgent("stacks-git", { secretKey: KEY, stackEngine: ({ hub, registryAuth }) => stackEngine(hub, registryAuth), gitPollEveryMs: 500 });
  deployer = signedInClient(env.plane.port, (await signedInUser(env.plane.db, "git-deployer", [{ role: "deployer" }])).cookie);
}, 60_000);
afterAll(async () => {
  for (const c of await engine.listContainers({ all: true })) if (c.labels["com.docker.compose.project"]?.startsWith(RUN)) await engine.removeContainer(c.id, { force: true }).catch(() => undefined);
  await env?.close();
  await repo?.close();
});

describe("git-backed stacks", () => {
  it("creates a stack from a branch and path: the revision records the commit; the password is sealed, sent as a header only", async () => {
    const first = repo.commit({ "apps/shop/compose.yaml": compose("one"), "apps/shop/web.env": "A=1\n", "README.md": "elsewhere" }, "one");
    const wrong = await trpcFailure(deployer.stacks.createFromGit.mutate({ hostId: env.hostId, name: `${RUN}-x`, git: { url: repo.url, path: "apps/shop", username: AUTH.username, password: "wrong-password" } }));
    expect(wrong.code).toBe("PRECONDITION_FAILED");
    expect(wrong.message).not.toContain("wrong-password");
    const created = await deployer.stacks.createFromGit.mutate({ hostId: env.hostId, name: `${RUN}-shop`, git: { url: repo.url, path: "apps/shop", username: AUTH.username, password: AUTH.password, webhook: true, autoDeploy: true }, env: "TOKEN=t\n" });
    stackId = created.stack.id;
    secret = created.webhookSecret!;
    webhookUrl = `http://127.0.0.1:${env.plane.port}${created.webhookPath}`;
    expect(created.revision).toMatchObject({ number: 1, gitCommit: first });
    const shown = await deployer.stacks.get.query({ hostId: env.hostId, stackId });
    expect(shown.revision.composeFiles).toEqual([{ path: "compose.yaml", content: compose("one") }]);
    expect(shown.revision.otherFiles).toEqual([{ path: "web.env", content: "A=1\n" }]); // only the stack's directory
    const row = await env.plane.db.stack.findUniqueOrThrow({ where: { id: stackId } });
    expect(row.gitPasswordSealed).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(AUTH.password);
    expect(JSON.stringify(shown)).not.toContain(AUTH.password);
    const audits = await env.plane.db.auditEvent.findMany({ where: { action: "stacks.createFromGit" } });
    expect(audits).toHaveLength(2);
    for (const a of audits) expect(a.params).not.toContain(AUTH.password);
    expect(repo.requests.some((r) => r.authorization === `Basic ${Buffer.from(`${AUTH.username}:${AUTH.password}`).toString("base64")}`)).toBe(true);
  });

  it("the webhook refuses a bad signature and an unknown stack, and deploys nothing for unchanged files", async () => {
    const body = JSON.stringify({ ref: "refs/heads/main" });
    expect((await webhook(body, { "x-hub-signature-256": signBody("not-the-secret", body) })).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${env.plane.port}/api/stacks/nope/webhook`, { method: "POST", body })).status).toBe(404);
    expect((await webhook(body, { "x-hub-signature-256": signBody(secret, body), "x-github-delivery": "d-1" })).status).toBe(202);
    await deployer.stacks.syncGit.mutate({ hostId: env.hostId, stackId }); // joins the webhook's fetch
    expect(await revisions()).toHaveLength(1);
    expect(await env.plane.db.operation.count({ where: { action: "stacks.deploy" } })).toBe(0);
    const denied = await env.plane.db.auditEvent.findMany({ where: { action: "stacks.webhook", result: "denied" } });
    expect(denied.map((d) => d.error).sort()).toEqual(["bad signature", "no such stack webhook"]);
  });

  it("a push then the webhook: a new revision with the commit, deployed (autoDeploy) as the stack's creator; the same delivery again is refused", async () => {
    const second = repo.commit({ "apps/shop/compose.yaml": compose("two") }, "two");
    const body = JSON.stringify({ ref: "refs/heads/main", after: second });
    expect((await webhook(body, { "x-hub-signature-256": signBody(secret, body), "x-github-delivery": "d-2" })).status).toBe(202);
    await waitFor(async () => ((await revisions()).length === 2 ? true : null), "revision 2", 15_000);
    expect((await revisions())[0]).toEqual([2, second]);
    const operation = await waitFor(() => env.plane.db.operation.findFirst({ where: { action: "stacks.deploy", status: { in: ["succeeded", "failed"] } } }), "the auto-deploy", 20_000);
    expect(operation).toMatchObject({ status: "succeeded", actorName: "git-deployer" });
    const [container] = (await engine.listContainers({ all: true })).filter((c) => c.labels["com.docker.compose.project"] === `${RUN}-shop`);
    expect(container!.command).toContain("echo two");
    expect((await webhook(body, { "x-hub-signature-256": signBody(secret, body), "x-github-delivery": "d-2" })).status).toBe(409);
  });

  it("polling fetches only when the branch moved, once across instances", async () => {
    const redeployed: number[] = [];
    const sync = new GitStackSync({ db: env.plane.db, secrets: new SecretBox(Buffer.alloc(32)), log: { warn: () => undefined }, redeploy: (_s, n) => {
        redeployed.push(n);
        return Promise.resolve();
      } });
    // Polled just now: the plane's own poller (every 500 ms) leaves it alone until the last step.
    await env.plane.db.stack.update({ where: { id: stackId }, data: { pollIntervalSeconds: 60, lastPolledAt: new Date() } });
    // Another key cannot open the password: that poll fails (reported), nothing is added.
    expect(await sync.pollDue(new Date(Date.now() + 61_000))).toBe(1);
    expect(await revisions()).toHaveLength(2);
    const third = repo.commit({ "apps/shop/compose.yaml": compose("three") }, "three");
    const real = new GitStackSync({ db: env.plane.db, secrets: new SecretBox(KEY), log: { warn: () => undefined }, redeploy: (_s, n) => {
        redeployed.push(n);
        return Promise.resolve();
      } });
    const later = new Date(Date.now() + 130_000);
    const [a, b] = await Promise.all([real.pollDue(later), real.pollDue(later)]);
    expect(a + b).toBe(1); // claimed once
    await waitFor(async () => ((await revisions()).length === 3 ? true : null), "revision 3 from polling", 15_000);
    expect((await revisions())[0]).toEqual([3, third]);
    expect(redeployed).toEqual([3]);
    // Nothing moved: the next due poll adds nothing.
    await real.pollDue(new Date(Date.now() + 200_000));
    expect(await revisions()).toHaveLength(3);

    // The plane's own poller, once the stack is due: the push is fetched and redeployed (autoDeploy) on the engine.
    const fourth = repo.commit({ "apps/shop/compose.yaml": compose("four") }, "four");
    const deployed = () => env.plane.db.operation.findMany({ where: { action: "stacks.deploy", status: "succeeded" }, orderBy: { createdAt: "asc" } });
    const deploysBefore = (await deployed()).length;
    await env.plane.db.stack.update({ where: { id: stackId }, data: { lastPolledAt: new Date(0) } });
    await waitFor(async () => ((await revisions()).length === 4 ? true : null), "revision 4 from the plane's poller", 15_000);
    expect((await revisions())[0]).toEqual([4, fourth]);
    const after = await waitFor(async () => ((await deployed()).length > deploysBefore ? deployed() : null), "the polled redeploy succeeded", 30_000);
    expect(after.at(-1)!.actorName).toBe("git-deployer");
    const [container] = (await engine.listContainers({ all: true })).filter((c) => c.labels["com.docker.compose.project"] === `${RUN}-shop`);
    expect(container!.command).toContain("echo four");
  });
});
