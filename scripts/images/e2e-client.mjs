// The HTTP client of the image checks (compose-e2e.mjs, scale-e2e.mjs): tRPC calls as the UI's
// client makes them, with the session cookie kept, and polling with a deadline.
export function e2eClient(base) {
  let cookie = "";
  const started = Date.now();

  async function call(path, type, input) {
    const json = JSON.stringify({ json: input });
    const url = `${base}/api/trpc/${path}`;
    const res = type === "query"
      ? await fetch(`${url}?input=${encodeURIComponent(json)}`, { headers: { cookie } })
      : await fetch(url, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: json });
    const setCookie = res.headers.getSetCookie?.() ?? [];
    if (setCookie.length) cookie = [...new Map([...cookie.split("; "), ...setCookie.map((c) => c.split(";")[0])].filter(Boolean).map((c) => [c.split("=")[0], c])).values()].join("; ");
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

  const step = (prefix) => (what) => console.log(`${prefix}: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  /** First-run setup: the first admin, signed in. */
  async function setup(password) {
    await until("/api/health", 90_000, async () => (await fetch(`${base}/api/health`)).ok);
    const status = await call("auth.status", "query");
    if (!status.needsSetup) throw new Error("expected a fresh install (first-run setup)");
    await call("auth.setup", "mutation", { username: "admin", password });
    const me = await call("auth.status", "query");
    if (me.user?.username !== "admin") throw new Error(`not signed in: ${JSON.stringify(me.user)}`);
  }

  /** A container started on the host and seen running; returns its id (remove it after). */
  async function runContainer(hostId, image, name) {
    await call("containers.create", "mutation", { hostId, spec: { image, name, cmd: ["sleep", "300"] }, start: true });
    const running = await until(`container ${name} running`, 30_000, async () => (await call("containers.list", "query", { hostId })).find((c) => c.name.replace(/^\//, "") === name && c.state === "running"));
    return running.id;
  }

  return { call, until, step, setup, runContainer };
}
