import { createHash } from "node:crypto";

/**
 * The Docker Registry HTTP API v2, spoken by a test to the testbed's registry: read a manifest and
 * its config, upload a blob, put a manifest or an index. Lets a test make a "new image under the
 * same tag" or a multi-platform index without an engine (and without buildx, which Debian lacks).
 */
export const V2_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
export const MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

const sha256 = (bytes: Buffer) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

export function registryApi(address: string, username: string, password: string) {
  const auth = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  const base = `http://${address}/v2`;
  const call = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, { ...init, headers: { Authorization: auth, ...(init.headers as Record<string, string>) } });
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${url}: HTTP ${res.status} ${await res.text()}`);
    return res;
  };

  async function putBlob(repo: string, bytes: Buffer): Promise<Descriptor & { mediaType: "application/vnd.docker.container.image.v1+json" }> {
    const digest = sha256(bytes);
    const start = await call(`${base}/${repo}/blobs/uploads/`, { method: "POST" });
    const location = new URL(start.headers.get("location")!, `http://${address}`);
    location.searchParams.set("digest", digest);
    await call(location.toString(), { method: "PUT", body: new Uint8Array(bytes), headers: { "Content-Type": "application/octet-stream" } });
    return { mediaType: "application/vnd.docker.container.image.v1+json", digest, size: bytes.length };
  }

  async function putManifest(repo: string, reference: string, mediaType: string, document: unknown): Promise<Descriptor> {
    const bytes = Buffer.from(JSON.stringify(document));
    await call(`${base}/${repo}/manifests/${reference}`, { method: "PUT", body: new Uint8Array(bytes), headers: { "Content-Type": mediaType } });
    return { mediaType, digest: sha256(bytes), size: bytes.length };
  }

  async function manifest(repo: string, reference: string): Promise<{ document: { config: Descriptor; layers: Descriptor[] }; digest: string }> {
    const res = await call(`${base}/${repo}/manifests/${reference}`, { headers: { Accept: V2_MANIFEST } });
    return { document: (await res.json()) as { config: Descriptor; layers: Descriptor[] }, digest: res.headers.get("docker-content-digest")! };
  }

  /**
   * A new image made from the one at `from`: the same layers, its config changed by `edit` (e.g. a
   * label, or another architecture). Put at `tag` when given; its manifest descriptor either way.
   */
  async function variant(repo: string, from: string, edit: (config: Record<string, unknown>) => void, tag?: string): Promise<Descriptor> {
    const base = await manifest(repo, from);
    const config = JSON.parse((await (await call(`${baseUrl()}/${repo}/blobs/${base.document.config.digest}`)).text())) as Record<string, unknown>;
    edit(config);
    const configBlob = await putBlob(repo, Buffer.from(JSON.stringify(config)));
    const document = { schemaVersion: 2, mediaType: V2_MANIFEST, config: configBlob, layers: base.document.layers };
    return putManifest(repo, tag ?? (sha256(Buffer.from(JSON.stringify(document)))), V2_MANIFEST, document);
  }
  const baseUrl = () => base;

  /** A multi-platform index (Docker manifest list) at `tag`. */
  function putIndex(repo: string, tag: string, platforms: Array<Descriptor & { platform: { architecture: string; os: string } }>): Promise<Descriptor> {
    return putManifest(repo, tag, MANIFEST_LIST, { schemaVersion: 2, mediaType: MANIFEST_LIST, manifests: platforms });
  }

  return { manifest, putBlob, putManifest, variant, putIndex };
}
