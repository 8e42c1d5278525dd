import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import pg from "pg";
import type { AppRouter } from "@dockmaster/api";
import { builtInRoleId, createEnrollmentToken, createSession, hashPassword, type BuiltInRole } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { io as connectSocket, type Socket as ClientSocket } from "socket.io-client";
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from "../src/server/control-plane";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** A fresh, empty PostgreSQL database on the test cluster (scripts/with-postgres.sh). */
export async function freshPostgresDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DOCKMASTER_TEST_PG_URL;
  if (!base) throw new Error("DOCKMASTER_TEST_PG_URL is not set: run through scripts/with-postgres.sh (npm run test:integration)");
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A control plane on a random loopback port with its own database (SQLite file by default); no Next (pages answer 404). */
export async function startTestPlane(
  dir = mkdtempSync(join(tmpdir(), "dm-plane-")),
  port = 0,
  databaseUrl?: string,
  /** e.g. a short heartbeat, a bind address on the testbed switch, a shared secret key. */
  overrides: Partial<Omit<ControlPlaneOptions, "databaseUrl" | "port" | "pageHandler">> = {},
): Promise<ControlPlane & { dir: string }> {
  const plane = await startControlPlane({
    databaseUrl: databaseUrl ?? `file:${join(dir, "test.db")}`,
    port,
    bind: "127.0.0.1",
    secureCookies: false,
    secretKey: randomBytes(32),
    pageHandler: (_req, res) => res.writeHead(404).end("no pages in tests"),
    ...overrides,
  });
  return Object.assign(plane, { dir });
}

export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true });
}

/** A tRPC client over real HTTP that keeps cookies like a browser would. */
export function apiClient(port: number, address = "127.0.0.1") {
  const jar = new Map<string, string>();
  const setCookies: string[] = [];
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `http://${address}:${port}/api/trpc`,
        transformer: superjson,
        fetch: async (url, init) => {
          const headers = new Headers(init?.headers);
          if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
          const res = await fetch(url, { ...(init as RequestInit), headers });
          for (const line of res.headers.getSetCookie()) {
            setCookies.push(line);
            const [pair] = line.split(";");
            const [name, value] = (pair ?? "").split("=");
            if (!name) continue;
            if (value) jar.set(name, value);
            else jar.delete(name);
          }
          return res;
        },
      }),
    ],
  });
  return { client, jar, setCookies, cookieHeader: () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ") };
}

export interface AgentProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Runs the real agent (apps/agent/src/main.ts) as a child process with the given environment;
 * `inEngineNetns: k` runs it inside testbed engine k's network namespace (scripts/testbed.sh exec).
 */
