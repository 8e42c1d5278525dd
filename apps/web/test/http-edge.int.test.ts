import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beginLoginAttempt, hashPassword } from "@dockmaster/core";
import { stackEngine } from "../src/server/stack-engine";
import { removeDir, signedInClient, signedInUser, startTestPlane } from "./support";

/**
 * The HTTP edge (apps/web/src/server/routes.ts and http-limits.ts): what reaches a procedure at
 * all. Batches are bounded and every login in one is throttled; bodies are bounded and refused
 * before they are buffered; input that cannot be read is a 400 naming the problem, never a 500.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let base: string;
let adminCookie: string;

beforeAll(async () => {
  plane = await startTestPlane(undefined, 0, undefined, { stackEngine: ({ hub, registryAuth }) => stackEngine(hub, registryAuth) }); // the real loader: stacks.validate
  base = `http://127.0.0.1:${plane.port}`;
  adminCookie = (await signedInUser(plane.db, "edge-admin", [{ role: "admin" }])).cookie;
});
afterAll(async () => {
  await plane.close();
  removeDir(plane.dir);
});

async function userNamed(username: string) {
  await plane.db.user.create({ data: { username, passwordHash: await hashPassword("correct horse battery") } });
}

/** A batched POST of `count` calls to one procedure, each with its own input. */
function batchPost(procedure: string, inputs: unknown[], headers: Record<string, string> = {}) {
  const path = Array.from({ length: inputs.length }, () => procedure).join(",");
  const body = Object.fromEntries(inputs.map((input, i) => [String(i), { json: input }]));
  return fetch(`${base}/api/trpc/${path}?batch=1`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

type TrpcError = { error: { json: { message: string; data: { code: string; httpStatus: number } } } };

describe("batches", () => {
  it("refuses a batch of more than 10 calls with a 400 naming the limit", async () => {
    const res = await batchPost("auth.login", Array.from({ length: 11 }, () => ({ username: "nobody", password: "wrong wrong wrong" })));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/at most 10 calls/);
  });

  it("refuses a GET batch over the limit too", async () => {
    const path = Array.from({ length: 200 }, () => "auth.status").join(",");
    const res = await fetch(`${base}/api/trpc/${path}?batch=1&input=%7B%7D`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/at most 10 calls/);
  });

  it("counts every login of one batch against the throttle: only the first 5 failures are evaluated", async () => {
    await userNamed("batch-victim");
    const res = await batchPost("auth.login", Array.from({ length: 10 }, (_, i) => ({ username: "batch-victim", password: `guess number ${i}` })));
    const results = (await res.json()) as TrpcError[];
    const codes = results.map((r) => r.error.json.data.code);
    expect(codes.filter((c) => c === "UNAUTHORIZED").length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === "TOO_MANY_REQUESTS").length).toBeGreaterThanOrEqual(5);
    expect(await plane.db.loginFailure.count({ where: { username: "batch-victim" } })).toBeLessThanOrEqual(5);
  });

  it("counts attempts judged at the same moment (parallel requests, other instances): of 12, at most 5 pass", async () => {
    // The throttle itself, 12 attempts at one instant (so no back-off window can run out meanwhile).
    const now = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, () => beginLoginAttempt(plane.db, "parallel-victim", "198.51.100.7", now)));
    expect(outcomes.filter((o) => o.status === "fulfilled").length).toBeLessThanOrEqual(5);
    expect(outcomes.filter((o) => o.status === "rejected").length).toBeGreaterThanOrEqual(7);
  });

  it("still signs in a right password on the first try of a batch", async () => {
    await userNamed("batch-ok");
    const res = await batchPost("auth.login", [{ username: "batch-ok", password: "correct horse battery" }]);
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("dm_session="))).toBe(true);
  });
});

/**
 * Sends a valid JSON login whose password is `mib` MiB long, in 1 MiB chunks (its length declared
 * up front, or chunked); resolves with the status, the answer and how long it took.
 */
function sendLargeBody(path: string, mib: number, declareLength: boolean): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  const head = Buffer.from('{"json":{"username":"x","password":"');
  const tail = Buffer.from('"}}');
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const total = head.length + mib * chunk.length + tail.length;
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...(declareLength ? { "content-length": String(total) } : {}) } }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, ms: Date.now() - started }));
      res.on("error", reject);
    });
    // The server may close the connection once it has answered: that is the point.
    req.on("error", () => undefined);
    req.write(head);
    let sent = 0;
    const pump = () => {
      while (sent < mib) {
        sent++;
        if (req.destroyed) return;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end(tail);
    };
    pump();
  });
}

