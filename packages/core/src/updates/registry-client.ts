import pLimit, { type LimitFunction } from "p-limit";
import type { TagRef } from "./image-ref";

/**
 * Asks a registry for the digest a tag points at, directly (HEAD /v2/<repo>/manifests/<tag>).
 * Why not the engine's GET /distribution/{name}/json: that is one engine asking on behalf of one
 * host — an offline host or a host that cannot reach the registry would make the answer depend on
 * which host we happened to pick — while the fleet needs one answer per tag, asked once, from the
 * control plane that holds the credentials anyway.
 *
 * Manners: at most `concurrency` requests in flight per registry; 429 waits Retry-After (or backs
 * off exponentially) a few times, then fails; 401/403 with credentials is reported as an
 * authentication failure and never retried anonymously.
 */

/** Every manifest type a tag can point at: the digest returned is that of whatever the tag is. */
export const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

export interface RegistryLoginView {
  username: string;
  password: string;
}

export interface RegistryClientOptions {
  /** Stored login for a registry host, or null (anonymous). */
  loginFor: (registry: string) => Promise<RegistryLoginView | null>;
  /** Registries reached over plain HTTP (the ones engines list under insecure-registries). */
  plainHttp: (registry: string) => boolean;
  concurrencyPerRegistry: number;
  /** 429 answers retried before giving up. */
  maxRetries?: number;
  /** First backoff without Retry-After, doubled each time. */
  backoffMs?: number;
  /** Longest wait honoured from a Retry-After header. */
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export type DigestAnswer = { ok: true; digest: string } | { ok: false; error: string };

interface Challenge {
  scheme: "none" | "basic" | "bearer";
  realm?: string;
  service?: string;
}

const DOCKER_HUB_API = "registry-1.docker.io";

export class RegistryClient {
  private readonly limits = new Map<string, LimitFunction>();
  private readonly challenges = new Map<string, Promise<Challenge>>();
  private readonly tokens = new Map<string, { token: string; expires: number }>();
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: RegistryClientOptions) {
    this.fetch = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private base(registry: string): string {
    const host = registry === "docker.io" ? DOCKER_HUB_API : registry;
    return `${this.options.plainHttp(registry) ? "http" : "https"}://${host}`;
  }

  private limit(registry: string): LimitFunction {
    let limit = this.limits.get(registry);
    if (!limit) this.limits.set(registry, (limit = pLimit(Math.max(1, this.options.concurrencyPerRegistry))));
    return limit;
  }

  /** The digest of `ref`'s tag in its registry, or what went wrong in words an operator can act on. */
  remoteDigest(ref: TagRef): Promise<DigestAnswer> {
    return this.limit(ref.registry)(async () => {
      try {
        return await this.ask(ref);
      } catch (error) {
        return { ok: false, error: `${ref.registry}: ${describe(error)}` };
      }
    });
  }

  private async ask(ref: TagRef): Promise<DigestAnswer> {
    const login = await this.options.loginFor(ref.registry);
    const challenge = await this.challenge(ref.registry);
    const authorization = await this.authorization(ref, challenge, login);
    const url = `${this.base(ref.registry)}/v2/${ref.repository}/manifests/${encodeURIComponent(ref.tag)}`;
    const maxRetries = this.options.maxRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      const res = await this.fetch(url, { method: "HEAD", headers: { Accept: MANIFEST_ACCEPT, ...(authorization ? { Authorization: authorization } : {}) } });
      if (res.status === 429 && attempt < maxRetries) {
        await this.sleep(this.waitFor(res.headers.get("retry-after"), attempt));
        continue;
      }
      if (res.ok) {
        const digest = res.headers.get("docker-content-digest");
        return digest ? { ok: true, digest } : { ok: false, error: `${ref.registry} answered without a Docker-Content-Digest header` };
      }
      return { ok: false, error: failure(ref, res.status, login !== null) };
    }
  }

  private waitFor(retryAfter: string | null, attempt: number): number {
    const cap = this.options.maxRetryAfterMs ?? 60_000;
    const backoff = (this.options.backoffMs ?? 1_000) * 2 ** attempt;
    if (retryAfter === null) return backoff;
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1_000 : Date.parse(retryAfter) - Date.now();
    return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), cap) : backoff;
  }

  /** One GET /v2/ per registry (per client) tells how it wants to be asked; the tags then cost one request each. */
  private challenge(registry: string): Promise<Challenge> {
    let known = this.challenges.get(registry);
    if (!known) {
      known = this.fetch(`${this.base(registry)}/v2/`, { method: "GET" }).then((res): Challenge => {
        void res.body?.cancel();
        if (res.status !== 401) return { scheme: "none" };
        return parseChallenge(res.headers.get("www-authenticate") ?? "");
      });
      known.catch(() => this.challenges.delete(registry));
      this.challenges.set(registry, known);
    }
    return known;
  }

  private async authorization(ref: TagRef, challenge: Challenge, login: RegistryLoginView | null): Promise<string | null> {
    const basic = login ? `Basic ${Buffer.from(`${login.username}:${login.password}`).toString("base64")}` : null;
    if (challenge.scheme === "none") return null;
    if (challenge.scheme === "basic") {
      if (!basic) throw new Error("the registry asks for a login and none is stored for it (Registries page)");
      return basic;
    }
    const scope = `repository:${ref.repository}:pull`;
    const cacheKey = `${ref.registry} ${scope}`;
    const cached = this.tokens.get(cacheKey);
    if (cached && cached.expires > Date.now()) return `Bearer ${cached.token}`;
    if (!challenge.realm) throw new Error("the registry's Bearer challenge names no realm");
    const url = new URL(challenge.realm);
    // The stored login goes to the token service only over TLS or to the registry's own host: a
    // registry cannot send it in clear text to an address of its choosing.
    const sameHost = url.host === new URL(this.base(ref.registry)).host;
    if (basic && url.protocol !== "https:" && !sameHost) throw new Error(`the registry's token service ${url.origin} is neither HTTPS nor the registry itself: the stored login is not sent there`);
    if (challenge.service) url.searchParams.set("service", challenge.service);
    url.searchParams.set("scope", scope);
    const res = await this.fetch(url, { headers: basic ? { Authorization: basic } : {} });
    if (!res.ok) throw new Error(`the token service refused ${login ? "the stored login" : "an anonymous token"} (HTTP ${res.status})`);
    const body = (await res.json()) as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error("the token service answered without a token");
    this.tokens.set(cacheKey, { token, expires: Date.now() + Math.max(30, (body.expires_in ?? 60) - 10) * 1_000 });
    return `Bearer ${token}`;
  }
}

/** `Bearer realm="https://auth.example/token",service="registry.example"` → its parts. */
export function parseChallenge(header: string): Challenge {
  const scheme = header.trim().split(/\s+/)[0]?.toLowerCase();
  if (scheme === "basic") return { scheme: "basic" };
  if (scheme !== "bearer") return { scheme: "basic" };
  const params = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]));
  return { scheme: "bearer", realm: params.realm, service: params.service };
}

function failure(ref: TagRef, status: number, withLogin: boolean): string {
  const where = `${ref.registry}/${ref.repository}:${ref.tag}`;
  if (status === 401 || status === 403) return `${where}: authentication failed (HTTP ${status}) ${withLogin ? "with the stored login: check it on the Registries page" : "and no login is stored for this registry"}`;
  if (status === 404) return `${where}: the registry has no such tag (HTTP 404)`;
  if (status === 429) return `${where}: still rate limited (HTTP 429) after retrying`;
  return `${where}: the registry answered HTTP ${status}`;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}
