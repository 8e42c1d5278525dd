#!/usr/bin/env node
// The end-to-end check of a Dockmaster started from its images (scripts/compose-check.sh), over
// HTTP as the UI's client talks to it: first-run setup (sign in), the local engine's host comes
// online, a container is started on it and seen running, then removed.
//   node scripts/images/compose-e2e.mjs <base-url> <image>
const [base, image] = process.argv.slice(2);
if (!base || !image) throw new Error("usage: compose-e2e.mjs <base-url> <image>");
let cookie = "";

async function call(path, type, input) {
  const json = JSON.stringify({ json: input });
  const url = `${base}/api/trpc/${path}`;
  const res = type === "query"
    ? await fetch(`${url}?input=${encodeURIComponent(json)}`, { headers: { cookie } })
    : await fetch(url, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: json });
  const setCookie = res.headers.getSetCookie?.() ?? [];
  if (setCookie.length) cookie = setCookie.map((c) => c.split(";")[0]).join("; ");
  const body = await res.json();
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(body.error?.json?.message ?? body)}`);
  return body.result.data.json;
}

async function until(what, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const started = Date.now();
const step = (what) => console.log(`compose-e2e: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
await until("/api/health", 60_000, async () => (await fetch(`${base}/api/health`)).ok);
const status = await call("auth.status", "query");
if (!status.needsSetup) throw new Error("expected a fresh install (first-run setup)");
await call("auth.setup", "mutation", { username: "admin", password: "compose-check-password-1" });
const me = await call("auth.status", "query");
if (me.user?.username !== "admin") throw new Error(`not signed in: ${JSON.stringify(me.user)}`);
step("signed in as the first admin");
const host = await until("the local engine's host online", 60_000, async () => (await call("hosts.list", "query")).find((h) => h.name === "local" && h.status === "online"));
step(`host "local" online (${host.id})`);
const name = `compose-check-${process.pid}`;
const created = await call("containers.create", "mutation", { hostId: host.id, spec: { image, name, cmd: ["sleep", "300"] }, start: true });
let id = created.id ?? name;
try {
  const running = await until(`container ${name} running`, 30_000, async () => (await call("containers.list", "query", { hostId: host.id })).find((c) => c.name.replace(/^\//, "") === name && c.state === "running"));
  id = running.id;
  step(`container ${name} started and running`);
} finally {
  await call("containers.remove", "mutation", { hostId: host.id, id, force: true });
}
step("container removed: ok");
