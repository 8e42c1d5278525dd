/**
 * Benchmark: the update check of a large fleet against the testbed's real registry. 1,000
 * simulated hosts' snapshots (written straight into the control plane's store, as their agents'
 * full states would) run 200 distinct tags between them — 10 containers each, every tag on 50
 * hosts. The registry holds those 200 tags (images made through its API); half the hosts' images
 * carry the digest the tag points at, the other half an older one. One forced check must send
 * exactly 200 manifest requests (one per distinct tag, not one per container: 10,000), and find
 * the updates; we record its wall time, the requests per path, and the status read afterwards.
 * Writes bench/results/updates.json. Knobs: BENCH_UPDATE_HOSTS, BENCH_UPDATE_TAGS, BENCH_UPDATE_CONCURRENCY.
 */
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { ContainerSummary, ImageSummary } from "@dockmaster/protocol";
import { checkFleetForUpdates, createRegistryCredential, fleetUpdateStatus, replaceHostState, SecretBox, updateUpdateSettings } from "@dockmaster/core";
import { registryApi } from "../apps/web/test/registry-api";
import { removeDir, startTestPlane } from "../apps/web/test/support";
import { writeResult } from "./harness";

const HOSTS = Number(process.env.BENCH_UPDATE_HOSTS ?? 1_000);
const TAGS = Number(process.env.BENCH_UPDATE_TAGS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_UPDATE_CONCURRENCY ?? 8);
const PER_HOST = 10;
const address = process.env.DOCKMASTER_TEST_REGISTRY!;
const username = process.env.DOCKMASTER_TEST_REGISTRY_USER!;
const password = process.env.DOCKMASTER_TEST_REGISTRY_PASSWORD!;
if (!address) throw new Error("DOCKMASTER_TEST_REGISTRY is not set: run through scripts/with-testbed.sh");

const run = randomBytes(3).toString("hex");
const repo = `bench-upd-${run}`;
const api = registryApi(address, username, password);

// 200 tags in the registry: one tiny layer shared, a config per tag (so each has its own digest).
const t0 = performance.now();
const layer = await api.putBlob(repo, gzipSync(Buffer.alloc(1024)));
const digests: string[] = [];
for (let i = 0; i < TAGS; i++) {
  const config = await api.putBlob(repo, Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", config: { Labels: { tag: String(i), run } }, rootfs: { type: "layers", diff_ids: [] } })));
  const manifest = await api.putManifest(repo, `t${i}`, "application/vnd.docker.distribution.manifest.v2+json", {
    schemaVersion: 2,
    mediaType: "application/vnd.docker.distribution.manifest.v2+json",
    config,
    layers: [{ ...layer, mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip" }],
  });
  digests.push(manifest.digest);
}
const registrySetupMs = performance.now() - t0;

const secretKey = randomBytes(32);
const plane = await startTestPlane(undefined, 0, undefined, { secretKey });
await createRegistryCredential(plane.db, new SecretBox(secretKey), { name: "bench", serverAddress: address, username, password }, null);
await updateUpdateSettings(plane.db, { plainHttpRegistries: [address], concurrencyPerRegistry: CONCURRENCY });

// The fleet's snapshots: host h runs tags (h*10 .. h*10+9) mod 200; odd hosts hold an older digest.
const OLD = `sha256:${"0".repeat(64)}`;
const t1 = performance.now();
for (let h = 0; h < HOSTS; h++) {
  const images: ImageSummary[] = [];
  const containers: ContainerSummary[] = [];
  for (let k = 0; k < PER_HOST; k++) {
    const tag = (h * PER_HOST + k) % TAGS;
    const id = `sha256:${h.toString(16).padStart(8, "0")}${k.toString(16).padStart(56, "0")}`;
    const ref = `${address}/${repo}:t${tag}`;
    images.push({ id, repoTags: [ref], repoDigests: [`${address}/${repo}@${h % 2 ? OLD : digests[tag]}`], created: 1_700_000_000, size: 1_000, containers: 1 });
    containers.push({ id: `${h}-${k}`.padEnd(64, "0"), name: `h${h}-c${k}`, image: ref, imageId: id, command: "sleep", created: 1_700_000_000, state: "running", status: "Up", ports: [], labels: {} });
  }
  const info = { name: `bench-host-${h}`, serverVersion: "20.10.24", apiVersion: "1.41", operatingSystem: "Simulated Linux", architecture: "x86_64", kernelVersion: "6.1", cpus: 2, memTotal: 1 << 30, containers: PER_HOST, containersRunning: PER_HOST, containersPaused: 0, containersStopped: 0, images: PER_HOST };
  await replaceHostState(plane.db, `bench-host-${h}`, { reason: "connected", takenAt: Date.now(), info, containers, images, networks: [], volumes: [] });
}
const snapshotsMs = performance.now() - t1;

const requests: string[] = [];
const counting = ((input: string | URL, init?: RequestInit) => {
  requests.push(`${init?.method ?? "GET"} ${new URL(String(input)).pathname}`);
  return fetch(input, init);
}) as typeof fetch;
const t2 = performance.now();
const summary = await checkFleetForUpdates(plane.db, new SecretBox(secretKey), { force: true, fetch: counting });
const checkMs = performance.now() - t2;
const t3 = performance.now();
const status = await fleetUpdateStatus(plane.db, {});
const statusMs = performance.now() - t3;

const manifestRequests = requests.filter((r) => r.includes("/manifests/"));
const result = {
  hosts: HOSTS,
  containers: HOSTS * PER_HOST,
  distinctTags: TAGS,
  concurrencyPerRegistry: CONCURRENCY,
  registryRequests: { total: requests.length, manifestHeads: manifestRequests.length, distinctManifestPaths: new Set(manifestRequests).size, authPing: requests.filter((r) => r === "GET /v2/").length },
  goal: { manifestHeadsEqualTags: manifestRequests.length === TAGS },
  check: { totalMs: Math.round(checkMs), tagsAsked: summary.asked, failed: summary.failed.length, containersWithUpdate: summary.updates },
  statusReadMs: Math.round(statusMs),
  containersWithUpdateInStatus: status.containers.filter((c) => c.status.state === "available").length,
  setup: { registryMs: Math.round(registrySetupMs), snapshotsMs: Math.round(snapshotsMs) },
};
writeResult("updates", result);
await plane.close();
removeDir(plane.dir);
if (!result.goal.manifestHeadsEqualTags) process.exitCode = 1;