describe("request bodies", () => {
  const MB150 = 150;

  it.each([
    ["declared with Content-Length", true],
    ["sent chunked, without a length", false],
  ])("refuses a 150 MB login body %s with a 413, quickly, without buffering it", async (_label, declare) => {
    const rssBefore = process.memoryUsage().rss;
    const result = await sendLargeBody("/api/trpc/auth.login", MB150, declare);
    expect(result.status).toBe(413);
    expect(result.body).toMatch(/request body is larger than 64 KiB/);
    expect(result.ms).toBeLessThan(3_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(60 * 1024 * 1024);
    // and the server still answers at once
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
  });

  it("refuses a body on routes that take none (health, exports) before reading it", async () => {
    const result = await sendLargeBody("/api/health", 20, true);
    expect(result.status).toBe(413);
  });

  it("accepts an ordinary login body", async () => {
    const res = await fetch(`${base}/api/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { username: "nobody-here", password: "x".repeat(1000) } }) });
    expect(res.status).toBe(401);
  });
});

describe("large compose files", () => {
  /** A valid compose file of about `kib` KiB: one service, padded by a long comment (the editor sends what the user typed). */
  const bigCompose = (kib: number) => `services:\n  web:\n    image: busybox\n${Array.from({ length: kib * 16 }, (_, i) => `# line ${String(i).padStart(6, "0")} ${"x".repeat(49)}`).join("\n")}\n`;

  it("validates a 100 KB compose file from the editor (a POST: no URL length limit, the stack body limit)", async () => {
    const content = bigCompose(100);
    expect(Buffer.byteLength(content)).toBeGreaterThan(100 * 1024);
    const client = signedInClient(plane.port, adminCookie);
    const result = await client.stacks.validate.mutate({ name: "big", composeFiles: [{ path: "compose.yaml", content }] });
    expect(result.ok).toBe(true);
    expect(result.services.map((s) => s.name)).toEqual(["web"]);
  });

  it("validating is not audited (it changes nothing; the editor calls it at every pause in typing), but a refused validate is", async () => {
    const admin = signedInClient(plane.port, adminCookie);
    const files = { composeFiles: [{ path: "compose.yaml", content: "services:\n  web:\n    image: busybox\n" }] };
    const count = (action: string, result?: string) => plane.db.auditEvent.count({ where: { action, ...(result ? { result } : {}) } });
    const before = await count("stacks.validate");
    for (let i = 0; i < 3; i += 1) expect((await admin.stacks.validate.mutate({ name: "typing", ...files })).ok).toBe(true);
    expect(await count("stacks.validate")).toBe(before);
    const viewer = signedInClient(plane.port, (await signedInUser(plane.db, "edge-viewer", [{ role: "viewer" }])).cookie);
    await expect(viewer.stacks.validate.mutate({ name: "typing", ...files })).rejects.toThrow(/stack.deploy/);
    expect(await count("stacks.validate", "denied")).toBe(1);
  });
});

describe("input that cannot be read", () => {
  const post = (path: string, body: string, cookie = adminCookie) => fetch(`${base}/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json", cookie }, body });

  it("answers malformed JSON with a 400 that names the problem", async () => {
    const res = await post("auth.login", '{"json":{"username":"a",');
    expect(res.status).toBe(400);
    const body = (await res.json()) as TrpcError;
    expect(body.error.json.message).toMatch(/request body is not valid JSON/);
  });

  it("answers a lone surrogate in a JSON body with a 400, never a 500 or internal text", async () => {
    for (const [path, body] of [
      ["hosts.rename", '{"json":{"hostId":"\\ud800","name":"x"}}'],
      ["auth.login", '{"json":{"username":"\\udc00","password":"x"}}'],
      ["users.resetPassword", '{"json":{"userId":"a\\ud800b","password":"correct horse battery"}}'],
    ] as const) {
      const res = await post(path, body);
      const text = await res.text();
      expect(res.status, `${path}: ${text}`).toBe(400);
      expect(text).toMatch(/unpaired surrogate/);
      expect(text).not.toMatch(/prisma|invalid `|at .*\.ts/i);
    }
  });

  it("answers a lone surrogate in a GET query's input with a 400", async () => {
    const res = await fetch(`${base}/api/trpc/hosts.get?input=${encodeURIComponent('{"json":{"hostId":"\\ud800"}}')}`, { headers: { cookie: adminCookie } });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/unpaired surrogate/);
  });

  it("answers broken percent-encoding in a procedure path or query with a 400", async () => {
    for (const path of ["/api/trpc/%ED%A0%80", "/api/trpc/hosts.get?input=%E0%A4%A", "/api/trpc/hosts%.get"]) {
      const res = await fetch(`${base}${path}`, { headers: { cookie: adminCookie } });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
  });

  it("answers broken query strings of the exports with a 400 or a plain answer, never a 500", async () => {
    for (const query of ["text=%ED%A0%80", "text=%E0%A4%A", "actor=%uD800", "format=csv&text=%F0%9F", "hostId=%ED%A0%80&format=json"]) {
      for (const route of ["/api/audit/export", "/api/events/export"]) {
        const res = await fetch(`${base}${route}?${query}`, { headers: { cookie: adminCookie } });
        await res.text();
        expect(res.status, `${route}?${query}`).toBeLessThan(500);
      }
    }
  });
});

describe("what held before, kept", () => {
  it("refuses a mutation sent as GET with 405", async () => {
    const res = await fetch(`${base}/api/trpc/auth.logout`, { headers: { cookie: adminCookie } });
    expect(res.status).toBe(405);
  });

  it("refuses cross-origin and null-Origin POSTs", async () => {
    for (const origin of ["http://evil.example", "null", `http://127.0.0.1:${plane.port + 1}`]) {
      const res = await fetch(`${base}/api/trpc/auth.logout`, { method: "POST", headers: { origin, cookie: adminCookie, "content-type": "application/json" }, body: "{}" });
      expect(res.status, origin).toBe(403);
    }
    const sameOrigin = await fetch(`${base}/api/trpc/auth.status`, { headers: { origin: base } });
    expect(sameOrigin.status).toBe(200);
  });

  it("never keeps a session id chosen before sign-in (no session fixation)", async () => {
    await userNamed("fixation-target");
    const planted = "attacker-chosen-session-id-0123456789";
    const res = await fetch(`${base}/api/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json", cookie: `dm_session=${planted}` }, body: JSON.stringify({ json: { username: "fixation-target", password: "correct horse battery" } }) });
    expect(res.status).toBe(200);
    const issued = res.headers.getSetCookie().find((c) => c.startsWith("dm_session="));
    expect(issued).toBeDefined();
    expect(issued).not.toContain(planted);
    const withPlanted = await fetch(`${base}/api/trpc/auth.status`, { headers: { cookie: `dm_session=${planted}` } });
    expect(JSON.stringify(await withPlanted.json())).toContain('"user":null');
  });

  it("neutralises CSV cells that start with = + - @ in the audit export", async () => {
    // A failed login records the username as typed: "-cmd" is a valid username shape.
    await fetch(`${base}/api/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { username: "-cmd@evil", password: "whatever whatever" } }) });
    const csv = await (await fetch(`${base}/api/audit/export?format=csv&action=auth.login`, { headers: { cookie: adminCookie } })).text();
    expect(csv).toContain(`"'-cmd@evil"`);
    expect(csv).not.toMatch(/(^|,)"[-=+@]cmd/m);
  });
});

describe("security headers", () => {
  const expectSecured = (res: Response, what: string) => {
    expect(res.headers.get("x-frame-options"), what).toBe("DENY");
    expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
    expect(res.headers.get("referrer-policy"), what).toBe("no-referrer");
    expect(res.headers.get("cross-origin-opener-policy"), what).toBe("same-origin");
    expect(res.headers.get("content-security-policy"), what).toMatch(/frame-ancestors 'none'/);
  };

  it("are on every kind of response: API, health, exports, refusals, socket.io polling, pages", async () => {
    const responses: Array<[string, Promise<Response>]> = [
      ["tRPC query", fetch(`${base}/api/trpc/auth.status`)],
      ["tRPC refusal", fetch(`${base}/api/trpc/auth.logout`)],
      ["tRPC batch refusal", batchPost("auth.login", Array.from({ length: 11 }, () => ({ username: "a", password: "b" })))],
      ["health", fetch(`${base}/api/health`)],
      ["audit export", fetch(`${base}/api/audit/export?format=json`, { headers: { cookie: adminCookie } })],
      ["export refusal", fetch(`${base}/api/events/export`)],
      ["cross-site refusal", fetch(`${base}/api/trpc/auth.logout`, { method: "POST", headers: { origin: "null" }, body: "{}" })],
      ["socket.io polling", fetch(`${base}/socket.io/?EIO=4&transport=polling`)],
      ["page", fetch(`${base}/hosts`)],
    ];
    for (const [what, pending] of responses) {
      const res = await pending;
      await res.arrayBuffer();
      expectSecured(res, what);
    }
  });

  it("give pages a script policy with a fresh nonce, and API answers a policy that allows nothing", async () => {
    const [a, b] = await Promise.all([fetch(`${base}/login`), fetch(`${base}/login`)]);
    const nonceOf = (res: Response) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonceOf(a)).toBeTruthy();
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect(a.headers.get("content-security-policy")).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect((await fetch(`${base}/api/health`)).headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
  });
});

describe("page URLs", () => {
  it("refuses percent-encoding that is not UTF-8 text with a 400 before a page renders", async () => {
    for (const path of ["/hosts/%E0%A4%A", "/hosts/%ED%A0%80/containers", "/audit?text=%ED%A0%80", "/%C0%AF"]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toMatch(/percent-encoding that is not UTF-8 text/);
    }
    expect((await fetch(`${base}/hosts/a%20b?text=caf%C3%A9+x`)).status).toBe(404); // well-formed: on to the pages (404 in tests)
  });
});