export function spawnAgent(env: Record<string, string>, options: { inEngineNetns?: number } = {}): AgentProcess {
  const agent = [process.execPath, "--import", "tsx", join(REPO_ROOT, "apps/agent/src/main.ts")];
  const testbed = { DOCKMASTER_TESTBED_DIR: process.env.DOCKMASTER_TESTBED_DIR ?? "", DOCKMASTER_TESTBED_PREFIX: process.env.DOCKMASTER_TESTBED_PREFIX ?? "", DOCKMASTER_TESTBED_NET: process.env.DOCKMASTER_TESTBED_NET ?? "" };
  const [command, ...args] = options.inEngineNetns === undefined ? agent : ["bash", join(REPO_ROOT, "scripts/testbed.sh"), "exec", String(options.inEngineNetns), "--", ...agent];
  const child = spawn(command!, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", ...(options.inEngineNetns === undefined ? {} : testbed), ...env },
    stdio: "pipe",
  });
  let text = "";
  child.stdout.on("data", (d: Buffer) => (text += d.toString()));
  child.stderr.on("data", (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`);
}

export function testEngines(): string[] {
  const engines = process.env.DOCKMASTER_TEST_ENGINES?.split(",").filter(Boolean) ?? [];
  if (engines.length === 0) throw new Error("DOCKMASTER_TEST_ENGINES is not set: run integration tests through scripts/with-testbed.sh (npm run test:integration)");
  return engines;
}

export function testImage(): string {
  return process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
}

/** The tRPC error a call must end with: its code, message and HTTP status. Fails if the call succeeds. */
export async function trpcFailure(promise: Promise<unknown>): Promise<{ code: string; message: string; httpStatus: number }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError) {
      const data = (error.data ?? {}) as { code?: string; httpStatus?: number };
      return { code: data.code ?? "", message: error.message, httpStatus: data.httpStatus ?? 0 };
    }
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** apiClient carrying a session cookie ("dm_session=…", as signedInUser returns it). */
export function signedInClient(port: number, cookie: string) {
  const c = apiClient(port);
  const [name, value] = cookie.split("=");
  if (name && value) c.jar.set(name, value);
  return c.client;
}

/** A user with built-in role grants (global, or on one host) and a signed-in session cookie. */
export async function signedInUser(db: ControlPlane["db"], username: string, grants: Array<{ role: BuiltInRole; hostId?: string }>): Promise<{ id: string; cookie: string }> {
  const user = await db.user.create({ data: { username, passwordHash: await hashPassword("correct horse battery") } });
  for (const g of grants) {
    await db.grant.create({ data: { subjectType: "user", subjectId: user.id, roleId: builtInRoleId(g.role), scopeType: g.hostId ? "host" : "global", scopeId: g.hostId ?? null } });
  }
  return { id: user.id, cookie: `dm_session=${await createSession(db, user.id, { ip: null, userAgent: null })}` };
}

/**
 * A browser-like /ui socket.io client carrying a session cookie; resolves once connected. Its own
 * connection (forceNew): socket.io-client would otherwise multiplex it over an open connection to
 * the same server (e.g. an in-process direct-engine agent's), whose headers carry no cookie.
 */
/** `beforeConnect` attaches listeners for what the server sends right at connection. */
export async function uiClient(port: number, cookie: string, beforeConnect?: (socket: ClientSocket) => void): Promise<ClientSocket> {
  const socket = connectSocket(`http://127.0.0.1:${port}/ui`, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie } });
  beforeConnect?.(socket);
  await new Promise<void>((resolve, reject) => {
    socket.on("connect", resolve);
    socket.on("connect_error", reject);
  });
  return socket;
}

/**
 * A control plane with a real agent enrolled against testbed engine 1 (a host named `name`), and a
 * signed-in admin: its API client and its session cookie. `close` stops the agent and the plane.
 */
export async function planeWithAgent(name: string, overrides: Parameters<typeof startTestPlane>[3] = {}) {
  const dockerHost = testEngines()[0]!;
  const engine = createEngine(engineConfigFromEnv({ dockerHost }));
  const plane = await startTestPlane(undefined, 0, undefined, overrides);
  const { token } = await createEnrollmentToken(plane.db, { hostName: name });
  const agent = spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKER_HOST: dockerHost, DOCKMASTER_AGENT_STATE: join(plane.dir, "agent.json"), DOCKMASTER_ENROLL_TOKEN: token });
  const hostId = (await waitFor(() => plane.db.host.findFirst({ where: { status: "online" } }), "agent online", 20_000)).id;
  const adminCookie = (await signedInUser(plane.db, `${name}-admin`, [{ role: "admin" }])).cookie;
  const admin = apiClient(plane.port);
  admin.jar.set("dm_session", adminCookie.replace(/^dm_session=/, ""));
  return {
    engine,
    plane,
    hostId,
    admin,
    adminCookie,
    agent,
    async close() {
      await agent.stop();
      await plane.close();
      removeDir(plane.dir);
    },
  };
}

/**
 * The tests' private redis-server (scripts/with-redis.sh): its URL, and stop/start of the same
 * server on the same port, to cut scale-out instances apart and join them again.
 */
export function testRedis(): { url: string; stop(): void; start(): void } {
  const url = process.env.DOCKMASTER_TEST_REDIS_URL;
  if (!url) throw new Error("DOCKMASTER_TEST_REDIS_URL is not set: run through scripts/with-redis.sh (npm run test:integration)");
  const run = (command: "start" | "stop") => {
    const result = spawnSync("bash", [join(REPO_ROOT, "scripts/redis-test-server.sh"), command], { env: { ...process.env, DOCKMASTER_TEST_REDIS_PORT: new URL(url).port }, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`redis-test-server.sh ${command} failed: ${result.stderr}`);
  };
  return { url, stop: () => run("stop"), start: () => run("start") };
}
