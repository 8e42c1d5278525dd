import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import tar from "tar-stream";
import { scanImageArchive } from "./image-archive";
import { buildLayerReport, type EngineHistoryEntry } from "./image-layers";

type Member = { name: string; body?: Buffer | string; type?: "file" | "directory" };

/** A tar made with tar-stream's packer, as one buffer. */
async function pack(members: Member[]): Promise<Buffer> {
  const p = tar.pack();
  for (const m of members) {
    if (m.type === "directory") p.entry({ name: m.name, type: "directory" });
    else p.entry({ name: m.name }, m.body ?? "");
  }
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const flag = "FLAG{this-costs-bytes}\n"; // 23 bytes
const history = [
  { created: "2026-01-01T00:00:00Z", created_by: "/bin/sh -c #(nop) ADD file:base in /" },
  { created: "2026-01-01T00:00:01Z", created_by: "/bin/sh -c #(nop) ADD file:flag in /flag.txt" },
  { created: "2026-01-01T00:00:02Z", created_by: "/bin/sh -c rm /flag.txt && rm -rf /data" },
  { created: "2026-01-01T00:00:03Z", created_by: "/bin/sh -c #(nop)  ENV X=1", empty_layer: true },
];
// The engine's history: newest first, sizes per step.
const engineHistory: EngineHistoryEntry[] = [
  { Created: 1767225603, CreatedBy: "/bin/sh -c #(nop)  ENV X=1", Size: 0, Comment: "" },
  { Created: 1767225602, CreatedBy: "/bin/sh -c rm /flag.txt && rm -rf /data", Size: 0, Comment: "" },
  { Created: 1767225601, CreatedBy: "/bin/sh -c #(nop) ADD file:flag in /flag.txt", Size: 23, Comment: "" },
  { Created: 1767225600, CreatedBy: "/bin/sh -c #(nop) ADD file:base in /", Size: 1010, Comment: "" },
];

async function dockerSave(options: { gzipLayers?: boolean; manifestFirst?: boolean } = {}) {
  const base = await pack([
    { name: "bin/", type: "directory" },
    { name: "bin/busybox", body: Buffer.alloc(1000) },
    { name: "data/", type: "directory" },
    { name: "data/a", body: "aaaa" },
    { name: "data/b", body: "bbbbbb" },
  ]);
  const added = await pack([{ name: "flag.txt", body: flag }]);
  const removed = await pack([{ name: ".wh.flag.txt" }, { name: ".wh.data" }]);
  const layer = (b: Buffer) => (options.gzipLayers ? gzipSync(b) : b);
  const config = { rootfs: { type: "layers", diff_ids: ["sha256:l1", "sha256:l2", "sha256:l3"] }, history };
  const manifest = [{ Config: "cfg.json", RepoTags: ["t:1"], Layers: ["l1/layer.tar", "l2/layer.tar", "l3/layer.tar"] }];
  const manifestMember = { name: "manifest.json", body: JSON.stringify(manifest) };
  return pack([
    ...(options.manifestFirst ? [manifestMember] : []),
    { name: "l1/", type: "directory" },
    { name: "l1/VERSION", body: "1.0" },
    { name: "l1/json", body: "{}" },
    { name: "l1/layer.tar", body: layer(base) },
    { name: "l2/layer.tar", body: layer(added) },
    { name: "l3/layer.tar", body: layer(removed) },
    { name: "cfg.json", body: JSON.stringify(config) },
    ...(options.manifestFirst ? [] : [manifestMember]),
  ]);
}

/** Delivers the archive in small chunks, like a socket would. */
const chunked = (buffer: Buffer, size = 700) => Readable.from((function* () {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
})());

const limits = { maxBytes: 1024 ** 3, maxEntries: 10_000, maxSeconds: 60 };

describe("image layers and whiteouts", () => {
  it("puts each step next to its layer, marks empty steps and resolves whiteouts to the lower layer's bytes", async () => {
    const report = buildLayerReport("sha256:img", await scanImageArchive(chunked(await dockerSave()), limits), engineHistory, limits);
    expect(report.truncated).toBeNull();
    expect(report.layerCount).toBe(3);
    expect(report.steps.map((s) => [s.emptyLayer, s.layer?.index ?? null, s.size])).toEqual([
      [false, 0, 1010],
      [false, 1, 23],
      [false, 2, 0],
      [true, null, 0],
    ]);
    expect(report.steps[3]).toMatchObject({ createdBy: "/bin/sh -c #(nop)  ENV X=1", created: 1767225603, layer: null });
    const rm = report.steps[2]!.layer!;
    expect(rm).toMatchObject({ diffId: "sha256:l3", analysed: true, whiteoutCount: 2 });
    const flagOut = rm.whiteouts.find((w) => w.path === "/flag.txt");
    expect(flagOut).toEqual({ path: "/flag.txt", entry: ".wh.flag.txt", opaque: false, hidden: [{ layerIndex: 1, path: "/flag.txt", size: flag.length }], hiddenSize: flag.length, hiddenFiles: 1 });
    // A deleted directory hides every file under it, in the layer that added them.
    const dataOut = rm.whiteouts.find((w) => w.path === "/data");
    expect(dataOut).toMatchObject({ hiddenSize: 10, hiddenFiles: 2 });
    expect(dataOut?.hidden.map((h) => [h.layerIndex, h.path])).toEqual([
      [0, "/data/a"],
      [0, "/data/b"],
    ]);
    expect(report.hiddenSize).toBe(flag.length + 10);
    expect(report.steps[0]!.layer).toMatchObject({ contentSize: 1010, entries: 5, whiteouts: [] });
  });

  it("reads gzip-compressed layers and a manifest that comes first", async () => {
    const report = buildLayerReport("sha256:img", await scanImageArchive(chunked(await dockerSave({ gzipLayers: true, manifestFirst: true })), limits), engineHistory, limits);
    expect(report.hiddenSize).toBe(flag.length + 10);
  });

  it("an opaque directory hides the lower contents of the directory, not the directory", async () => {
    const lower = await pack([{ name: "etc/", type: "directory" }, { name: "etc/conf", body: "12345" }]);
    const upper = await pack([{ name: "etc/.wh..wh..opq" }, { name: "etc/new", body: "1" }]);
    const archive = await pack([
      { name: "a/layer.tar", body: lower },
      { name: "b/layer.tar", body: upper },
      { name: "c.json", body: JSON.stringify({ rootfs: { diff_ids: ["sha256:a", "sha256:b"] }, history: [{ created_by: "a" }, { created_by: "b" }] }) },
      { name: "manifest.json", body: JSON.stringify([{ Config: "c.json", Layers: ["a/layer.tar", "b/layer.tar"] }]) },
    ]);
    const report = buildLayerReport("x", await scanImageArchive(chunked(archive), limits), [], limits);
    expect(report.steps[1]!.layer!.whiteouts).toEqual([{ path: "/etc", entry: "etc/.wh..wh..opq", opaque: true, hidden: [{ layerIndex: 0, path: "/etc/conf", size: 5 }], hiddenSize: 5, hiddenFiles: 1 }]);
  });

  it("stops at the byte cap and says so; layers not reached are not analysed", async () => {
    const archive = await dockerSave();
    const capped = { maxBytes: 4096, maxEntries: 10_000, maxSeconds: 60 };
    const scan = await scanImageArchive(chunked(archive, 512), capped);
    expect(scan.bytesRead).toBeLessThan(archive.length);
    const report = buildLayerReport("sha256:img", scan, engineHistory, capped);
    expect(report.truncated).toMatch(/stopped after reading .* \(cap/);
    // Without the manifest nothing can be matched: steps still come from the engine's history.
    expect(report.steps).toHaveLength(4);
    expect(report.steps.every((s) => s.layer === null || !s.layer.analysed)).toBe(true);
  });

  it("stops at the path cap and says so", async () => {
    const capped = { maxBytes: 1024 ** 3, maxEntries: 3, maxSeconds: 60 };
    const scan = await scanImageArchive(chunked(await dockerSave()), capped);
    expect(scan.truncated).toMatch(/indexing 3 paths/);
  });

  it("stops at the time cap and says so", async () => {
    const archive = await dockerSave();
    const slow = Readable.from((async function* () {
      for (let i = 0; i < archive.length; i += 512) {
        await new Promise((r) => setTimeout(r, 5));
        yield archive.subarray(i, i + 512);
      }
    })());
    const scan = await scanImageArchive(slow, { maxBytes: 1024 ** 3, maxEntries: 10_000, maxSeconds: 0.02 });
    expect(scan.truncated).toMatch(/stopped after 0.02 s/);
    expect(scan.bytesRead).toBeLessThan(archive.length);
  });

  it("fails on an archive that is not a tar", async () => {
    await expect(scanImageArchive(chunked(Buffer.from("not a tar at all".repeat(100))), limits)).rejects.toThrow();
  });
});
