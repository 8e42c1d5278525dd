import { describe, expect, it } from "vitest";
import { MANIFEST_ACCEPT, RegistryClient, type RegistryClientOptions } from "./registry-client";

const REF = { registry: "reg.example:5000", repository: "team/app", tag: "1" };
const DIGEST = "sha256:" + "d".repeat(64);

/** A scripted registry: answers by URL, records every request. */
function fakeRegistry(answer: (url: string, init: RequestInit | undefined, n: number) => Response) {
  const calls: Array<{ url: string; method: string; headers: Record<string, string> }> = [];
  const fetchFn = ((input: string | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, method: init?.method ?? "GET", headers: (init?.headers ?? {}) as Record<string, string> });
    return Promise.resolve(answer(url, init, calls.length));
  }) as typeof fetch;
  return { calls, fetchFn };
}

const client = (fetchFn: typeof fetch, extra: Partial<RegistryClientOptions> = {}) =>
  new RegistryClient({ fetch: fetchFn, loginFor: () => Promise.resolve(null), plainHttp: () => false, concurrencyPerRegistry: 2, sleep: () => Promise.resolve(), ...extra });

describe("RegistryClient", () => {
  it("HEADs the manifest with every index and manifest Accept type and returns Docker-Content-Digest", async () => {
    const reg = fakeRegistry((url) => (url.endsWith("/v2/") ? new Response(null, { status: 200 }) : new Response(null, { status: 200, headers: { "Docker-Content-Digest": DIGEST } })));
    expect(await client(reg.fetchFn).remoteDigest(REF)).toEqual({ ok: true, digest: DIGEST });
    const head = reg.calls.find((c) => c.method === "HEAD")!;
    expect(head.url).toBe("https://reg.example:5000/v2/team/app/manifests/1");
    expect(head.headers.Accept).toBe(MANIFEST_ACCEPT);
    expect(MANIFEST_ACCEPT).toContain("application/vnd.oci.image.index.v1+json");
    expect(MANIFEST_ACCEPT).toContain("application/vnd.docker.distribution.manifest.list.v2+json");
  });

  it("honours 429 Retry-After and then succeeds", async () => {
    const waits: number[] = [];
    let heads = 0;
    const reg = fakeRegistry((url) => {
      if (url.endsWith("/v2/")) return new Response(null, { status: 200 });
      heads++;
      return heads === 1 ? new Response(null, { status: 429, headers: { "Retry-After": "7" } }) : new Response(null, { status: 200, headers: { "Docker-Content-Digest": DIGEST } });
    });
    const answer = await client(reg.fetchFn, { sleep: (ms) => (waits.push(ms), Promise.resolve()) }).remoteDigest(REF);
    expect(answer).toEqual({ ok: true, digest: DIGEST });
    expect(waits).toEqual([7_000]);
  });

  it("backs off exponentially without Retry-After, and gives up after the retries", async () => {
    const waits: number[] = [];
    const reg = fakeRegistry((url) => (url.endsWith("/v2/") ? new Response(null, { status: 200 }) : new Response(null, { status: 429 })));
    const answer = await client(reg.fetchFn, { sleep: (ms) => (waits.push(ms), Promise.resolve()), backoffMs: 100, maxRetries: 3 }).remoteDigest(REF);
    expect(answer).toEqual({ ok: false, error: expect.stringContaining("rate limited") as string });
    expect(waits).toEqual([100, 200, 400]);
  });

  it("reports an authentication failure with the stored login and never retries anonymously", async () => {
    const reg = fakeRegistry((url) => (url.endsWith("/v2/") ? new Response(null, { status: 401, headers: { "WWW-Authenticate": 'Basic realm="r"' } }) : new Response(null, { status: 401 })));
    const answer = await client(reg.fetchFn, { loginFor: () => Promise.resolve({ username: "u", password: "wrong" }) }).remoteDigest(REF);
    expect(answer).toEqual({ ok: false, error: expect.stringContaining("authentication failed (HTTP 401) with the stored login") as string });
    const heads = reg.calls.filter((c) => c.method === "HEAD");
    expect(heads).toHaveLength(1);
    expect(heads[0]!.headers.Authorization).toBe(`Basic ${Buffer.from("u:wrong").toString("base64")}`);
  });

  it("gets a Bearer token for the repository's pull scope with the stored login", async () => {
    const reg = fakeRegistry((url) => {
      if (url.endsWith("/v2/")) return new Response(null, { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="https://auth.example/token",service="reg"' } });
      if (url.startsWith("https://auth.example/token")) return Response.json({ token: "tok" });
      return new Response(null, { status: 200, headers: { "Docker-Content-Digest": DIGEST } });
    });
    const c = client(reg.fetchFn, { loginFor: () => Promise.resolve({ username: "u", password: "p" }) });
    expect(await c.remoteDigest(REF)).toEqual({ ok: true, digest: DIGEST });
    expect(await c.remoteDigest({ ...REF, tag: "2" })).toEqual({ ok: true, digest: DIGEST });
    const token = reg.calls.filter((call) => call.url.startsWith("https://auth.example/token"));
    expect(token).toHaveLength(1); // cached for the second tag of the same repository
    expect(token[0]!.url).toContain("scope=repository%3Ateam%2Fapp%3Apull");
    expect(token[0]!.headers.Authorization).toMatch(/^Basic /);
    expect(reg.calls.filter((call) => call.method === "HEAD").every((call) => call.headers.Authorization === "Bearer tok")).toBe(true);
    expect(reg.calls.filter((call) => call.url.endsWith("/v2/"))).toHaveLength(1); // one ping per registry
  });

  it("never sends the stored login to a plain-HTTP token service on another host", async () => {
    const reg = fakeRegistry((url) => (url.endsWith("/v2/") ? new Response(null, { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="http://elsewhere.example/token"' } }) : Response.json({ token: "t" })));
    const answer = await client(reg.fetchFn, { loginFor: () => Promise.resolve({ username: "u", password: "p" }) }).remoteDigest(REF);
    expect(answer).toEqual({ ok: false, error: expect.stringContaining("the stored login is not sent there") as string });
    expect(reg.calls.some((c) => c.url.startsWith("http://elsewhere.example"))).toBe(false);
  });

  it("keeps at most N requests in flight per registry", async () => {
    let inFlight = 0;
    let peak = 0;
    const fetchFn = (async (input: string | URL) => {
      if (String(input).endsWith("/v2/")) return new Response(null, { status: 200 });
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return new Response(null, { status: 200, headers: { "Docker-Content-Digest": DIGEST } });
    }) as typeof fetch;
    const c = client(fetchFn, { concurrencyPerRegistry: 3 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.remoteDigest({ ...REF, tag: String(i) })));
    expect(peak).toBe(3);
  });
});
